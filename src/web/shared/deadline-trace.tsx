/**
 * A due date with the explanation of how it was computed (issue 3 "Explain": the trace is shown wherever a due date
 * is shown): the date, a visible warning when a year in the span has no announced holiday arrangement (the date is
 * provisional), and the steps as an ordered list inside a <details> that works without JavaScript.
 *
 *   const result = await computeAgencyClock(ctx, agencyId, { clock: 'reply', received, pauses, extension });
 *   <DeadlineTrace result={result} lang={req.lang} label={t('答复期限', 'Reply due')} />
 */
import type { ClockResult } from '../../calendar/clocks.ts';
import { renderTrace } from '../../calendar/trace.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';

/** Props of {@link DeadlineTrace}. */
export interface DeadlineTraceProps {
  /** What a clock function or `computeAgencyClock` returned. */
  result: Pick<ClockResult, 'dueOn' | 'trace' | 'warnings'>;
  lang: Lang;
  /** What the date is, e.g. 答复期限 (default: 期限 / Due date). */
  label?: string;
  /** Unique id prefix when a page shows several traces. */
  id?: string;
  /** Show the steps expanded. */
  open?: boolean;
}

/** The due date, a provisional-year warning if any, and the steps that explain it. */
export function DeadlineTrace({ result, lang, label, id = 'deadline', open }: DeadlineTraceProps) {
  const t = translator(lang);
  const traceLang = lang === 'en' ? 'en' : 'zh'; // zh-TW pages are converted from the Chinese as a whole
  const steps = renderTrace(result.trace, traceLang);
  const warnings = renderTrace(result.warnings, traceLang);
  const labelId = `${id}-label`;
  return (
    <section class="deadline-trace" aria-labelledby={labelId}>
      <p class="deadline-due">
        <span id={labelId} class="deadline-label">{label ?? t('期限', 'Due date')}</span>
        {t('：', ': ')}
        <time dateTime={result.dueOn}><strong>{result.dueOn}</strong></time>
        {warnings.length ? <span class="badge warn">{t('暂定', 'provisional')}</span> : null}
      </p>
      {warnings.length ? (
        <div class="notice warn" role="note">
          {warnings.map((w) => <p>{w.text}</p>)}
        </div>
      ) : null}
      <details class="deadline-steps" open={open}>
        <summary>{t('期限是如何计算的', 'How this date was computed')}</summary>
        <ol aria-label={t('计算步骤', 'Steps')}>
          {steps.map((s) => <li>{s.text}</li>)}
        </ol>
      </details>
    </section>
  );
}

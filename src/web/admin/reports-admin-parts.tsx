/** Components of the annual-report back office: findings with their rule, cell, numbers and record links; forms. */
import type { FastifyRequest } from 'fastify';
import { translator } from '../../platform/i18n/i18n.ts';
import type { AnnualReport, Finding } from '../../reports/report-format.ts';
import { cellLabel } from '../../reports/report-where.ts';
import type { NarrativeSections } from '../../reports/report-narrative.ts';
import { SECTION_HEADINGS } from '../../reports/report-labels.ts';
import { REPORT_STATES, REPORT_STATES_EN, type ReportState } from '../../reports/report-store.ts';
import { warningKey } from '../../reports/report-service.ts';
import { CsrfField, type FieldErrors } from './form-fields.tsx';

/** A state badge. */
export function StateBadge({ req, state }: { req: FastifyRequest; state: ReportState }) {
  const t = translator(req.lang);
  const tone = state === 'published' || state === 'approved' ? 'ok' : state === 'returned' ? 'bad' : state === 'submitted' ? 'warn' : '';
  return <span class={`badge ${tone}`}>{t(REPORT_STATES[state], REPORT_STATES_EN[state])}</span>;
}

/** The countdown to the Art. 49 deadline. */
export function Countdown({ req, dueOn, daysLeft, state }: { req: FastifyRequest; dueOn: string; daysLeft: number; state: ReportState }) {
  const t = translator(req.lang);
  if (state === 'published') return <span>{t(`公布期限 ${dueOn}`, `Due ${dueOn}`)}</span>;
  const cls = daysLeft < 0 ? 'countdown-bad' : daysLeft <= 10 ? 'countdown-bad' : undefined;
  return (
    <span class={cls}>
      {daysLeft < 0
        ? t(`已超过公布期限（${dueOn}）${-daysLeft}天`, `${-daysLeft} days past the deadline (${dueOn})`)
        : t(`距公布期限（${dueOn}）还有${daysLeft}天`, `${daysLeft} days to the deadline (${dueOn})`)}
    </span>
  );
}

function numbersText(f: Finding): string {
  if (!f.numbers) return '';
  return Object.entries(f.numbers).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.map((x) => x ?? '空').join(',')}]` : v ?? '空'}`).join('，');
}

/** A list of findings: rule, the cell, the message, the numbers and links to the records behind the cell. */
export function Findings({ req, report, findings, kind }: { req: FastifyRequest; report: AnnualReport; findings: Finding[]; kind: 'violations' | 'warnings' }) {
  const t = translator(req.lang);
  const title = kind === 'violations' ? t('违反填报规则（须改正后才能报送）', 'Violations (must be corrected before submission)') : t('提示（须书面说明）', 'Warnings (need a written explanation)');
  return (
    <section class="panel" aria-labelledby={`h-${kind}`}>
      <h2 id={`h-${kind}`}>{title}（{findings.length}）</h2>
      {findings.length === 0 ? <p>{t('无。', 'None.')}</p> : (
        <ul class="report-findings">
          {findings.map((f) => (
            <li>
              <span class="rule">{f.rule}</span>
              <span>{f.where.startsWith('table') ? `${cellLabel(report.template, f.where.split('+')[0])}：` : ''}{f.message}</span>
              {f.numbers ? <span class="hint">（{numbersText(f)}）</span> : null}
              {f.records?.length ? <> {f.records.slice(0, 5).map((r) => r.url ? <a href={r.url}>{r.kind === 'cell' ? t('查看相关记录', 'Records behind this cell') : r.id}</a> : null)}</> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The narrative form: one textarea per section 一–六; empty keeps the text drafted from the records. */
export function NarrativeForm({ req, action, narrative, drafted, version, errors }: {
  req: FastifyRequest; action: string; narrative: NarrativeSections; drafted: NarrativeSections; version: number | null; errors?: FieldErrors;
}) {
  const t = translator(req.lang);
  return (
    <form method="post" action={action} class="panel stacked report-narrative" novalidate>
      <h2>{t('正文（一至六）', 'Narrative (sections 一–六)')}</h2>
      <p class="hint">{t('表二至表四始终由业务记录生成，修改正文不会改变表格。留空的部分使用系统根据记录起草的文字。',
        'Tables 二–四 always come from the records; editing the text never changes them. An empty section uses the text drafted from the records.')}</p>
      <CsrfField req={req} />
      {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
      {([1, 2, 3, 4, 5, 6] as const).map((n) => {
        const id = `f-section${n}`;
        const err = errors?.[`section${n}`];
        const value = narrative[n] !== drafted[n] ? narrative[n] ?? '' : '';
        return (
          <div class="field">
            <label for={id}>{SECTION_HEADINGS[n]}</label>
            {drafted[n] ? <span class="hint" id={`${id}-hint`}>{t('系统起草：', 'Drafted: ')}{drafted[n]!.slice(0, 300)}{drafted[n]!.length > 300 ? '…' : ''}</span> : null}
            {err ? <span class="field-error" id={`${id}-error`}>{err}</span> : null}
            <textarea id={id} name={String(n)} maxLength={20000} aria-invalid={err ? 'true' : undefined}
              aria-describedby={[drafted[n] ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>{value}</textarea>
          </div>
        );
      })}
      <button type="submit">{t('保存正文', 'Save narrative')}</button>
    </form>
  );
}

/** The submit form: one explanation per warning. */
export function SubmitForm({ req, action, report, explanations, version, errors }: {
  req: FastifyRequest; action: string; report: AnnualReport; explanations: Record<string, string>; version: number | null; errors?: FieldErrors;
}) {
  const t = translator(req.lang);
  return (
    <form method="post" action={action} class="panel stacked" novalidate>
      <h2>{t('报送主管部门', 'Submit to the supervising office')}</h2>
      <CsrfField req={req} />
      {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
      {report.warnings.map((w, i) => {
        const key = warningKey(w);
        const err = errors?.[key];
        return (
          <div class="field">
            <label for={`f-x${i}`}>{t('说明：', 'Explanation: ')}{w.rule} {w.message}</label>
            {err ? <span class="field-error" id={`f-x${i}-error`}>{err}</span> : null}
            <input type="hidden" name={`key${i}`} value={key} />
            <textarea id={`f-x${i}`} name={`x${i}`} maxLength={2000} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `f-x${i}-error` : undefined}>{explanations[key] ?? ''}</textarea>
          </div>
        );
      })}
      <button type="submit" disabled={report.violations.length > 0}>{t('报送', 'Submit')}</button>
      {report.violations.length ? <p class="hint">{t('存在违反填报规则的项目，改正相关记录后才能报送。', 'Correct the records behind the violations first.')}</p> : null}
    </form>
  );
}

/** Reads the explanations of the submit form (`key<i>` / `x<i>` pairs). */
export function explanationsFrom(body: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^key(\d+)$/.exec(k);
    if (m) out[v] = body[`x${m[1]}`] ?? '';
  }
  return out;
}

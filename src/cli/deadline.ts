/**
 * `gongkai deadline --received <date> [--corrected <date>] [--pause <from>..<to>]… [--extension <n>]`
 * (design.md §5.2): the reply due date of a disclosure request with the trace that explains it, as JSON on stdout.
 */
import { MAX_EXTENSION_WORKDAYS, computeReplyDeadline, parsePause, type Pause } from '../calendar/clocks.ts';
import { renderTrace } from '../calendar/trace.ts';
import { InvalidInput } from '../errors.ts';
import { UsageError, out, say, type Command } from './cli.ts';
import { CALENDAR_SOURCE_HELP, CALENDAR_SOURCE_OPTIONS, loadCliCalendar } from './calendar-source.ts';

export const deadlineCommand: Command = {
  name: 'deadline',
  summary: '计算依申请公开答复期限 / reply deadline of a disclosure request, with its explanation',
  help: [
    'Usage: gongkai deadline --received <YYYY-MM-DD> [--corrected <YYYY-MM-DD>] [--pause <FROM>..<TO>]… [--extension <n>]',
    '                        [--lang zh|en] [--agency <code>] [--national]',
    'Prints JSON {"dueOn":"YYYY-MM-DD","trace":[{"date":"YYYY-MM-DD","text":"…"},…]}:',
    '  20 working days after the receipt date (条例第三十三条), the date itself not counted (民法典第二百零一条);',
    '  --corrected  counted from the receipt of the corrected application instead (条例第三十条);',
    '  --pause      every working day inside FROM..TO (inclusive; repeatable) does not count (条例第三十三条第三款);',
    `  --extension  plus 1–${MAX_EXTENSION_WORKDAYS} working days (条例第三十三条第二款);`,
    '  --lang       language of the trace texts (default zh).',
    '',
    CALENDAR_SOURCE_HELP,
    'A provisional year is also a step of the trace.',
    '',
    `Exit codes: 0 computed; 2 bad usage or invalid input (an invalid date, an extension outside 1–${MAX_EXTENSION_WORKDAYS},`,
    'a pause that ends before it starts, a correction before the receipt); 3 the database could not be read.',
  ].join('\n'),
  options: {
    received: { type: 'string' },
    corrected: { type: 'string' },
    pause: { type: 'string', multiple: true },
    extension: { type: 'string' },
    lang: { type: 'string' },
    ...CALENDAR_SOURCE_OPTIONS,
  },
  async run({ values, positionals }) {
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    if (typeof values.received !== 'string') throw new UsageError('缺少 --received YYYY-MM-DD（收到申请之日）');
    const lang = values.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang 应为 zh 或 en');
    let extension: number | undefined;
    if (values.extension !== undefined) {
      const text = String(values.extension);
      if (!/^\d{1,6}$/.test(text)) {
        throw new InvalidInput(`extension：延长期限应为 1 到 ${MAX_EXTENSION_WORKDAYS} 个工作日（收到“${text.slice(0, 20)}”）`, {
          extension: 'format',
        });
      }
      extension = Number(text);
    }
    const pauses: Pause[] = ((values.pause as string[] | undefined) ?? []).map((p) => parsePause(p, 'pause'));
    const input = {
      received: values.received,
      ...(typeof values.corrected === 'string' && { corrected: values.corrected }),
      pauses,
      ...(extension !== undefined && { extension }),
    };
    computeReplyDeadline(input); // validate before touching any database
    const result = computeReplyDeadline(input, await loadCliCalendar(values));
    for (const w of renderTrace(result.warnings, lang)) say(w.text);
    out(JSON.stringify({ dueOn: result.dueOn, trace: renderTrace(result.trace, lang) }));
    return 0;
  },
};

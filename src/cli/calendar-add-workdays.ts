/** `gongkai calendar add-workdays <date> <n>` (design.md §5.2): the n-th working day after the date. */
import { MAX_WORKDAYS, checkWorkdayCount } from '../calendar/calendar.ts';
import { parseIsoDate } from '../calendar/dates.ts';
import { InvalidInput } from '../errors.ts';
import { UsageError, out, type Command } from './cli.ts';
import { CALENDAR_SOURCE_HELP, CALENDAR_SOURCE_OPTIONS, loadCliCalendar, warnUnannounced } from './calendar-source.ts';

export const calendarAddWorkdaysCommand: Command = {
  name: 'calendar add-workdays',
  summary: '某日之后第 n 个工作日 / the n-th working day after a date',
  help: [
    'Usage: gongkai calendar add-workdays <YYYY-MM-DD> <n> [--agency <code>] [--national]',
    `Prints the bare date YYYY-MM-DD of the n-th working day after the date (1 ≤ n ≤ ${MAX_WORKDAYS}); the date itself`,
    'never counts (Civil Code Art. 201). `add-workdays 2020-09-28 4` → 2020-10-10.',
    '',
    CALENDAR_SOURCE_HELP,
    '',
    `Exit codes: 0 answered; 2 bad usage, an invalid date, or n not an integer from 1 to ${MAX_WORKDAYS};`,
    '3 the database could not be read.',
  ].join('\n'),
  options: CALENDAR_SOURCE_OPTIONS,
  async run({ values, positionals }) {
    if (positionals.length !== 2) throw new UsageError('需要日期和工作日数：gongkai calendar add-workdays YYYY-MM-DD N');
    const [date, nText] = positionals;
    parseIsoDate(date, 'date');
    if (!/^\d{1,9}$/.test(nText)) {
      throw new InvalidInput(`n：工作日数应为 1 到 ${MAX_WORKDAYS} 之间的整数（收到“${nText.slice(0, 20)}”）`, { n: 'format' });
    }
    const n = checkWorkdayCount(Number(nText));
    const calendar = await loadCliCalendar(values);
    const due = calendar.addWorkdays(date, n);
    warnUnannounced(calendar, Number(date.slice(0, 4)), Number(due.slice(0, 4)));
    out(due);
    return 0;
  },
};

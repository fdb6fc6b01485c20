/** `gongkai calendar is-workday <date>` (design.md §5.2): prints `true` or `false`, exit 0 either way. */
import { parseIsoDate } from '../calendar/dates.ts';
import { UsageError, out, type Command } from './cli.ts';
import { CALENDAR_SOURCE_HELP, CALENDAR_SOURCE_OPTIONS, loadCliCalendar, warnUnannounced } from './calendar-source.ts';

export const calendarIsWorkdayCommand: Command = {
  name: 'calendar is-workday',
  summary: '某日是否为工作日 / is a date a working day',
  help: [
    'Usage: gongkai calendar is-workday <YYYY-MM-DD> [--agency <code>] [--national]',
    'Prints `true` or `false` on stdout: a working day is Monday–Friday and not an announced rest day, or an announced',
    '调休上班 day (2020-10-10, a Saturday, → true).',
    '',
    CALENDAR_SOURCE_HELP,
    '',
    'Exit codes: 0 answered (true or false); 2 bad usage or an invalid date (2021-02-29, 2020-13-01, free text);',
    '3 the database could not be read.',
  ].join('\n'),
  options: CALENDAR_SOURCE_OPTIONS,
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('需要一个日期：gongkai calendar is-workday YYYY-MM-DD');
    const date = positionals[0];
    parseIsoDate(date, 'date');
    const calendar = await loadCliCalendar(values);
    warnUnannounced(calendar, Number(date.slice(0, 4)), Number(date.slice(0, 4)));
    out(String(calendar.isWorkday(date)));
    return 0;
  },
};

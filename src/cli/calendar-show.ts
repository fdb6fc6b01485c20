/** `gongkai calendar show <year>`: the year's rest days and make-up working days, for people or (--json) programs. */
import { dayRuns } from '../calendar/calendar-input.ts';
import type { YearListing } from '../calendar/calendar.ts';
import { MAX_YEAR, MIN_YEAR, lookupIsoDate } from '../calendar/dates.ts';
import { InvalidInput } from '../errors.ts';
import { UsageError, out, type Command } from './cli.ts';
import { CALENDAR_SOURCE_HELP, CALENDAR_SOURCE_OPTIONS, loadCliCalendar, warnUnannounced } from './calendar-source.ts';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function weekday(date: string): string {
  return WEEKDAYS[((lookupIsoDate(date)! + 4) % 7 + 7) % 7];
}

/** The listing as text lines. */
export function formatYearListing(listing: YearListing): string[] {
  const lines = [
    listing.announced
      ? `${listing.year}年节假日安排：${listing.notice}`
      : `${listing.year}年节假日安排尚未公布：仅按周末计算（暂定）`,
  ];
  for (const [kind, label] of [['rest', '放假'], ['work', '调休上班']] as const) {
    const runs = dayRuns(listing.days).filter((r) => r.kind === kind);
    lines.push('', `${label}（${runs.reduce((n, r) => n + r.count, 0)}天）`);
    if (!runs.length) lines.push('  （无）');
    for (const r of runs) {
      const span = r.count === 1 ? `${r.from}（${weekday(r.from)}）` : `${r.from}（${weekday(r.from)}）至 ${r.to}（${weekday(r.to)}）`;
      lines.push(`  ${span}  ${r.name}${r.count > 1 ? `，${r.count}天` : ''}${r.scope ? `  [本地：${r.scope}]` : ''}`);
    }
  }
  return lines;
}

export const calendarShowCommand: Command = {
  name: 'calendar show',
  summary: '列出某年放假日和调休上班日 / list a year\'s rest days and make-up working days',
  help: [
    'Usage: gongkai calendar show <year> [--json] [--agency <code>] [--national]',
    'Lists the year\'s rest days (放假) and make-up working days (调休上班) with the notice they come from; runs of',
    'consecutive days are shown as one line. --json prints {year, announced, notice, days:[{date, weekday, kind, name}]}.',
    '',
    CALENDAR_SOURCE_HELP,
    '',
    `Exit codes: 0 listed (also for a year without a notice, with a warning); 2 bad usage or a year outside ${MIN_YEAR}–${MAX_YEAR};`,
    '3 the database could not be read.',
  ].join('\n'),
  options: { json: { type: 'boolean' }, ...CALENDAR_SOURCE_OPTIONS },
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('需要年份：gongkai calendar show YYYY');
    const text = positionals[0];
    const year = Number(text);
    if (!/^\d{4}$/.test(text) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new InvalidInput(`year：“${text.slice(0, 20)}”不是有效年份（${MIN_YEAR}–${MAX_YEAR}）`, { year: 'out_of_range' });
    }
    const calendar = await loadCliCalendar(values);
    const listing = calendar.listYear(year);
    warnUnannounced(calendar, year, year);
    if (values.json) out(JSON.stringify(listing));
    else for (const line of formatYearListing(listing)) out(line);
    return 0;
  },
};

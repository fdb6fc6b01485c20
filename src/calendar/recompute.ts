/**
 * Recomputing open clocks when the calendar changes (issue 3 "Recompute"): an administrator enters next year's
 * notice or a local holiday, and every open clock whose due date moves must be recorded as an event with the
 * reason. Pure: the case modules load their open clocks, call {@link recomputeDeadlines}, and store the events.
 */
import type { Calendar, DayType } from './calendar.ts';
import { dueDayNumber } from './clock-engine.ts';
import { clockSpec, type ClockInput } from './clocks.ts';
import { formatDayNumber, parseIsoDate, type IsoDate } from './dates.ts';
import { yearOfDayNumber } from './trace.ts';

/** A day whose meaning differs between two calendars. */
export interface DayChange {
  date: IsoDate;
  before: DayType;
  after: DayType;
  /** Holiday name in the new calendar (or the old one when the day became ordinary). */
  name?: string;
}

/** Why a due date moved. */
export interface RecomputeReason {
  code: 'calendar_changed';
  /** Changed days inside the clock's counted span (old or new, whichever is longer). */
  days: DayChange[];
  /** Years inside that span whose notice was added or withdrawn. */
  announcedYears: number[];
  withdrawnYears: number[];
  /** The reason in Chinese, for the event log. */
  text: string;
  /** The reason in English. */
  textEn: string;
}

/** A clock to recompute: the case's id and the inputs its due date was computed from. */
export interface OpenClock<Id = string> {
  id: Id;
  input: ClockInput;
}

/** A clock whose due date changed. */
export interface DeadlineChange<Id = string> {
  id: Id;
  oldDueOn: IsoDate;
  newDueOn: IsoDate;
  reason: RecomputeReason;
}

const TYPE_ZH: Record<DayType, string> = { workday: '工作日', weekend: '周末', rest: '放假', makeup: '调休上班' };
const TYPE_EN: Record<DayType, string> = {
  workday: 'working day',
  weekend: 'weekend',
  rest: 'rest day',
  makeup: 'make-up working day',
};

/** Every day (as day numbers, ascending) whose type or name differs between two calendars. */
function changedDays(before: Calendar, after: Calendar): number[] {
  const a = before.index;
  const b = after.index;
  const out: number[] = [];
  for (let dn = a.first; dn <= a.last; dn++) {
    if (a.type(dn) !== b.type(dn) || a.name(dn) !== b.name(dn)) out.push(dn);
  }
  return out;
}

function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The days whose meaning differs between two calendars within [from, to] (inclusive). */
export function diffCalendars(before: Calendar, after: Calendar, from: IsoDate, to: IsoDate): DayChange[] {
  const start = parseIsoDate(from, 'from');
  const end = parseIsoDate(to, 'to');
  return changedDays(before, after)
    .filter((dn) => dn >= start && dn <= end)
    .map((dn) => dayChange(before, after, dn));
}

function dayChange(before: Calendar, after: Calendar, dn: number): DayChange {
  const name = after.index.name(dn) ?? before.index.name(dn);
  return {
    date: formatDayNumber(dn),
    before: before.index.type(dn),
    after: after.index.type(dn),
    ...(name !== undefined && { name }),
  };
}

/**
 * Recomputes open clocks under a new calendar and returns those whose due date changed, with the old and new
 * dates and the calendar changes inside each clock's span as the reason. Fixed-date clocks (Art. 49) never move.
 */
export function recomputeDeadlines<Id>(
  clocks: readonly OpenClock<Id>[],
  before: Calendar,
  after: Calendar,
): DeadlineChange<Id>[] {
  const changed = changedDays(before, after);
  const yearChanges = new Map<number, 'announced' | 'withdrawn'>();
  for (const year of after.announcedYears) if (!before.isAnnounced(year)) yearChanges.set(year, 'announced');
  for (const year of before.announcedYears) if (!after.isAnnounced(year)) yearChanges.set(year, 'withdrawn');
  if (changed.length === 0 && yearChanges.size === 0 && before.counting === after.counting) return [];

  const out: DeadlineChange<Id>[] = [];
  for (const clock of clocks) {
    const spec = clockSpec(clock.input);
    const oldDue = dueDayNumber(spec, before);
    const newDue = dueDayNumber(spec, after);
    if (oldDue === newDue) continue;
    const from = spec.start;
    const to = Math.max(oldDue, newDue);
    const days = changed.slice(firstAtOrAfter(changed, from), firstAtOrAfter(changed, to + 1)).map((dn) => dayChange(before, after, dn));
    const years: number[] = [];
    for (let y = yearOfDayNumber(from); y <= yearOfDayNumber(to); y++) if (yearChanges.has(y)) years.push(y);
    const announcedYears = years.filter((y) => yearChanges.get(y) === 'announced');
    const withdrawnYears = years.filter((y) => yearChanges.get(y) === 'withdrawn');
    const oldDueOn = formatDayNumber(oldDue);
    const newDueOn = formatDayNumber(newDue);
    const reason: RecomputeReason = {
      code: 'calendar_changed',
      days,
      announcedYears,
      withdrawnYears,
      text: reasonText(days, announcedYears, withdrawnYears, before.counting !== after.counting, oldDueOn, newDueOn, 'zh'),
      textEn: reasonText(days, announcedYears, withdrawnYears, before.counting !== after.counting, oldDueOn, newDueOn, 'en'),
    };
    out.push({ id: clock.id, oldDueOn, newDueOn, reason });
  }
  return out;
}

function reasonText(
  days: readonly DayChange[],
  announced: readonly number[],
  withdrawn: readonly number[],
  countingChanged: boolean,
  oldDueOn: IsoDate,
  newDueOn: IsoDate,
  lang: 'zh' | 'en',
): string {
  const zh = lang === 'zh';
  const parts: string[] = [];
  for (const y of announced) parts.push(zh ? `${y}年节假日安排已录入` : `the ${y} holiday arrangement was entered`);
  for (const y of withdrawn) parts.push(zh ? `${y}年节假日安排已撤销` : `the ${y} holiday arrangement was withdrawn`);
  if (countingChanged) parts.push(zh ? '期限计算规则已变更' : 'the counting rule changed');
  const shown = days.slice(0, 8).map((d) =>
    zh
      ? `${d.date} 由${TYPE_ZH[d.before]}改为${TYPE_ZH[d.after]}${d.name ? `（${d.name}）` : ''}`
      : `${d.date} changed from ${TYPE_EN[d.before]} to ${TYPE_EN[d.after]}${d.name ? ` (${d.name})` : ''}`,
  );
  if (days.length > shown.length) shown.push(zh ? `等${days.length}天` : `and ${days.length - shown.length} more`);
  parts.push(...shown);
  const [head, colon, sep] = zh ? ['节假日安排变更', '：', '；'] : ['Calendar changed', ': ', '; '];
  parts.push(zh ? `期限由 ${oldDueOn} 改为 ${newDueOn}` : `due date moved from ${oldDueOn} to ${newDueOn}`);
  return `${head}${colon}${parts.join(sep)}`;
}

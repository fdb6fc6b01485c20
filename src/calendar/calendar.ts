/**
 * The working-day calendar (domain.md §6.1): a day is a working day when it is Monday–Friday and not an announced
 * rest day, or when it is an announced 调休上班 day. Built once from {@link CalendarData} into a per-day index over
 * 2000–2099 (a prefix count of working days and the list of working days), so "the n-th working day after" and
 * "how many working days between" are O(1). Pure: no clock, no I/O, no dependence on `TZ`.
 */
import { InvalidInput } from '../errors.ts';
import type { CalendarData, DayKind } from './calendar-data.ts';
import { validateCalendarData } from './calendar-data.ts';
import {
  MAX_YEAR,
  MIN_YEAR,
  dayNumberOf,
  formatDayNumber,
  parseIsoDate,
  weekdayOf,
  type IsoDate,
} from './dates.ts';
import { seedCalendarData } from './seed.ts';

/**
 * Whether the start day of a period counts (domain.md §3.3). The Regulation is silent; Civil Code Art. 201 and
 * practice say it does not: day 1 is the first working day after the start day.
 */
export const COUNTING_RULES = [
  'after_start', // 民法典第二百零一条：开始的当日不计入，自下一日开始计算 (default)
  'start_day_counts', // the start day counts as day 1 when it is a working day (agencies whose practice differs)
] as const;
/** See {@link COUNTING_RULES}. */
export type CountingRule = (typeof COUNTING_RULES)[number];

/** Upper bound for n in working-day arithmetic (about ten years); larger values are refused as absurd. */
export const MAX_WORKDAYS = 2500;

/** What a day is, in the calendar of one agency. */
export const DAY_TYPES = [
  'workday', // Monday–Friday, not a rest day
  'weekend', // Saturday or Sunday, not a make-up day
  'rest', // announced rest day (放假), national or local
  'makeup', // announced working day on a weekend or a rest day (调休上班), national or local
] as const;
/** See {@link DAY_TYPES}. */
export type DayType = (typeof DAY_TYPES)[number];

/** One day as the calendar sees it. */
export interface DayInfo {
  date: IsoDate;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  isWorkday: boolean;
  type: DayType;
  /** Holiday name for rest and make-up days. */
  name?: string;
  /** The agency scope when the day comes from a local addition. */
  scope?: string;
  /** False when the year has no announced notice: the answer is weekends-only and provisional. */
  announced: boolean;
}

/** The listed (non-ordinary) days of one year, for `gongkai calendar show <year>`. */
export interface YearListing {
  year: number;
  announced: boolean;
  /** The notice's title, when announced. */
  notice?: string;
  days: { date: IsoDate; weekday: number; kind: DayKind; name: string; scope?: string }[];
}

/** Options for {@link buildCalendar}. */
export interface CalendarOptions {
  /** Agency ids from the root down to the agency: local days whose scope is on this path apply (deeper wins). */
  agencyPath?: readonly string[];
  /** Counting convention used by the clocks; default `after_start`. */
  counting?: CountingRule;
}

/** A built calendar. Date arguments are `YYYY-MM-DD` strings; invalid input throws InvalidInput. */
export interface Calendar {
  /** Years with an announced national notice, ascending. */
  readonly announcedYears: readonly number[];
  /** The counting convention the clocks use with this calendar. */
  readonly counting: CountingRule;
  /** Day-number index for the clocks' hot paths. */
  readonly index: WorkdayIndex;
  /** True if the date is a working day. */
  isWorkday(date: IsoDate): boolean;
  /** What the date is and why. */
  dayInfo(date: IsoDate): DayInfo;
  /** The n-th working day strictly after the date (the date itself never counts), 1 ≤ n ≤ MAX_WORKDAYS. */
  addWorkdays(date: IsoDate, n: number): IsoDate;
  /** Working days from `from` to `to`, both inclusive (0 when `to` is before `from`). */
  countWorkdays(from: IsoDate, to: IsoDate): number;
  /** True if the year's national notice is in the data. */
  isAnnounced(year: number): boolean;
  /** The year's rest and make-up days (national and local for this agency). */
  listYear(year: number): YearListing;
}

/** The O(1) core over day numbers (days since 1970-01-01). */
export interface WorkdayIndex {
  /** Day number of 2000-01-01, the first indexed day. */
  readonly first: number;
  /** Day number of 2099-12-31, the last indexed day. */
  readonly last: number;
  isWorkday(dayNumber: number): boolean;
  type(dayNumber: number): DayType;
  /** Holiday name of a rest or make-up day. */
  name(dayNumber: number): string | undefined;
  /** Local scope of a day from a local addition. */
  scope(dayNumber: number): string | undefined;
  /** Working days on or before the day, counted from the first indexed day. */
  workdaysThrough(dayNumber: number): number;
  /** The n-th working day after the day (n ≥ 1); throws InvalidInput beyond 2099. */
  nthWorkdayAfter(dayNumber: number, n: number): number;
  isAnnounced(year: number): boolean;
}

const TYPE_CODES: readonly DayType[] = ['workday', 'weekend', 'rest', 'makeup'];

/** Builds the calendar of one agency from data (validated first). */
export function buildCalendar(data: CalendarData, options: CalendarOptions = {}): Calendar {
  validateCalendarData(data);
  const index = buildIndex(data, options.agencyPath ?? []);
  const notices = new Map(data.notices.map((n) => [n.year, n]));
  const announcedYears = [...notices.keys()].sort((a, b) => a - b);

  const dayInfo = (date: IsoDate): DayInfo => {
    const dn = parseIsoDate(date);
    const name = index.name(dn);
    const scope = index.scope(dn);
    return {
      date,
      weekday: weekdayOf(dn),
      isWorkday: index.isWorkday(dn),
      type: index.type(dn),
      ...(name !== undefined && { name }),
      ...(scope !== undefined && { scope }),
      announced: index.isAnnounced(Number(date.slice(0, 4))),
    };
  };

  return {
    announcedYears,
    counting: options.counting ?? 'after_start',
    index,
    isWorkday: (date) => index.isWorkday(parseIsoDate(date)),
    dayInfo,
    addWorkdays: (date, n) => formatDayNumber(index.nthWorkdayAfter(parseIsoDate(date), checkWorkdayCount(n))),
    countWorkdays: (from, to) => {
      const a = parseIsoDate(from, 'from');
      const b = parseIsoDate(to, 'to');
      return b < a ? 0 : index.workdaysThrough(b) - index.workdaysThrough(a - 1);
    },
    isAnnounced: (year) => notices.has(year),
    listYear: (year) => {
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
        throw new InvalidInput(`年份“${String(year)}”无效（${MIN_YEAR}–${MAX_YEAR}）`, { year: 'out_of_range' });
      }
      const days: YearListing['days'] = [];
      for (let dn = dayNumberOf(year, 1, 1), end = dayNumberOf(year, 12, 31); dn <= end; dn++) {
        const type = index.type(dn);
        const name = index.name(dn);
        if (name === undefined) continue;
        const scope = index.scope(dn);
        const kind: DayKind = type === 'makeup' || type === 'workday' ? 'work' : 'rest';
        days.push({ date: formatDayNumber(dn), weekday: weekdayOf(dn), kind, name, ...(scope !== undefined && { scope }) });
      }
      const notice = notices.get(year);
      return { year, announced: notice !== undefined, ...(notice && { notice: notice.title }), days };
    },
  };
}

/** Checks n for working-day arithmetic: an integer from 1 to {@link MAX_WORKDAYS}. */
export function checkWorkdayCount(n: unknown, field = 'n'): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_WORKDAYS) {
    throw new InvalidInput(`${field}：工作日数应为 1 到 ${MAX_WORKDAYS} 之间的整数（收到 ${String(n)}）`, {
      [field]: 'out_of_range',
    });
  }
  return n;
}

function buildIndex(data: CalendarData, agencyPath: readonly string[]): WorkdayIndex {
  const first = dayNumberOf(MIN_YEAR, 1, 1);
  const last = dayNumberOf(MAX_YEAR, 12, 31);
  const length = last - first + 1;
  const types = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const w = weekdayOf(first + i);
    types[i] = w === 0 || w === 6 ? 1 : 0;
  }
  const names = new Map<number, string>();
  const scopes = new Map<number, string>();
  const mark = (date: IsoDate, kind: DayKind, name: string) => {
    const i = parseIsoDate(date) - first;
    types[i] = kind === 'rest' ? 2 : 3;
    names.set(i, name);
  };
  for (const notice of data.notices) {
    for (const [date, name] of Object.entries(notice.restDays)) mark(date, 'rest', name);
    for (const [date, name] of Object.entries(notice.workdays)) mark(date, 'work', name);
  }
  // Local days: root first, so a deeper agency's entry for the same date wins.
  const depth = new Map(agencyPath.map((id, i) => [id, i]));
  const local = data.localDays
    .filter((d) => depth.has(d.scope))
    .sort((a, b) => (depth.get(a.scope) ?? 0) - (depth.get(b.scope) ?? 0));
  for (const day of local) {
    mark(day.date, day.kind, day.name);
    scopes.set(parseIsoDate(day.date) - first, day.scope);
  }

  const through = new Int32Array(length + 1); // through[i] = working days among indexed days 0..i-1
  const workdays: number[] = [];
  for (let i = 0; i < length; i++) {
    const work = types[i] === 0 || types[i] === 3;
    through[i + 1] = through[i] + (work ? 1 : 0);
    if (work) workdays.push(i);
  }
  const workList = Int32Array.from(workdays);
  const announced = new Set(data.notices.map((n) => n.year));

  const offset = (dn: number) => {
    const i = dn - first;
    if (i < 0 || i >= length) {
      throw new InvalidInput(`日期 ${formatDayNumber(dn)} 超出支持的范围（${MIN_YEAR}–${MAX_YEAR}）`, { date: 'out_of_range' });
    }
    return i;
  };
  return {
    first,
    last,
    isWorkday: (dn) => {
      const t = types[offset(dn)];
      return t === 0 || t === 3;
    },
    type: (dn) => TYPE_CODES[types[offset(dn)]],
    name: (dn) => names.get(offset(dn)),
    scope: (dn) => scopes.get(offset(dn)),
    workdaysThrough: (dn) => (dn < first ? 0 : through[offset(dn) + 1]),
    nthWorkdayAfter: (dn, n) => {
      const k = through[offset(dn) + 1] + n - 1;
      if (k >= workList.length) {
        throw new InvalidInput(`从 ${formatDayNumber(dn)} 起第 ${n} 个工作日超出支持的范围（至 ${MAX_YEAR} 年）`, {
          n: 'out_of_range',
        });
      }
      return first + workList[k];
    },
    isAnnounced: (year) => announced.has(year),
  };
}

let national: Calendar | undefined;

/** The shipped national calendar (seed data, no local days, default counting). */
export function nationalCalendar(): Calendar {
  national ??= buildCalendar(seedCalendarData());
  return national;
}

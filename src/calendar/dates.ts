/**
 * Calendar dates as `YYYY-MM-DD` strings and as day numbers (days since 1970-01-01), computed with integer
 * arithmetic only, so no answer depends on the process's `TZ` (design.md §2: dates are calendar dates in the
 * agency's zone, Asia/Shanghai; chinese-days answers wrongly in negative-offset zones when it sees a `Date`).
 */
import { InvalidInput } from '../errors.ts';

/** A calendar date in the agency's zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/** First and last year the calendar index covers; dates outside are refused as invalid input. */
export const MIN_YEAR = 2000;
/** Last supported year (inclusive). */
export const MAX_YEAR = 2099;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for Gregorian leap years. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Day number of a civil date (Howard Hinnant's days_from_civil; exact for all Gregorian dates). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number (inverse of {@link dayNumberOf}). */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True if `value` is a real date written `YYYY-MM-DD` within the supported years. */
export function isIsoDate(value: unknown): value is IsoDate {
  return lookupIsoDate(value) !== undefined;
}

/** Day number of a valid supported date, or undefined (no error, no allocation): the hot path of the clocks. */
export function lookupIsoDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length !== 10) return undefined;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined; // '-'
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    year = year * 10 + d;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const t = dateTable();
  const k = (year - MIN_YEAR) * 12 + month - 1;
  if (day > t.monthLengths[k]) return undefined;
  return t.monthStarts[k] + day - 1;
}

/**
 * Parses a `YYYY-MM-DD` date to its day number; throws InvalidInput naming the field and the reason
 * (free text, an impossible date such as 2021-02-29 or 2020-13-01, or a year outside 2000–2099).
 */
export function parseIsoDate(value: unknown, field = 'date'): number {
  if (typeof value === 'string') {
    const known = lookupIsoDate(value);
    if (known !== undefined) return known;
  } else {
    throw new InvalidInput(`${field}：缺少日期（格式 YYYY-MM-DD）`, { [field]: 'required' });
  }
  const m = ISO_DATE.exec(value);
  if (!m) {
    throw new InvalidInput(`${field}：“${clip(value)}”不是 YYYY-MM-DD 格式的日期`, { [field]: 'format' });
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) {
    throw new InvalidInput(`${field}：${value} 不是有效日期（月份应为 01–12）`, { [field]: 'invalid_date' });
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidInput(`${field}：${value} 不是有效日期（${year}年${month}月只有${daysInMonth(year, month)}天）`, {
      [field]: 'invalid_date',
    });
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidInput(`${field}：${value} 超出支持的年份范围（${MIN_YEAR}–${MAX_YEAR}）`, { [field]: 'out_of_range' });
  }
  return dayNumberOf(year, month, day);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

interface DateTable {
  first: number;
  /** Every supported date as `YYYY-MM-DD`, by day number − first. */
  strings: string[];
  /** Day number of the 1st and length of each month, by (year − MIN_YEAR) × 12 + month − 1. */
  monthStarts: Int32Array;
  monthLengths: Uint8Array;
}
let table: DateTable | undefined;

/**
 * Every supported date as a string, and the first day of every month, built once: formatting becomes a lookup and
 * parsing a few character codes, which keeps a million due dates well under a second (bench/calendar.bench.ts).
 */
function dateTable(): DateTable {
  if (!table) {
    const first = dayNumberOf(MIN_YEAR, 1, 1);
    const last = dayNumberOf(MAX_YEAR, 12, 31);
    const strings: string[] = [];
    for (let dn = first; dn <= last; dn++) strings.push(computeIsoDate(dn));
    const months = (MAX_YEAR - MIN_YEAR + 1) * 12;
    const monthStarts = new Int32Array(months);
    const monthLengths = new Uint8Array(months);
    for (let k = 0; k < months; k++) {
      const year = MIN_YEAR + Math.floor(k / 12);
      monthStarts[k] = dayNumberOf(year, (k % 12) + 1, 1);
      monthLengths[k] = daysInMonth(year, (k % 12) + 1);
    }
    table = { first, strings, monthStarts, monthLengths };
  }
  return table;
}

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDayNumber(dayNumber: number): IsoDate {
  const t = dateTable();
  return t.strings[dayNumber - t.first] ?? computeIsoDate(dayNumber);
}

function computeIsoDate(dayNumber: number): IsoDate {
  const { year, month, day } = civilOf(dayNumber);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** True for Saturday and Sunday. */
export function isWeekend(dayNumber: number): boolean {
  const w = weekdayOf(dayNumber);
  return w === 0 || w === 6;
}

/** Year of a `YYYY-MM-DD` string (no validation; use on dates already parsed). */
export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Adds calendar days to a date (negative to go back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return formatDayNumber(parseIsoDate(date) + days);
}

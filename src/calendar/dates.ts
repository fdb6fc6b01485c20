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
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return (
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/**
 * Parses a `YYYY-MM-DD` date to its day number; throws InvalidInput naming the field and the reason
 * (free text, an impossible date such as 2021-02-29 or 2020-13-01, or a year outside 2000–2099).
 */
export function parseIsoDate(value: unknown, field = 'date'): number {
  if (typeof value !== 'string') {
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

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDayNumber(dayNumber: number): IsoDate {
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

/**
 * The working-day calendar as data (domain.md §6.1: "store the calendar as data per year, admin-editable"):
 * one entry per year's notice of the 国务院办公厅 (rest days and 调休上班 days), plus local additions that apply to an
 * agency and its subtree (e.g. the provincial COVID return-to-work delays of February 2020, domain.md §6.2 note).
 * Pure: validation and merging only; the seed lives in seed.ts, the computed index in calendar.ts.
 */
import { InvalidInput } from '../errors.ts';
import { formatDayNumber, parseIsoDate, yearOf, type IsoDate } from './dates.ts';

/** What a listed day is: a rest day (放假) or a working day on a weekend (调休上班). */
export const DAY_KINDS = [
  'rest', // 放假: not a working day, whatever the weekday
  'work', // 上班: a working day, whatever the weekday (调休上班 / 补班)
] as const;
/** See {@link DAY_KINDS}. */
export type DayKind = (typeof DAY_KINDS)[number];

/** One year's national arrangement: 《国务院办公厅关于YYYY年部分节假日安排的通知》 and any amendment. */
export interface YearNotice {
  /** The year the notice arranges (its days may reach into the neighbouring years, e.g. 2023 元旦 from 2022-12-31). */
  year: number;
  /** Title and document number(s) of the notice(s), shown in traces and in `calendar show`. */
  title: string;
  /** Rest days (放假): date → holiday name (春节, 国庆节, …). */
  restDays: Readonly<Record<IsoDate, string>>;
  /** Make-up working days (调休上班): date → the holiday they belong to. */
  workdays: Readonly<Record<IsoDate, string>>;
}

/** A local rest or working day that applies to one agency (by id) and every agency under it. */
export interface LocalDay {
  /** Agency id of the subtree's root. */
  scope: string;
  date: IsoDate;
  kind: DayKind;
  /** Why: the local notice or holiday, e.g. "湖北省延迟复工". */
  name: string;
}

/** Everything a calendar is built from. */
export interface CalendarData {
  /** National notices, at most one per year; a year without one is counted on weekends only (and says so). */
  notices: readonly YearNotice[];
  /** Local additions per agency subtree. */
  localDays: readonly LocalDay[];
}

/** Adds a year's notice, or replaces the one for the same year (an administrator entering next year's notice). */
export function withYearNotice(data: CalendarData, notice: YearNotice): CalendarData {
  const next = { ...data, notices: [...data.notices.filter((n) => n.year !== notice.year), notice] };
  next.notices.sort((a, b) => a.year - b.year);
  validateCalendarData(next);
  return next;
}

/** Adds local days; an entry for the same scope and date replaces the earlier one. */
export function withLocalDays(data: CalendarData, days: readonly LocalDay[]): CalendarData {
  const key = (d: LocalDay) => `${d.scope}|${d.date}`;
  const replaced = new Set(days.map(key));
  const next = { ...data, localDays: [...data.localDays.filter((d) => !replaced.has(key(d))), ...days] };
  validateCalendarData(next);
  return next;
}

/** Removes the local days of a scope on the given dates. */
export function withoutLocalDays(data: CalendarData, scope: string, dates: readonly IsoDate[]): CalendarData {
  const drop = new Set(dates);
  return { ...data, localDays: data.localDays.filter((d) => !(d.scope === scope && drop.has(d.date))) };
}

/**
 * Checks calendar data and throws InvalidInput listing what is wrong: bad dates, a date that is both a rest day
 * and a working day, a notice date far from its year, two notices for one year, or notices that disagree on a date.
 */
export function validateCalendarData(data: CalendarData): void {
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  const seenYears = new Set<number>();
  const national = new Map<IsoDate, { kind: DayKind; year: number }>();
  for (const notice of data.notices) {
    const where = `notices.${notice.year}`;
    if (!Number.isInteger(notice.year)) {
      problems.push(`年份“${String(notice.year)}”无效`);
      fields[where] = 'invalid_year';
      continue;
    }
    if (seenYears.has(notice.year)) {
      problems.push(`${notice.year}年有两份节假日安排`);
      fields[where] = 'duplicate_year';
    }
    seenYears.add(notice.year);
    if (!notice.title?.trim()) {
      problems.push(`${notice.year}年节假日安排缺少通知名称`);
      fields[`${where}.title`] = 'required';
    }
    for (const [kind, days] of [['rest', notice.restDays], ['work', notice.workdays]] as const) {
      for (const [date, name] of Object.entries(days)) {
        const field = `${where}.${kind}.${date}`;
        const problem = dateProblem(date, field);
        if (problem) {
          problems.push(problem);
          fields[field] = 'invalid_date';
          continue;
        }
        if (Math.abs(yearOf(date) - notice.year) > 1) {
          problems.push(`${notice.year}年节假日安排中的 ${date} 不在该年前后`);
          fields[field] = 'out_of_range';
        }
        if (!name?.trim()) {
          problems.push(`${date} 缺少节日名称`);
          fields[field] = 'required';
        }
        const earlier = national.get(date);
        if (earlier && (earlier.kind !== kind || earlier.year !== notice.year)) {
          problems.push(
            earlier.year === notice.year
              ? `${date} 在${notice.year}年安排中既是放假日又是上班日`
              : `${date} 同时出现在${earlier.year}年和${notice.year}年的安排中`,
          );
          fields[field] = 'conflict';
        }
        national.set(date, { kind, year: notice.year });
      }
    }
  }
  const local = new Set<string>();
  for (const day of data.localDays) {
    const field = `localDays.${day.scope}.${day.date}`;
    const problem = dateProblem(day.date, field);
    if (problem) {
      problems.push(problem);
      fields[field] = 'invalid_date';
    }
    if (!day.scope?.trim()) {
      problems.push(`地方节假日 ${day.date} 缺少适用机关`);
      fields[field] = 'required';
    }
    if (!(DAY_KINDS as readonly string[]).includes(day.kind)) {
      problems.push(`地方节假日 ${day.date} 的类型“${String(day.kind)}”无效（rest 或 work）`);
      fields[field] = 'invalid_kind';
    }
    if (!day.name?.trim()) {
      problems.push(`地方节假日 ${day.date} 缺少名称`);
      fields[field] = 'required';
    }
    const key = `${day.scope}|${day.date}`;
    if (local.has(key)) {
      problems.push(`地方节假日 ${day.date} 对同一机关重复设置`);
      fields[field] = 'duplicate';
    }
    local.add(key);
  }
  if (problems.length > 0) {
    throw new InvalidInput(`节假日数据有误：${problems.slice(0, 5).join('；')}${problems.length > 5 ? '…' : ''}`, fields);
  }
}

function dateProblem(date: string, field: string): string | null {
  try {
    // Re-format to reject dates that parse but are not canonical (none today; keeps the check honest).
    return formatDayNumber(parseIsoDate(date, field)) === date ? null : `${field}：${date} 不是规范日期`;
  } catch (err) {
    return (err as Error).message;
  }
}

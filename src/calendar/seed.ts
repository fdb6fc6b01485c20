/**
 * The national calendar as shipped: seeded from the chinese-days package's data table (2019 through its latest
 * year), checked against the official notices transcribed in domain.md §6.2 (see calendar-notices.test.ts). Where
 * the package and a notice disagree, the notice wins through {@link NOTICE_CORRECTIONS}.
 *
 * We read the package's JSON table, not its functions: its date functions format with local-time getters and
 * answer a day early under negative-offset `TZ` (checked: `getDayDetail('2020-10-10')` returns 2020-10-09 under
 * America/New_York), so only the `YYYY-MM-DD` keys of its data are trusted.
 */
import { createRequire } from 'node:module';
import type { CalendarData, DayKind, YearNotice } from './calendar-data.ts';
import { validateCalendarData } from './calendar-data.ts';
import type { IsoDate } from './dates.ts';

/** First year seeded: the revised Regulation took effect on 2019-05-15. */
export const FIRST_SEEDED_YEAR = 2019;

interface ChineseDaysTable {
  /** date → "English name,中文名,days" for every rest day. */
  holidays: Record<string, string>;
  /** date → same, for every 调休上班 day. */
  workdays: Record<string, string>;
}

/** chinese-days names → the names the notices use. */
const HOLIDAY_NAMES: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};

/** Titles of the notices (domain.md §6.2); the document number is given where a source confirmed it. */
const NOTICE_TITLES: Record<number, string> = {
  2019: '《国务院办公厅关于2019年部分节假日安排的通知》及2019年劳动节调整通知（文号未核实）',
  2020: '《国务院办公厅关于2020年部分节假日安排的通知》（国办发明电〔2019〕16号）、《国务院办公厅关于延长2020年春节假期的通知》（国办发明电〔2020〕1号）',
  2021: '《国务院办公厅关于2021年部分节假日安排的通知》（国办发明电〔2020〕27号）',
  2022: '《国务院办公厅关于2022年部分节假日安排的通知》（国办发明电〔2021〕11号）',
  2023: '《国务院办公厅关于2023年部分节假日安排的通知》（国办发明电〔2022〕16号）',
  2024: '《国务院办公厅关于2024年部分节假日安排的通知》（国办发明电〔2023〕7号）',
  2025: '《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）',
  2026: '《国务院办公厅关于2026年部分节假日安排的通知》（2025-11-04）',
};

/** A correction of the package's data by an official notice: the notice wins. */
interface NoticeCorrection {
  year: number;
  date: IsoDate;
  /** The day per the notice; `null` removes the package's entry (an ordinary day). */
  kind: DayKind | null;
  name: string;
  /** The notice and what the package had. */
  reason: string;
}

/**
 * Corrections of chinese-days 1.5.7 by the notices of domain.md §6.2. Every rest day and make-up day 2020–2026 was
 * compared (calendar-notices.test.ts); the package agrees with every notice, so the list is empty. Enter a row
 * here when a later package release or a new notice disagrees, citing the notice.
 */
export const NOTICE_CORRECTIONS: readonly NoticeCorrection[] = [];

/** Reads the chinese-days table (a JSON file shipped in the package; no `exports` map restricts it). */
function loadChineseDaysTable(): ChineseDaysTable {
  const require = createRequire(import.meta.url);
  return require('chinese-days/dist/chinese-days.json') as ChineseDaysTable;
}

function holidayName(raw: string): string {
  const zh = raw.split(',')[1] ?? raw;
  return HOLIDAY_NAMES[zh] ?? zh;
}

/**
 * The notice a listed day belongs to: its own year, except 元旦 days in December (2023 元旦 began 2022-12-31; the
 * 2019 notice made 2018-12-29 a working day), which belong to the next year's notice.
 */
function noticeYearOf(date: IsoDate, name: string): number {
  const year = Number(date.slice(0, 4));
  return name === '元旦' && date.slice(5, 7) === '12' ? year + 1 : year;
}

/** Turns the package's table into per-year notices from {@link FIRST_SEEDED_YEAR}, with corrections applied. */
export function noticesFromChineseDays(
  table: ChineseDaysTable,
  corrections: readonly NoticeCorrection[] = NOTICE_CORRECTIONS,
): YearNotice[] {
  const byYear = new Map<number, { restDays: Record<IsoDate, string>; workdays: Record<IsoDate, string> }>();
  const yearEntry = (year: number) => {
    let entry = byYear.get(year);
    if (!entry) byYear.set(year, (entry = { restDays: {}, workdays: {} }));
    return entry;
  };
  for (const [kind, days] of [['rest', table.holidays], ['work', table.workdays]] as const) {
    for (const [date, raw] of Object.entries(days)) {
      const name = holidayName(raw);
      const year = noticeYearOf(date, name);
      if (year < FIRST_SEEDED_YEAR) continue;
      const entry = yearEntry(year);
      (kind === 'rest' ? entry.restDays : entry.workdays)[date] = name;
    }
  }
  for (const fix of corrections) {
    const entry = yearEntry(fix.year);
    delete entry.restDays[fix.date];
    delete entry.workdays[fix.date];
    if (fix.kind === 'rest') entry.restDays[fix.date] = fix.name;
    if (fix.kind === 'work') entry.workdays[fix.date] = fix.name;
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, entry]) => ({
      year,
      title: NOTICE_TITLES[year] ?? `《国务院办公厅关于${year}年部分节假日安排的通知》`,
      restDays: sortedRecord(entry.restDays),
      workdays: sortedRecord(entry.workdays),
    }));
}

function sortedRecord(record: Record<IsoDate, string>): Record<IsoDate, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

let seeded: CalendarData | undefined;

/** The shipped national calendar data (2019 through the package's latest year), without local days. */
export function seedCalendarData(): CalendarData {
  if (!seeded) {
    const data: CalendarData = { notices: noticesFromChineseDays(loadChineseDaysTable()), localDays: [] };
    validateCalendarData(data);
    seeded = data;
  }
  return seeded;
}

/** The raw package table, for the test that compares it with the notices. */
export function chineseDaysTable(): ChineseDaysTable {
  return loadChineseDaysTable();
}

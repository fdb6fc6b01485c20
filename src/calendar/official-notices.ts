/**
 * The official notices of 2020–2026 as transcribed in domain.md §6.2 (国务院办公厅关于YYYY年部分节假日安排的通知;
 * 2020 with the Spring Festival extension, 国办发明电〔2020〕1号). Kept apart from the seed so a test can compare
 * the chinese-days data with the notices day by day (calendar-notices.test.ts). Ranges are inclusive.
 */
import type { IsoDate } from './dates.ts';

/** One holiday of a notice: its rest-day ranges and its 调休上班 days. */
export interface NoticeHoliday {
  year: number;
  name: string;
  /** Inclusive rest-day ranges, `from..to` or a single date. */
  off: string;
  /** 调休上班 days (weekends made working days). */
  work: IsoDate[];
  /** Notes from the notice. */
  note?: string;
}

/** domain.md §6.2, every row. */
export const OFFICIAL_NOTICES_2020_2026: readonly NoticeHoliday[] = [
  { year: 2020, name: '元旦', off: '2020-01-01', work: [] },
  {
    year: 2020,
    name: '春节',
    off: '2020-01-24..2020-02-02',
    work: ['2020-01-19'],
    note: '国办发明电〔2020〕1号延长至2月2日；原定2月1日（星期六）上班落入延长假期，改为休息',
  },
  { year: 2020, name: '清明节', off: '2020-04-04..2020-04-06', work: [] },
  { year: 2020, name: '劳动节', off: '2020-05-01..2020-05-05', work: ['2020-04-26', '2020-05-09'] },
  { year: 2020, name: '端午节', off: '2020-06-25..2020-06-27', work: ['2020-06-28'] },
  { year: 2020, name: '国庆节、中秋节', off: '2020-10-01..2020-10-08', work: ['2020-09-27', '2020-10-10'] },

  { year: 2021, name: '元旦', off: '2021-01-01..2021-01-03', work: [] },
  { year: 2021, name: '春节', off: '2021-02-11..2021-02-17', work: ['2021-02-07', '2021-02-20'] },
  { year: 2021, name: '清明节', off: '2021-04-03..2021-04-05', work: [] },
  { year: 2021, name: '劳动节', off: '2021-05-01..2021-05-05', work: ['2021-04-25', '2021-05-08'] },
  { year: 2021, name: '端午节', off: '2021-06-12..2021-06-14', work: [] },
  { year: 2021, name: '中秋节', off: '2021-09-19..2021-09-21', work: ['2021-09-18'] },
  { year: 2021, name: '国庆节', off: '2021-10-01..2021-10-07', work: ['2021-09-26', '2021-10-09'] },

  { year: 2022, name: '元旦', off: '2022-01-01..2022-01-03', work: [] },
  { year: 2022, name: '春节', off: '2022-01-31..2022-02-06', work: ['2022-01-29', '2022-01-30'] },
  { year: 2022, name: '清明节', off: '2022-04-03..2022-04-05', work: ['2022-04-02'] },
  { year: 2022, name: '劳动节', off: '2022-04-30..2022-05-04', work: ['2022-04-24', '2022-05-07'] },
  { year: 2022, name: '端午节', off: '2022-06-03..2022-06-05', work: [] },
  { year: 2022, name: '中秋节', off: '2022-09-10..2022-09-12', work: [] },
  { year: 2022, name: '国庆节', off: '2022-10-01..2022-10-07', work: ['2022-10-08', '2022-10-09'] },

  { year: 2023, name: '元旦', off: '2022-12-31..2023-01-02', work: [] },
  { year: 2023, name: '春节', off: '2023-01-21..2023-01-27', work: ['2023-01-28', '2023-01-29'] },
  { year: 2023, name: '清明节', off: '2023-04-05', work: [] },
  { year: 2023, name: '劳动节', off: '2023-04-29..2023-05-03', work: ['2023-04-23', '2023-05-06'] },
  { year: 2023, name: '端午节', off: '2023-06-22..2023-06-24', work: ['2023-06-25'] },
  { year: 2023, name: '中秋节、国庆节', off: '2023-09-29..2023-10-06', work: ['2023-10-07', '2023-10-08'] },

  { year: 2024, name: '元旦', off: '2024-01-01', work: [], note: '与周末连休' },
  {
    year: 2024,
    name: '春节',
    off: '2024-02-10..2024-02-17',
    work: ['2024-02-04', '2024-02-18'],
    note: '除夕2月9日仅“鼓励各单位安排职工休息”，不是放假日',
  },
  { year: 2024, name: '清明节', off: '2024-04-04..2024-04-06', work: ['2024-04-07'] },
  { year: 2024, name: '劳动节', off: '2024-05-01..2024-05-05', work: ['2024-04-28', '2024-05-11'] },
  { year: 2024, name: '端午节', off: '2024-06-10', work: [], note: '与周末连休' },
  { year: 2024, name: '中秋节', off: '2024-09-15..2024-09-17', work: ['2024-09-14'] },
  { year: 2024, name: '国庆节', off: '2024-10-01..2024-10-07', work: ['2024-09-29', '2024-10-12'] },

  { year: 2025, name: '元旦', off: '2025-01-01', work: [], note: '放假1天，不调休' },
  { year: 2025, name: '春节', off: '2025-01-28..2025-02-04', work: ['2025-01-26', '2025-02-08'] },
  { year: 2025, name: '清明节', off: '2025-04-04..2025-04-06', work: [] },
  { year: 2025, name: '劳动节', off: '2025-05-01..2025-05-05', work: ['2025-04-27'] },
  { year: 2025, name: '端午节', off: '2025-05-31..2025-06-02', work: [] },
  { year: 2025, name: '国庆节、中秋节', off: '2025-10-01..2025-10-08', work: ['2025-09-28', '2025-10-11'] },

  { year: 2026, name: '元旦', off: '2026-01-01..2026-01-03', work: ['2026-01-04'] },
  { year: 2026, name: '春节', off: '2026-02-15..2026-02-23', work: ['2026-02-14', '2026-02-28'] },
  { year: 2026, name: '清明节', off: '2026-04-04..2026-04-06', work: [] },
  { year: 2026, name: '劳动节', off: '2026-05-01..2026-05-05', work: ['2026-05-09'] },
  { year: 2026, name: '端午节', off: '2026-06-19..2026-06-21', work: [] },
  { year: 2026, name: '中秋节', off: '2026-09-25..2026-09-27', work: [] },
  { year: 2026, name: '国庆节', off: '2026-10-01..2026-10-07', work: ['2026-09-20', '2026-10-10'] },
];

let officialDays: Map<IsoDate, 'rest' | 'work'> | undefined;

/** Every rest and 调休上班 day of the notices above, date → kind. */
export function officialDayKinds(): ReadonlyMap<IsoDate, 'rest' | 'work'> {
  if (!officialDays) {
    officialDays = new Map();
    for (const h of OFFICIAL_NOTICES_2020_2026) {
      const [from, to = from] = h.off.split('..');
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
        officialDays.set(new Date(t).toISOString().slice(0, 10), 'rest');
      }
      for (const w of h.work) officialDays.set(w, 'work');
    }
  }
  return officialDays;
}

/**
 * The rule of domain.md §6.1 applied naively to the transcribed notices: working day ⇔ (Mon–Fri and not an
 * announced rest day) or an announced 调休上班 day. Written independently of calendar.ts (UTC `Date` stepping,
 * no index) so tests can use it as an oracle for 2020–2026.
 */
export function officialIsWorkday(date: IsoDate): boolean {
  const kind = officialDayKinds().get(date);
  if (kind) return kind === 'work';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after a date by stepping one day at a time (oracle for tests). */
export function officialAddWorkdays(date: IsoDate, n: number): IsoDate {
  let t = Date.parse(`${date}T00:00:00Z`);
  let left = n;
  let current = date;
  while (left > 0) {
    t += 86_400_000;
    current = new Date(t).toISOString().slice(0, 10);
    if (officialIsWorkday(current)) left--;
  }
  return current;
}

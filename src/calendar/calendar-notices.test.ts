// The shipped calendar against the official notices transcribed in domain.md §6.2: every rest day and every
// 调休上班 day 2020–2026. Where chinese-days disagrees with a notice, the notice wins (seed.ts NOTICE_CORRECTIONS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nationalCalendar } from './calendar.ts';
import { OFFICIAL_NOTICES_2020_2026, officialDayKinds, officialIsWorkday } from './official-notices.ts';
import { NOTICE_CORRECTIONS, chineseDaysTable, seedCalendarData } from './seed.ts';

const inRange = (date: string) => date >= '2020-01-01' && date <= '2026-12-31';

function seededKinds(): Map<string, 'rest' | 'work'> {
  const kinds = new Map<string, 'rest' | 'work'>();
  for (const notice of seedCalendarData().notices) {
    for (const date of Object.keys(notice.restDays)) if (inRange(date)) kinds.set(date, 'rest');
    for (const date of Object.keys(notice.workdays)) if (inRange(date)) kinds.set(date, 'work');
  }
  return kinds;
}

test('every rest day and make-up day of the 2020–2026 notices is in the shipped data, and nothing else', () => {
  const official = officialDayKinds();
  const seeded = seededKinds();
  const missing = [...official].filter(([date, kind]) => seeded.get(date) !== kind).map(([d, k]) => `${d} ${k}`);
  const extra = [...seeded].filter(([date, kind]) => official.get(date) !== kind).map(([d, k]) => `${d} ${k}`);
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  assert.ok(official.size > 200, 'the transcription covers seven years');
});

test('chinese-days raw data agrees with the notices except where NOTICE_CORRECTIONS says otherwise', () => {
  const table = chineseDaysTable();
  const corrected = new Set(NOTICE_CORRECTIONS.map((c) => c.date));
  const official = officialDayKinds();
  const disagreements: string[] = [];
  const raw = new Map<string, 'rest' | 'work'>();
  for (const date of Object.keys(table.holidays)) if (inRange(date)) raw.set(date, 'rest');
  for (const date of Object.keys(table.workdays)) if (inRange(date)) raw.set(date, 'work');
  for (const date of new Set([...raw.keys(), ...official.keys()])) {
    if (raw.get(date) !== official.get(date) && !corrected.has(date)) {
      disagreements.push(`${date}: chinese-days ${raw.get(date) ?? '-'}, notice ${official.get(date) ?? '-'}`);
    }
  }
  assert.deepEqual(disagreements, [], 'add a NOTICE_CORRECTIONS row citing the notice for each disagreement');
});

test('the calendar answers like the notices for every day 2020–2026 (domain.md §6.1 rule)', () => {
  const calendar = nationalCalendar();
  const wrong: string[] = [];
  for (let t = Date.UTC(2020, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (calendar.isWorkday(date) !== officialIsWorkday(date)) wrong.push(date);
  }
  assert.deepEqual(wrong, []);
});

test('each notice row of domain.md §6.2: rest ranges are off, make-up days are working days', () => {
  const calendar = nationalCalendar();
  for (const row of OFFICIAL_NOTICES_2020_2026) {
    const [from, to = from] = row.off.split('..');
    assert.equal(calendar.countWorkdays(from, to), 0, `${row.year} ${row.name} ${row.off}`);
    for (const date of row.work) {
      const info = calendar.dayInfo(date);
      assert.equal(info.isWorkday, true, `${row.year} ${row.name} ${date}`);
      assert.ok(info.type === 'makeup', `${date} is a weekend made a working day`);
      assert.ok(info.weekday === 0 || info.weekday === 6, `${date} falls on a weekend`);
    }
  }
});

test('2020 Spring Festival extension (国办发明电〔2020〕1号): 2020-02-01 make-up day cancelled, work resumes 02-03', () => {
  const calendar = nationalCalendar();
  assert.equal(calendar.isWorkday('2020-02-01'), false);
  assert.equal(calendar.dayInfo('2020-02-01').type, 'rest');
  assert.equal(calendar.isWorkday('2020-01-31'), false);
  assert.equal(calendar.isWorkday('2020-02-02'), false);
  assert.equal(calendar.isWorkday('2020-02-03'), true);
  assert.equal(calendar.isWorkday('2020-01-19'), true, '01-19 (Sunday) make-up day stands');
  assert.match(seedCalendarData().notices.find((n) => n.year === 2020)?.title ?? '', /国办发明电〔2020〕1号/);
});

test('seeded years run from 2019 to the latest announced year without gaps', () => {
  const years = nationalCalendar().announcedYears;
  assert.equal(years[0], 2019);
  assert.ok(years.at(-1)! >= 2026);
  assert.deepEqual(years, Array.from({ length: years.length }, (_, i) => 2019 + i));
  // 2023 元旦 began on 2022-12-31: the day belongs to the 2023 notice.
  const notice2023 = seedCalendarData().notices.find((n) => n.year === 2023)!;
  assert.equal(notice2023.restDays['2022-12-31'], '元旦');
});

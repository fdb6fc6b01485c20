import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInput } from '../errors.ts';
import { buildCalendar, nationalCalendar, MAX_WORKDAYS } from './calendar.ts';
import { withLocalDays, withYearNotice, withoutLocalDays, type CalendarData } from './calendar-data.ts';
import { seedCalendarData } from './seed.ts';

const cal = nationalCalendar();

test('isWorkday: weekdays, weekends, rest days and make-up days (domain.md §6.1)', () => {
  const rows: [string, boolean, string][] = [
    ['2020-10-10', true, '2020 国庆 调休上班 Saturday (design.md §5.2 example)'],
    ['2020-09-27', true, '2020 国庆 调休上班 Sunday'],
    ['2020-10-08', false, '2020 国庆节、中秋节 rest Thursday'],
    ['2020-10-09', true, 'ordinary Friday after the holiday'],
    ['2021-02-07', true, '2021 春节 调休上班 Sunday'],
    ['2022-01-29', true, '2022 春节 调休上班 Saturday'],
    ['2022-01-30', true, '2022 春节 调休上班 Sunday'],
    ['2022-12-31', false, '2023 元旦 rest (a Saturday in the 2023 notice)'],
    ['2023-01-02', false, '2023 元旦 rest Monday'],
    ['2024-02-09', true, '2024 除夕 Friday: rest only "encouraged", not an official rest day (国办发明电〔2023〕7号)'],
    ['2024-02-18', true, '2024 春节 调休上班 Sunday'],
    ['2025-01-01', false, '2025 元旦 Wednesday, 不调休'],
    ['2026-01-04', true, '2026 元旦 调休上班 Sunday'],
    ['2026-02-28', true, '2026 春节 调休上班 Saturday'],
    ['2026-06-22', true, 'ordinary Monday'],
    ['2026-06-20', false, 'ordinary Saturday inside 端午 rest'],
  ];
  for (const [date, expected, why] of rows) assert.equal(cal.isWorkday(date), expected, `${date}: ${why}`);
});

test('dayInfo names holidays and says whether the year was announced', () => {
  assert.deepEqual(cal.dayInfo('2020-10-10'), {
    date: '2020-10-10',
    weekday: 6,
    isWorkday: true,
    type: 'makeup',
    name: '国庆节',
    announced: true,
  });
  assert.deepEqual(cal.dayInfo('2027-01-01'), {
    date: '2027-01-01',
    weekday: 5,
    isWorkday: true,
    type: 'workday',
    announced: false,
  });
  assert.equal(cal.dayInfo('2027-01-02').type, 'weekend');
});

test('addWorkdays counts the n-th working day after the date; the date itself never counts (Civil Code Art. 201)', () => {
  const rows: [string, number, string, string][] = [
    ['2020-09-28', 1, '2020-09-29', 'next day is a working day'],
    ['2020-09-30', 1, '2020-10-09', 'skips 国庆 rest 10-01..08'],
    ['2020-10-09', 1, '2020-10-10', 'make-up Saturday counts'],
    ['2020-10-10', 1, '2020-10-12', 'a make-up day as start: next working day Monday'],
    ['2020-10-03', 1, '2020-10-09', 'start inside a holiday'],
    ['2020-09-28', 20, '2020-11-02', 'issue 3 example (Art. 33)'],
    ['2020-12-31', 1, '2021-01-04', 'year end: 2021 元旦 01-01..03'],
    ['2023-12-29', 1, '2024-01-02', 'year end: 2024 元旦 01-01 与周末连休'],
    ['2020-01-23', 1, '2020-02-03', '2020 extension: 02-01 no longer a working day'],
    ['2026-10-09', 1, '2026-10-10', '2026 国庆 make-up Saturday'],
    ['2026-12-31', 1, '2027-01-01', 'unannounced 2027: weekends only'],
  ];
  for (const [date, n, expected, why] of rows) assert.equal(cal.addWorkdays(date, n), expected, `${date}+${n}: ${why}`);
});

test('addWorkdays refuses n < 1, fractions, absurd n and ranges past 2099', () => {
  for (const n of [0, -1, 1.5, Number.NaN, MAX_WORKDAYS + 1]) {
    assert.throws(() => cal.addWorkdays('2020-01-01', n), InvalidInput, String(n));
  }
  assert.throws(() => cal.addWorkdays('2099-12-20', 30), /超出支持的范围/);
  assert.throws(() => cal.addWorkdays('2021-02-29', 1), /2021年2月只有28天/);
  assert.equal(cal.addWorkdays('2020-01-01', MAX_WORKDAYS) > '2029-01-01', true);
});

test('countWorkdays counts both ends inclusive', () => {
  assert.equal(cal.countWorkdays('2020-09-28', '2020-10-10'), 5); // 09-28, 29, 30, 10-09, 10-10
  assert.equal(cal.countWorkdays('2020-10-01', '2020-10-08'), 0);
  assert.equal(cal.countWorkdays('2020-10-10', '2020-10-10'), 1);
  assert.equal(cal.countWorkdays('2020-10-12', '2020-10-10'), 0);
  assert.equal(cal.countWorkdays('2021-01-01', '2021-12-31'), 250);
});

test('a year without a notice is counted on weekends only and reported as not announced', () => {
  assert.equal(cal.isAnnounced(2027), false);
  assert.equal(cal.isAnnounced(2018), false, 'the seed starts in 2019');
  const listing = cal.listYear(2027);
  assert.deepEqual(listing, { year: 2027, announced: false, days: [] });
  assert.equal(cal.countWorkdays('2027-01-01', '2027-12-31'), 261);
});

test('listYear lists a year\'s rest and make-up days with the notice title (gongkai calendar show)', () => {
  const listing = cal.listYear(2020);
  assert.equal(listing.announced, true);
  assert.match(listing.notice ?? '', /国办发明电〔2019〕16号/);
  assert.deepEqual(
    listing.days.filter((d) => d.kind === 'work').map((d) => d.date),
    ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
  );
  assert.equal(listing.days.filter((d) => d.kind === 'rest').length, 30);
  assert.deepEqual(listing.days.find((d) => d.date === '2020-10-01'), { date: '2020-10-01', weekday: 4, kind: 'rest', name: '国庆节' });
  assert.throws(() => cal.listYear(1999), InvalidInput);
});

test('an administrator adds next year\'s notice: the year becomes announced and its days apply', () => {
  const data = withYearNotice(seedCalendarData(), {
    year: 2027,
    title: '《国务院办公厅关于2027年部分节假日安排的通知》（测试）',
    restDays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦' },
    workdays: { '2027-01-09': '元旦' },
  });
  const next = buildCalendar(data);
  assert.equal(next.isAnnounced(2027), true);
  assert.equal(next.isWorkday('2027-01-01'), false);
  assert.equal(next.isWorkday('2027-01-09'), true);
  assert.equal(next.addWorkdays('2026-12-31', 1), '2027-01-04');
  // Replacing the same year's notice drops the old entries.
  const replaced = buildCalendar(withYearNotice(data, { year: 2027, title: '更正', restDays: {}, workdays: {} }));
  assert.equal(replaced.isWorkday('2027-01-01'), true);
});

test('local days apply to the agency subtree only, and the deepest agency wins', () => {
  const data = withLocalDays(seedCalendarData(), [
    { scope: 'hubei', date: '2020-02-03', kind: 'rest', name: '湖北省延迟复工' },
    { scope: 'hubei', date: '2020-02-04', kind: 'rest', name: '湖北省延迟复工' },
    { scope: 'wuhan', date: '2020-02-04', kind: 'work', name: '武汉市某局恢复办公' },
  ]);
  const national = buildCalendar(data);
  const hubei = buildCalendar(data, { agencyPath: ['china', 'hubei'] });
  const wuhan = buildCalendar(data, { agencyPath: ['china', 'hubei', 'wuhan'] });
  assert.equal(national.isWorkday('2020-02-03'), true);
  assert.equal(hubei.isWorkday('2020-02-03'), false);
  assert.equal(hubei.isWorkday('2020-02-04'), false);
  assert.equal(wuhan.isWorkday('2020-02-03'), false);
  assert.equal(wuhan.isWorkday('2020-02-04'), true);
  assert.deepEqual(
    { ...hubei.dayInfo('2020-02-03') },
    { date: '2020-02-03', weekday: 1, isWorkday: false, type: 'rest', name: '湖北省延迟复工', scope: 'hubei', announced: true },
  );
  assert.equal(hubei.addWorkdays('2020-01-23', 1), '2020-02-05');
  assert.equal(hubei.listYear(2020).days.filter((d) => d.scope === 'hubei').length, 2);
  const removed = buildCalendar(withoutLocalDays(data, 'hubei', ['2020-02-03']), { agencyPath: ['hubei'] });
  assert.equal(removed.isWorkday('2020-02-03'), true);
});

test('bad calendar data is refused with a clear message', () => {
  const base = seedCalendarData();
  const cases: [CalendarData, RegExp][] = [
    [{ notices: [{ year: 2027, title: 'x', restDays: { '2027-02-30': '春节' }, workdays: {} }], localDays: [] }, /2027年2月只有28天/],
    [{ notices: [{ year: 2027, title: 'x', restDays: { '2027-02-01': '春节' }, workdays: { '2027-02-01': '春节' } }], localDays: [] }, /既是放假日又是上班日/],
    [{ notices: [{ year: 2027, title: 'x', restDays: { '2030-01-01': '元旦' }, workdays: {} }], localDays: [] }, /不在该年前后/],
    [{ notices: [{ year: 2027, title: ' ', restDays: {}, workdays: {} }], localDays: [] }, /缺少通知名称/],
    [{ notices: [], localDays: [{ scope: 'a', date: '2020-13-01', kind: 'rest', name: 'x' }] }, /月份应为/],
    [{ notices: [], localDays: [{ scope: 'a', date: '2020-01-06', kind: 'holiday' as 'rest', name: 'x' }] }, /类型“holiday”无效/],
    [{ notices: [], localDays: [{ scope: '', date: '2020-01-06', kind: 'rest', name: 'x' }] }, /缺少适用机关/],
  ];
  for (const [data, message] of cases) assert.throws(() => buildCalendar(data), message);
  assert.throws(
    () => withYearNotice(base, { year: 2022, title: 'x', restDays: { '2022-12-31': '元旦' }, workdays: {} }),
    /同时出现在2022年和2023年的安排中/,
  );
});

test('counting rule is per calendar (domain.md §3.3): default after_start', () => {
  assert.equal(cal.counting, 'after_start');
  const sameDay = buildCalendar(seedCalendarData(), { counting: 'start_day_counts' });
  assert.equal(sameDay.counting, 'start_day_counts');
  // addWorkdays is always "after" (design.md §5.2); the clocks apply the counting rule.
  assert.equal(sameDay.addWorkdays('2020-09-28', 1), '2020-09-29');
});

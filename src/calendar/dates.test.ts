import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInput } from '../errors.ts';
import { addCalendarDays, dayNumberOf, formatDayNumber, isIsoDate, parseIsoDate, weekdayOf } from './dates.ts';

test('parseIsoDate refuses what is not a real YYYY-MM-DD date, naming the problem', () => {
  const rows: [unknown, RegExp][] = [
    ['2021-02-29', /2021年2月只有28天/], // not a leap year
    ['2020-13-01', /月份应为 01–12/],
    ['2020-00-10', /月份应为 01–12/],
    ['2020-04-31', /只有30天/],
    ['next tuesday', /不是 YYYY-MM-DD 格式/],
    ['2020-1-5', /不是 YYYY-MM-DD 格式/],
    ['2020-01-05T00:00:00Z', /不是 YYYY-MM-DD 格式/],
    [' 2020-01-05', /不是 YYYY-MM-DD 格式/],
    ['', /不是 YYYY-MM-DD 格式/],
    [undefined, /缺少日期/],
    [20200105, /缺少日期/],
    ['1999-12-31', /超出支持的年份范围/],
    ['2100-01-01', /超出支持的年份范围/],
  ];
  for (const [value, message] of rows) {
    assert.throws(
      () => parseIsoDate(value, 'received'),
      (err: unknown) => err instanceof InvalidInput && err.code === 'invalid_input' && message.test(err.message) && 'received' in err.fields,
      String(value),
    );
    assert.equal(isIsoDate(value), false, String(value));
  }
});

test('2020-02-29 and 2000-02-29 are real dates (leap years)', () => {
  assert.equal(formatDayNumber(parseIsoDate('2020-02-29')), '2020-02-29');
  assert.equal(formatDayNumber(parseIsoDate('2000-02-29')), '2000-02-29');
  assert.equal(isIsoDate('2024-02-29'), true);
});

test('day numbers agree with Date.UTC for every day 2000–2099, and weekdays with getUTCDay', () => {
  for (let t = Date.UTC(2000, 0, 1); t <= Date.UTC(2099, 11, 31); t += 86_400_000) {
    const d = new Date(t);
    const iso = d.toISOString().slice(0, 10);
    const dn = parseIsoDate(iso);
    if (dn !== t / 86_400_000 || formatDayNumber(dn) !== iso || weekdayOf(dn) !== d.getUTCDay()) {
      assert.fail(`mismatch at ${iso}`);
    }
  }
  assert.equal(dayNumberOf(1970, 1, 1), 0);
});

test('addCalendarDays crosses months, leap days and years', () => {
  assert.equal(addCalendarDays('2020-02-28', 1), '2020-02-29');
  assert.equal(addCalendarDays('2021-02-28', 1), '2021-03-01');
  assert.equal(addCalendarDays('2020-12-31', 1), '2021-01-01');
  assert.equal(addCalendarDays('2021-01-01', -1), '2020-12-31');
});

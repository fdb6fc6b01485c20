/** What administrators type into the calendar forms (domain.md §6.1: the notice lists rest days and 调休上班 days). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidCalendarInput, formatDayLines, parseCountingRule, parseDayLines, parseLocalDaysForm, parseNoticeForm } from './calendar-input.ts';

test('day lines: single days, runs, blank lines, full-width spaces', () => {
  const r = parseDayLines('2025-01-28..2025-02-04 春节\n\n2025-01-26　春节\r\n2025-10-01至2025-10-03 国庆节');
  assert.ok('days' in r);
  assert.equal(Object.keys(r.days).length, 8 + 1 + 3);
  assert.equal(r.days['2025-02-04'], '春节');
  assert.equal(r.days['2025-01-26'], '春节');
  assert.equal(r.days['2025-10-02'], '国庆节');
});

const badLines: [string, RegExp, RegExp][] = [
  ['2021-02-29 春节', /第1行：“2021-02-29”不是有效日期/, /Line 1/], // no 29 February in 2021
  ['2020-13-01 元旦', /不是有效日期/, /not a valid date/],
  ['next Friday 放假', /不是有效日期/, /not a valid date/],
  ['2020-10-01', /应写作/, /write/], // a date without a name
  ['2020-10-08..2020-10-01 国庆节', /早于/, /before/],
  ['2020-01-01..2020-03-01 长假', /一行最多 31 天/, /at most 31 days/],
  ['2020-10-01 国庆节\n2020-10-01 国庆节', /第2行：2020-10-01 重复填写/, /listed twice/],
];
for (const [text, zh, en] of badLines) {
  test(`day lines: ${JSON.stringify(text)} is refused in both languages`, () => {
    const r = parseDayLines(text);
    assert.ok('problem' in r);
    assert.match(r.problem.zh, zh);
    assert.match(r.problem.en, en);
  });
}

test('notice form: a valid notice', () => {
  const n = parseNoticeForm({ year: '2027', title: ' 通知 ', documentNumber: '', restDays: '2027-01-01 元旦', workdays: '' });
  assert.deepEqual(n, { year: 2027, title: '通知', documentNumber: '', restDays: { '2027-01-01': '元旦' }, workdays: {} });
});

const badNotices: [string, Record<string, string>, string[]][] = [
  ['everything missing', {}, ['restDays', 'title', 'year']],
  ['a day both rest and work', { year: '2027', title: 't', restDays: '2027-01-02 元旦', workdays: '2027-01-02 元旦' }, ['workdays']],
  ['a day far from the year', { year: '2027', title: 't', restDays: '2029-01-01 元旦' }, ['restDays']],
  ['a year out of range', { year: '1999', title: 't', restDays: '1999-01-01 元旦' }, ['restDays', 'year']],
];
for (const [why, form, fields] of badNotices) {
  test(`notice form: ${why}`, () => {
    assert.throws(() => parseNoticeForm(form), (err: unknown) => {
      assert.ok(err instanceof InvalidCalendarInput);
      assert.deepEqual(Object.keys(err.fields).sort(), fields);
      assert.deepEqual(Object.keys(err.fieldsEn).sort(), fields);
      return true;
    });
  });
}

test('local days form and counting rule', () => {
  assert.deepEqual(parseLocalDaysForm({ agencyId: 'a1', kind: 'work', days: '2020-02-01 补班' }), {
    agencyId: 'a1', kind: 'work', days: { '2020-02-01': '补班' },
  });
  assert.throws(() => parseLocalDaysForm({ agencyId: '', kind: 'x', days: '' }), (err: unknown) =>
    err instanceof InvalidCalendarInput && ['agencyId', 'days', 'kind'].every((k) => k in err.fields));
  assert.equal(parseCountingRule('start_day_counts'), 'start_day_counts');
  assert.equal(parseCountingRule('inherit'), null);
  assert.throws(() => parseCountingRule('sometimes'), InvalidCalendarInput);
});

test('formatDayLines joins runs and round-trips through parseDayLines', () => {
  const days = { '2020-10-01': '国庆节', '2020-10-02': '国庆节', '2020-10-03': '国庆节', '2020-10-10': '国庆节', '2020-09-27': '国庆节' };
  const text = formatDayLines(days);
  assert.equal(text, '2020-09-27 国庆节\n2020-10-01..2020-10-03 国庆节\n2020-10-10 国庆节');
  const back = parseDayLines(text);
  assert.ok('days' in back);
  assert.deepEqual(back.days, Object.fromEntries(Object.entries(days).sort()));
});

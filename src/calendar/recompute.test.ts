import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, nationalCalendar } from './calendar.ts';
import { withLocalDays, withYearNotice } from './calendar-data.ts';
import type { ClockInput } from './clocks.ts';
import { diffCalendars, recomputeDeadlines } from './recompute.ts';
import { seedCalendarData } from './seed.ts';

// A hypothetical 2027 notice, as an administrator would enter it (the real one is not yet announced).
const notice2027 = {
  year: 2027,
  title: '《国务院办公厅关于2027年部分节假日安排的通知》（测试数据）',
  restDays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦' },
  workdays: {},
};

const clocks: { id: string; input: ClockInput }[] = [
  { id: 'crosses-2027', input: { clock: 'reply', received: '2026-12-15' } },
  { id: 'inside-2025', input: { clock: 'reply', received: '2025-03-03' } },
  { id: 'publication-2026', input: { clock: 'publication', formedOn: '2026-12-28' } },
  { id: 'annual-report', input: { clock: 'annual_report', year: 2026, level: 'department' } },
];

test('entering next year\'s notice recomputes only the clocks that reach into it, with the reason', () => {
  const before = nationalCalendar();
  const after = buildCalendar(withYearNotice(seedCalendarData(), notice2027));
  const changes = recomputeDeadlines(clocks, before, after);
  assert.deepEqual(
    changes.map((c) => [c.id, c.oldDueOn, c.newDueOn]),
    [
      ['crosses-2027', '2027-01-12', '2027-01-13'], // 2027-01-01 (Friday) is now a rest day
      ['publication-2026', '2027-01-25', '2027-01-26'], // ✓ 12-29..31, 01-01, then four weeks
    ],
  );
  const reason = changes[0].reason;
  assert.equal(reason.code, 'calendar_changed');
  assert.deepEqual(reason.announcedYears, [2027]);
  assert.deepEqual(reason.days, [
    { date: '2027-01-01', before: 'workday', after: 'rest', name: '元旦' },
    { date: '2027-01-02', before: 'weekend', after: 'rest', name: '元旦' },
    { date: '2027-01-03', before: 'weekend', after: 'rest', name: '元旦' },
  ]);
  assert.equal(
    reason.text,
    '节假日安排变更：2027年节假日安排已录入；2027-01-01 由工作日改为放假（元旦）；2027-01-02 由周末改为放假（元旦）；2027-01-03 由周末改为放假（元旦）；期限由 2027-01-12 改为 2027-01-13',
  );
  assert.match(reason.textEn, /^Calendar changed: the 2027 holiday arrangement was entered; 2027-01-01 changed from working day to rest day/);
});

test('a local holiday moves only the clocks of that agency subtree', () => {
  const data = withLocalDays(seedCalendarData(), [{ scope: 'city', date: '2025-03-10', kind: 'rest', name: '本地节日' }]);
  const before = buildCalendar(seedCalendarData(), { agencyPath: ['province', 'city'] });
  const cityAfter = buildCalendar(data, { agencyPath: ['province', 'city'] });
  const otherAfter = buildCalendar(data, { agencyPath: ['province', 'county'] });
  const city = recomputeDeadlines(clocks, before, cityAfter);
  assert.deepEqual(city.map((c) => [c.id, c.oldDueOn, c.newDueOn]), [['inside-2025', '2025-03-31', '2025-04-01']]);
  assert.match(city[0].reason.text, /2025-03-10 由工作日改为放假（本地节日）/);
  assert.deepEqual(recomputeDeadlines(clocks, before, otherAfter), []);
});

test('an unchanged calendar changes nothing; a fixed-date clock never moves (Art. 49)', () => {
  assert.deepEqual(recomputeDeadlines(clocks, nationalCalendar(), buildCalendar(seedCalendarData())), []);
  const after = buildCalendar(withYearNotice(seedCalendarData(), { ...notice2027, restDays: { '2027-01-29': '测试' } }));
  assert.ok(!recomputeDeadlines(clocks, nationalCalendar(), after).some((c) => c.id === 'annual-report'));
});

test('diffCalendars lists the changed days within a range', () => {
  const after = buildCalendar(withYearNotice(seedCalendarData(), notice2027));
  assert.deepEqual(
    diffCalendars(nationalCalendar(), after, '2026-12-01', '2027-01-02').map((d) => d.date),
    ['2027-01-01', '2027-01-02'],
  );
});

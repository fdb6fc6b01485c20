/** The Art. 26 clock: 20 working days from the day information is formed or changed (domain.md §3.1, §3.3). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nationalCalendar } from '../calendar/calendar.ts';
import { addMonths, publicationDueOn } from './item-service.ts';
import { workdaysBetween } from './oversight-service.ts';

// [formed, changed?, due, why] — each row: Regulation Art. 26, counted on the official 2020–2025 calendars.
const DUE: [string, boolean, string, string][] = [
  ['2020-09-01', false, '2020-09-28', 'Art. 26; 2020-09-27 (Sunday) is a 调休 working day'],
  ['2020-09-20', false, '2020-10-22', 'Art. 26; National Day and Mid-Autumn 10-01..08 skipped, 10-10 (Saturday) worked'],
  ['2020-01-20', false, '2020-02-25', 'Art. 26; Spring Festival 2020 extended to 02-02 (国办发明电〔2020〕1号)'],
  ['2021-06-07', false, '2021-07-06', 'Art. 26; Dragon Boat 2021-06-14 skipped'],
  ['2023-12-25', true, '2024-01-23', 'Art. 26 “变更”: same 20 working days from the change; New Year 2024-01-01 skipped'],
  ['2025-04-30', false, '2025-06-03', 'Art. 26; Labour Day 05-01..05 and Dragon Boat 05-31..06-02 skipped, 04-27 worked'],
];

describe('publicationDueOn (Art. 26)', () => {
  for (const [formed, changed, due, why] of DUE) {
    it(`${formed}${changed ? ' (changed)' : ''} → ${due}: ${why}`, () => {
      assert.equal(publicationDueOn(formed, nationalCalendar(), { changed }), due);
    });
  }
  it('has no deadline without a formation date', () => {
    assert.equal(publicationDueOn(null, nationalCalendar()), null);
  });
});

describe('working days left', () => {
  const ROWS: [string, string, number][] = [
    ['2020-09-28', '2020-09-28', 0],
    ['2020-09-25', '2020-09-28', 2],
    ['2020-09-30', '2020-10-09', 1],
    ['2020-10-12', '2020-10-09', -2],
  ];
  for (const [today, due, n] of ROWS) it(`${today} → ${due}: ${n}`, () => assert.equal(workdaysBetween(today, due, nationalCalendar()), n));
});

describe('addMonths (Art. 18 re-review period)', () => {
  const ROWS: [string, number, string][] = [['2020-01-31', 1, '2020-02-29'], ['2020-09-01', 12, '2021-09-01'], ['2021-12-15', 3, '2022-03-15']];
  for (const [d, m, r] of ROWS) it(`${d} + ${m} months → ${r}`, () => assert.equal(addMonths(d, m), r));
});

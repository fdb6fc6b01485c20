// Property tests (issue 3): add-workdays is monotonic and additive, a pause of k working days inside the window
// moves the due date by exactly k working days, and the index agrees with a naive day-by-day count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nationalCalendar } from './calendar.ts';
import { computeReplyDeadline, replyDueOn } from './clocks.ts';
import { formatDayNumber, parseIsoDate } from './dates.ts';
import { officialAddWorkdays } from './official-notices.ts';

const cal = nationalCalendar();
const dateBetween = (from: string, to: string) =>
  fc.integer({ min: parseIsoDate(from), max: parseIsoDate(to) }).map(formatDayNumber);
const anyDate = dateBetween('2019-01-01', '2028-12-31');
const count = fc.integer({ min: 1, max: 400 });

test('addWorkdays is strictly increasing in n and non-decreasing in the date', () => {
  fc.assert(
    fc.property(anyDate, count, count, (d, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      if (lo === hi) return cal.addWorkdays(d, lo) === cal.addWorkdays(d, hi);
      return cal.addWorkdays(d, lo) < cal.addWorkdays(d, hi);
    }),
  );
  fc.assert(
    fc.property(anyDate, anyDate, count, (d1, d2, n) => {
      const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
      return cal.addWorkdays(early, n) <= cal.addWorkdays(late, n);
    }),
  );
});

test('add(add(d, a), b) = add(d, a + b)', () => {
  fc.assert(
    fc.property(anyDate, count, count, (d, a, b) => cal.addWorkdays(cal.addWorkdays(d, a), b) === cal.addWorkdays(d, a + b)),
  );
});

test('the n-th working day after d is a working day, after d, with exactly n working days in between', () => {
  fc.assert(
    fc.property(anyDate, count, (d, n) => {
      const due = cal.addWorkdays(d, n);
      const next = formatDayNumber(parseIsoDate(d) + 1);
      return due > d && cal.isWorkday(due) && cal.countWorkdays(next, due) === n;
    }),
  );
});

test('the index agrees with stepping day by day through the transcribed notices (2020–2026)', () => {
  fc.assert(
    fc.property(dateBetween('2020-01-01', '2026-06-30'), fc.integer({ min: 1, max: 100 }), (d, n) => {
      return cal.addWorkdays(d, n) === officialAddWorkdays(d, n);
    }),
    { numRuns: 300 },
  );
});

test('a pause of k working days fully inside the window moves the due date by exactly k working days (Art. 33 ¶3)', () => {
  fc.assert(
    fc.property(anyDate, fc.nat(), fc.nat(), (received, x, y) => {
      const due = replyDueOn({ received });
      const first = parseIsoDate(received) + 1;
      const span = parseIsoDate(due) - first + 1;
      const a = first + (x % span);
      const b = first + (y % span);
      const pause = { from: formatDayNumber(Math.min(a, b)), to: formatDayNumber(Math.max(a, b)) };
      const k = cal.countWorkdays(pause.from, pause.to);
      const moved = replyDueOn({ received, pauses: [pause] });
      return moved === (k === 0 ? due : cal.addWorkdays(due, k));
    }),
  );
});

test('the traced clock and the fast path agree on random requests with pauses and extensions', () => {
  const pause = fc.tuple(dateBetween('2019-01-01', '2028-12-31'), fc.integer({ min: 0, max: 40 })).map(([from, len]) => ({
    from,
    to: formatDayNumber(parseIsoDate(from) + len),
  }));
  fc.assert(
    fc.property(
      anyDate,
      fc.integer({ min: 0, max: 30 }),
      fc.array(pause, { maxLength: 4 }),
      fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      (received, correctedAfter, pauses, extension) => {
        const corrected = correctedAfter > 0 ? formatDayNumber(parseIsoDate(received) + correctedAfter) : undefined;
        const input = { received, ...(corrected && { corrected }), pauses, ...(extension && { extension }) };
        const traced = computeReplyDeadline(input);
        assert.equal(traced.dueOn, replyDueOn(input));
        assert.equal(traced.trace.at(-1)?.date, traced.dueOn);
        // Trace dates never go backwards once counting starts.
        const dates = traced.trace.filter((e) => e.code !== 'pause_ignored').map((e) => e.date);
        const start = dates.indexOf(corrected ?? received, corrected ? 1 : 0);
        return dates.slice(start).every((d, i, all) => i === 0 || all[i - 1] <= d);
      },
    ),
  );
});

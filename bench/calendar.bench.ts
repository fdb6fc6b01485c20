// Calendar benchmark (issue 3 "Performance"): 1,000,000 reply due dates (Art. 33) must take well under a second.
// Run: node --import tsx bench/calendar.bench.ts  → one JSON line per case: {name, n, ms, perSecond}.
import { performance } from 'node:perf_hooks';
import { buildCalendar, nationalCalendar } from '../src/calendar/calendar.ts';
import { computeReplyDeadline, replyDueOn } from '../src/calendar/clocks.ts';
import { formatDayNumber, parseIsoDate } from '../src/calendar/dates.ts';
import { seedCalendarData } from '../src/calendar/seed.ts';

const calendar = nationalCalendar();
const first = parseIsoDate('2019-01-01');
const days = parseIsoDate('2026-12-31') - first;
// Received dates spread over 2019–2026, precomputed so the timing covers only the calendar.
const received = Array.from({ length: 4096 }, (_, i) => formatDayNumber(first + ((i * 7919) % days)));
// A consultation pause starting 5 days after receipt and lasting 3–17 days.
const pauses = received.map((r, i) => [
  { from: formatDayNumber(parseIsoDate(r) + 5), to: formatDayNumber(parseIsoDate(r) + 8 + (i % 15)) },
]);

function measure(name: string, n: number, run: (i: number) => unknown): void {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 20_000); i++) sink += String(run(i)).length; // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) sink += String(run(i)).length;
  const ms = performance.now() - start;
  if (sink < 0) throw new Error('unreachable');
  console.log(JSON.stringify({ name, n, ms: Math.round(ms * 10) / 10, perSecond: Math.round((n / ms) * 1000) }));
}

measure('calendar.addWorkdays (20 working days)', 1_000_000, (i) => calendar.addWorkdays(received[i & 4095], 20));
measure('calendar.replyDueOn (Art. 33, validated input)', 1_000_000, (i) => replyDueOn({ received: received[i & 4095] }, calendar));
measure('calendar.replyDueOn with a pause and an extension', 1_000_000, (i) =>
  replyDueOn({ received: received[i & 4095], pauses: pauses[i & 4095], extension: 10 }, calendar),
);
measure('calendar.computeReplyDeadline with trace', 100_000, (i) => computeReplyDeadline({ received: received[i & 4095] }, calendar).dueOn);
measure('calendar.buildCalendar (2000–2099 index)', 100, () => buildCalendar(seedCalendarData()).announcedYears.length);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInput } from '../errors.ts';
import { buildCalendar } from './calendar.ts';
import { withLocalDays } from './calendar-data.ts';
import {
  clockDueOn,
  computeAnnualReportDeadline,
  computeClock,
  computeConsultationDeadline,
  computeCorrectionNoticeDeadline,
  computeFeePaymentDeadline,
  computeMailboxReplyDeadline,
  computePublicationDeadline,
  computeReplyDeadline,
  parsePause,
  receiptDate,
  replyDueOn,
  type ClockInput,
} from './clocks.ts';
import { officialAddWorkdays } from './official-notices.ts';
import { seedCalendarData } from './seed.ts';
import { renderTrace, traceSummary } from './trace.ts';

// Art. 33: reply within 20 working days of receipt. One row per holiday period 2020–2026 (domain.md §6.2): the
// request arrives three working days before the holiday, so the clock crosses it. Expected dates were computed by
// stepping day by day through the transcribed notices (official-notices.ts) and spot-checked by hand (marked ✓).
const HOLIDAY_ROWS: [string, string, string][] = [
  ['Art. 33 · 2020 元旦 + 春节 extension', '2019-12-27', '2020-02-03'],
  ['Art. 33 · 2020 春节 (extended to 02-02)', '2020-01-21', '2020-02-26'],
  ['Art. 33 · 2020 清明节', '2020-04-01', '2020-04-29'],
  ['Art. 33 · 2020 劳动节', '2020-04-28', '2020-05-28'],
  ['Art. 33 · 2020 端午节', '2020-06-22', '2020-07-21'],
  ['Art. 33 · 2020 国庆节、中秋节 ✓ (issue 3 example)', '2020-09-28', '2020-11-02'],
  ['Art. 33 · 2021 元旦', '2020-12-29', '2021-01-27'],
  ['Art. 33 · 2021 春节', '2021-02-08', '2021-03-12'],
  ['Art. 33 · 2021 清明节', '2021-03-31', '2021-04-28'],
  ['Art. 33 · 2021 劳动节', '2021-04-28', '2021-05-28'],
  ['Art. 33 · 2021 端午节', '2021-06-09', '2021-07-08'],
  ['Art. 33 · 2021 中秋节', '2021-09-15', '2021-10-19'],
  ['Art. 33 · 2021 国庆节', '2021-09-28', '2021-11-01'],
  ['Art. 33 · 2022 元旦', '2021-12-29', '2022-01-27'],
  ['Art. 33 · 2022 春节 (make-up Sat+Sun before)', '2022-01-26', '2022-02-28'],
  ['Art. 33 · 2022 清明节', '2022-03-30', '2022-04-27'],
  ['Art. 33 · 2022 劳动节', '2022-04-27', '2022-05-27'],
  ['Art. 33 · 2022 端午节', '2022-05-31', '2022-06-29'],
  ['Art. 33 · 2022 中秋节', '2022-09-07', '2022-10-11'],
  ['Art. 33 · 2022 国庆节', '2022-09-28', '2022-10-31'],
  ['Art. 33 · 2023 元旦 (from 2022-12-31)', '2022-12-28', '2023-01-31'],
  ['Art. 33 · 2023 春节', '2023-01-18', '2023-02-20'],
  ['Art. 33 · 2023 清明节', '2023-03-31', '2023-04-28'],
  ['Art. 33 · 2023 劳动节', '2023-04-26', '2023-05-26'],
  ['Art. 33 · 2023 端午节', '2023-06-19', '2023-07-18'],
  ['Art. 33 · 2023 中秋节、国庆节', '2023-09-26', '2023-10-30'],
  ['Art. 33 · 2024 元旦', '2023-12-27', '2024-01-25'],
  ['Art. 33 · 2024 春节', '2024-02-07', '2024-03-12'],
  ['Art. 33 · 2024 清明节', '2024-04-01', '2024-04-29'],
  ['Art. 33 · 2024 劳动节 ✓', '2024-04-26', '2024-05-27'],
  ['Art. 33 · 2024 端午节', '2024-06-05', '2024-07-04'],
  ['Art. 33 · 2024 中秋节', '2024-09-11', '2024-10-15'],
  ['Art. 33 · 2024 国庆节', '2024-09-26', '2024-10-29'],
  ['Art. 33 · 2025 元旦 + 春节 make-up Sunday 01-26', '2024-12-27', '2025-01-26'],
  ['Art. 33 · 2025 春节', '2025-01-23', '2025-02-26'],
  ['Art. 33 · 2025 清明节', '2025-04-01', '2025-04-29'],
  ['Art. 33 · 2025 劳动节', '2025-04-28', '2025-05-29'],
  ['Art. 33 · 2025 端午节', '2025-05-28', '2025-06-26'],
  ['Art. 33 · 2025 国庆节、中秋节', '2025-09-26', '2025-10-30'],
  ['Art. 33 · 2026 元旦', '2025-12-29', '2026-01-27'],
  ['Art. 33 · 2026 春节', '2026-02-11', '2026-03-17'],
  ['Art. 33 · 2026 清明节', '2026-04-01', '2026-04-30'],
  ['Art. 33 · 2026 劳动节', '2026-04-28', '2026-05-28'],
  ['Art. 33 · 2026 端午节', '2026-06-16', '2026-07-15'],
  ['Art. 33 · 2026 中秋节', '2026-09-22', '2026-10-27'],
  ['Art. 33 · 2026 国庆节', '2026-09-28', '2026-10-30'],
];

test('reply deadline crosses every holiday period 2020–2026 (Art. 33)', () => {
  for (const [why, received, due] of HOLIDAY_ROWS) {
    const result = computeReplyDeadline({ received });
    assert.equal(result.dueOn, due, why);
    assert.equal(replyDueOn({ received }), due, `${why} (fast path)`);
    assert.equal(officialAddWorkdays(received, 20), due, `${why} (oracle)`);
    assert.deepEqual(result.warnings, [], why);
    assert.equal(result.trace.at(-1)?.code, 'due');
    assert.ok(result.trace.some((e) => e.code === 'rest_period'), `${why}: the holiday is explained`);
  }
});

test('the trace explains each step in Chinese and in English (issue 3 example)', () => {
  const { dueOn, trace } = computeReplyDeadline({ received: '2020-09-28' });
  assert.equal(dueOn, '2020-11-02');
  assert.deepEqual(
    trace.map((e) => [e.date, e.code]),
    [
      ['2020-09-28', 'start'],
      ['2020-09-29', 'workday'],
      ['2020-10-01', 'rest_period'],
      ['2020-10-09', 'workday'],
      ['2020-10-10', 'makeup'],
      ['2020-11-02', 'due'],
    ],
  );
  const zh = traceSummary(trace);
  assert.match(zh, /^收到申请 2020-09-28（周一）/);
  assert.match(zh, /第1个工作日 09-29（周二）/);
  assert.match(zh, /10-01（周四）至10-08（周四）国庆节放假，不计入/);
  assert.match(zh, /10-10（周六）国庆节调休上班，计第4个工作日/);
  assert.match(zh, /答复期限 2020-11-02（周一）（第20个工作日）$/);
  const en = renderTrace(trace, 'en').map((e) => e.text);
  assert.match(en[4], /10-10 \(Sat\) make-up working day \(National Day\), counted as the 4th working day/);
  assert.match(en[5], /^Reply due 2020-11-02 \(Mon\)/);
});

test('make-up Saturdays and Sundays count as working days (domain.md §6.1)', () => {
  const rows: [string, string, number, string][] = [
    ['Art. 30 · 2022 春节: Sat 01-29 and Sun 01-30 are days 1 and 2', '2022-01-28', 7, '2022-02-11'],
    ['Art. 30 · 2026 元旦: Sun 01-04 is day 1 ✓', '2026-01-03', 7, '2026-01-12'],
    ['Art. 30 · 2026 春节: Sat 02-14 is day 2 and Sat 02-28 day 7 ✓', '2026-02-12', 7, '2026-02-28'],
  ];
  for (const [why, received, n, due] of rows) {
    const result = computeCorrectionNoticeDeadline({ received });
    assert.equal(n, 7);
    assert.equal(result.dueOn, due, why);
    assert.equal(officialAddWorkdays(received, n), due, `${why} (oracle)`);
    assert.ok(result.trace.some((e) => e.code === 'makeup'), why);
  }
});

test('2020 Spring Festival extension moves clocks: 02-01 is no longer a working day (国办发明电〔2020〕1号)', () => {
  // ✓ by hand: 01-21, 22, 23 = days 1–3; 01-24..02-02 rest; 02-03 = day 4 … 02-25 = day 20.
  assert.equal(computeReplyDeadline({ received: '2020-01-20' }).dueOn, '2020-02-25');
  const rest = computeReplyDeadline({ received: '2020-01-20' }).trace.find((e) => e.code === 'rest_period');
  assert.deepEqual([rest?.params.from, rest?.params.to], ['2020-01-24', '2020-02-02']);
});

test('补正 restarts the reply clock from receipt of the corrected application (Art. 30)', () => {
  const rows: [string, { received: string; corrected: string }, string][] = [
    ['Art. 30 · restart crosses 2024 清明 with make-up Sunday 04-07 ✓', { received: '2024-03-01', corrected: '2024-03-15' }, '2024-04-15'],
    ['Art. 30 · corrected the same day', { received: '2020-09-28', corrected: '2020-09-28' }, '2020-11-02'],
    ['Art. 30 · corrected across the year end', { received: '2020-12-01', corrected: '2020-12-30' }, '2021-01-28'],
  ];
  for (const [why, input, due] of rows) {
    const result = computeReplyDeadline(input);
    assert.equal(result.dueOn, due, why);
    assert.equal(officialAddWorkdays(input.corrected, 20), due, `${why} (oracle)`);
    assert.deepEqual(result.trace.slice(0, 3).map((e) => e.code), ['start', 'restart', 'start']);
    assert.equal(result.trace[2].params.event, 'corrected');
  }
  const notice = computeCorrectionNoticeDeadline({ received: '2020-09-28' });
  assert.equal(notice.dueOn, '2020-10-14', 'Art. 30: 7 working days: 09-29, 09-30, 10-09, 10-10, 10-12, 10-13, 10-14');
  assert.throws(() => computeReplyDeadline({ received: '2020-09-28', corrected: '2020-09-27' }), /早于收到申请的日期/);
});

test('consultation pauses exclude their working days, inside and across holidays (Art. 33 ¶3)', () => {
  const base = '2020-09-28'; // due 2020-11-02 without pauses
  const rows: [string, string, { from: string; to: string }[], string, number[]][] = [
    ['Art. 33 ¶3 · pause across 国庆: 09-30 and 10-09 excluded', base, [{ from: '2020-09-30', to: '2020-10-09' }], '2020-11-04', [2]],
    ['Art. 33 ¶3 · pause wholly inside 国庆: nothing excluded', base, [{ from: '2020-10-02', to: '2020-10-05' }], '2020-11-02', [0]],
    ['Art. 33 ¶3 · pause on the make-up Saturday only', base, [{ from: '2020-10-10', to: '2020-10-10' }], '2020-11-03', [1]],
    ['Art. 33 ¶3 · one-week pause in October', base, [{ from: '2020-10-12', to: '2020-10-16' }], '2020-11-09', [5]],
    ['Art. 33 ¶3 · overlapping pauses count each day once', base, [{ from: '2020-10-12', to: '2020-10-14' }, { from: '2020-10-13', to: '2020-10-16' }], '2020-11-09', [5]],
    ['Art. 33 ¶3 · two separate pauses', base, [{ from: '2020-10-12', to: '2020-10-12' }, { from: '2020-10-20', to: '2020-10-21' }], '2020-11-05', [1, 2]],
    ['Art. 33 ¶3 · pause beginning on the due date', base, [{ from: '2020-11-02', to: '2020-11-02' }], '2020-11-03', [1]],
    ['Art. 33 ¶3 · pause ending before receipt changes nothing', base, [{ from: '2020-09-01', to: '2020-09-10' }], '2020-11-02', []],
    ['Art. 33 ¶3 · pause after the due date changes nothing', base, [{ from: '2020-11-03', to: '2020-11-20' }], '2020-11-02', []],
    // ✓ by hand: without the pause 2021-01-08; the pause takes 12-30, 12-31, 01-04, 01-05 (01-01..03 are rest days).
    ['Art. 33 ¶3 · pause across the year end and 2021 元旦', '2020-12-10', [{ from: '2020-12-30', to: '2021-01-05' }], '2021-01-14', [4]],
  ];
  assert.equal(computeReplyDeadline({ received: '2020-12-10' }).dueOn, '2021-01-08');
  for (const [why, received, pauses, due, excluded] of rows) {
    const input = { received, pauses };
    const result = computeReplyDeadline(input);
    assert.equal(result.dueOn, due, why);
    assert.equal(replyDueOn(input), due, `${why} (fast path)`);
    assert.deepEqual(result.trace.filter((e) => e.code === 'pause').map((e) => e.params.excluded), excluded, why);
  }
  const ignored = computeReplyDeadline({
    received: base,
    pauses: [{ from: '2020-09-01', to: '2020-09-10' }, { from: '2020-11-03', to: '2020-11-20' }],
  });
  assert.deepEqual(ignored.trace.filter((e) => e.code === 'pause_ignored').map((e) => e.params.from), ['2020-09-01', '2020-11-03']);
  assert.equal(ignored.trace.at(-1)?.code, 'due');
  const text = computeReplyDeadline({ received: base, pauses: [{ from: '2020-09-30', to: '2020-10-09', party: 'third_party' }] });
  assert.match(traceSummary(text.trace), /征求第三方意见 09-30（周三）至10-09（周五），其间2个工作日不计入期限（条例第三十三条第三款）/);
  assert.match(traceSummary(text.trace, 'en'), /Third-party consultation 09-30 \(Wed\) to 10-09 \(Fri\): 2 working day\(s\) excluded/);
  const both = computeReplyDeadline({
    received: base,
    pauses: [
      { from: '2020-10-12', to: '2020-10-14', party: 'third_party' },
      { from: '2020-10-14', to: '2020-10-16', party: 'agency' },
    ],
  });
  assert.match(traceSummary(both.trace), /征求第三方意见、征求其他机关意见 10-12（周一）至10-16（周五），其间5个工作日/);
});

test('third party and consulted agency have 15 working days (Arts. 32, 34)', () => {
  const third = computeConsultationDeadline({ received: '2021-09-15', party: 'third_party' });
  assert.equal(third.dueOn, officialAddWorkdays('2021-09-15', 15));
  assert.equal(third.dueOn, '2021-10-12', '✓ crosses 中秋 09-19..21 (make-up 09-18) and 国庆 10-01..07 (make-up 09-26, 10-09)');
  assert.match(traceSummary(third.trace), /第三方答复期限 2021-10-12/);
  const agency = computeConsultationDeadline({ received: '2021-09-15', party: 'agency' });
  assert.match(traceSummary(agency.trace), /被征求意见机关答复期限 2021-10-12/);
  assert.throws(() => computeConsultationDeadline({ received: '2021-09-15', party: 'public' as 'agency' }), InvalidInput);
});

test('extension adds 1–20 working days with the approver recorded (Art. 33 ¶2)', () => {
  const extended = computeReplyDeadline({ received: '2020-09-28', extension: { workdays: 20, approver: '李主任' } });
  assert.equal(extended.dueOn, '2020-11-30');
  const codes = extended.trace.map((e) => e.code);
  assert.ok(codes.indexOf('statutory_due') < codes.indexOf('extension'));
  assert.equal(extended.trace.find((e) => e.code === 'statutory_due')?.date, '2020-11-02');
  assert.match(traceSummary(extended.trace), /负责人（李主任）同意，延长20个工作日/);
  assert.equal(computeReplyDeadline({ received: '2020-09-28', extension: 1 }).dueOn, '2020-11-03');
  // Pauses inside the extension are excluded too.
  assert.equal(
    computeReplyDeadline({ received: '2020-09-28', extension: 5, pauses: [{ from: '2020-11-04', to: '2020-11-05' }] }).dueOn,
    '2020-11-11',
  );
  for (const bad of [0, 21, 1.5, -3]) {
    assert.throws(() => computeReplyDeadline({ received: '2020-09-28', extension: bad }), /1 到 20 个工作日/, String(bad));
  }
});

test('fee payment, proactive publication and mailbox clocks (§3.4, Art. 26, agency-set)', () => {
  const fee = computeFeePaymentDeadline({ noticeReceived: '2023-09-26' });
  assert.equal(fee.dueOn, '2023-10-30');
  assert.match(traceSummary(fee.trace), /^收到收费通知 2023-09-26.*缴费期限 2023-10-30/);
  const pub = computePublicationDeadline({ formedOn: '2025-01-23' });
  assert.equal(pub.dueOn, '2025-02-26');
  assert.match(pub.trace[0].text, /^政府信息形成 2025-01-23/);
  assert.match(computePublicationDeadline({ formedOn: '2025-01-23', changed: true }).trace[0].text, /^政府信息变更/);
  const mail = computeMailboxReplyDeadline({ received: '2024-09-30', workdays: 5 });
  assert.equal(mail.dueOn, '2024-10-12', '✓ National Day 10-01..07; make-up Sat 10-12 is day 5');
  for (const bad of [0, 61, 2.5]) assert.throws(() => computeMailboxReplyDeadline({ received: '2024-09-30', workdays: bad }), InvalidInput);
});

test('annual report: 31 January for departments, 31 March for governments, a calendar date (Art. 49)', () => {
  const rows: [number, 'department' | 'government', string][] = [
    [2020, 'department', '2021-01-31'],
    [2020, 'government', '2021-03-31'],
    [2023, 'department', '2024-01-31'],
    [2026, 'government', '2027-03-31'],
  ];
  for (const [year, level, due] of rows) {
    const result = computeAnnualReportDeadline({ year, level });
    assert.equal(result.dueOn, due, `Art. 49 · ${year} ${level}`);
    assert.deepEqual(result.warnings, []);
  }
  // 2021-01-31 is a Sunday: the trace says so rather than moving the date.
  assert.match(traceSummary(computeAnnualReportDeadline({ year: 2020, level: 'department' }).trace), /该日为休息日/);
  assert.throws(() => computeAnnualReportDeadline({ year: 2020.5, level: 'department' }), InvalidInput);
  assert.throws(() => computeAnnualReportDeadline({ year: 2020, level: 'county' as 'department' }), InvalidInput);
});

test('receipt date by channel (Art. 31)', () => {
  const dates = { submittedOn: '2020-09-25', signedOn: '2020-09-28', confirmedOn: '2020-09-29' };
  const rows: [Parameters<typeof receiptDate>[0], string, RegExp][] = [
    ['in_person', '2020-09-25', /当面提交，以提交之日为收到申请之日（条例第三十一条第一项）/],
    ['post_signed', '2020-09-28', /签收之日/],
    ['letter_confirmed', '2020-09-29', /平常信函/],
    ['online', '2020-09-29', /互联网渠道.*第三项/],
    ['fax', '2020-09-29', /传真/],
  ];
  for (const [channel, expected, text] of rows) {
    const r = receiptDate(channel, dates);
    assert.equal(r.receivedOn, expected, `Art. 31 · ${channel}`);
    assert.match(r.trace[0].text, text);
  }
  assert.throws(() => receiptDate('post_signed', { submittedOn: '2020-09-25' }), /signedOn.*条例第三十一条/);
  assert.throws(() => receiptDate('online', { submittedOn: '2020-09-30', confirmedOn: '2020-09-29' }), /早于寄出日期/);
  assert.throws(() => receiptDate('pigeon' as 'online', dates), /未知的提交方式/);
});

test('a clock reaching into an unannounced year says so (weekends only, provisional)', () => {
  const result = computeReplyDeadline({ received: '2026-12-15' });
  assert.equal(result.dueOn, '2027-01-12', '✓ weekends only in 2027 (01-01, a Friday, counts)');
  assert.equal(result.warnings.length, 1);
  assert.equal(result.warnings[0].code, 'provisional_year');
  assert.equal(result.warnings[0].params.year, 2027);
  assert.match(result.warnings[0].text, /2027年节假日安排尚未公布，该年仅按周末计算，期限为暂定/);
  assert.ok(result.trace.includes(result.warnings[0]));
  assert.equal(computeReplyDeadline({ received: '2018-06-01' }).warnings[0].params.year, 2018);
});

test('bad input gets a clear InvalidInput (design.md §5.2)', () => {
  const rows: [unknown, RegExp][] = [
    [{ received: '2021-02-29' }, /received：2021-02-29 不是有效日期/],
    [{ received: '2020-13-01' }, /月份应为 01–12/],
    [{ received: 'yesterday' }, /不是 YYYY-MM-DD 格式/],
    [{}, /received：缺少日期/],
    [{ received: '2020-09-28', pauses: [{ from: '2020-10-12', to: '2020-10-09' }] }, /结束日 2020-10-09 早于开始日 2020-10-12/],
    [{ received: '2020-09-28', pauses: [{ from: '2020-10-12' }] }, /pauses\[0\]\.to：缺少日期/],
    [{ received: '2020-09-28', extension: 21 }, /最长|1 到 20/],
  ];
  for (const [input, message] of rows) {
    assert.throws(() => computeReplyDeadline(input as never), (e: unknown) => e instanceof InvalidInput && message.test(e.message), JSON.stringify(input));
  }
  assert.throws(() => computeClock({ clock: 'nope' } as unknown as ClockInput), /未知的期限类型/);
});

test('agency calendars: local rest days and the start-day counting rule (domain.md §3.3, §6.2 note)', () => {
  const data = withLocalDays(seedCalendarData(), [{ scope: 'hubei', date: '2020-10-09', kind: 'rest', name: '本地节假日' }]);
  const hubei = buildCalendar(data, { agencyPath: ['hubei'] });
  const result = computeReplyDeadline({ received: '2020-09-28' }, hubei);
  assert.equal(result.dueOn, '2020-11-03');
  assert.match(traceSummary(result.trace), /10-01（周四）至10-09（周五）国庆节、本地节假日放假（含本地节假日），不计入/);
  const sameDay = buildCalendar(seedCalendarData(), { counting: 'start_day_counts' });
  const counted = computeReplyDeadline({ received: '2020-09-28' }, sameDay);
  assert.equal(counted.dueOn, '2020-10-30', 'the receipt day (a Monday) is day 1');
  assert.match(counted.trace[0].text, /当日为工作日的计入期限/);
  assert.equal(computeReplyDeadline({ received: '2020-10-01' }, sameDay).dueOn, '2020-11-04', '✓ a rest day does not count');
});

test('clockDueOn and computeClock agree for every kind of clock', () => {
  const inputs: ClockInput[] = [
    { clock: 'reply', received: '2024-09-26', corrected: '2024-09-27', pauses: [{ from: '2024-10-08', to: '2024-10-10' }], extension: 3 },
    { clock: 'correction_notice', received: '2024-09-26' },
    { clock: 'consultation', received: '2024-09-26', party: 'third_party' },
    { clock: 'fee_payment', noticeReceived: '2024-09-26' },
    { clock: 'publication', formedOn: '2024-09-26' },
    { clock: 'annual_report', year: 2024, level: 'government' },
    { clock: 'mailbox_reply', received: '2024-09-26', workdays: 10 },
  ];
  for (const input of inputs) assert.equal(clockDueOn(input), computeClock(input).dueOn, input.clock);
});

test('parsePause reads the CLI form FROM..TO (design.md §5.2)', () => {
  assert.deepEqual(parsePause('2020-10-12..2020-10-16'), { from: '2020-10-12', to: '2020-10-16' });
  assert.deepEqual(parsePause('2020-10-12'), { from: '2020-10-12', to: '2020-10-12' });
  assert.throws(() => parsePause('2020-10-16..2020-10-12'), /结束日 2020-10-12 早于开始日 2020-10-16/);
  assert.throws(() => parsePause('2020-10-12...2020-10-16'), InvalidInput);
  assert.throws(() => parsePause('2020-10-12..2020-02-30'), /pause\.to：2020-02-30 不是有效日期/);
  assert.throws(() => parsePause(''), /应写作/);
});

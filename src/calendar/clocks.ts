/**
 * Every deadline the Regulation (《政府信息公开条例》, 2019) sets, one pure function each (domain.md §3.3). Each
 * returns `{dueOn, trace, warnings}`; the calendar defaults to the shipped national one and is passed in for an
 * agency with local days or another counting rule. `computeReplyDeadline` is what `gongkai deadline` calls
 * (design.md §5.2).
 */
import { InvalidInput } from '../errors.ts';
import { nationalCalendar, type Calendar } from './calendar.ts';
import {
  dueDayNumber,
  normalizePauses,
  runClock,
  type ClockResult,
  type ClockSpec,
  type Extension,
  type Pause,
  type WorkdayClockSpec,
} from './clock-engine.ts';
import { MAX_YEAR, MIN_YEAR, dayNumberOf, formatDayNumber, parseIsoDate, type IsoDate } from './dates.ts';
import { traceEntry, type DueKind, type StartEvent, type TraceEntry } from './trace.ts';

export type { ClockResult, Extension, Pause } from './clock-engine.ts';

/** Reply: 自收到申请之日起20个工作日内 (Art. 33 ¶2). */
export const REPLY_WORKDAYS = 20;
/** Extension: 延长的期限最长不得超过20个工作日 (Art. 33 ¶2). */
export const MAX_EXTENSION_WORKDAYS = 20;
/** 补正 notice: 自收到申请之日起7个工作日内一次性告知 (Art. 30). */
export const CORRECTION_NOTICE_WORKDAYS = 7;
/** Third party / consulted agency: 15个工作日 (Arts. 32, 34). */
export const CONSULTATION_WORKDAYS = 15;
/** Fee payment: 20 working days after the 收费通知 is received (domain.md §3.4). */
export const FEE_PAYMENT_WORKDAYS = 20;
/** Proactive publication: 自该政府信息形成或者变更之日起20个工作日内 (Art. 26). */
export const PUBLICATION_WORKDAYS = 20;
/** Upper bound for an agency-set mailbox reply period. */
export const MAX_MAILBOX_WORKDAYS = 60;

/** How a request arrived (Art. 31), which decides its receipt date. */
export const RECEIPT_CHANNELS = [
  'in_person', // 当面提交 → 提交之日 (Art. 31(1))
  'post_signed', // 邮寄 → 行政机关签收之日 (Art. 31(2))
  'letter_confirmed', // 平常信函等无需签收 → 确认之日 (Art. 31(2))
  'online', // 互联网渠道 → 双方确认之日 (Art. 31(3))
  'fax', // 工作机构的传真 → 双方确认之日 (Art. 31(3))
] as const;
/** See {@link RECEIPT_CHANNELS}. */
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

/** The dates a receipt may depend on. */
export interface ReceiptDates {
  /** The day the applicant submitted (in person) or sent the request. */
  submittedOn?: IsoDate;
  /** The day the agency signed for a posted request. */
  signedOn?: IsoDate;
  /** The day the office and the applicant confirmed receipt (ordinary letter, online, fax). */
  confirmedOn?: IsoDate;
}

const RECEIPT_FIELD: Record<ReceiptChannel, keyof ReceiptDates> = {
  in_person: 'submittedOn',
  post_signed: 'signedOn',
  letter_confirmed: 'confirmedOn',
  online: 'confirmedOn',
  fax: 'confirmedOn',
};

/** The receipt date of a request by channel (Art. 31), with the trace line that explains it. */
export function receiptDate(channel: ReceiptChannel, dates: ReceiptDates): { receivedOn: IsoDate; trace: TraceEntry[] } {
  if (!(RECEIPT_CHANNELS as readonly string[]).includes(channel)) {
    throw new InvalidInput(`channel：未知的提交方式“${String(channel)}”（${RECEIPT_CHANNELS.join('、')}）`, {
      channel: 'invalid',
    });
  }
  const field = RECEIPT_FIELD[channel];
  const value = dates[field];
  if (value === undefined) {
    throw new InvalidInput(`${field}：${channel} 方式提交的申请需要该日期（条例第三十一条）`, { [field]: 'required' });
  }
  const receivedOn = formatDayNumber(parseIsoDate(value, field));
  if (dates.submittedOn !== undefined && field !== 'submittedOn') {
    if (parseIsoDate(dates.submittedOn, 'submittedOn') > parseIsoDate(receivedOn, field)) {
      throw new InvalidInput(`${field}：收到日期 ${receivedOn} 早于寄出日期 ${dates.submittedOn}`, { [field]: 'before_submitted' });
    }
  }
  return { receivedOn, trace: [traceEntry(receivedOn, 'receipt_rule', { channel })] };
}

/**
 * Parses a pause written `FROM..TO` (both inclusive; a single date means one day), the form of
 * `gongkai deadline --pause` (design.md §5.2). Throws InvalidInput on a bad form, bad dates or TO before FROM.
 */
export function parsePause(text: string, field = 'pause'): Pause {
  const parts = String(text ?? '').trim().split('..');
  if (parts.length > 2 || parts[0] === '') {
    throw new InvalidInput(`${field}：“${String(text)}”应写作 YYYY-MM-DD..YYYY-MM-DD`, { [field]: 'format' });
  }
  const [from, to = from] = parts;
  const a = parseIsoDate(from, `${field}.from`);
  const b = parseIsoDate(to, `${field}.to`);
  if (b < a) {
    throw new InvalidInput(`${field}：征求意见期间的结束日 ${to} 早于开始日 ${from}`, { [field]: 'ends_before_start' });
  }
  return { from, to };
}

/** Input of {@link computeReplyDeadline}; the shape of `gongkai deadline`'s options. */
export interface ReplyDeadlineInput {
  /** Receipt date of the application (Art. 31). */
  received: IsoDate;
  /** Receipt date of the corrected application after a 补正 notice: the clock restarts here (Art. 30). */
  corrected?: IsoDate;
  /** Consultation periods whose working days do not count (Art. 33 ¶3). */
  pauses?: readonly Pause[];
  /** Extension of 1–20 working days (Art. 33 ¶2), as a number or with the approver. */
  extension?: number | Extension;
}

function replySpec(input: ReplyDeadlineInput): WorkdayClockSpec {
  const received = parseIsoDate(input?.received, 'received');
  const preamble: TraceEntry[] = [];
  let start = received;
  let startEvent: StartEvent = 'received';
  if (input.corrected !== undefined) {
    const corrected = parseIsoDate(input.corrected, 'corrected');
    if (corrected < received) {
      throw new InvalidInput(`corrected：收到补正的日期 ${input.corrected} 早于收到申请的日期 ${input.received}`, {
        corrected: 'before_received',
      });
    }
    preamble.push(traceEntry(formatDayNumber(received), 'start', { event: 'received' }));
    preamble.push(traceEntry(formatDayNumber(corrected), 'restart', {}));
    start = corrected;
    startEvent = 'corrected';
  }
  const extension = normalizeExtension(input.extension);
  return {
    type: 'workdays',
    dueKind: 'reply',
    startEvent,
    start,
    preamble,
    workdays: REPLY_WORKDAYS,
    ...(extension && { extension }),
    pauses: normalizePauses(input.pauses),
  };
}

function normalizeExtension(extension: ReplyDeadlineInput['extension']): Extension | undefined {
  if (extension === undefined) return undefined;
  const value = typeof extension === 'number' ? { workdays: extension } : extension;
  const n = value?.workdays;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_EXTENSION_WORKDAYS) {
    throw new InvalidInput(
      `extension：延长期限应为 1 到 ${MAX_EXTENSION_WORKDAYS} 个工作日（条例第三十三条第二款），收到 ${String(n)}`,
      { extension: 'out_of_range' },
    );
  }
  return { workdays: n, ...(value.approver?.trim() && { approver: value.approver.trim() }) };
}

/** Reply deadline (Arts. 30, 33): 20 working days after receipt or 补正, minus pauses, plus an extension. */
export function computeReplyDeadline(input: ReplyDeadlineInput, calendar: Calendar = nationalCalendar()): ClockResult {
  return runClock(replySpec(input), calendar);
}

/** Just the reply due date (no trace), for bulk work. */
export function replyDueOn(input: ReplyDeadlineInput, calendar: Calendar = nationalCalendar()): IsoDate {
  return formatDayNumber(dueDayNumber(replySpec(input), calendar));
}

function simpleSpec(dueKind: DueKind, startEvent: StartEvent, start: number, workdays: number): WorkdayClockSpec {
  return { type: 'workdays', dueKind, startEvent, start, preamble: [], workdays, pauses: [] };
}

/** 补正 notice deadline (Art. 30): within 7 working days of receipt. */
export function computeCorrectionNoticeDeadline(
  input: { received: IsoDate },
  calendar: Calendar = nationalCalendar(),
): ClockResult {
  return runClock(clockSpec({ clock: 'correction_notice', ...input }), calendar);
}

/** Who is consulted: a third party (Art. 32) or another agency for jointly produced information (Art. 34). */
export type ConsultedParty = 'third_party' | 'agency';

/** Consultation answer deadline (Arts. 32, 34): 15 working days after the 征求意见书 is received. */
export function computeConsultationDeadline(
  input: { received: IsoDate; party: ConsultedParty },
  calendar: Calendar = nationalCalendar(),
): ClockResult {
  return runClock(clockSpec({ clock: 'consultation', ...input }), calendar);
}

/** Fee payment deadline (domain.md §3.4): 20 working days after the 收费通知 is received. */
export function computeFeePaymentDeadline(
  input: { noticeReceived: IsoDate },
  calendar: Calendar = nationalCalendar(),
): ClockResult {
  return runClock(clockSpec({ clock: 'fee_payment', ...input }), calendar);
}

/** Proactive publication deadline (Art. 26): 20 working days after the information is formed or changed. */
export function computePublicationDeadline(
  input: { formedOn: IsoDate; changed?: boolean },
  calendar: Calendar = nationalCalendar(),
): ClockResult {
  return runClock(clockSpec({ clock: 'publication', ...input }), calendar);
}

/** Which annual-report deadline applies (Art. 49). */
export type ReportLevel = 'department' | 'government';

/** Annual report deadline (Art. 49): 31 January (departments) or 31 March (governments) of the following year. */
export function computeAnnualReportDeadline(
  input: { year: number; level: ReportLevel },
  calendar: Calendar = nationalCalendar(),
): ClockResult {
  return runClock(clockSpec({ clock: 'annual_report', ...input }), calendar);
}

/** Mailbox reply deadline: an agency-set number of working days after the message is received. */
export function computeMailboxReplyDeadline(
  input: { received: IsoDate; workdays: number },
  calendar: Calendar = nationalCalendar(),
): ClockResult {
  return runClock(clockSpec({ clock: 'mailbox_reply', ...input }), calendar);
}

/** Any clock's inputs, tagged; what the case modules store so clocks can be recomputed. */
export type ClockInput =
  | ({ clock: 'reply' } & ReplyDeadlineInput)
  | { clock: 'correction_notice'; received: IsoDate }
  | { clock: 'consultation'; received: IsoDate; party: ConsultedParty }
  | { clock: 'fee_payment'; noticeReceived: IsoDate }
  | { clock: 'publication'; formedOn: IsoDate; changed?: boolean }
  | { clock: 'annual_report'; year: number; level: ReportLevel }
  | { clock: 'mailbox_reply'; received: IsoDate; workdays: number };

/** Validates a clock's inputs into the engine's spec. */
export function clockSpec(input: ClockInput): ClockSpec {
  switch (input?.clock) {
    case 'reply':
      return replySpec(input);
    case 'correction_notice':
      return simpleSpec('correction_notice', 'received', parseIsoDate(input.received, 'received'), CORRECTION_NOTICE_WORKDAYS);
    case 'consultation': {
      if (input.party !== 'third_party' && input.party !== 'agency') {
        throw new InvalidInput(`party：应为 third_party 或 agency（收到 ${String(input.party)}）`, { party: 'invalid' });
      }
      const kind = input.party === 'third_party' ? 'third_party_reply' : 'agency_reply';
      return simpleSpec(kind, 'consultation_received', parseIsoDate(input.received, 'received'), CONSULTATION_WORKDAYS);
    }
    case 'fee_payment':
      return simpleSpec(
        'fee_payment',
        'fee_notice_received',
        parseIsoDate(input.noticeReceived, 'noticeReceived'),
        FEE_PAYMENT_WORKDAYS,
      );
    case 'publication':
      return simpleSpec(
        'publication',
        input.changed ? 'changed' : 'formed',
        parseIsoDate(input.formedOn, 'formedOn'),
        PUBLICATION_WORKDAYS,
      );
    case 'annual_report':
      return annualReportSpec(input.year, input.level);
    case 'mailbox_reply': {
      const n = input.workdays;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_MAILBOX_WORKDAYS) {
        throw new InvalidInput(`workdays：信箱答复期限应为 1 到 ${MAX_MAILBOX_WORKDAYS} 个工作日（收到 ${String(n)}）`, {
          workdays: 'out_of_range',
        });
      }
      return simpleSpec('mailbox_reply', 'mailbox_received', parseIsoDate(input.received, 'received'), n);
    }
    default:
      throw new InvalidInput(`clock：未知的期限类型“${String((input as { clock?: unknown })?.clock)}”`, { clock: 'invalid' });
  }
}

function annualReportSpec(year: number, level: ReportLevel): ClockSpec {
  if (!Number.isInteger(year) || year < MIN_YEAR || year >= MAX_YEAR) {
    throw new InvalidInput(`year：报告年度“${String(year)}”无效（${MIN_YEAR}–${MAX_YEAR - 1}）`, { year: 'out_of_range' });
  }
  if (level !== 'department' && level !== 'government') {
    throw new InvalidInput(`level：应为 department 或 government（收到 ${String(level)}）`, { level: 'invalid' });
  }
  const [month, monthDay, monthDayEn] = level === 'department' ? [1, '1月31日', '31 January'] : [3, '3月31日', '31 March'];
  return {
    type: 'fixed',
    dueKind: 'annual_report',
    startEvent: 'report_year_end',
    start: dayNumberOf(year, 12, 31),
    due: dayNumberOf(year + 1, month as number, 31),
    params: { level, monthDay: monthDay as string, monthDayEn: monthDayEn as string, year },
  };
}

/** Runs any clock with its trace. */
export function computeClock(input: ClockInput, calendar: Calendar = nationalCalendar()): ClockResult {
  return runClock(clockSpec(input), calendar);
}

/** Any clock's due date without a trace (O(pauses)); used to recompute many clocks at once. */
export function clockDueOn(input: ClockInput, calendar: Calendar = nationalCalendar()): IsoDate {
  return formatDayNumber(dueDayNumber(clockSpec(input), calendar));
}

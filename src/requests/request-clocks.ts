/**
 * The statutory clocks of a case, all from src/calendar (never our own date arithmetic) on the calendar of the case's
 * agency (callers pass `calendarFor(ctx, agencyId)` or, inside a transaction, a calendar read through it): the reply
 * deadline (Art. 33, restarted by 补正 Art. 30, paused by consultations Art. 33 ¶3, extended Art. 33 ¶2), the 补正
 * notice deadline (Art. 30), each consultation's answer deadline (Arts. 32, 34) and the fee payment deadline
 * (domain.md §3.4).
 *
 * Decision (domain.md §3.3 leaves it UNCONFIRMED): the fee payment period does not pause the reply clock.
 */
import {
  computeConsultationDeadline,
  computeCorrectionNoticeDeadline,
  computeFeePaymentDeadline,
  computeReplyDeadline,
  replyDueOn,
  type ReplyDeadlineInput,
} from '../calendar/clocks.ts';
import type { ClockResult, Pause } from '../calendar/clock-engine.ts';
import type { Calendar } from '../calendar/calendar.ts';
import type { Consultation, InfoRequest } from './request-store.ts';

/** The facts of a case the reply clock depends on. */
export type ClockFacts = Pick<InfoRequest, 'state' | 'receivedOn' | 'correctionRequestedOn' | 'correctedOn' | 'extensionWorkdays' | 'extensionApprover'>;

/** The consultation pauses: sending to answer, both inclusive; an open one runs to `today` (Art. 33 ¶3). */
export function consultationPauses(consultations: readonly Consultation[], today: string): Pause[] {
  return consultations
    .filter((c) => c.sentOn <= (c.answeredOn ?? today))
    .map((c) => ({
      from: c.sentOn,
      to: c.answeredOn ?? today,
      label: c.party === 'third_party' ? '征求第三方意见' : '征求其他机关意见',
    }));
}

/**
 * The reply clock's inputs, or undefined while the applicant has been asked to correct the application (the clock
 * starts again from the corrected application, Art. 30).
 */
export function replyClockInput(c: ClockFacts, consultations: readonly Consultation[], today: string): ReplyDeadlineInput | undefined {
  if (c.state === 'correction_requested' || (c.correctionRequestedOn && !c.correctedOn)) return undefined;
  return {
    received: c.receivedOn,
    ...(c.correctedOn ? { corrected: c.correctedOn } : {}),
    pauses: consultationPauses(consultations, today),
    ...(c.extensionWorkdays ? { extension: { workdays: c.extensionWorkdays, approver: c.extensionApprover ?? undefined } } : {}),
  };
}

/** The reply due date (no trace), or null while waiting for 补正. */
export function replyDueDate(c: ClockFacts, consultations: readonly Consultation[], today: string, calendar: Calendar): string | null {
  const input = replyClockInput(c, consultations, today);
  return input ? replyDueOn(input, calendar) : null;
}

/** Every clock of a case with its explanation, for the case page. */
export interface CaseClocks {
  reply?: ClockResult;
  correctionNotice: ClockResult;
  consultations: { consultation: Consultation; clock: ClockResult }[];
  fee?: ClockResult;
}

/** Computes the clocks shown on the case page. */
export function caseClocks(
  c: ClockFacts & Pick<InfoRequest, 'feeNoticeOn'>,
  consultations: readonly Consultation[],
  today: string,
  calendar: Calendar,
): CaseClocks {
  const input = replyClockInput(c, consultations, today);
  return {
    reply: input ? computeReplyDeadline(input, calendar) : undefined,
    correctionNotice: computeCorrectionNoticeDeadline({ received: c.receivedOn }, calendar),
    consultations: consultations.map((k) => ({
      consultation: k,
      clock: computeConsultationDeadline({ received: k.sentOn, party: k.party }, calendar),
    })),
    fee: c.feeNoticeOn ? computeFeePaymentDeadline({ noticeReceived: c.feeNoticeOn }, calendar) : undefined,
  };
}

/** Working days left until `dueOn` (negative when overdue; 0 on the due day). */
export function workdaysLeft(dueOn: string, today: string, calendar: Calendar): number {
  if (dueOn >= today) return calendar.countWorkdays(today, dueOn) - (calendar.isWorkday(today) ? 1 : 0);
  return -calendar.countWorkdays(dueOn, today) + (calendar.isWorkday(dueOn) ? 1 : 0);
}

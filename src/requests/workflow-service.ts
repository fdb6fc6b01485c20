/**
 * Handling steps before the decision: 补正 (Art. 30), start of handling, consultation of third parties and other
 * agencies (Arts. 32–34), extension (Art. 33 ¶2), fees (Art. 42, domain.md §3.4), withdrawal and transfer. Each step
 * goes through `runStep` (one transaction: checks, clock, event, audit).
 */
import { z } from 'zod';
import type { Principal } from '../accounts/principal.ts';
import { selectAgencyByCode } from '../agencies/agency-store.ts';
import { PUBLIC_ACTOR, type Actor } from '../audit/audit.ts';
import {
  CORRECTION_NOTICE_WORKDAYS,
  MAX_EXTENSION_WORKDAYS,
  computeConsultationDeadline,
  computeCorrectionNoticeDeadline,
  computeFeePaymentDeadline,
} from '../calendar/clocks.ts';
import { yearOf } from '../calendar/dates.ts';
import { Conflict, InvalidInput } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';
import { FEES_APPLY_FROM, perRequestFeeFen, perVolumeFeeFen } from './fees.ts';
import { consultationLetter, correctionLetter, extensionLetter, feeLetter } from './letters.ts';
import { replyDueDate } from './request-clocks.ts';
import { insertConsultation, selectConsultations, updateConsultationAnswer, type InfoRequest } from './request-store.ts';
import { verifyApplicant } from './request-service.ts';
import { concludePatch, issueLetter, letterFacts, mailLetterToApplicant, recordEvent, runStep, type StepActor } from './workflow-engine.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
const version = z.coerce.number().int().min(1).optional();
const staff = (principal: Principal, actor: Actor): StepActor => ({ principal, actor });

/** 补正 (Art. 30): within 7 working days of receipt, once, with what to correct and a reasonable period. */
export const CorrectionRequestInput = z.object({
  notes: z.string().trim().min(4, { error: '请写明需要补正的事项' }).max(2000),
  periodWorkdays: z.coerce.number().int().min(5, { error: '补正期限不少于5个工作日' }).max(30, { error: '补正期限不超过30个工作日' }).default(15),
  version,
});

/** Asks the applicant to correct an unclear application. */
export async function requestCorrection(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(CorrectionRequestInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'request_correction', {
    version: input.version,
    apply: async (s) => {
      const noticeDue = computeCorrectionNoticeDeadline({ received: s.request.receivedOn }, s.calendar).dueOn;
      if (s.today > noticeDue) {
        throw new InvalidInput(`补正告知应当自收到申请之日起${CORRECTION_NOTICE_WORKDAYS}个工作日内作出（条例第三十条），期限已于${noticeDue}届满`, { notes: 'deadline_passed' }, 'correction_notice_late');
      }
      const dueOn = s.calendar.addWorkdays(s.today, input.periodWorkdays);
      const facts = await letterFacts(s.trx, s.request, s.agency);
      const letter = await issueLetter(ctx, s, actor, (n) => correctionLetter(facts, { notes: input.notes, dueOn, documentNumber: n, issuedOn: s.today }));
      return {
        patch: { correction_requested_on: s.today, correction_due_on: dueOn, correction_notes: input.notes, due_on: null },
        detail: { correctionDueOn: dueOn, letter: letter.documentNumber },
        after: () => mailLetterToApplicant(ctx, s.request, letter),
      };
    },
  });
}

/** The corrected application: online (today) or registered by staff with its receipt date. */
export const CorrectionInput = z.object({
  text: z.string().trim().min(2, { error: '请填写补正内容' }).max(5000),
  receivedOn: isoDate.optional(),
  version,
});

async function applyCorrection(ctx: Ctx, who: StepActor, id: string, input: z.infer<typeof CorrectionInput>): Promise<InfoRequest> {
  return runStep(ctx, who, id, 'submit_correction', {
    version: input.version,
    apply: async (s) => {
      const on = input.receivedOn ?? s.today;
      if (on > s.today || on < (s.request.correctionRequestedOn ?? s.request.receivedOn)) {
        throw new InvalidInput('收到补正的日期应在告知补正之日和今天之间', { receivedOn: 'out_of_range' });
      }
      return {
        patch: { corrected_on: on, description: `${s.request.description}\n\n【补正内容（${on}）】\n${input.text}` },
        detail: { correctedOn: on },
      };
    },
  });
}

/** Staff record the corrected application (Art. 30: the reply clock restarts from its receipt). */
export async function recordCorrection(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  return applyCorrection(ctx, staff(principal, actor), id, parseInput(CorrectionInput, raw));
}

/** The applicant sends the correction online, proving who they are with the tracking code and phone or email. */
export async function submitCorrectionOnline(ctx: Ctx, trackingCode: string, contact: string, raw: unknown, ip?: string): Promise<InfoRequest> {
  const r = await verifyApplicant(ctx, trackingCode, contact);
  const input = parseInput(CorrectionInput.omit({ receivedOn: true }), raw);
  return applyCorrection(ctx, { actor: { ...PUBLIC_ACTOR, ip } }, r.id, input);
}

/** No correction within the period without good reason: 视为放弃申请 (Art. 30), counted as 其他处理 1. */
export async function abandonForNoCorrection(ctx: Ctx, who: StepActor, id: string): Promise<InfoRequest> {
  return runStep(ctx, who, id, 'abandon_correction', {
    apply: async (s) => {
      if (!s.request.correctionDueOn || s.today <= s.request.correctionDueOn) {
        throw new Conflict(`补正期限（${s.request.correctionDueOn ?? '—'}）尚未届满`, undefined, 'period_not_expired');
      }
      return { patch: concludePatch('other_1', ['art30'], s.today), detail: { outcome: 'other_1' } };
    },
  });
}

/** Starts handling a registered application. */
export async function acceptRequest(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown = {}): Promise<InfoRequest> {
  const input = parseInput(z.object({ version }), raw);
  return runStep(ctx, staff(principal, actor), id, 'accept', { version: input.version, apply: async () => ({}) });
}

/** Consultation of a third party (Art. 32) or of another agency (Art. 34). */
export const ConsultationInput = z.object({
  party: z.enum(['third_party', 'agency'], { error: '请选择征求意见的对象' }),
  partyName: z.string().trim().min(2, { error: '请填写被征求意见方名称' }).max(100),
  sentOn: isoDate.optional(),
  version,
});

/** Sends a 征求意见书; the working days of the consultation do not count (Art. 33 ¶3). */
export async function startConsultation(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(ConsultationInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'start_consultation', {
    version: input.version,
    apply: async (s) => {
      const sentOn = input.sentOn ?? s.today;
      if (sentOn > s.today || sentOn < s.request.receivedOn) throw new InvalidInput('发出日期应在收到申请之日和今天之间', { sentOn: 'out_of_range' });
      const dueOn = computeConsultationDeadline({ received: sentOn, party: input.party }, s.calendar).dueOn;
      await insertConsultation(s.trx, { id: newId(), requestId: s.request.id, party: input.party, partyName: input.partyName, sentOn, answerDueOn: dueOn, answeredOn: null, opinion: '' }, s.at);
      const facts = await letterFacts(s.trx, s.request, s.agency);
      const letter = await issueLetter(ctx, s, actor, (n) => consultationLetter(facts, { party: input.party, partyName: input.partyName, dueOn, documentNumber: n, issuedOn: s.today }));
      return { detail: { party: input.party, sentOn, answerDueOn: dueOn, letter: letter.documentNumber } };
    },
  });
}

/** The consulted party's answer (or the lapse of its 15 working days). */
export const ConsultationAnswerInput = z.object({
  answeredOn: isoDate.optional(),
  opinion: z.enum(['agree', 'object', 'no_answer'], { error: '请选择意见' }),
  note: z.string().trim().max(2000).default(''),
  version,
});

/** Ends the open consultation; the reply clock resumes (Art. 33 ¶3). */
export async function endConsultation(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(ConsultationAnswerInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'end_consultation', {
    version: input.version,
    apply: async (s) => {
      const open = (await selectConsultations(s.trx, s.request.id)).find((c) => !c.answeredOn);
      if (!open) throw new Conflict('没有进行中的征求意见', undefined, 'no_open_consultation');
      const on = input.answeredOn ?? s.today;
      if (on < open.sentOn || on > s.today) throw new InvalidInput('答复日期应在发出征求意见书之日和今天之间', { answeredOn: 'out_of_range' });
      if (input.opinion === 'no_answer' && on <= open.answerDueOn) {
        throw new InvalidInput(`被征求意见方的答复期限（${open.answerDueOn}）尚未届满`, { opinion: 'period_not_expired' });
      }
      await updateConsultationAnswer(s.trx, open.id, on, [input.opinion, input.note].filter(Boolean).join('：'));
      return { detail: { party: open.party, answeredOn: on, opinion: input.opinion } };
    },
  });
}

/** Extension (Art. 33 ¶2): once, at most 20 working days, approved by the head of the disclosure office. */
export const ExtensionInput = z.object({
  workdays: z.coerce.number().int({ error: '延长的工作日数应为整数' })
    .min(1, { error: '延长期限至少1个工作日' })
    .max(MAX_EXTENSION_WORKDAYS, { error: `延长的期限最长不得超过${MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条第二款）` }),
  approver: z.string().trim().min(2, { error: '请填写同意延期的政府信息公开工作机构负责人' }).max(50),
  reason: z.string().trim().min(4, { error: '请写明延期理由' }).max(1000),
  version,
});

/** Extends the reply period and sends the 延期答复告知书. */
export async function extendDeadline(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(ExtensionInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'extend', {
    version: input.version,
    apply: async (s) => {
      if (s.request.dueOn && s.today > s.request.dueOn) {
        throw new InvalidInput(`答复期限已于${s.request.dueOn}届满，不能再延期（条例第三十三条第二款）`, { workdays: 'deadline_passed' }, 'extension_late');
      }
      const consultations = await selectConsultations(s.trx, s.request.id);
      const newDueOn = replyDueDate({ ...s.request, state: 'extended', extensionWorkdays: input.workdays, extensionApprover: input.approver }, consultations, s.today, s.calendar)!;
      const facts = await letterFacts(s.trx, s.request, s.agency);
      const letter = await issueLetter(ctx, s, actor, (n) => extensionLetter(facts, { workdays: input.workdays, newDueOn, reason: input.reason, documentNumber: n, issuedOn: s.today }));
      return {
        patch: { extension_workdays: input.workdays, extension_approver: input.approver, extended_on: s.today },
        detail: { workdays: input.workdays, dueOn: newDueOn, letter: letter.documentNumber },
        after: () => mailLetterToApplicant(ctx, s.request, letter),
      };
    },
  });
}

/** A fee notice: 按件 (the applicant's n-th request of the month) or 按量 (pages). */
export const FeeNoticeInput = z.object({
  mode: z.enum(['per_request', 'per_volume'], { error: '请选择计收方式' }),
  pages: z.coerce.number().int().min(1).max(1_000_000).optional(),
  version,
});

/** Sends the 收费通知 when the request exceeds the free quota (Art. 42; fee measures Arts. 3–5). */
export async function sendFeeNotice(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(FeeNoticeInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'send_fee_notice', {
    version: input.version,
    apply: async (s) => {
      const r = s.request;
      if (r.receivedOn < FEES_APPLY_FROM) throw new InvalidInput(`信息处理费自${FEES_APPLY_FROM}起收取`, { mode: 'not_applicable' }, 'fee_not_applicable');
      if (r.feeNoticeOn) throw new Conflict('本申请已发出过收费通知', undefined, 'fee_already_noticed');
      let units: number;
      let fen: number;
      if (input.mode === 'per_request') {
        units = await applicantOrdinalInMonth(s.trx, r);
        fen = perRequestFeeFen(units);
      } else {
        if (!input.pages) throw new InvalidInput('按量计收需要填写页数', { pages: '请填写页数' });
        units = input.pages;
        fen = perVolumeFeeFen(units);
      }
      if (fen === 0) throw new InvalidInput('本申请未超过免费标准，不收取信息处理费', { mode: 'free' }, 'fee_not_due');
      const dueOn = computeFeePaymentDeadline({ noticeReceived: s.today }, s.calendar).dueOn;
      const facts = await letterFacts(s.trx, r, s.agency);
      const letter = await issueLetter(ctx, s, actor, (n) => feeLetter(facts, { mode: input.mode, units, fen, dueOn, documentNumber: n, issuedOn: s.today }));
      return {
        patch: { fee_mode: input.mode, fee_units: units, fee_fen: fen, fee_notice_on: s.today, fee_due_on: dueOn },
        detail: { mode: input.mode, units, fen, feeDueOn: dueOn, letter: letter.documentNumber },
        after: () => mailLetterToApplicant(ctx, r, letter),
      };
    },
  });
}

/** The applicant's ordinal among their requests received in the same natural month (fee measures Art. 4). */
async function applicantOrdinalInMonth(trx: Ctx['db'], r: InfoRequest): Promise<number> {
  const month = r.receivedOn.slice(0, 7);
  const row = await trx.selectFrom('info_requests').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('applicant_key', '=', r.applicantKey)
    .where('received_on', '>=', `${month}-01`).where('received_on', '<=', `${month}-31`)
    .where((eb) => eb.or([eb('received_on', '<', r.receivedOn), eb.and([eb('received_on', '=', r.receivedOn), eb('request_id', '<=', r.id)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Payment received within the period; handling resumes. */
export async function recordPayment(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(z.object({ paidOn: isoDate.optional(), version }), raw);
  return runStep(ctx, staff(principal, actor), id, 'record_payment', {
    version: input.version,
    apply: async (s) => {
      const on = input.paidOn ?? s.today;
      if (on > s.today || on < (s.request.feeNoticeOn ?? s.request.receivedOn)) throw new InvalidInput('缴费日期应在发出收费通知之日和今天之间', { paidOn: 'out_of_range' });
      if (s.request.feeDueOn && on > s.request.feeDueOn) throw new InvalidInput(`缴费期限已于${s.request.feeDueOn}届满`, { paidOn: 'late' });
      return { patch: { fee_paid_on: on }, detail: { paidOn: on } };
    },
  });
}

/** No payment within 20 working days: 视为放弃申请 (domain.md §3.4), counted as 其他处理 2. */
export async function lapseForNonPayment(ctx: Ctx, who: StepActor, id: string): Promise<InfoRequest> {
  return runStep(ctx, who, id, 'fee_lapse', {
    apply: async (s) => {
      if (!s.request.feeDueOn || s.today <= s.request.feeDueOn) {
        throw new Conflict(`缴费期限（${s.request.feeDueOn ?? '—'}）尚未届满`, undefined, 'period_not_expired');
      }
      return { patch: concludePatch('other_2', ['art42_fee'], s.today), detail: { outcome: 'other_2' } };
    },
  });
}

/** Withdrawal before the reply (counted as 其他处理 3 其他). */
export const WithdrawalInput = z.object({
  channel: z.enum(['online', 'in_person', 'letter', 'phone', 'email'], { error: '请选择撤回方式' }).default('online'),
  version,
});

/** Staff record a withdrawal received in writing, in person or by other channels. */
export async function recordWithdrawal(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(WithdrawalInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'withdraw', {
    version: input.version,
    apply: async (s) => ({ patch: concludePatch('other_3', ['withdrawal'], s.today), detail: { outcome: 'other_3', channel: input.channel } }),
  });
}

/** The applicant withdraws online, proving who they are with the tracking code and phone or email. */
export async function withdrawOnline(ctx: Ctx, trackingCode: string, contact: string, ip?: string): Promise<InfoRequest> {
  const r = await verifyApplicant(ctx, trackingCode, contact);
  return runStep(ctx, { actor: { ...PUBLIC_ACTOR, ip } }, r.id, 'withdraw', {
    apply: async (s) => ({ patch: concludePatch('other_3', ['withdrawal'], s.today), detail: { outcome: 'other_3', channel: 'online' } }),
  });
}

/** Transfer to the agency that holds the information, on this platform. */
export const TransferInput = z.object({
  agency: z.string().trim().min(1, { error: '请选择接收机关' }).max(64),
  reason: z.string().trim().min(4, { error: '请写明转送理由' }).max(1000),
  version,
});

/**
 * Moves a case to another agency on the platform. The receiving agency's receipt date is the day of transfer
 * (Art. 31(3): confirmed online), so its clock starts afresh; the case is counted only by the receiving agency.
 */
export async function transferRequest(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(TransferInput, raw);
  return runStep(ctx, staff(principal, actor), id, 'transfer', {
    version: input.version,
    apply: async (s) => {
      const target = await selectAgencyByCode(s.trx, input.agency);
      if (!target) throw new InvalidInput('接收机关不存在', { agency: '未找到该机关' });
      if (target.id === s.request.agencyId) throw new InvalidInput('不能转送给本机关', { agency: 'same_agency' });
      await recordEvent(ctx, s.trx, actor, { requestId: s.request.id, agencyId: target.id, type: 'transferred_in', at: s.at, on: s.today, detail: { from: s.agency.code, to: target.code } });
      return {
        patch: {
          agency_id: target.id, transferred_from_agency_id: s.request.agencyId, received_on: s.today, received_year: yearOf(s.today),
          assignee_user_id: null, correction_requested_on: null, correction_due_on: null, corrected_on: null,
        },
        detail: { from: s.agency.code, to: target.code },
      };
    },
  });
}

/**
 * The workflow steps staff perform, by the action names of request.ts, for the back-office forms and the staff API.
 * One table so both surfaces offer exactly the same steps.
 */
import type { Principal } from '../../accounts/principal.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { approveDecision, closeRequest, recordDecision, returnDecision, sendReply } from '../../requests/decision-service.ts';
import type { InfoRequest } from '../../requests/request-views.ts';
import {
  abandonForNoCorrection, acceptRequest, endConsultation, extendDeadline, lapseForNonPayment, recordCorrection, recordPayment,
  recordWithdrawal, requestCorrection, sendFeeNotice, startConsultation, transferRequest,
} from '../../requests/workflow-service.ts';

type StaffStep = (ctx: Ctx, p: Principal, actor: Actor, id: string, body: unknown) => Promise<InfoRequest>;

/** Staff steps by action name (the keys of TRANSITIONS in request.ts). */
export const STAFF_ACTIONS = {
  request_correction: requestCorrection,
  submit_correction: recordCorrection,
  abandon_correction: (ctx, p, actor, id) => abandonForNoCorrection(ctx, { principal: p, actor }, id),
  accept: acceptRequest,
  start_consultation: startConsultation,
  end_consultation: endConsultation,
  extend: extendDeadline,
  send_fee_notice: sendFeeNotice,
  record_payment: recordPayment,
  fee_lapse: (ctx, p, actor, id) => lapseForNonPayment(ctx, { principal: p, actor }, id),
  decide: recordDecision,
  return_decision: returnDecision,
  approve: approveDecision,
  send_reply: sendReply,
  close: closeRequest,
  withdraw: recordWithdrawal,
  transfer: transferRequest,
} as const satisfies Record<string, StaffStep>;
/** A staff action name. */
export type StaffAction = keyof typeof STAFF_ACTIONS;

/** Runs a staff step. */
export function runStaffAction(ctx: Ctx, p: Principal, actor: Actor, id: string, action: StaffAction, body: unknown): Promise<InfoRequest> {
  const step: StaffStep = STAFF_ACTIONS[action];
  return step(ctx, p, actor, id, body);
}

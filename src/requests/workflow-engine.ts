/**
 * The one path every workflow step takes: load the case in a transaction, check permission, version and the
 * transition table (request.ts), apply the step, recompute the reply clock on the agency's calendar, write the timeline
 * event and the audit entry — all or nothing (Art. 45: 申请登记、审核、办理、答复、归档 as recorded steps).
 */
import type { Updateable } from 'kysely';
import { assertPermission, type Permission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import type { Agency } from '../agencies/agency.ts';
import { appendAudit } from '../audit/audit-service.ts';
import type { Actor } from '../audit/audit.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { calendarOf, loadCalendarSnapshot } from '../calendar/calendar-snapshot.ts';
import { yearOf } from '../calendar/dates.ts';
import { Conflict, InvalidTransition, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { lockForTransaction, type DB } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { letterText } from './letter-render.ts';
import { type Letter, type LetterFacts, formatAndDelivery, assertLetterSendable } from './letters.ts';
import type { Outcome } from './outcomes.ts';
import { replyDueDate } from './request-clocks.ts';
import { countLettersOfYear, insertEvent, insertLetter, selectConsultations, selectRequestById, updateRequestState, type InfoRequest } from './request-store.ts';
import type { InfoRequestsTable } from './request-tables.ts';
import { CONCLUDED_STATES, STATES, TRANSITIONS, canTransition, targetState, type RequestAction, type RequestEventType } from './request.ts';

/** Who performs a step: staff (with their principal) or the applicant online (public actor, verified by contact). */
export interface StepActor {
  actor: Actor;
  principal?: Principal;
}

/** What a step's `apply` returns. */
export interface StepResult {
  patch?: Updateable<InfoRequestsTable>;
  /** Timeline detail: dates, outcome codes; never personal data. */
  detail?: Record<string, unknown>;
  /** Runs after commit (mail). */
  after?: () => Promise<void>;
}

/** Everything `apply` may need. */
export interface StepScope {
  trx: DB;
  request: InfoRequest;
  agency: Agency;
  /** The agency's calendar (national notices, its local days, its counting rule), read in this transaction. */
  calendar: Calendar;
  today: string;
  at: string;
}

/** Options of one step. */
export interface StepOptions {
  /** The permission staff need; omitted for applicant steps (the caller verified the applicant). */
  permission?: Permission;
  /** The version the form was rendered with (optimistic locking). */
  version?: number;
  apply: (s: StepScope) => Promise<StepResult>;
}

/** The patch that concludes a case with an outcome (counted in table 三 in the year it concludes). */
export function concludePatch(outcome: Outcome, bases: string[], today: string): Updateable<InfoRequestsTable> {
  return { outcome, outcome_bases: JSON.stringify(bases), concluded_on: today, concluded_year: yearOf(today) };
}

/** Runs one workflow step atomically and returns the updated case. */
export async function runStep(ctx: Ctx, who: StepActor, requestId: string, action: RequestAction, opts: StepOptions): Promise<InfoRequest> {
  const afters: (() => Promise<void>)[] = [];
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const r = await selectRequestById(trx, requestId);
    if (!r) throw new NotFound('未找到该申请');
    if (who.principal || opts.permission) assertPermission(who.principal, opts.permission ?? 'requests.handle', r.agencyId);
    if (opts.version !== undefined && opts.version !== r.version) {
      throw new Conflict('该申请已被他人更新，请刷新页面后重试', { version: r.version }, 'stale');
    }
    if (!canTransition(r.state, action)) {
      throw new InvalidTransition(r.state, TRANSITIONS[action].zh, `当前状态“${STATES[r.state]}”不能执行“${TRANSITIONS[action].zh}”`);
    }
    const agency = await selectAgencyById(trx, r.agencyId);
    if (!agency) throw new NotFound('未找到受理机关');
    const today = todayOn(ctx.clock);
    const at = ctx.clock.now().toISOString();
    // Read through the transaction (a read outside it could wait on SQLite's one connection).
    const calendars = await loadCalendarSnapshot(trx);
    const result = await opts.apply({ trx, request: r, agency, calendar: calendarOf(calendars, r.agencyId), today, at });
    const patch = result.patch ?? {};
    const extended = Boolean(patch.extension_workdays ?? r.extensionWorkdays);
    const state = targetState(action, extended);
    const agencyAfter = (patch.agency_id as string | undefined) ?? r.agencyId;
    if (!CONCLUDED_STATES.includes(state)) {
      const consultations = await selectConsultations(trx, r.id);
      patch.due_on = replyDueDate({
        state,
        receivedOn: (patch.received_on as string | undefined) ?? r.receivedOn,
        correctionRequestedOn: patch.correction_requested_on !== undefined ? (patch.correction_requested_on as string | null) : r.correctionRequestedOn,
        correctedOn: patch.corrected_on !== undefined ? (patch.corrected_on as string | null) : r.correctedOn,
        extensionWorkdays: extended ? ((patch.extension_workdays as number | undefined) ?? r.extensionWorkdays) : null,
        extensionApprover: (patch.extension_approver as string | undefined) ?? r.extensionApprover,
      }, consultations, today, calendarOf(calendars, agencyAfter));
    }
    const ok = await updateRequestState(trx, r.id, r.version, { ...patch, state, updated_at: at });
    if (!ok) throw new Conflict('该申请已被他人更新，请刷新页面后重试', undefined, 'stale');
    const detail = { from: r.state, to: state, ...(result.detail ?? {}) };
    await recordEvent(ctx, trx, who.actor, { requestId: r.id, agencyId: agencyAfter, type: action, at, on: today, detail });
    if (result.after) afters.push(result.after);
    return (await selectRequestById(trx, r.id))!;
  });
  for (const fn of afters) await fn();
  return updated;
}

/** Appends a timeline event and its audit entry (inside the caller's transaction). */
export async function recordEvent(
  ctx: Ctx,
  trx: DB,
  actor: Actor,
  e: { requestId: string; agencyId: string; type: RequestEventType; at: string; on: string; detail: Record<string, unknown> },
): Promise<void> {
  await insertEvent(trx, e.agencyId, { id: newId(), requestId: e.requestId, type: e.type, at: e.at, on: e.on, actorUserId: actor.userId, actorLabel: actor.label, detail: e.detail });
  await appendAudit(trx, ctx.dialect, actor, {
    action: `request.${e.type}`, objectType: 'info_request', objectId: e.requestId, agencyId: e.agencyId, summary: e.detail,
  }, new Date(e.at));
}

/** The facts a letter is written from, with the 行政复议 body (the agency's parent government, if any). */
export async function letterFacts(trx: DB, r: InfoRequest, agency: Agency): Promise<LetterFacts> {
  const parent = agency.parentId ? await selectAgencyById(trx, agency.parentId) : undefined;
  const fd = formatAndDelivery(r.format, r.delivery);
  return {
    agencyName: agency.name, reviewBody: parent?.kind === 'government' ? parent.name : undefined, trackingCode: r.trackingCode,
    applicantName: r.applicantName, receivedOn: r.receivedOn, subject: r.title || excerpt(r.description), format: fd.format,
    delivery: fd.delivery, correctionRequestedOn: r.correctionRequestedOn, correctedOn: r.correctedOn, extensionWorkdays: r.extensionWorkdays,
  };
}

function excerpt(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 60)}……` : one;
}

/** The next document number of the agency's letters of a year: `甘科技依申〔2020〕3号`. */
export async function nextDocumentNumber(ctx: Ctx, trx: DB, agency: Agency, issuedOn: string): Promise<string> {
  const year = yearOf(issuedOn);
  await lockForTransaction(trx, ctx.dialect, `request_letters:${agency.id}:${year}`);
  const n = (await countLettersOfYear(trx, agency.id, year)) + 1;
  return `${agency.shortName}依申〔${year}〕${n}号`;
}

/**
 * Numbers, checks (legal basis, remedy, date, personal data) and stores a letter as sent; the letter is built by
 * `build` once its number is known.
 */
export async function issueLetter(ctx: Ctx, s: StepScope, actor: Actor, build: (documentNumber: string) => Letter): Promise<Letter & { id: string }> {
  const number = await nextDocumentNumber(ctx, s.trx, s.agency, s.today);
  const letter = build(number);
  assertLetterSendable(letter);
  const id = newId();
  await insertLetter(s.trx, {
    letter_id: id, request_id: s.request.id, agency_id: s.agency.id, kind: letter.kind, document_number: letter.documentNumber,
    issued_on: letter.issuedOn, content: JSON.stringify(letter), status: 'sent', sent_at: s.at, created_by: actor.userId, created_at: s.at,
  });
  return { ...letter, id };
}

/**
 * Emails a notice to the applicant when they gave an email address (补正告知书, 延期答复告知书, 收费通知); the letter is
 * on record either way, and delivery by post or collection is the office's task.
 */
export async function mailLetterToApplicant(ctx: Ctx, r: InfoRequest, letter: Letter): Promise<void> {
  if (!r.emailSealed) return;
  try {
    await ctx.mailer.send({ to: ctx.cipher.decrypt(r.emailSealed), subject: `${letter.agencyName}：${letter.title}（${letter.documentNumber}）`, text: letterText(letter) });
  } catch {
    // Recorded as sent on the case; staff resend or post it when mail fails.
  }
}

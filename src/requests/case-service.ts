/**
 * The back office's reading side of cases: the list with due-soon and overdue filters, the case page (applicant
 * masked, timeline, clocks with their explanation, letters, attachments), assignment of a handler, and the audited
 * unmask of the applicant by the assigned handler (security.md).
 */
import { z } from 'zod';
import { agenciesWithPermission, assertPermission, hasPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import type { Agency } from '../agencies/agency.ts';
import type { Actor } from '../audit/audit.ts';
import { calendarFor } from '../calendar/calendar-snapshot.ts';
import { addCalendarDays } from '../calendar/dates.ts';
import { Forbidden, InvalidInput, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { parseInput } from '../platform/validation.ts';
import { draftReply } from './decision-service.ts';
import type { Letter } from './letters.ts';
import { caseClocks, workdaysLeft, type CaseClocks } from './request-clocks.ts';
import {
  selectAttachments, selectConsultations, selectEvents, selectLetter, selectLetters, selectRequestById, selectRequestList, selectRequestsByIds,
  updateRequestState, type Consultation, type InfoRequest, type RequestEvent, type RequestListFilter,
} from './request-store.ts';
import { HANDLING_STATES, STATES, type RequestState } from './request.ts';
import { fullApplicant, maskedApplicant, type ApplicantView } from './request-views.ts';
import { caseIdsBehindCell } from './request-stats.ts';
import { recordEvent } from './workflow-engine.ts';

/** Working days ahead that count as "due soon". */
export const DUE_SOON_WORKDAYS = 5;

/** States in which the reply clock runs, so a case can fall due (not in 补正, not paused by a consultation). */
export const RUNNING_STATES: RequestState[] = HANDLING_STATES.filter((s) => s !== 'consulting');

/** The list filters of the back office and the staff API. */
export const CaseListQuery = z.object({
  agency: z.string().max(64).optional(),
  state: z.enum(Object.keys(STATES) as [RequestState, ...RequestState[]]).optional(),
  due: z.enum(['overdue', 'soon']).optional(),
  mine: z.enum(['1']).optional(),
  q: z.string().trim().max(100).optional(),
  year: z.coerce.number().int().min(2000).max(2099).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** “Due soon” per agency: DUE_SOON_WORKDAYS working days on each agency's calendar, agencies grouped by date. */
async function dueSoonHorizons(ctx: Ctx, agencyIds: string[], today: string): Promise<{ agencyIds: string[]; date: string }[]> {
  const groups = new Map<string, string[]>();
  for (const id of agencyIds) {
    const date = (await calendarFor(ctx, id)).addWorkdays(today, DUE_SOON_WORKDAYS);
    groups.set(date, [...(groups.get(date) ?? []), id]);
  }
  return [...groups].map(([date, ids]) => ({ agencyIds: ids, date }));
}

/** Lists the cases the principal may read, most urgent first. */
export async function listCases(ctx: Ctx, principal: Principal, raw: unknown, agencies: Agency[]) {
  const f = parseInput(CaseListQuery, raw);
  let ids = agenciesWithPermission(principal, 'requests.read');
  if (f.agency) {
    const a = agencies.find((x) => x.code === f.agency);
    ids = a && ids.includes(a.id) ? [a.id] : [];
  }
  const today = todayOn(ctx.clock);
  let states = f.state ? [f.state] : undefined;
  let dueOnOrBefore: RequestListFilter['dueOnOrBefore'];
  if (f.due) {
    states = (states ?? RUNNING_STATES).filter((s) => RUNNING_STATES.includes(s));
    dueOnOrBefore = f.due === 'overdue' ? addCalendarDays(today, -1) : await dueSoonHorizons(ctx, ids, today);
  }
  const { rows, total } = await selectRequestList(ctx.db, {
    agencyIds: ids, states, dueOnOrBefore, assigneeUserId: f.mine ? principal.userId : undefined, q: f.q, receivedYear: f.year,
    limit: f.pageSize, offset: (f.page - 1) * f.pageSize,
  });
  return { rows, total, page: f.page, pageSize: f.pageSize, filter: f, today };
}

/** The cases behind one cell of table 三 (statistics link to their cases). */
export async function casesBehindCell(ctx: Ctx, principal: Principal, agencyId: string, year: number, row: string, col: string): Promise<InfoRequest[]> {
  assertPermission(principal, 'requests.read', agencyId);
  return selectRequestsByIds(ctx.db, await caseIdsBehindCell(ctx, agencyId, year, row, col));
}

/** Everything the case page shows. */
export interface CaseDetail {
  request: InfoRequest;
  agency: Agency;
  applicant: ApplicantView;
  events: RequestEvent[];
  consultations: Consultation[];
  letters: { id: string; kind: string; documentNumber: string; issuedOn: string; status: string; letter: Letter }[];
  draftReply?: Letter;
  attachments: { fileId: string; name: string; contentType: string; size: number; purpose: string }[];
  clocks: CaseClocks;
  /** Working days until the reply is due on the agency's calendar (negative when overdue), or null. */
  workdaysLeft: number | null;
  today: string;
  canHandle: boolean;
  canApprove: boolean;
  canUnmask: boolean;
  /** May export the dossier of a concluded case (the same permission exportDossier checks). */
  canExportDossier: boolean;
}

/** Loads a case the principal may read (NotFound for other agencies' cases: their existence is not disclosed). */
export async function getCase(ctx: Ctx, principal: Principal, id: string): Promise<CaseDetail> {
  const r = await selectRequestById(ctx.db, id);
  if (!r || !hasPermission(principal, 'requests.read', r.agencyId)) throw new NotFound('未找到该申请');
  const [agency, events, consultations, letters, attachments] = await Promise.all([
    selectAgencyById(ctx.db, r.agencyId), selectEvents(ctx.db, r.id), selectConsultations(ctx.db, r.id), selectLetters(ctx.db, r.id), selectAttachments(ctx.db, r.id),
  ]);
  const today = todayOn(ctx.clock);
  const calendar = await calendarFor(ctx, r.agencyId);
  return {
    request: r, agency: agency!, applicant: maskedApplicant(ctx.cipher, r), events, consultations,
    letters: letters.map((l) => ({ id: l.letter_id, kind: l.kind, documentNumber: l.document_number, issuedOn: l.issued_on, status: l.status, letter: JSON.parse(l.content) as Letter })),
    draftReply: ['decided', 'approved'].includes(r.state) ? await draftReply(ctx, r) : undefined,
    attachments: attachments.map((a) => ({ fileId: a.file_id, name: a.original_name, contentType: a.content_type, size: Number(a.size), purpose: a.purpose })),
    clocks: caseClocks(r, consultations, today, calendar),
    workdaysLeft: r.dueOn ? workdaysLeft(r.dueOn, today, calendar) : null,
    today,
    canHandle: hasPermission(principal, 'requests.handle', r.agencyId),
    canApprove: hasPermission(principal, 'requests.approve', r.agencyId),
    canUnmask: hasPermission(principal, 'requests.unmask', r.agencyId) && r.assigneeUserId === principal.userId,
    canExportDossier: hasPermission(principal, 'requests.unmask', r.agencyId),
  };
}

/** Assigns a case handler (the assignee must hold the case-handler role at the agency). */
export async function assignCase(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(z.object({ userId: z.string().trim().min(1, { error: '请选择承办人' }).max(64) }), raw);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await selectRequestById(trx, id);
    if (!r || !hasPermission(principal, 'requests.read', r.agencyId)) throw new NotFound('未找到该申请');
    if (!hasPermission(principal, 'requests.approve', r.agencyId) && !(hasPermission(principal, 'requests.handle', r.agencyId) && input.userId === principal.userId)) {
      throw new Forbidden('只有审核人或管理员可以指派他人，承办人只能认领给自己');
    }
    const role = await trx.selectFrom('user_roles').select('user_id').where('user_id', '=', input.userId).where('agency_id', '=', r.agencyId).where('role', '=', 'case_handler').executeTakeFirst();
    if (!role) throw new InvalidInput('该用户不是本机关的承办人', { userId: 'not_case_handler' });
    const at = ctx.clock.now().toISOString();
    const ok = await updateRequestState(trx, r.id, r.version, { assignee_user_id: input.userId, updated_at: at });
    if (!ok) throw new InvalidInput('该申请已被他人更新，请刷新页面后重试');
    await recordEvent(ctx, trx, actor, { requestId: r.id, agencyId: r.agencyId, type: 'assign', at, on: todayOn(ctx.clock), detail: { assignee: input.userId } });
    return (await selectRequestById(trx, r.id))!;
  });
}

/** The case handlers of an agency (for the assignment form). */
export async function listCaseHandlers(ctx: Ctx, agencyId: string): Promise<{ userId: string; displayName: string }[]> {
  const rows = await ctx.db.selectFrom('user_roles').innerJoin('users', 'users.user_id', 'user_roles.user_id')
    .select(['users.user_id', 'users.display_name']).where('user_roles.agency_id', '=', agencyId).where('user_roles.role', '=', 'case_handler')
    .where('users.status', '=', 'active').orderBy('users.display_name').execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name }));
}

/**
 * Shows the applicant's identity and contact in full to the assigned handler, who must give a reason; the reason
 * and the fact are audited (security.md: "unmasking is a permission, needs a reason, and is audited").
 */
export async function unmaskApplicant(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<ApplicantView> {
  const input = parseInput(z.object({ reason: z.string().trim().min(4, { error: '请写明查看完整个人信息的理由' }).max(500) }), raw);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await selectRequestById(trx, id);
    if (!r || !hasPermission(principal, 'requests.read', r.agencyId)) throw new NotFound('未找到该申请');
    assertPermission(principal, 'requests.unmask', r.agencyId);
    if (r.assigneeUserId !== principal.userId) throw new Forbidden('只有本案承办人可以查看完整个人信息');
    await recordEvent(ctx, trx, actor, { requestId: r.id, agencyId: r.agencyId, type: 'unmask', at: ctx.clock.now().toISOString(), on: todayOn(ctx.clock), detail: { reason: input.reason } });
    return fullApplicant(ctx.cipher, r);
  });
}

/** One letter of a case the principal may read. */
export async function getLetter(ctx: Ctx, principal: Principal, requestId: string, letterId: string): Promise<Letter> {
  const r = await selectRequestById(ctx.db, requestId);
  const l = await selectLetter(ctx.db, letterId);
  if (!r || !l || l.request_id !== r.id || !hasPermission(principal, 'requests.read', r.agencyId)) throw new NotFound('未找到该文书');
  return JSON.parse(l.content) as Letter;
}

/** An attachment of a case the principal may read. */
export async function getAttachment(ctx: Ctx, principal: Principal, requestId: string, fileId: string): Promise<{ name: string; contentType: string; bytes: Buffer }> {
  const r = await selectRequestById(ctx.db, requestId);
  if (!r || !hasPermission(principal, 'requests.read', r.agencyId)) throw new NotFound('未找到该附件');
  const a = (await selectAttachments(ctx.db, r.id)).find((x) => x.file_id === fileId);
  if (!a) throw new NotFound('未找到该附件');
  return { name: a.original_name, contentType: a.content_type, bytes: await ctx.files.get(a.storage_key) };
}

/**
 * Use cases of the registers besides the power list: staff record law-enforcement subjects, licensing decisions
 * (with 公示), penalty and coercion decisions, fee items and amounts, procurement projects and disclosure cases;
 * the public reads what is published. Every change is audited in its transaction; personal names are encrypted.
 */
import { sql } from 'kysely';
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';
import {
  DisclosureCaseInput, EnforcementDecisionInput, EnforcementSubjectInput, FeeCollectionInput, FeeItemInput, LicensingDecisionInput,
  ProcurementInput, maskPersonName, yuanToFen,
  type DisclosureCase, type EnforcementDecision, type EnforcementKind, type EnforcementSubject, type FeeItem, type LicensingDecision,
  type ProcurementProject,
} from './registers.ts';
import {
  deleteSubject, insertEnforcementDecision, insertLicensingDecision, insertProcurement, selectCase, selectCases,
  selectEnforcementDecisions, selectFeeItems, selectLicensingDecisions, selectProcurement, selectSubjects, sumLicensingByTypeAndAction, upsertCase,
  upsertFeeCollection, upsertFeeItem, upsertSubject,
} from './registers-store.ts';

/** Runs a change with its audit entry in one transaction, then tells the page cache. */
export async function audited<T>(
  ctx: Ctx,
  p: Principal,
  agencyId: string,
  entry: { action: string; objectType: string; objectId: string; summary?: Record<string, unknown> },
  ip: string | undefined,
  fn: (trx: DB) => Promise<T>,
): Promise<T> {
  const at = ctx.clock.now();
  const out = await ctx.db.transaction().execute(async (trx) => {
    const r = await fn(trx);
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { ...entry, agencyId }, at);
    return r;
  });
  ctx.events.emit('content.changed', { agencyId, reason: entry.action });
  return out;
}

// ── 行政执法主体 ────────────────────────────────────────────────────────────────────────────────────────

/** The law-enforcement subjects of an agency (public). */
export function listEnforcementSubjects(ctx: Ctx, agencyId: string): Promise<EnforcementSubject[]> {
  return selectSubjects(ctx.db, agencyId);
}

/** Staff add (no id) or edit a subject. */
export async function saveEnforcementSubject(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string | undefined, raw: unknown, ip?: string): Promise<EnforcementSubject> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(EnforcementSubjectInput, raw);
  if (id && !(await selectSubjects(ctx.db, agencyId)).some((s) => s.id === id)) throw new NotFound('未找到该执法主体');
  const subject = { ...input, id: id ?? newId(), isDemo: false };
  await audited(ctx, p, agencyId, { action: 'enforcement_subject.save', objectType: 'enforcement_subject', objectId: subject.id, summary: { unit: input.unitName } }, ip,
    (trx) => upsertSubject(trx, agencyId, subject, ctx.clock.now().toISOString()));
  return { ...subject, updatedAt: ctx.clock.now().toISOString() };
}

/** Staff remove a subject. */
export async function removeEnforcementSubject(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  await audited(ctx, p, agencyId, { action: 'enforcement_subject.delete', objectType: 'enforcement_subject', objectId: id }, ip, async (trx) => {
    if (!(await deleteSubject(trx, agencyId, id))) throw new NotFound('未找到该执法主体');
  });
}

// ── 行政许可决定及公示 ──────────────────────────────────────────────────────────────────────────────────

/** Staff record a licensing decision or a batch of cases. */
export async function recordLicensingDecision(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<LicensingDecision> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(LicensingDecisionInput, raw);
  const d: LicensingDecision = { ...input, validUntil: input.validUntil ?? null, id: newId(), isDemo: false };
  await audited(ctx, p, agencyId, { action: 'licensing.record', objectType: 'licensing_decision', objectId: d.id, summary: { action: d.action, caseCount: d.caseCount, decidedOn: d.decidedOn } }, ip,
    (trx) => insertLicensingDecision(trx, agencyId, d, ctx.clock.now().toISOString()));
  return d;
}

/** Published licensing notices (公示 of issuance and cancellation) and other published decisions, newest first. */
export function listLicensingNotices(ctx: Ctx, agencyId: string, page = 1, pageSize = 20) {
  return selectLicensingDecisions(ctx.db, agencyId, { publishedOnly: true, limit: pageSize, offset: (page - 1) * pageSize });
}

/** Cases handled in a year per licence type and action (public: counts only, no holders). */
export function licensingSummary(ctx: Ctx, agencyId: string, year: number) {
  return sumLicensingByTypeAndAction(ctx.db, agencyId, `${year}-01-01`, `${year}-12-31`);
}

/** All licensing decisions for staff, optionally in a year. */
export function listLicensingDecisions(ctx: Ctx, principal: Principal | undefined, agencyId: string, year?: number) {
  assertPermission(principal, 'content.read', agencyId);
  return selectLicensingDecisions(ctx.db, agencyId, year ? { from: `${year}-01-01`, to: `${year}-12-31` } : {});
}

// ── 行政处罚、行政强制 ──────────────────────────────────────────────────────────────────────────────────

/** Staff record a penalty or coercion decision; a natural person's name is stored encrypted. */
export async function recordEnforcementDecision(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<EnforcementDecision> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(EnforcementDecisionInput, raw);
  const d: EnforcementDecision = {
    id: newId(), kind: input.kind, documentNumber: input.documentNumber, partyKind: input.partyKind, partyName: input.partyName,
    facts: input.facts, legalBasis: input.legalBasis, measure: input.measure, amountFen: yuanToFen(input.amountYuan),
    decidedOn: input.decidedOn, published: input.published, isDemo: false,
  };
  const stored = { ...d, partyName: d.partyKind === 'natural_person' ? ctx.cipher.encrypt(d.partyName) : d.partyName };
  await audited(ctx, p, agencyId, { action: 'enforcement_decision.record', objectType: 'enforcement_decision', objectId: d.id, summary: { kind: d.kind, decidedOn: d.decidedOn } }, ip,
    (trx) => insertEnforcementDecision(trx, agencyId, stored, ctx.clock.now().toISOString()));
  return d;
}

/** Published penalty/coercion decisions with natural persons' names masked (security.md). */
export async function listPublishedEnforcementDecisions(ctx: Ctx, agencyId: string, kind?: EnforcementKind, page = 1, pageSize = 20) {
  const { rows, total } = await selectEnforcementDecisions(ctx.db, agencyId, { kind, publishedOnly: true, limit: pageSize, offset: (page - 1) * pageSize });
  return { total, rows: rows.map((r) => ({ ...r, partyName: r.partyKind === 'natural_person' ? maskPersonName(safeDecrypt(ctx, r.partyName)) : r.partyName })) };
}

/** Staff list of decisions; names of natural persons masked unless the caller may unmask (and then audited elsewhere). */
export async function listEnforcementDecisionsForStaff(ctx: Ctx, principal: Principal | undefined, agencyId: string) {
  assertPermission(principal, 'content.read', agencyId);
  const { rows } = await selectEnforcementDecisions(ctx.db, agencyId);
  return rows.map((r) => ({ ...r, partyName: r.partyKind === 'natural_person' ? maskPersonName(safeDecrypt(ctx, r.partyName)) : r.partyName }));
}

function safeDecrypt(ctx: Ctx, sealed: string): string {
  try {
    return ctx.cipher.decrypt(sealed);
  } catch {
    return '*';
  }
}

// ── 行政事业性收费 ──────────────────────────────────────────────────────────────────────────────────────

/** Fee items with amounts (public). */
export function listFeeItems(ctx: Ctx, agencyId: string): Promise<FeeItem[]> {
  return selectFeeItems(ctx.db, agencyId);
}

/** Staff add a fee item (corrections and withdrawal: corrections-service.ts, with optimistic locking). */
export async function addFeeItem(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(FeeItemInput, raw);
  const item = { ...input, inForceUntil: input.inForceUntil ?? null, id: newId(), isDemo: false };
  await audited(ctx, p, agencyId, { action: 'fee_item.save', objectType: 'fee_item', objectId: item.id }, ip,
    (trx) => upsertFeeItem(trx, agencyId, item, ctx.clock.now().toISOString()));
}

/** Staff set the amount collected under a fee item in a year. */
export async function recordFeeCollection(ctx: Ctx, principal: Principal | undefined, agencyId: string, feeItemId: string, raw: unknown, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(FeeCollectionInput, raw);
  if (!(await selectFeeItems(ctx.db, agencyId)).some((f) => f.id === feeItemId)) throw new NotFound('未找到该收费项目');
  await audited(ctx, p, agencyId, { action: 'fee_collection.record', objectType: 'fee_item', objectId: feeItemId, summary: { year: input.year } }, ip,
    (trx) => upsertFeeCollection(trx, feeItemId, input.year, yuanToFen(input.amountYuan), ctx.clock.now().toISOString()));
}

// ── 政府集中采购 ────────────────────────────────────────────────────────────────────────────────────────

/** Staff record a procurement project. */
export async function recordProcurement(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<ProcurementProject> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(ProcurementInput, raw);
  const proj: ProcurementProject = { id: newId(), name: input.name, method: input.method, amountFen: yuanToFen(input.amountYuan), contractedOn: input.contractedOn, isDemo: false };
  await audited(ctx, p, agencyId, { action: 'procurement.record', objectType: 'procurement_project', objectId: proj.id }, ip,
    (trx) => insertProcurement(trx, agencyId, proj, ctx.clock.now().toISOString()));
  return proj;
}

/** Procurement projects in a year. */
export function listProcurement(ctx: Ctx, agencyId: string, year: number): Promise<ProcurementProject[]> {
  return selectProcurement(ctx.db, agencyId, `${year}-01-01`, `${year}-12-31`);
}

// ── 行政复议、行政诉讼 ──────────────────────────────────────────────────────────────────────────────────

/**
 * The id of the request a tracking code names, if the requests module's table holds it for this agency. Looked up
 * outside any transaction, by plain SQL, so the registers work whether or not the requests module is installed.
 */
async function findRequestId(ctx: Ctx, agencyId: string, trackingCode: string): Promise<string | null> {
  if (!trackingCode) return null;
  try {
    const r = await sql<{ request_id: string }>`select request_id from info_requests where tracking_code = ${trackingCode} and agency_id = ${agencyId}`.execute(ctx.db);
    return r.rows[0]?.request_id ?? null;
  } catch {
    return null;
  }
}

/** Staff record (no id) or update a reconsideration or litigation case about disclosure. */
export async function saveDisclosureCase(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string | undefined, raw: unknown, ip?: string): Promise<DisclosureCase> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(DisclosureCaseInput, raw);
  const existing = id ? await selectCase(ctx.db, agencyId, id) : undefined;
  if (id && !existing) throw new NotFound('未找到该案件');
  const requestId = await findRequestId(ctx, agencyId, input.requestRef);
  if (input.requestRef && !requestId && (await hasRequestsTable(ctx))) {
    throw new InvalidInput('未找到该申请编号', { requestRef: '本机关没有该编号的政府信息公开申请' });
  }
  const c: DisclosureCase = { ...input, concludedOn: input.concludedOn ?? null, requestId, id: id ?? newId(), isDemo: existing?.isDemo ?? false };
  await audited(ctx, p, agencyId, { action: 'disclosure_case.save', objectType: 'disclosure_case', objectId: c.id, summary: { kind: c.kind, result: c.result } }, ip,
    (trx) => upsertCase(trx, agencyId, c, ctx.clock.now().toISOString()));
  return c;
}

async function hasRequestsTable(ctx: Ctx): Promise<boolean> {
  try {
    await sql`select 1 from info_requests where 1 = 0`.execute(ctx.db);
    return true;
  } catch {
    return false;
  }
}

/** Cases of an agency (staff), optionally filed in a year. */
export function listDisclosureCases(ctx: Ctx, principal: Principal | undefined, agencyId: string, year?: number): Promise<DisclosureCase[]> {
  assertPermission(principal, 'content.read', agencyId);
  return selectCases(ctx.db, agencyId, year ? `${year}-01-01` : undefined, year ? `${year}-12-31` : undefined);
}

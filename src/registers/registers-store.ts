/** SQL of the registers other than the power list: subjects, decisions, fees, procurement, disclosure cases. */
import type { DB } from '../platform/db/database.ts';
import { isSafeKey } from './power.ts';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database } from '../platform/db/tables.ts';
import type {
  CaseKind, CaseResult, DisclosureCase, EnforcementDecision, EnforcementKind, EnforcementSubject, FeeItem, HolderKind,
  LicensingAction, LicensingDecision, ProcurementProject, RecordState, SubjectKind, WithdrawalReason,
} from './registers.ts';

type Correctable = 'licensing_decisions' | 'enforcement_decisions' | 'fee_items';

/** Version, correction and withdrawal of a row (migration 0405). */
export function stateOf(r: { version: number; corrected_on: string | null; withdrawn_on: string | null; withdrawal_reason: string | null; withdrawal_note: string }): RecordState {
  return {
    version: r.version, correctedOn: r.corrected_on,
    withdrawal: r.withdrawn_on ? { on: r.withdrawn_on, reason: r.withdrawal_reason as WithdrawalReason, note: r.withdrawal_note } : null,
  };
}

/** Rows that count in the annual report: all but those withdrawn as entered in error (registers.ts `countsInReport`). */
function countsInReport<T extends Correctable>(eb: ExpressionBuilder<Database, T>) {
  const e = eb as unknown as ExpressionBuilder<Database, 'licensing_decisions'>;
  return e.or([e('withdrawal_reason', 'is', null), e('withdrawal_reason', '!=', 'entry_error')]);
}

/** Law-enforcement subjects of an agency in display order. */
export async function selectSubjects(db: DB, agencyId: string): Promise<EnforcementSubject[]> {
  const rows = await db.selectFrom('enforcement_subjects').selectAll().where('agency_id', '=', agencyId).orderBy('sort_order').orderBy('unit_name').execute();
  return rows.map((r) => ({
    id: r.subject_id, unitName: r.unit_name, subjectKind: r.subject_kind as SubjectKind, legalBasis: r.legal_basis, powers: r.powers,
    contactPhone: r.contact_phone, supervisionPhone: r.supervision_phone, address: r.address, sortOrder: r.sort_order,
    isDemo: r.is_demo === 1, updatedAt: r.updated_at,
  }));
}

/** Inserts or replaces a subject. */
export async function upsertSubject(db: DB, agencyId: string, s: Omit<EnforcementSubject, 'updatedAt'>, at: string): Promise<void> {
  const values = {
    agency_id: agencyId, unit_name: s.unitName, subject_kind: s.subjectKind, legal_basis: s.legalBasis, powers: s.powers,
    contact_phone: s.contactPhone, supervision_phone: s.supervisionPhone, address: s.address, sort_order: s.sortOrder,
    is_demo: s.isDemo ? 1 : 0, updated_at: at,
  };
  await db.insertInto('enforcement_subjects').values({ subject_id: s.id, ...values })
    .onConflict((oc) => oc.column('subject_id').doUpdateSet(values)).execute();
}

/** Deletes a subject of an agency; true when a row went. */
export async function deleteSubject(db: DB, agencyId: string, id: string): Promise<boolean> {
  if (!isSafeKey(id)) return false;
  const r = await db.deleteFrom('enforcement_subjects').where('agency_id', '=', agencyId).where('subject_id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** A licensing decision row as the domain sees it. */
export function toLicensingDecision(r: Selectable<Database['licensing_decisions']>): LicensingDecision & RecordState {
  return {
    id: r.decision_id, licenceType: r.licence_type, action: r.action as LicensingAction, holderKind: r.holder_kind as HolderKind,
    holderName: r.holder_name, licenceNumber: r.licence_number, caseCount: r.case_count, decidedOn: r.decided_on,
    validUntil: r.valid_until, note: r.note, published: r.published === 1, isDemo: r.is_demo === 1, ...stateOf(r),
  };
}

/** Licensing decisions of an agency in a date range (inclusive), newest first; published ones exclude withdrawn. */
export async function selectLicensingDecisions(
  db: DB,
  agencyId: string,
  f: { from?: string; to?: string; publishedOnly?: boolean; limit?: number; offset?: number } = {},
): Promise<{ rows: (LicensingDecision & RecordState)[]; total: number }> {
  let q = db.selectFrom('licensing_decisions').where('agency_id', '=', agencyId);
  if (f.from) q = q.where('decided_on', '>=', f.from);
  if (f.to) q = q.where('decided_on', '<=', f.to);
  if (f.publishedOnly) q = q.where('published', '=', 1).where('withdrawn_on', 'is', null);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('decided_on', 'desc').orderBy('decision_id', 'desc')
    .limit(f.limit ?? 1000).offset(f.offset ?? 0).execute();
  return { total, rows: rows.map(toLicensingDecision) };
}

/** Inserts a licensing decision. */
export async function insertLicensingDecision(db: DB, agencyId: string, d: LicensingDecision, at: string): Promise<void> {
  await db.insertInto('licensing_decisions').values({
    decision_id: d.id, agency_id: agencyId, licence_type: d.licenceType, action: d.action, holder_kind: d.holderKind,
    holder_name: d.holderName, licence_number: d.licenceNumber, case_count: d.caseCount, decided_on: d.decidedOn,
    valid_until: d.validUntil, note: d.note, published: d.published ? 1 : 0, is_demo: d.isDemo ? 1 : 0, created_at: at,
  }).execute();
}

/** Sum of case counts of licensing decisions per action in a date range (entries made in error left out). */
export async function sumLicensingByAction(db: DB, agencyId: string, from: string, to: string): Promise<Record<LicensingAction, number>> {
  const rows = await db.selectFrom('licensing_decisions')
    .select(['action', (eb) => eb.fn.sum<number>('case_count').as('n')])
    .where('agency_id', '=', agencyId).where('decided_on', '>=', from).where('decided_on', '<=', to).where(countsInReport)
    .groupBy('action').execute();
  const out: Record<LicensingAction, number> = { issue: 0, renew: 0, change: 0, cancel: 0, inspect: 0 };
  for (const r of rows) out[r.action as LicensingAction] = Number(r.n);
  return out;
}

/** Sum of case counts per licence type and action in a date range (the yearly 办理情况 table; entries in error left out). */
export async function sumLicensingByTypeAndAction(db: DB, agencyId: string, from: string, to: string) {
  const rows = await db.selectFrom('licensing_decisions')
    .select(['licence_type', 'action', (eb) => eb.fn.sum<number>('case_count').as('n')])
    .where('agency_id', '=', agencyId).where('decided_on', '>=', from).where('decided_on', '<=', to).where(countsInReport)
    .groupBy(['licence_type', 'action']).orderBy('licence_type').execute();
  return rows.map((r) => ({ licenceType: r.licence_type, action: r.action as LicensingAction, cases: Number(r.n) }));
}

/** An enforcement decision row as the domain sees it (party name as stored). */
export function toEnforcementDecision(r: Selectable<Database['enforcement_decisions']>): EnforcementDecision & RecordState {
  return {
    id: r.decision_id, kind: r.kind as EnforcementKind, documentNumber: r.document_number,
    partyKind: r.party_kind as 'organisation' | 'natural_person', partyName: r.party_name, facts: r.facts,
    legalBasis: r.legal_basis, measure: r.measure, amountFen: r.amount_fen, decidedOn: r.decided_on,
    published: r.published === 1, isDemo: r.is_demo === 1, ...stateOf(r),
  };
}

/** Enforcement decisions of an agency (party names as stored: natural persons encrypted); published ones exclude withdrawn. */
export async function selectEnforcementDecisions(
  db: DB,
  agencyId: string,
  f: { kind?: EnforcementKind; from?: string; to?: string; publishedOnly?: boolean; limit?: number; offset?: number } = {},
): Promise<{ rows: (EnforcementDecision & RecordState)[]; total: number }> {
  let q = db.selectFrom('enforcement_decisions').where('agency_id', '=', agencyId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.from) q = q.where('decided_on', '>=', f.from);
  if (f.to) q = q.where('decided_on', '<=', f.to);
  if (f.publishedOnly) q = q.where('published', '=', 1).where('withdrawn_on', 'is', null);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('decided_on', 'desc').orderBy('decision_id', 'desc').limit(f.limit ?? 1000).offset(f.offset ?? 0).execute();
  return { total, rows: rows.map(toEnforcementDecision) };
}

/** Inserts an enforcement decision (party name already encrypted for natural persons). */
export async function insertEnforcementDecision(db: DB, agencyId: string, d: EnforcementDecision, at: string): Promise<void> {
  await db.insertInto('enforcement_decisions').values({
    decision_id: d.id, agency_id: agencyId, kind: d.kind, document_number: d.documentNumber, party_kind: d.partyKind,
    party_name: d.partyName, facts: d.facts, legal_basis: d.legalBasis, measure: d.measure, amount_fen: d.amountFen,
    decided_on: d.decidedOn, published: d.published ? 1 : 0, is_demo: d.isDemo ? 1 : 0, created_at: at,
  }).execute();
}

/** Number of enforcement decisions per kind in a date range (entries made in error left out). */
export async function countEnforcementByKind(db: DB, agencyId: string, from: string, to: string): Promise<Record<EnforcementKind, number>> {
  const rows = await db.selectFrom('enforcement_decisions').select(['kind', (eb) => eb.fn.countAll().as('n')])
    .where('agency_id', '=', agencyId).where('decided_on', '>=', from).where('decided_on', '<=', to).where(countsInReport).groupBy('kind').execute();
  const out: Record<EnforcementKind, number> = { penalty: 0, coercion: 0 };
  for (const r of rows) out[r.kind as EnforcementKind] = Number(r.n);
  return out;
}

/** Fee items of an agency with their yearly collections; withdrawn items only when asked (staff lists). */
export async function selectFeeItems(db: DB, agencyId: string, opts: { includeWithdrawn?: boolean } = {}): Promise<(FeeItem & RecordState)[]> {
  let q = db.selectFrom('fee_items').selectAll().where('agency_id', '=', agencyId);
  if (!opts.includeWithdrawn) q = q.where('withdrawn_on', 'is', null);
  const items = await q.orderBy('in_force_from').orderBy('name').execute();
  const cols = items.length
    ? await db.selectFrom('fee_collections').selectAll().where('fee_item_id', 'in', items.map((i) => i.fee_item_id)).orderBy('year').execute()
    : [];
  return items.map((i) => ({
    id: i.fee_item_id, name: i.name, legalBasis: i.legal_basis, standard: i.standard, inForceFrom: i.in_force_from,
    inForceUntil: i.in_force_until, isDemo: i.is_demo === 1, ...stateOf(i),
    collections: cols.filter((c) => c.fee_item_id === i.fee_item_id).map((c) => ({ year: c.year, amountFen: c.amount_fen })),
  }));
}

/** Inserts or replaces a fee item. */
export async function upsertFeeItem(db: DB, agencyId: string, f: Omit<FeeItem, 'collections'>, at: string): Promise<void> {
  const values = {
    agency_id: agencyId, name: f.name, legal_basis: f.legalBasis, standard: f.standard, in_force_from: f.inForceFrom,
    in_force_until: f.inForceUntil, is_demo: f.isDemo ? 1 : 0, updated_at: at,
  };
  await db.insertInto('fee_items').values({ fee_item_id: f.id, ...values }).onConflict((oc) => oc.column('fee_item_id').doUpdateSet(values)).execute();
}

/** Sets the amount collected for a fee item in a year. */
export async function upsertFeeCollection(db: DB, feeItemId: string, year: number, amountFen: number, at: string): Promise<void> {
  await db.insertInto('fee_collections').values({ fee_item_id: feeItemId, year, amount_fen: amountFen, updated_at: at })
    .onConflict((oc) => oc.columns(['fee_item_id', 'year']).doUpdateSet({ amount_fen: amountFen, updated_at: at })).execute();
}

/** Procurement projects of an agency contracted in a date range. */
export async function selectProcurement(db: DB, agencyId: string, from: string, to: string): Promise<ProcurementProject[]> {
  const rows = await db.selectFrom('procurement_projects').selectAll().where('agency_id', '=', agencyId)
    .where('contracted_on', '>=', from).where('contracted_on', '<=', to).orderBy('contracted_on', 'desc').execute();
  return rows.map((r) => ({ id: r.project_id, name: r.name, method: r.method, amountFen: r.amount_fen, contractedOn: r.contracted_on, isDemo: r.is_demo === 1 }));
}

/** Inserts a procurement project. */
export async function insertProcurement(db: DB, agencyId: string, p: ProcurementProject, at: string): Promise<void> {
  await db.insertInto('procurement_projects').values({
    project_id: p.id, agency_id: agencyId, name: p.name, method: p.method, amount_fen: p.amountFen, contracted_on: p.contractedOn,
    is_demo: p.isDemo ? 1 : 0, created_at: at,
  }).execute();
}

function toCase(r: { case_id: string; kind: string; request_ref: string; request_id: string | null; case_number: string; body: string; filed_on: string; result: string; concluded_on: string | null; summary: string; is_demo: number }): DisclosureCase {
  return {
    id: r.case_id, kind: r.kind as CaseKind, requestRef: r.request_ref, requestId: r.request_id, caseNumber: r.case_number,
    body: r.body, filedOn: r.filed_on, result: r.result as CaseResult, concludedOn: r.concluded_on, summary: r.summary,
    isDemo: r.is_demo === 1,
  };
}

/** Cases of an agency filed in a date range (all when no range), newest first. */
export async function selectCases(db: DB, agencyId: string, from?: string, to?: string): Promise<DisclosureCase[]> {
  let q = db.selectFrom('disclosure_cases').selectAll().where('agency_id', '=', agencyId);
  if (from) q = q.where('filed_on', '>=', from);
  if (to) q = q.where('filed_on', '<=', to);
  return (await q.orderBy('filed_on', 'desc').orderBy('case_id', 'desc').execute()).map(toCase);
}

/** One case of an agency. */
export async function selectCase(db: DB, agencyId: string, id: string): Promise<DisclosureCase | undefined> {
  if (!isSafeKey(id)) return undefined;
  const r = await db.selectFrom('disclosure_cases').selectAll().where('agency_id', '=', agencyId).where('case_id', '=', id).executeTakeFirst();
  return r ? toCase(r) : undefined;
}

/** Inserts or replaces a case. */
export async function upsertCase(db: DB, agencyId: string, c: DisclosureCase, at: string): Promise<void> {
  const values = {
    agency_id: agencyId, kind: c.kind, request_ref: c.requestRef, request_id: c.requestId, case_number: c.caseNumber, body: c.body,
    filed_on: c.filedOn, result: c.result, concluded_on: c.concludedOn, summary: c.summary, is_demo: c.isDemo ? 1 : 0, updated_at: at,
  };
  await db.insertInto('disclosure_cases').values({ case_id: c.id, ...values, created_at: at })
    .onConflict((oc) => oc.column('case_id').doUpdateSet(values)).execute();
}

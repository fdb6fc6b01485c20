/**
 * SQL of corrections to register records (docs/decisions/0008): single-record reads, versioned updates (a stale
 * version updates nothing, and the caller answers 409) and withdrawals, and the withdrawal notices the portal shows.
 */
import type { DB } from '../platform/db/database.ts';
import { isSafeKey } from './power.ts';
import type {
  EnforcementDecision, EnforcementKind, FeeItem, LicensingAction, LicensingDecision, RecordState, WithdrawableKind, Withdrawal, WithdrawalNotice,
  WithdrawalReason,
} from './registers.ts';
import { selectFeeItems, toEnforcementDecision, toLicensingDecision } from './registers-store.ts';

/** One licensing decision of an agency, withdrawn or not. */
export async function selectLicensingDecision(db: DB, agencyId: string, id: string): Promise<(LicensingDecision & RecordState) | undefined> {
  if (!isSafeKey(id)) return undefined;
  const r = await db.selectFrom('licensing_decisions').selectAll().where('agency_id', '=', agencyId).where('decision_id', '=', id).executeTakeFirst();
  return r && toLicensingDecision(r);
}

/** One penalty or coercion decision of an agency (party name as stored), withdrawn or not. */
export async function selectEnforcementDecision(db: DB, agencyId: string, id: string): Promise<(EnforcementDecision & RecordState) | undefined> {
  if (!isSafeKey(id)) return undefined;
  const r = await db.selectFrom('enforcement_decisions').selectAll().where('agency_id', '=', agencyId).where('decision_id', '=', id).executeTakeFirst();
  return r && toEnforcementDecision(r);
}

/** One fee item of an agency with its amounts, withdrawn or not. */
export async function selectFeeItem(db: DB, agencyId: string, id: string): Promise<(FeeItem & RecordState) | undefined> {
  if (!isSafeKey(id)) return undefined;
  return (await selectFeeItems(db, agencyId, { includeWithdrawn: true })).find((f) => f.id === id);
}

/** Writes a licensing decision's fields if its version is still `expected`; true when a row changed. */
export async function updateLicensingDecision(db: DB, agencyId: string, d: LicensingDecision, expected: number, correctedOn: string | null, at: string): Promise<boolean> {
  const r = await db.updateTable('licensing_decisions').set({
    licence_type: d.licenceType, action: d.action, holder_kind: d.holderKind, holder_name: d.holderName, licence_number: d.licenceNumber,
    case_count: d.caseCount, decided_on: d.decidedOn, valid_until: d.validUntil, note: d.note, published: d.published ? 1 : 0,
    corrected_on: correctedOn, updated_at: at, version: expected + 1,
  }).where('agency_id', '=', agencyId).where('decision_id', '=', d.id).where('version', '=', expected).where('withdrawn_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Writes a penalty/coercion decision's fields (party name already sealed for natural persons) if still at `expected`. */
export async function updateEnforcementDecision(db: DB, agencyId: string, d: EnforcementDecision, expected: number, correctedOn: string | null, at: string): Promise<boolean> {
  const r = await db.updateTable('enforcement_decisions').set({
    kind: d.kind, document_number: d.documentNumber, party_kind: d.partyKind, party_name: d.partyName, facts: d.facts, legal_basis: d.legalBasis,
    measure: d.measure, amount_fen: d.amountFen, decided_on: d.decidedOn, published: d.published ? 1 : 0,
    corrected_on: correctedOn, updated_at: at, version: expected + 1,
  }).where('agency_id', '=', agencyId).where('decision_id', '=', d.id).where('version', '=', expected).where('withdrawn_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Writes a fee item's fields if still at `expected`. */
export async function updateFeeItem(db: DB, agencyId: string, f: Omit<FeeItem, 'collections' | 'isDemo'>, expected: number, correctedOn: string | null, at: string): Promise<boolean> {
  const r = await db.updateTable('fee_items').set({
    name: f.name, legal_basis: f.legalBasis, standard: f.standard, in_force_from: f.inForceFrom, in_force_until: f.inForceUntil,
    corrected_on: correctedOn, updated_at: at, version: expected + 1,
  }).where('agency_id', '=', agencyId).where('fee_item_id', '=', f.id).where('version', '=', expected).where('withdrawn_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks a record withdrawn if it is not yet and still at `expected`; true when a row changed. */
export async function markWithdrawn(db: DB, kind: WithdrawableKind, agencyId: string, id: string, expected: number, w: Withdrawal, at: string): Promise<boolean> {
  const set = { withdrawn_on: w.on, withdrawal_reason: w.reason, withdrawal_note: w.note, version: expected + 1 };
  const r = kind === 'fee'
    ? await db.updateTable('fee_items').set({ ...set, updated_at: at }).where('agency_id', '=', agencyId).where('fee_item_id', '=', id)
      .where('version', '=', expected).where('withdrawn_on', 'is', null).executeTakeFirst()
    : await db.updateTable(kind === 'licensing' ? 'licensing_decisions' : 'enforcement_decisions').set({ ...set, updated_at: at })
      .where('agency_id', '=', agencyId).where('decision_id', '=', id).where('version', '=', expected).where('withdrawn_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Clears the withdrawal of a record that is withdrawn and still at `expected` (reinstatement, docs/decisions/0008
 * addendum); true when a row changed.
 */
export async function clearWithdrawal(db: DB, kind: WithdrawableKind, agencyId: string, id: string, expected: number, at: string): Promise<boolean> {
  const set = { withdrawn_on: null, withdrawal_reason: null, withdrawal_note: '', version: expected + 1, updated_at: at };
  const r = kind === 'fee'
    ? await db.updateTable('fee_items').set(set).where('agency_id', '=', agencyId).where('fee_item_id', '=', id)
      .where('version', '=', expected).where('withdrawn_on', 'is not', null).executeTakeFirst()
    : await db.updateTable(kind === 'licensing' ? 'licensing_decisions' : 'enforcement_decisions').set(set)
      .where('agency_id', '=', agencyId).where('decision_id', '=', id).where('version', '=', expected).where('withdrawn_on', 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Withdrawal notices of published licensing or enforcement decisions, latest withdrawal first. */
export async function selectWithdrawalNotices(db: DB, agencyId: string, kind: 'licensing' | 'enforcement', limit = 50): Promise<WithdrawalNotice[]> {
  if (kind === 'licensing') {
    const rows = await db.selectFrom('licensing_decisions').select(['decided_on', 'licence_type', 'licence_number', 'action', 'withdrawn_on', 'withdrawal_reason'])
      .where('agency_id', '=', agencyId).where('published', '=', 1).where('withdrawn_on', 'is not', null)
      .orderBy('withdrawn_on', 'desc').orderBy('decision_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      decidedOn: r.decided_on, what: r.licence_type, reference: r.licence_number, action: r.action as LicensingAction,
      withdrawnOn: r.withdrawn_on!, reason: r.withdrawal_reason as WithdrawalReason,
    }));
  }
  const rows = await db.selectFrom('enforcement_decisions').select(['decided_on', 'kind', 'document_number', 'withdrawn_on', 'withdrawal_reason'])
    .where('agency_id', '=', agencyId).where('published', '=', 1).where('withdrawn_on', 'is not', null)
    .orderBy('withdrawn_on', 'desc').orderBy('decision_id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    decidedOn: r.decided_on, what: r.kind, reference: r.document_number, action: r.kind as EnforcementKind,
    withdrawnOn: r.withdrawn_on!, reason: r.withdrawal_reason as WithdrawalReason,
  }));
}

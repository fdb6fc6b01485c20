/**
 * Corrections of register records (docs/decisions/0008): staff edit a licensing decision, a penalty or coercion
 * decision, or a fee item with optimistic locking (a stale version is refused with 409 `version_conflict`),
 * withdraw (撤回) one with a reason instead of deleting it, and reinstate (恢复) one withdrawn by mistake. Public lists,
 * the portal's withdrawal notices and the table 二 figures follow at once: every change is audited in its transaction
 * and emits `content.changed`.
 */
import { z } from 'zod';
import { assertPermission, type Principal } from '../accounts/principal.ts';
import { Conflict, InvalidInput, InvalidTransition, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { parseInput } from '../platform/validation.ts';
import {
  clearWithdrawal, markWithdrawn, selectEnforcementDecision, selectFeeItem, selectLicensingDecision, selectWithdrawalNotices, updateEnforcementDecision,
  updateFeeItem, updateLicensingDecision,
} from './corrections-store.ts';
import {
  EnforcementDecisionInput, FeeItemInput, LicensingDecisionInput, VersionInput, WithdrawalInput, maskPersonName, yuanToFen,
  type EnforcementDecision, type FeeItem, type LicensingDecision, type RecordState, type WithdrawableKind, type WithdrawalNotice,
} from './registers.ts';
import { audited } from './registers-service.ts';
import { selectFeeItems } from './registers-store.ts';

const OBJECT_TYPES: Record<WithdrawableKind, string> = { licensing: 'licensing_decision', enforcement: 'enforcement_decision', fee: 'fee_item' };
const ACTIONS: Record<WithdrawableKind, string> = { licensing: 'licensing', enforcement: 'enforcement_decision', fee: 'fee_item' };
const NOT_FOUND: Record<WithdrawableKind, string> = { licensing: '未找到该行政许可决定', enforcement: '未找到该决定', fee: '未找到该收费项目' };

/** The version the form carried back. */
function versionOf(raw: unknown): number {
  return parseInput(z.object({ version: VersionInput }), raw).version;
}

/** The names of the fields whose values differ (audit summaries name fields, never values). */
function changedFields(before: object, after: object, keys: string[]): string[] {
  const value = (o: object, k: string) => JSON.stringify((o as Record<string, unknown>)[k] ?? null);
  return keys.filter((k) => value(before, k) !== value(after, k));
}

function staleVersion(current: number | undefined): Conflict {
  return new Conflict('该记录已被他人修改或撤回，请核对当前内容后重新保存', { currentVersion: current ?? null }, 'version_conflict');
}

function refuseWithdrawn(r: RecordState): void {
  if (r.withdrawal) throw new InvalidTransition('withdrawn', 'edit', '该记录已撤回，不能再修改');
}

// ── reads for staff ────────────────────────────────────────────────────────────────────────────────────

/** One licensing decision for staff (withdrawn ones too). */
export async function getLicensingDecisionForStaff(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string) {
  assertPermission(principal, 'content.read', agencyId);
  const d = await selectLicensingDecision(ctx.db, agencyId, id);
  if (!d) throw new NotFound(NOT_FOUND.licensing);
  return d;
}

/** One penalty/coercion decision for staff; a natural person's name is masked (the edit form never shows it). */
export async function getEnforcementDecisionForStaff(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string) {
  assertPermission(principal, 'content.read', agencyId);
  const d = await selectEnforcementDecision(ctx.db, agencyId, id);
  if (!d) throw new NotFound(NOT_FOUND.enforcement);
  return { ...d, partyName: d.partyKind === 'natural_person' ? maskPersonName(openName(ctx, d.partyName)) : d.partyName };
}

/** One fee item for staff (withdrawn ones too). */
export async function getFeeItemForStaff(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string) {
  assertPermission(principal, 'content.read', agencyId);
  const f = await selectFeeItem(ctx.db, agencyId, id);
  if (!f) throw new NotFound(NOT_FOUND.fee);
  return f;
}

/** All fee items for staff, withdrawn ones included. */
export function listFeeItemsForStaff(ctx: Ctx, principal: Principal | undefined, agencyId: string) {
  assertPermission(principal, 'content.read', agencyId);
  return selectFeeItems(ctx.db, agencyId, { includeWithdrawn: true });
}

function openName(ctx: Ctx, sealed: string): string {
  try {
    return ctx.cipher.decrypt(sealed);
  } catch {
    return '*';
  }
}

// ── edits ──────────────────────────────────────────────────────────────────────────────────────────────

const LICENSING_FIELDS = ['licenceType', 'action', 'holderKind', 'holderName', 'licenceNumber', 'caseCount', 'decidedOn', 'validUntil', 'note', 'published'];

/**
 * Staff correct a licensing decision. When it had been published the portal marks it corrected (更正) on today's
 * date. Unchanged input writes nothing.
 */
export async function editLicensingDecision(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string) {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(LicensingDecisionInput, raw);
  const version = versionOf(raw);
  const existing = await selectLicensingDecision(ctx.db, agencyId, id);
  if (!existing) throw new NotFound(NOT_FOUND.licensing);
  refuseWithdrawn(existing);
  const d: LicensingDecision = { ...input, validUntil: input.validUntil ?? null, id, isDemo: existing.isDemo };
  const changed = changedFields(existing, d, LICENSING_FIELDS);
  if (existing.version !== version) throw staleVersion(existing.version);
  if (!changed.length) return existing;
  const correctedOn = existing.published ? todayOn(ctx.clock) : existing.correctedOn;
  await audited(ctx, p, agencyId, { action: 'licensing.edit', objectType: OBJECT_TYPES.licensing, objectId: id, summary: { changed, version: version + 1 } }, ip, async (trx) => {
    if (!(await updateLicensingDecision(trx, agencyId, d, version, correctedOn, ctx.clock.now().toISOString()))) {
      throw staleVersion((await selectLicensingDecision(trx, agencyId, id))?.version);
    }
  });
  return (await selectLicensingDecision(ctx.db, agencyId, id))!;
}

const ENFORCEMENT_FIELDS = ['kind', 'documentNumber', 'partyKind', 'partyName', 'facts', 'legalBasis', 'measure', 'amountFen', 'decidedOn', 'published'];

/**
 * Staff correct a penalty or coercion decision. A natural person's name is stored encrypted and never put into the
 * form: an empty name keeps the stored one; a new one replaces it (encrypted again).
 */
export async function editEnforcementDecision(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string) {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const existing = await selectEnforcementDecision(ctx.db, agencyId, id);
  if (!existing) throw new NotFound(NOT_FOUND.enforcement);
  const storedName = existing.partyKind === 'natural_person' ? openName(ctx, existing.partyName) : existing.partyName;
  const fields = { ...((raw ?? {}) as Record<string, unknown>) };
  if (existing.partyKind === 'natural_person' && fields.partyKind === 'natural_person' && (typeof fields.partyName !== 'string' || !fields.partyName.trim())) {
    fields.partyName = storedName;
  }
  const input = parseInput(EnforcementDecisionInput, fields);
  const version = versionOf(raw);
  refuseWithdrawn(existing);
  const d: EnforcementDecision = {
    id, kind: input.kind, documentNumber: input.documentNumber, partyKind: input.partyKind, partyName: input.partyName, facts: input.facts,
    legalBasis: input.legalBasis, measure: input.measure, amountFen: yuanToFen(input.amountYuan), decidedOn: input.decidedOn,
    published: input.published, isDemo: existing.isDemo,
  };
  const changed = changedFields({ ...existing, partyName: storedName }, d, ENFORCEMENT_FIELDS);
  if (existing.version !== version) throw staleVersion(existing.version);
  if (!changed.length) return existing;
  const sealed = { ...d, partyName: d.partyKind === 'natural_person' ? ctx.cipher.encrypt(d.partyName) : d.partyName };
  const correctedOn = existing.published ? todayOn(ctx.clock) : existing.correctedOn;
  await audited(ctx, p, agencyId, { action: 'enforcement_decision.edit', objectType: OBJECT_TYPES.enforcement, objectId: id, summary: { changed, version: version + 1 } }, ip, async (trx) => {
    if (!(await updateEnforcementDecision(trx, agencyId, sealed, version, correctedOn, ctx.clock.now().toISOString()))) {
      throw staleVersion((await selectEnforcementDecision(trx, agencyId, id))?.version);
    }
  });
  return (await selectEnforcementDecision(ctx.db, agencyId, id))!;
}

const FEE_FIELDS = ['name', 'legalBasis', 'standard', 'inForceFrom', 'inForceUntil'];

/** Staff correct a fee item (a fee that stops being charged gets its stop date here; fee items are always public). */
export async function editFeeItem(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<FeeItem & RecordState> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(FeeItemInput, raw);
  const version = versionOf(raw);
  const existing = await selectFeeItem(ctx.db, agencyId, id);
  if (!existing) throw new NotFound(NOT_FOUND.fee);
  refuseWithdrawn(existing);
  const f = { ...input, inForceUntil: input.inForceUntil ?? null, id };
  const changed = changedFields(existing, f, FEE_FIELDS);
  if (existing.version !== version) throw staleVersion(existing.version);
  if (!changed.length) return existing;
  await audited(ctx, p, agencyId, { action: 'fee_item.edit', objectType: OBJECT_TYPES.fee, objectId: id, summary: { changed, version: version + 1 } }, ip, async (trx) => {
    if (!(await updateFeeItem(trx, agencyId, f, version, todayOn(ctx.clock), ctx.clock.now().toISOString()))) {
      throw staleVersion((await selectFeeItem(trx, agencyId, id))?.version);
    }
  });
  return (await selectFeeItem(ctx.db, agencyId, id))!;
}

// ── withdrawal ─────────────────────────────────────────────────────────────────────────────────────────

async function loadForWithdrawal(db: DB, kind: WithdrawableKind, agencyId: string, id: string): Promise<(RecordState & { published: boolean }) | undefined> {
  if (kind === 'licensing') return selectLicensingDecision(db, agencyId, id);
  if (kind === 'enforcement') return selectEnforcementDecision(db, agencyId, id);
  const f = await selectFeeItem(db, agencyId, id);
  return f && { ...f, published: true };
}

/**
 * Staff withdraw (撤回) a decision or fee item with a reason and a note (registers.ts `WITHDRAWAL_REASONS`). The
 * record stays in the database and in the staff list; it leaves the public lists, and the table 二 counts unless
 * the decision was made and later revoked. A fee item is withdrawn only as entered in error: a fee that is no longer
 * charged gets a stop date instead (its history stays true for earlier years). The note is not audited (it may name
 * people); the audit entry has the reason and whether the record had been published.
 */
export async function withdrawRegisterRecord(
  ctx: Ctx, principal: Principal | undefined, kind: WithdrawableKind, agencyId: string, id: string, raw: unknown, ip?: string,
): Promise<void> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(WithdrawalInput, raw);
  if (kind === 'fee' && input.reason !== 'entry_error') {
    throw new InvalidInput('收费项目不能以此原因撤回', { reason: '停止收费的项目请在编辑中填写停止日期；撤回只用于登记有误的收费项目' });
  }
  const existing = await loadForWithdrawal(ctx.db, kind, agencyId, id);
  if (!existing) throw new NotFound(NOT_FOUND[kind]);
  if (existing.withdrawal) throw new InvalidTransition('withdrawn', 'withdraw', '该记录已撤回');
  if (existing.version !== input.version) throw staleVersion(existing.version);
  const w = { on: todayOn(ctx.clock), reason: input.reason, note: input.note };
  await audited(ctx, p, agencyId, {
    action: `${ACTIONS[kind]}.withdraw`, objectType: OBJECT_TYPES[kind], objectId: id,
    summary: { reason: input.reason, wasPublished: existing.published, version: input.version + 1 },
  }, ip, async (trx) => {
    if (!(await markWithdrawn(trx, kind, agencyId, id, input.version, w, ctx.clock.now().toISOString()))) {
      throw staleVersion((await loadForWithdrawal(trx, kind, agencyId, id))?.version);
    }
  });
}

/**
 * Staff reinstate (恢复) a withdrawn decision or fee item, undoing a withdrawal made by mistake (docs/decisions/0008,
 * addendum): the record returns to the public lists when it is published, and to the table 二 counts; the portal's
 * withdrawal notice goes. The form carries the version back (a stale one is refused with 409). The audit entry names
 * the withdrawal undone (its date and reason, never the staff note); the record's own audit trail keeps both steps.
 */
export async function reinstateRegisterRecord(
  ctx: Ctx, principal: Principal | undefined, kind: WithdrawableKind, agencyId: string, id: string, raw: unknown, ip?: string,
): Promise<void> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const version = versionOf(raw);
  const existing = await loadForWithdrawal(ctx.db, kind, agencyId, id);
  if (!existing) throw new NotFound(NOT_FOUND[kind]);
  if (!existing.withdrawal) throw new InvalidTransition('in_force', 'reinstate', '该记录未撤回，无需恢复');
  if (existing.version !== version) throw staleVersion(existing.version);
  const undone = existing.withdrawal;
  await audited(ctx, p, agencyId, {
    action: `${ACTIONS[kind]}.reinstate`, objectType: OBJECT_TYPES[kind], objectId: id,
    summary: { withdrawnOn: undone.on, reason: undone.reason, published: existing.published, version: version + 1 },
  }, ip, async (trx) => {
    if (!(await clearWithdrawal(trx, kind, agencyId, id, version, ctx.clock.now().toISOString()))) {
      throw staleVersion((await loadForWithdrawal(trx, kind, agencyId, id))?.version);
    }
  });
}

/** Notices of published decisions that were withdrawn (public: no party, holder or note). */
export function listWithdrawalNotices(ctx: Ctx, agencyId: string, kind: 'licensing' | 'enforcement'): Promise<WithdrawalNotice[]> {
  return selectWithdrawalNotices(ctx.db, agencyId, kind);
}

/**
 * Use cases of the power list (权责清单): the public list in force on a day with filters and search, one item with
 * its history, staff saving a new version or repealing an item, applying a validated spreadsheet import in one
 * transaction, and counting items in force for table 二 (2019 template, domain.md §2.2.1).
 */
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { getAgency } from '../agencies/agency-service.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { toSimplified } from '../platform/i18n/i18n.ts';
import { parseInput } from '../platform/validation.ts';
import {
  IsoDateInput, POWER_KINDS, PowerItemInput, powerSearchText, sameItemContent, table2RowOfKind,
  type PowerItem, type PowerItemFields, type PowerKind,
} from './power.ts';
import {
  insertPowerItem, insertPowerVersion, selectItemIdByCode, selectItemVersions, selectMaxVersionNo, selectVersionsUpTo,
} from './power-store.ts';

/** From all versions up to a day, the one in force for each item (latest effective date, then version), repeals dropped. */
export function itemsInForce(versions: PowerItem[]): PowerItem[] {
  const latest = new Map<string, PowerItem>();
  for (const v of versions) {
    const cur = latest.get(v.itemId);
    if (!cur || v.effectiveOn > cur.effectiveOn || (v.effectiveOn === cur.effectiveOn && v.versionNo > cur.versionNo)) {
      latest.set(v.itemId, v);
    }
  }
  return [...latest.values()].filter((v) => !v.repealed).sort((a, b) => a.code.localeCompare(b.code));
}

/** Filters of the public list. */
export interface PowerListFilter {
  kind?: PowerKind;
  q?: string;
  /** The day the list stands on (default today). */
  on?: string;
}

/** The items of an agency in force on a day, filtered; every match (lists are hundreds of items at most). */
export async function listPowerItems(ctx: Ctx, agencyId: string, f: PowerListFilter = {}): Promise<PowerItem[]> {
  const on = f.on ?? todayOn(ctx.clock);
  let items = itemsInForce(await selectVersionsUpTo(ctx.db, agencyId, on));
  if (f.kind) items = items.filter((i) => i.kind === f.kind);
  const q = f.q ? toSimplified(f.q).trim().toLowerCase() : '';
  if (q) {
    const words = q.split(/\s+/).filter(Boolean);
    items = items.filter((i) => words.every((w) => powerSearchText(i).includes(w)));
  }
  return items;
}

/** Counts of items in force on a day per kind. */
export async function countPowerItemsByKind(db: DB, agencyId: string, on: string): Promise<Record<PowerKind, number>> {
  const counts = Object.fromEntries(Object.keys(POWER_KINDS).map((k) => [k, 0])) as Record<PowerKind, number>;
  for (const i of itemsInForce(await selectVersionsUpTo(db, agencyId, on))) counts[i.kind]++;
  return counts;
}

/** Counts of items in force on a day per table 二 row (licensing, other_services, penalties, coercion). */
export async function countPowerItemsByTable2Row(db: DB, agencyId: string, on: string) {
  const byKind = await countPowerItemsByKind(db, agencyId, on);
  const rows = { licensing: 0, other_services: 0, penalties: 0, coercion: 0 };
  for (const [k, n] of Object.entries(byKind)) {
    const row = table2RowOfKind(k as PowerKind);
    if (row) rows[row] += n;
  }
  return rows;
}

/** One item as in force on a day, with every version (history), or NotFound. */
export async function getPowerItem(ctx: Ctx, agencyId: string, code: string, on?: string): Promise<{ item: PowerItem; history: PowerItem[] }> {
  const itemId = await selectItemIdByCode(ctx.db, agencyId, code);
  if (!itemId) throw new NotFound('未找到该权责事项');
  const history = await selectItemVersions(ctx.db, itemId);
  const day = on ?? todayOn(ctx.clock);
  const [item] = itemsInForce(history.filter((v) => v.effectiveOn <= day));
  if (!item) throw new NotFound('该权责事项在所选日期不在清单中');
  return { item, history };
}

/** Writes a version (creating the item when new) inside the caller's transaction; returns false for "no change". */
async function writeVersion(
  trx: DB,
  agencyId: string,
  f: PowerItemFields,
  opts: { repealed?: boolean; isDemo?: boolean; at: string; by: string },
): Promise<'created' | 'updated' | 'unchanged'> {
  let itemId = await selectItemIdByCode(trx, agencyId, f.code);
  let outcome: 'created' | 'updated' = 'updated';
  if (!itemId) {
    itemId = newId();
    outcome = 'created';
    await insertPowerItem(trx, { itemId, agencyId, code: f.code, isDemo: opts.isDemo ?? false, at: opts.at });
  } else if (!opts.repealed) {
    const history = await selectItemVersions(trx, itemId);
    const [current] = itemsInForce(history.filter((v) => v.effectiveOn <= f.effectiveOn));
    if (current && sameItemContent(current, f)) return 'unchanged';
  }
  const versionNo = (await selectMaxVersionNo(trx, itemId)) + 1;
  await insertPowerVersion(trx, {
    ...f, itemId, versionId: newId(), versionNo, repealed: opts.repealed ?? false, agencyId,
    searchText: powerSearchText(f), at: opts.at, by: opts.by,
  });
  return outcome;
}

/** Staff save one item: a new item, or a new version effective on the given date. */
export async function savePowerItem(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<PowerItem> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const input = parseInput(PowerItemInput, raw);
  const at = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const o = await writeVersion(trx, agencyId, input, { at: at.toISOString(), by: p.username });
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'power.save', objectType: 'power_item', objectId: input.code, agencyId,
      summary: { outcome: o, effectiveOn: input.effectiveOn, kind: input.kind },
    }, at);
    return o;
  });
  if (outcome !== 'unchanged') ctx.events.emit('content.changed', { agencyId, reason: 'power.save' });
  return (await getPowerItem(ctx, agencyId, input.code, input.effectiveOn)).item;
}

/** Staff repeal an item from a date: a repeal version; the item leaves the list on that day. */
export async function repealPowerItem(ctx: Ctx, principal: Principal | undefined, agencyId: string, code: string, effectiveOnRaw: unknown, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'registers.edit', agencyId);
  const effectiveOn = parseInput(IsoDateInput, effectiveOnRaw ?? '', '请填写取消日期');
  const { item } = await getPowerItem(ctx, agencyId, code, effectiveOn).catch(() => {
    throw new InvalidInput('该事项在所选日期不在清单中', { effectiveOn: '该事项在所选日期不在清单中' });
  });
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await writeVersion(trx, agencyId, { ...item, effectiveOn }, { repealed: true, at: at.toISOString(), by: p.username });
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'power.repeal', objectType: 'power_item', objectId: code, agencyId, summary: { effectiveOn },
    }, at);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'power.repeal' });
}

/** What an import did. */
export interface PowerImportResult {
  created: number;
  updated: number;
  unchanged: number;
  repealed: number;
}

/**
 * Applies validated spreadsheet rows in one transaction: nothing is written unless everything is. With
 * `repealMissingOn`, items in force that the sheet leaves out are repealed from that date (the sheet is the whole list).
 */
export async function applyPowerImport(
  ctx: Ctx,
  principal: Principal | undefined,
  agencyId: string,
  rows: PowerItemFields[],
  opts: { repealMissingOn?: string; isDemo?: boolean; ip?: string } = {},
): Promise<PowerImportResult> {
  const p = principal ? assertPermission(principal, 'registers.edit', agencyId) : undefined;
  const at = ctx.clock.now();
  const by = p?.username ?? 'system';
  const result: PowerImportResult = { created: 0, updated: 0, unchanged: 0, repealed: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    for (const r of rows) result[await writeVersion(trx, agencyId, r, { at: at.toISOString(), by, isDemo: opts.isDemo })]++;
    if (opts.repealMissingOn) {
      const inSheet = new Set(rows.map((r) => r.code));
      for (const item of itemsInForce(await selectVersionsUpTo(trx, agencyId, opts.repealMissingOn))) {
        if (inSheet.has(item.code)) continue;
        await writeVersion(trx, agencyId, { ...item, effectiveOn: opts.repealMissingOn }, { repealed: true, at: at.toISOString(), by });
        result.repealed++;
      }
    }
    await appendAudit(trx, ctx.dialect, p ? actorOf(p, opts.ip) : { userId: null, label: 'system' }, {
      action: 'power.import', objectType: 'power_list', objectId: agencyId, agencyId, summary: { ...result, rows: rows.length },
    }, at);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'power.import' });
  return result;
}

/** The agency of a code, for web handlers that take `:code`. */
export async function agencyIdOf(ctx: Ctx, code: string): Promise<string> {
  return (await getAgency(ctx, code)).id;
}

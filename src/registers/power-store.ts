/** SQL of the power list: items, their versions, and the versions in force on a day. */
import type { Selectable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import { isSafeKey, type LegalBasis, type PowerItem, type PowerKind, type ProcessStep } from './power.ts';
import type { PowerItemVersionsTable } from './registers-tables.ts';

type VersionRow = Selectable<PowerItemVersionsTable> & { code: string; is_demo: number };

function toItem(r: VersionRow): PowerItem {
  return {
    itemId: r.item_id,
    versionId: r.version_id,
    versionNo: r.version_no,
    code: r.code,
    kind: r.kind as PowerKind,
    name: r.name,
    implementingBody: r.implementing_body,
    scope: r.scope,
    legalBasis: JSON.parse(r.legal_basis) as LegalBasis[],
    steps: JSON.parse(r.steps) as ProcessStep[],
    supervisionChannel: r.supervision_channel,
    supervisionPhone: r.supervision_phone,
    accountability: r.accountability,
    effectiveOn: r.effective_on,
    repealed: r.repealed === 1,
    isDemo: r.is_demo === 1,
  };
}

function versionsQuery(db: DB) {
  return db
    .selectFrom('power_item_versions as v')
    .innerJoin('power_items as i', 'i.item_id', 'v.item_id')
    .selectAll('v')
    .select(['i.code', 'i.is_demo']);
}

/** Every version of every item of an agency effective on or before `on` (all versions when `on` is undefined). */
export async function selectVersionsUpTo(db: DB, agencyId: string, on?: string): Promise<PowerItem[]> {
  let q = versionsQuery(db).where('v.agency_id', '=', agencyId);
  if (on) q = q.where('v.effective_on', '<=', on);
  const rows = await q.orderBy('i.code').orderBy('v.effective_on').orderBy('v.version_no').execute();
  return rows.map(toItem);
}

/** The versions of one item, oldest first. */
export async function selectItemVersions(db: DB, itemId: string): Promise<PowerItem[]> {
  const rows = await versionsQuery(db).where('v.item_id', '=', itemId).orderBy('v.effective_on').orderBy('v.version_no').execute();
  return rows.map(toItem);
}

/** An item's id by agency and code. */
export async function selectItemIdByCode(db: DB, agencyId: string, code: string): Promise<string | undefined> {
  if (!isSafeKey(code)) return undefined;
  const r = await db.selectFrom('power_items').select('item_id').where('agency_id', '=', agencyId).where('code', '=', code).executeTakeFirst();
  return r?.item_id;
}

/** The highest version number of an item (0 when none). */
export async function selectMaxVersionNo(db: DB, itemId: string): Promise<number> {
  const r = await db.selectFrom('power_item_versions').select((eb) => eb.fn.max('version_no').as('m')).where('item_id', '=', itemId).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Inserts an item identity. */
export async function insertPowerItem(db: DB, row: { itemId: string; agencyId: string; code: string; isDemo: boolean; at: string }): Promise<void> {
  await db.insertInto('power_items').values({
    item_id: row.itemId, agency_id: row.agencyId, code: row.code, is_demo: row.isDemo ? 1 : 0, created_at: row.at,
  }).execute();
}

/** Inserts one version of an item. */
export async function insertPowerVersion(
  db: DB,
  v: Omit<PowerItem, 'isDemo'> & { agencyId: string; searchText: string; at: string; by: string },
): Promise<void> {
  await db.insertInto('power_item_versions').values({
    version_id: v.versionId, item_id: v.itemId, agency_id: v.agencyId, version_no: v.versionNo, effective_on: v.effectiveOn,
    repealed: v.repealed ? 1 : 0, kind: v.kind, name: v.name, implementing_body: v.implementingBody, scope: v.scope,
    legal_basis: JSON.stringify(v.legalBasis), steps: JSON.stringify(v.steps), supervision_channel: v.supervisionChannel,
    supervision_phone: v.supervisionPhone, accountability: v.accountability, search_text: v.searchText, created_at: v.at,
    created_by: v.by,
  }).execute();
}

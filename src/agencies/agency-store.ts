/** SQL of agencies, their leaders and units. */
import type { Selectable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import type { Agency, AgencyKind, AgencyLeader, AgencyUnit } from './agency.ts';
import type { AgenciesTable } from './agency-tables.ts';

function toAgency(r: Selectable<AgenciesTable>): Agency {
  return {
    id: r.agency_id, code: r.code, parentId: r.parent_id, kind: r.kind as AgencyKind, name: r.name,
    shortName: r.short_name, nameEn: r.name_en, creditCode: r.credit_code, orgCode: r.org_code, address: r.address,
    postcode: r.postcode, officeHours: r.office_hours, phone: r.phone, fax: r.fax, email: r.email,
    website: r.website, functions: r.functions, isDemo: r.is_demo === 1, version: r.version, updatedAt: r.updated_at,
  };
}

/** Every agency in tree order (parent before child, then sort order and name). */
export async function selectAgencies(db: DB): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map(toAgency);
}

/** One agency by its public code. */
export async function selectAgencyByCode(db: DB, code: string): Promise<Agency | undefined> {
  const r = await db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toAgency(r) : undefined;
}

/** One agency by id. */
export async function selectAgencyById(db: DB, id: string): Promise<Agency | undefined> {
  const r = await db.selectFrom('agencies').selectAll().where('agency_id', '=', id).executeTakeFirst();
  return r ? toAgency(r) : undefined;
}

/** Leaders of an agency in order. */
export async function selectLeaders(db: DB, agencyId: string): Promise<AgencyLeader[]> {
  const rows = await db
    .selectFrom('agency_leaders').selectAll().where('agency_id', '=', agencyId).orderBy('sort_order').execute();
  return rows.map((r) => ({ id: r.leader_id, name: r.name, title: r.title, duties: r.duties }));
}

/** Internal and affiliated units of an agency in order. */
export async function selectUnits(db: DB, agencyId: string): Promise<AgencyUnit[]> {
  const rows = await db
    .selectFrom('agency_units').selectAll().where('agency_id', '=', agencyId).orderBy('sort_order').execute();
  return rows.map((r) => ({
    id: r.unit_id, kind: r.kind as AgencyUnit['kind'], name: r.name, head: r.head, phone: r.phone,
    functions: r.functions,
  }));
}

/** Inserts an agency row. */
export async function insertAgency(db: DB, a: Omit<Agency, 'version' | 'updatedAt'>, at: string): Promise<void> {
  await db
    .insertInto('agencies')
    .values({
      agency_id: a.id, code: a.code, parent_id: a.parentId, kind: a.kind, name: a.name, short_name: a.shortName,
      name_en: a.nameEn, credit_code: a.creditCode, org_code: a.orgCode, address: a.address, postcode: a.postcode,
      office_hours: a.officeHours, phone: a.phone, fax: a.fax, email: a.email, website: a.website,
      functions: a.functions, is_demo: a.isDemo ? 1 : 0, created_at: at, updated_at: at,
    })
    .execute();
}

/** Updates the editable information if the row is still at `version`; returns false on a lost race. */
export async function updateAgencyInfo(
  db: DB,
  id: string,
  version: number,
  f: Pick<Agency, 'name' | 'shortName' | 'nameEn' | 'address' | 'postcode' | 'officeHours' | 'phone' | 'fax' | 'email' | 'website' | 'functions'>,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('agencies')
    .set({
      name: f.name, short_name: f.shortName, name_en: f.nameEn, address: f.address, postcode: f.postcode,
      office_hours: f.officeHours, phone: f.phone, fax: f.fax, email: f.email, website: f.website,
      functions: f.functions, version: version + 1, updated_at: at,
    })
    .where('agency_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Inserts a leader. */
export async function insertLeader(db: DB, agencyId: string, l: AgencyLeader, order: number): Promise<void> {
  await db
    .insertInto('agency_leaders')
    .values({ leader_id: l.id, agency_id: agencyId, name: l.name, title: l.title, duties: l.duties, sort_order: order })
    .execute();
}

/** Inserts a unit. */
export async function insertUnit(db: DB, agencyId: string, u: AgencyUnit, order: number): Promise<void> {
  await db
    .insertInto('agency_units')
    .values({
      unit_id: u.id, agency_id: agencyId, kind: u.kind, name: u.name, head: u.head, phone: u.phone,
      functions: u.functions, sort_order: order,
    })
    .execute();
}

/** Deletes an agency's leaders (before inserting the edited list). */
export async function deleteLeaders(db: DB, agencyId: string): Promise<void> {
  await db.deleteFrom('agency_leaders').where('agency_id', '=', agencyId).execute();
}

/** Deletes an agency's internal and affiliated units (before inserting the edited list). */
export async function deleteUnits(db: DB, agencyId: string): Promise<void> {
  await db.deleteFrom('agency_units').where('agency_id', '=', agencyId).execute();
}

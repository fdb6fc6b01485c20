/** All SQL of the calendar: administrators' year notices, local days per agency subtree, counting rules. */
import type { DB } from '../platform/db/database.ts';
import type { DayKind, LocalDay } from './calendar-data.ts';
import type { CountingRule } from './calendar.ts';
import type { IsoDate } from './dates.ts';

/** A year's notice as an administrator entered it. */
export interface StoredNotice {
  year: number;
  title: string;
  /** 文号, e.g. 国办发明电〔2024〕12号; '' when unknown. */
  documentNumber: string;
  restDays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
  updatedAt: string;
  updatedBy: string;
}

/** A local day with who entered it. */
export interface StoredLocalDay extends LocalDay {
  createdAt: string;
  createdBy: string;
}

/** Every stored notice with its days, by year. */
export async function selectNotices(db: DB): Promise<StoredNotice[]> {
  const [notices, days] = await Promise.all([
    db.selectFrom('calendar_notices').selectAll().orderBy('year').execute(),
    db.selectFrom('calendar_notice_days').selectAll().orderBy('day_on').execute(),
  ]);
  const byYear = new Map<number, StoredNotice>();
  for (const n of notices) {
    byYear.set(Number(n.year), {
      year: Number(n.year),
      title: n.title,
      documentNumber: n.document_number,
      restDays: {},
      workdays: {},
      updatedAt: n.updated_at,
      updatedBy: n.updated_by,
    });
  }
  for (const d of days) {
    const notice = byYear.get(Number(d.year));
    if (!notice) continue;
    (d.kind === 'work' ? notice.workdays : notice.restDays)[d.day_on] = d.name;
  }
  return [...byYear.values()];
}

/** Inserts or replaces a year's notice and all its days (call inside a transaction). */
export async function replaceNotice(db: DB, notice: Omit<StoredNotice, 'updatedAt'>, at: string): Promise<void> {
  await db.deleteFrom('calendar_notice_days').where('year', '=', notice.year).execute();
  await db
    .insertInto('calendar_notices')
    .values({
      year: notice.year,
      title: notice.title,
      document_number: notice.documentNumber,
      created_at: at,
      updated_at: at,
      updated_by: notice.updatedBy,
    })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({
        title: notice.title,
        document_number: notice.documentNumber,
        updated_at: at,
        updated_by: notice.updatedBy,
      }),
    )
    .execute();
  const rows = [
    ...Object.entries(notice.restDays).map(([day_on, name]) => ({ year: notice.year, day_on, kind: 'rest', name })),
    ...Object.entries(notice.workdays).map(([day_on, name]) => ({ year: notice.year, day_on, kind: 'work', name })),
  ];
  if (rows.length) await db.insertInto('calendar_notice_days').values(rows).execute();
}

/** Deletes a stored notice (the year falls back to the seed, or becomes unannounced); true if one was deleted. */
export async function deleteNotice(db: DB, year: number): Promise<boolean> {
  await db.deleteFrom('calendar_notice_days').where('year', '=', year).execute();
  const res = await db.deleteFrom('calendar_notices').where('year', '=', year).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Every local day, by agency and date. */
export async function selectLocalDays(db: DB): Promise<StoredLocalDay[]> {
  const rows = await db.selectFrom('calendar_local_days').selectAll().orderBy('day_on').orderBy('agency_id').execute();
  return rows.map((r) => ({
    scope: r.agency_id,
    date: r.day_on,
    kind: r.kind as DayKind,
    name: r.name,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }));
}

/** Inserts local days, replacing an agency's entry on the same date. */
export async function upsertLocalDays(db: DB, days: readonly LocalDay[], at: string, by: string): Promise<void> {
  for (const d of days) {
    await db
      .insertInto('calendar_local_days')
      .values({ agency_id: d.scope, day_on: d.date, kind: d.kind, name: d.name, created_at: at, created_by: by })
      .onConflict((oc) =>
        oc.columns(['agency_id', 'day_on']).doUpdateSet({ kind: d.kind, name: d.name, created_at: at, created_by: by }),
      )
      .execute();
  }
}

/** Deletes an agency's local day on a date; true if one was deleted. */
export async function deleteLocalDay(db: DB, agencyId: string, date: IsoDate): Promise<boolean> {
  const res = await db
    .deleteFrom('calendar_local_days')
    .where('agency_id', '=', agencyId)
    .where('day_on', '=', date)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Counting rules set per agency. */
export async function selectCountingRules(db: DB): Promise<Map<string, CountingRule>> {
  const rows = await db.selectFrom('calendar_settings').select(['agency_id', 'counting']).execute();
  return new Map(rows.map((r) => [r.agency_id, r.counting as CountingRule]));
}

/** Sets an agency's counting rule. */
export async function upsertCountingRule(db: DB, agencyId: string, counting: CountingRule, at: string): Promise<void> {
  await db
    .insertInto('calendar_settings')
    .values({ agency_id: agencyId, counting, updated_at: at })
    .onConflict((oc) => oc.column('agency_id').doUpdateSet({ counting, updated_at: at }))
    .execute();
}

/** Removes an agency's own counting rule (it inherits again); true if one was removed. */
export async function deleteCountingRule(db: DB, agencyId: string): Promise<boolean> {
  const res = await db.deleteFrom('calendar_settings').where('agency_id', '=', agencyId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Agency ids with their parents (the tree the local days and counting rules follow). */
export async function selectAgencyParents(db: DB): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('agencies').select(['agency_id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.agency_id, r.parent_id]));
}

/** SQL of the audit log. */
import type { DB } from '../platform/db/database.ts';
import type { AuditChainFields } from './audit.ts';

/** An audit row as the domain sees it. */
export interface AuditRow extends AuditChainFields {
  hash: string;
}

function toRow(r: {
  seq: number | string; at: string; actor_user_id: string | null; actor_label: string; agency_id: string | null;
  action: string; object_type: string; object_id: string; summary: string; ip: string; prev_hash: string; hash: string;
}): AuditRow {
  return {
    seq: Number(r.seq), at: r.at, actorUserId: r.actor_user_id, actorLabel: r.actor_label, agencyId: r.agency_id,
    action: r.action, objectType: r.object_type, objectId: r.object_id, summary: r.summary, ip: r.ip,
    prevHash: r.prev_hash, hash: r.hash,
  };
}

/** The newest entry, or undefined for an empty log. */
export async function selectLastAuditRow(db: DB): Promise<AuditRow | undefined> {
  const r = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** Inserts one chained row (seq is given explicitly so the chain and the key agree). */
export async function insertAuditRow(db: DB, row: AuditRow): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      seq: row.seq, at: row.at, actor_user_id: row.actorUserId, actor_label: row.actorLabel, agency_id: row.agencyId,
      action: row.action, object_type: row.objectType, object_id: row.objectId, summary: row.summary, ip: row.ip,
      prev_hash: row.prevHash, hash: row.hash,
    })
    .execute();
}

/** Rows in seq order, in pages, for verification of arbitrarily long logs. */
export async function* iterateAuditRows(db: DB, pageSize = 5000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    for (const r of rows) yield toRow(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

/** Filters for browsing the log. */
export interface AuditFilter {
  agencyIds?: string[];
  /** With agencyIds: also entries that belong to no agency (logins, platform settings). */
  includePlatform?: boolean;
  action?: string;
  objectType?: string;
  objectId?: string;
  actor?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** A page of rows, newest first, with the total. */
export async function selectAuditRows(db: DB, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (f.agencyIds) {
    const ids = f.agencyIds.length ? f.agencyIds : ['\u0000'];
    q = f.includePlatform
      ? q.where((eb) => eb.or([eb('agency_id', 'in', ids), eb('agency_id', 'is', null)]))
      : q.where('agency_id', 'in', ids);
  }
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.actor) q = q.where('actor_label', '=', f.actor);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll().orderBy('seq', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { rows: rows.map(toRow), total: Number(total.n) };
}

/** Use cases of the audit log: append an entry (inside the caller's transaction), verify the chain, browse it. */
import type { DB, Dialect } from '../platform/db/database.ts';
import { isUniqueViolation, lockForTransaction } from '../platform/db/database.ts';
import { GENESIS_HASH, chainHash, verifyChain, type Actor, type AuditInput, type ChainBreak } from './audit.ts';
import { insertAuditRow, iterateAuditRows, selectLastAuditRow } from './audit-store.ts';

const HEAD_KEY = 'audit.head';

/**
 * Appends one entry to the chain. Pass the transaction of the state change it records so both commit or neither.
 * Personal data must not appear in `summary` (security.md).
 */
export async function appendAudit(
  db: DB,
  dialect: Dialect,
  actor: Actor,
  input: AuditInput,
  at: Date = new Date(),
): Promise<void> {
  const run = async (trx: DB) => {
    await lockForTransaction(trx, dialect, 'audit_log');
    const last = await selectLastAuditRow(trx);
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: at.toISOString(),
      actorUserId: actor.userId,
      actorLabel: actor.label,
      agencyId: input.agencyId ?? null,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId ?? '',
      summary: JSON.stringify(input.summary ?? {}),
      ip: actor.ip ?? '',
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = chainHash(fields);
    await insertAuditRow(trx, { ...fields, hash });
    const head = JSON.stringify({ seq: fields.seq, hash });
    await trx
      .insertInto('settings')
      .values({ agency_id: '', key: HEAD_KEY, value: head, updated_at: fields.at })
      .onConflict((oc) => oc.columns(['agency_id', 'key']).doUpdateSet({ value: head, updated_at: fields.at }))
      .execute();
  };
  // Inside a caller's transaction we run directly; otherwise in our own, retrying if another process took the seq.
  if (db.isTransaction) return run(db);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(run);
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 5) throw err;
    }
  }
}

/** The result of `gongkai audit verify`. */
export interface AuditVerification {
  ok: boolean;
  count: number;
  breaks: ChainBreak[];
}

/** Recomputes the whole chain and compares it with the recorded head. */
export async function verifyAuditChain(db: DB): Promise<AuditVerification> {
  const headRow = await db
    .selectFrom('settings').select('value').where('agency_id', '=', '').where('key', '=', HEAD_KEY)
    .executeTakeFirst();
  const head = headRow ? (JSON.parse(headRow.value) as { seq: number; hash: string }) : undefined;
  const rows: Parameters<typeof verifyChain>[0] extends Iterable<infer R> ? R[] : never = [];
  for await (const r of iterateAuditRows(db)) rows.push(r);
  return verifyChain(rows, head);
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { appendAudit, verifyAuditChain } from '../../src/audit/audit-service.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';

/** Rounds of random tampering: 1,000 in the recorded run (GONGKAI_FULL=1), 150 in CI. */
const ROUNDS = process.env.GONGKAI_FULL ? 1000 : 150;
const ENTRIES = 60;

/** Lifts the append-only triggers: the attacker of this test has raw access to the database file. */
async function withTriggersOff(t: TestCtx, fn: () => Promise<void>): Promise<void> {
  if (onPostgres) await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.db);
  else {
    await sql`drop trigger if exists audit_log_no_update`.execute(t.db);
    await sql`drop trigger if exists audit_log_no_delete`.execute(t.db);
  }
  try {
    await fn();
  } finally {
    if (onPostgres) await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.db);
  }
}

describe(`audit chain detects every tampering (security.md LOG tests; ${ROUNDS} random rounds)`, () => {
  let t: TestCtx;
  before(async () => {
    t = await createTestCtx();
    for (let i = 0; i < ENTRIES; i++) {
      await appendAudit(t.db, t.dialect, { userId: null, label: `user${i % 7}`, ip: '10.0.0.1' }, {
        action: i % 3 ? 'item.publish' : 'login.ok', objectType: 'item', objectId: `obj${i}`, summary: { i, changed: ['title'] },
      });
    }
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });
  after(() => t.cleanup());

  it('refuses ordinary UPDATE and DELETE (append-only)', async () => {
    await assert.rejects(t.db.updateTable('audit_log').set({ actor_label: 'x' }).where('seq', '=', 1).execute());
    await assert.rejects(t.db.deleteFrom('audit_log').where('seq', '=', 1).execute());
  });

  it('finds each edit of any field, each deleted row and each truncated tail', async () => {
    const fields = ['at', 'actor_label', 'agency_id', 'action', 'object_type', 'object_id', 'summary', 'ip', 'prev_hash', 'hash'] as const;
    let detected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('edit' as const), seq: fc.integer({ min: 1, max: ENTRIES }), field: fc.constantFrom(...fields), value: fc.string({ minLength: 1, maxLength: 20 }) }),
          fc.record({ kind: fc.constant('delete' as const), seq: fc.integer({ min: 1, max: ENTRIES }) }),
          fc.record({ kind: fc.constant('truncate' as const), keep: fc.integer({ min: 0, max: ENTRIES - 1 }) }),
        ),
        async (op) => {
          await t.db.transaction().execute(async (trx) => {
            const rows = await trx.selectFrom('audit_log').selectAll().orderBy('seq').execute();
            await withTriggersOff({ ...t, db: trx } as TestCtx, async () => {
              if (op.kind === 'edit') {
                const row = rows.find((r) => r.seq === op.seq)!;
                const current = String(row[op.field] ?? '');
                const value = current === op.value ? `${op.value}!` : op.value;
                await trx.updateTable('audit_log').set({ [op.field]: value }).where('seq', '=', op.seq).execute();
              } else if (op.kind === 'delete') {
                await trx.deleteFrom('audit_log').where('seq', '=', op.seq).execute();
              } else {
                await trx.deleteFrom('audit_log').where('seq', '>', op.keep).execute();
              }
            });
            const v = await verifyAuditChain(trx);
            if (!v.ok) detected++;
            assert.equal(v.ok, false, `undetected: ${JSON.stringify(op)}`);
            throw new Rollback(); // undo the tampering for the next round
          }).catch((e) => {
            if (!(e instanceof Rollback)) throw e;
          });
        },
      ),
      { numRuns: ROUNDS },
    );
    assert.equal(detected, ROUNDS);
    assert.equal((await verifyAuditChain(t.db)).ok, true, 'every round was rolled back');
  });
});

class Rollback extends Error {}

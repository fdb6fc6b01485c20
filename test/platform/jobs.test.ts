import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.ts';
import { newToken } from '../../src/platform/ids.ts';
import { createEmbeddedJobs, createPgBossJobs, type Jobs } from '../../src/platform/jobs/jobs.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';

/** Waits until `done()` or fails after `ms`. */
async function until(done: () => boolean, ms = 90_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('jobs shared by two workers on one database (issue: performance and scale, scale-out)', () => {
  let t: TestCtx;
  before(async () => {
    t = await createTestCtx();
  });
  after(() => t.cleanup());

  it('runs every job exactly once and de-duplicates singleton keys', async () => {
    const seen = new Map<number, number>();
    const handler = async (p: Record<string, unknown>) => {
      const n = Number(p.n);
      seen.set(n, (seen.get(n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    };
    let a: Jobs;
    let b: Jobs;
    let closeSecond = async () => {};
    if (onPostgres) {
      const schema = `boss_${newToken(6).toLowerCase()}`;
      a = createPgBossJobs(process.env.DATABASE_URL!, { schema });
      b = createPgBossJobs(process.env.DATABASE_URL!, { schema });
    } else {
      // A second, independent connection to the same SQLite file, as a second process would have.
      const second = openDatabase({ dataDir: t.dataDir, sqliteFile: 'gongkai.sqlite' });
      a = createEmbeddedJobs(t.db, { pollMs: 20 });
      b = createEmbeddedJobs(second.db, { pollMs: 20 });
      closeSecond = () => second.close();
    }
    for (const j of [a, b]) j.define('work', { handler });
    for (let n = 0; n < 60; n++) await a.enqueue('work', { n });
    assert.equal(await a.enqueue('work', { n: 1000 }, { singletonKey: 'slot-1' }) !== null, true);
    assert.equal(await b.enqueue('work', { n: 1001 }, { singletonKey: 'slot-1' }), null, 'the same slot is queued once');
    await Promise.all([a.start(), b.start()]);
    await until(() => seen.size >= 61);
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all([a.stop(), b.stop()]);
    await closeSecond();
    assert.equal(seen.size, 61);
    assert.ok([...seen.values()].every((c) => c === 1), 'no job ran twice');
    assert.equal(seen.has(1001), false);
  });

  it('retries a failing job and records the error (embedded engine, on either database)', async () => {
    const jobs = createEmbeddedJobs(t.db);
    let calls = 0;
    jobs.define('flaky', { maxAttempts: 2, handler: async () => { calls++; throw new Error('boom'); } });
    await jobs.enqueue('flaky');
    assert.equal(await jobs.drain(), 1);
    const row = await t.db.selectFrom('jobs').selectAll().where('name', '=', 'flaky').executeTakeFirstOrThrow();
    assert.equal(row.status, 'queued');
    assert.equal(row.last_error, 'boom');
    await t.db.updateTable('jobs').set({ run_after: '2000-01-01T00:00:00.000Z' }).where('job_id', '=', row.job_id).execute();
    await jobs.drain();
    const final = await t.db.selectFrom('jobs').selectAll().where('job_id', '=', row.job_id).executeTakeFirstOrThrow();
    assert.equal(final.status, 'failed');
    assert.equal(calls, 2);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJobs } from '../../src/jobs.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';

describe('scheduled work', () => {
  let t: TestCtx;
  before(async () => {
    t = await createTestCtx();
    await makeAgency(t, { code: 'jw' });
  });
  after(() => t.cleanup());

  it('defines every scheduled job and runs a queued one on the configured engine', async () => {
    const jobs = createJobs(t, { baseUrl: 'http://127.0.0.1:9' });
    assert.equal(jobs.engine, onPostgres ? 'pg-boss' : 'embedded');
    if (onPostgres) return; // pg-boss runs continuously; its sharing is proven in jobs.test.ts
    assert.notEqual(await jobs.enqueue('monitoring.probe'), null);
    assert.equal(await jobs.drain(), 1);
    const probe = await t.db.selectFrom('availability_probes').selectAll().executeTakeFirstOrThrow();
    assert.equal(probe.ok, 0, 'nothing listens on port 9, so the probe records a failure');
    const row = await t.db.selectFrom('jobs').select('status').executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
  });
});

/**
 * The sweep of unreferenced stored bytes (src/platform/files/orphan-sweep.ts) on real storage: a migrated database,
 * the local file store, an application whose attachment is recorded, and bytes no row names — one past the grace
 * period, one fresh, and the leftover of an interrupted write. Only the old unreferenced bytes go; the run is audited
 * with counts only. Then the same through `gongkai files sweep` as an operator runs it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createJobs } from '../../src/jobs.ts';
import { sweepOrphanFiles } from '../../src/platform/files/orphan-sweep.ts';
import { submitRequest } from '../../src/requests/request-service.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { application } from '../support/request-factories.ts';

const HOUR = 3_600_000;
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'gongkai.js');
const pdf = (s: string) => Buffer.from(`%PDF-1.4\n${s}`);

describe('sweep of stored bytes no record names', () => {
  let t: TestCtx;
  const at = (ms: number) => new Date(t.clock.now().getTime() - ms);
  /** Sets a stored object's modification time (the sweep's notion of age). */
  const age = (key: string, ms: number) => {
    const p = join(t.dataDir, 'files', key.slice(0, 2), key);
    utimesSync(p, at(ms), at(ms));
  };
  let referenced = '';

  before(async () => {
    t = await createTestCtx({ now: '2026-11-27T03:00:00Z' });
    await makeAgency(t, { code: 'sweep' });
    const r = await submitRequest(t, application('sweep'), { attachments: [{ filename: '身份证明.pdf', bytes: pdf('referenced') }] });
    assert.equal(r.status, 201);
    referenced = (await t.db.selectFrom('stored_files').select('storage_key').executeTakeFirstOrThrow()).storage_key;
  });
  after(() => t.cleanup());

  it('deletes only unreferenced bytes older than the grace period, and audits the counts', async () => {
    age(referenced, 48 * HOUR); // old, but a row names it
    const oldOrphan = (await t.files.put(pdf('old orphan'))).key;
    age(oldOrphan, 2 * HOUR);
    const freshOrphan = (await t.files.put(pdf('fresh orphan'))).key;
    age(freshOrphan, 10 * 60_000); // an upload whose case may still be committing
    // A write cut off by a crash before its rename (file-store.ts put): old, so swept too.
    const partialKey = (await t.files.put(pdf('partial'))).key;
    await t.files.delete(partialKey);
    const partial = `${partialKey}.tmp`;
    writeFileSync(join(t.dataDir, 'files', partialKey.slice(0, 2), partial), pdf('half'));
    age(partial, 3 * HOUR);

    const listed = [];
    for await (const o of t.files.list()) listed.push(o.key);
    assert.deepEqual(listed.sort(), [referenced, oldOrphan, freshOrphan, partial].sort(), 'list yields every object, partial writes included');

    const dry = await sweepOrphanFiles(t, { dryRun: true });
    assert.deepEqual(dry.removed.map((o) => o.key).sort(), [oldOrphan, partial].sort());
    assert.ok(await t.files.exists(oldOrphan), 'a dry run removes nothing');
    const auditBefore = await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'files.sweep-orphans').execute();
    assert.equal(auditBefore.length, 0, 'and records nothing');

    const r = await sweepOrphanFiles(t);
    assert.equal(r.graceMs, HOUR, 'the default grace period is one hour');
    assert.deepEqual({ scanned: r.scanned, referenced: r.referenced, fresh: r.fresh, removed: r.removed.length }, { scanned: 4, referenced: 1, fresh: 1, removed: 2 });
    assert.equal(await t.files.exists(oldOrphan), false);
    assert.equal(await t.files.exists(partial), false);
    assert.ok(await t.files.exists(freshOrphan), 'fresh bytes are never touched');
    assert.deepEqual(await t.files.get(referenced), pdf('referenced'), 'referenced bytes stay whole');

    const entry = await t.db.selectFrom('audit_log').select(['summary', 'actor_label', 'object_type']).where('action', '=', 'files.sweep-orphans').executeTakeFirstOrThrow();
    assert.equal(entry.actor_label, 'system');
    const summary = JSON.parse(entry.summary) as Record<string, unknown>;
    assert.deepEqual(summary, { removed: 2, removedBytes: r.removedBytes, scanned: 4, referenced: 1, fresh: 1, graceMinutes: 60 });
    assert.doesNotMatch(entry.summary, /[0-9A-Z]{20}/, 'no storage keys or names in the audit summary');

    // Once the fresh orphan is past the grace period, the next sweep takes it; a sweep with nothing to do is not audited.
    t.clock.advance(2 * HOUR);
    assert.deepEqual((await sweepOrphanFiles(t)).removed.map((o) => o.key), [freshOrphan]);
    const again = await sweepOrphanFiles(t);
    assert.deepEqual({ removed: again.removed.length, referenced: again.referenced }, { removed: 0, referenced: 1 });
    assert.equal((await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'files.sweep-orphans').execute()).length, 2);
  });

  it('runs as the scheduled job files.sweep-orphans', async (c) => {
    if (t.dialect === 'postgres') return c.skip('pg-boss runs continuously; its wiring is proven in test/platform/jobs.test.ts');
    const orphan = (await t.files.put(pdf('job orphan'))).key;
    age(orphan, 3 * HOUR);
    const jobs = createJobs(t, { baseUrl: 'http://127.0.0.1:9' });
    assert.notEqual(await jobs.enqueue('files.sweep-orphans'), null);
    assert.equal(await jobs.drain(), 1);
    assert.equal(await t.files.exists(orphan), false);
    assert.ok(await t.files.exists(referenced));
  });

  it('gongkai files sweep [--dry-run] prints what it removes', { timeout: 120_000 }, async (c) => {
    // The harness's PostgreSQL schema is not reachable through DATABASE_URL alone; the service runs on both above.
    if (t.dialect === 'postgres') return c.skip('SQLite only');
    const orphan = (await t.files.put(pdf('cli orphan'))).key;
    const p = join(t.dataDir, 'files', orphan.slice(0, 2), orphan);
    const old = new Date(Date.now() - 3 * HOUR); // the CLI runs on the real clock
    utimesSync(p, old, old);
    const run = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: t.dataDir, GONGKAI_ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL;
      execFile(process.execPath, [bin, 'files', 'sweep', ...args], { env, timeout: 100_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
      });
    });
    const bad = await run('--grace-minutes', '1');
    assert.equal(bad.code, 2, bad.stderr);
    const dry = await run('--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`^${orphan}\\t\\d+\\t`, 'm'));
    assert.match(dry.stderr, /would remove 1 /);
    assert.ok(await t.files.exists(orphan));
    const real = await run();
    assert.equal(real.code, 0, real.stderr);
    assert.equal(real.stdout.trim().split('\n').length, 1);
    assert.match(real.stdout, new RegExp(`^${orphan}\\t`));
    assert.match(real.stderr, /removed 1 /);
    assert.equal(await t.files.exists(orphan), false);
    assert.ok(await t.files.exists(referenced));
  });
});

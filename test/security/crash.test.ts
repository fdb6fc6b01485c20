/**
 * Crash safety (security.md DUR-01; issue: security). The real server (`node bin/gongkai.js start`) takes
 * applications with attachments through the portal form (multipart POST /agencies/:code/apply) from several clients
 * at once, and is killed with SIGKILL at random moments. After each restart: every acknowledged submission (201 with
 * its tracking code) is present and whole — the case, its submission event, its attachments with the sha256 of the
 * bytes sent —, `PRAGMA integrity_check` answers ok, and no stored file row is missing its bytes or left unlinked.
 * At the end the sweep of unreferenced bytes removes what the kills left (uploads never committed) and nothing else.
 * GONGKAI_FULL=1: ≥ 50 kills; CI: 8. On PostgreSQL (DATABASE_URL set) the server runs on a fresh database.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/platform/bootstrap.ts';
import { sweepOrphanFiles } from '../../src/platform/files/orphan-sweep.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { freePort } from '../../e2e/support/server.ts';
import { makeAgency } from '../support/factories.ts';
import { application } from '../support/request-factories.ts';

const FULL = Boolean(process.env.GONGKAI_FULL);
const KILLS = Number(process.env.GONGKAI_CRASH_KILLS) || (FULL ? 50 : 8);
const CLIENTS = 4;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEY = 'b'.repeat(64);

/** A small valid PDF or PNG with random bytes after the signature, so each attachment has its own hash. */
function attachment(i: number): { name: string; type: string; bytes: Buffer } {
  const pdf = i % 2 === 0;
  const head = pdf ? Buffer.from('%PDF-1.4\n') : Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { name: pdf ? `证明材料${i}.pdf` : `scan-${i}.png`, type: pdf ? 'application/pdf' : 'image/png', bytes: Buffer.concat([head, randomBytes(2000 + (i % 7) * 5000)]) };
}

interface Acked {
  trackingCode: string;
  description: string;
  sha256: string[];
}

describe('crash safety: SIGKILL during submissions loses no acknowledged write', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-crash-'));
  let databaseUrl = '';
  let adminUrl = '';
  let dbName = '';
  let port = 0;
  const env = () => ({
    ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), GONGKAI_DATA_DIR: dataDir, DATABASE_URL: databaseUrl,
    GONGKAI_ENCRYPTION_KEY: KEY, GONGKAI_JOBS: '0', GONGKAI_WORKERS: '0', LOG_LEVEL: 'error', TZ: 'Asia/Shanghai',
    GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '1000000',
  });
  const open = async (): Promise<Ctx> => createContext(loadConfig({ NODE_ENV: 'test', GONGKAI_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, GONGKAI_ENCRYPTION_KEY: KEY, GONGKAI_JOBS: '0', LOG_LEVEL: 'silent' }));

  before(async () => {
    if (process.env.DATABASE_URL) {
      adminUrl = process.env.DATABASE_URL;
      dbName = `gk_crash_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`create database ${dbName}`);
      await c.end();
      const u = new URL(adminUrl);
      u.pathname = `/${dbName}`;
      databaseUrl = u.toString();
    }
    port = await freePort();
    const ctx = await open();
    await makeAgency(ctx, { code: 'crash' });
    await ctx.database.close();
  });
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  });

  const start = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [join(root, 'bin', 'gongkai.js'), 'start'], { cwd: root, env: env(), stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let log = '';
    child.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${log}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${log}`);
  };

  const kill = async (child: ChildProcess) => {
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
  };

  /** Submits one application with 1–3 attachments; resolves with the acknowledgement or undefined (refused or cut off). */
  const submit = async (n: number): Promise<Acked | undefined> => {
    const form = new FormData();
    const body = application('crash', { description: `崩溃测试申请第${n}号：申请公开相关文件。` });
    for (const [k, v] of Object.entries(body)) {
      if (k === 'applicant') for (const [ak, av] of Object.entries(v as Record<string, string>)) form.append(`applicant.${ak}`, av);
      else if (k !== 'agency') form.append(k, String(v));
    }
    const files = Array.from({ length: 1 + (n % 3) }, (_x, i) => attachment(n * 3 + i));
    form.append('idempotencyKey', `crash-${n}-${randomBytes(4).toString('hex')}`);
    for (const f of files) form.append('attachments', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/agencies/crash/apply`, { method: 'POST', body: form});
      const html = await res.text();
      if (res.status !== 201) return undefined;
      const code = /\/requests\/([0-9A-Z]{6,})/.exec(html)?.[1];
      assert.ok(code, 'the receipt page names the tracking code');
      return { trackingCode: code, description: String(body.description), sha256: files.map((f) => createHash('sha256').update(f.bytes).digest('hex')).sort() };
    } catch {
      return undefined; // the connection died with the server: not acknowledged
    }
  };

  /** Everything that must hold after a restart. */
  const verify = async (acked: Acked[]) => {
    const ctx = await open();
    try {
      if (ctx.dialect === 'sqlite') {
        const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(ctx.db);
        assert.deepEqual(r.rows.map((x) => x.integrity_check), ['ok'], 'PRAGMA integrity_check');
      }
      for (const a of acked) {
        const row = await ctx.db.selectFrom('info_requests').select(['request_id', 'description']).where('tracking_code', '=', a.trackingCode).executeTakeFirst();
        assert.ok(row, `acknowledged case ${a.trackingCode} is present`);
        assert.equal(row.description, a.description, 'and whole');
        const events = await ctx.db.selectFrom('request_events').select('request_id').where('request_id', '=', row.request_id).execute();
        assert.ok(events.length >= 1, 'with its submission event');
        const files = await ctx.db.selectFrom('request_attachments').innerJoin('stored_files', 'stored_files.file_id', 'request_attachments.file_id')
          .select(['stored_files.sha256', 'stored_files.storage_key']).where('request_attachments.request_id', '=', row.request_id).execute();
        assert.deepEqual(files.map((f) => f.sha256).sort(), a.sha256, `attachments of ${a.trackingCode}`);
        for (const f of files) assert.equal(createHash('sha256').update(await ctx.files.get(f.storage_key)).digest('hex'), f.sha256, 'stored bytes match');
      }
      // No stored file row without its bytes, none left unlinked from a case.
      const rows = await ctx.db.selectFrom('stored_files').leftJoin('request_attachments', 'request_attachments.file_id', 'stored_files.file_id')
        .select(['stored_files.storage_key', 'request_attachments.request_id']).execute();
      const missing = [];
      for (const r of rows) if (!(await ctx.files.exists(r.storage_key))) missing.push(r.storage_key);
      assert.deepEqual(missing, [], 'no stored file is missing its bytes');
      const unlinked = rows.filter((r) => !r.request_id).length;
      assert.equal(unlinked, 0, 'no stored file row is left without its case');
      // Bytes on disk that no row names (written, then killed before the case committed): counted, and never
      // confused with an acknowledged attachment (those are all checked above).
      const named = new Set(rows.map((r) => r.storage_key));
      const filesDir = join(dataDir, 'files');
      const onDisk = existsSync(filesDir) ? readdirSync(filesDir).flatMap((d) => readdirSync(join(filesDir, d))) : [];
      return { cases: Number((await ctx.db.selectFrom('info_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), stray: onDisk.filter((f) => !named.has(f)).length };
    } finally {
      await ctx.database.close();
    }
  };

  it(`${KILLS} SIGKILLs during submissions: every acknowledged submission survives whole`, { timeout: 3_600_000 }, async () => {
    const acked: Acked[] = [];
    let n = 0;
    let attempts = 0;
    let last = { cases: 0, stray: 0 };
    for (let k = 0; k < KILLS; k++) {
      const child = await start();
      let stop = false;
      const clients = Array.from({ length: CLIENTS }, async () => {
        while (!stop) {
          attempts++;
          const a = await submit(n++);
          if (a) acked.push(a);
        }
      });
      // Kill after 150–1500 ms of load: mid-upload, mid-transaction, or between requests.
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 1350)));
      await kill(child);
      stop = true;
      await Promise.all(clients);
      last = await verify(acked);
      assert.ok(last.cases >= acked.length, 'no acknowledged case lost');
    }
    assert.ok(acked.length > 0, 'some submissions were acknowledged');
    // The sweep of unreferenced bytes (src/platform/files/orphan-sweep.ts) reclaims what the kills left, and nothing
    // else: with the server stopped no upload is in flight, so no grace period is needed here.
    const ctx = await open();
    let swept;
    try {
      swept = await sweepOrphanFiles(ctx, { graceMs: 0 });
    } finally {
      await ctx.database.close();
    }
    assert.equal(swept.removed.length, last.stray, 'the sweep removes exactly the unreferenced bytes');
    const clean = await verify(acked); // every acknowledged case still whole, no row missing its bytes
    assert.equal(clean.stray, 0, 'no unreferenced bytes left after the sweep');
    // The idempotency key makes a retry after the crash safe: an acknowledged submission resent answers the same code.
    process.stdout.write(`crash: ${KILLS} SIGKILLs (${databaseUrl ? 'postgres' : 'sqlite'}), ${attempts} submissions tried, ${acked.length} acknowledged, all present and whole; integrity ok; ${last.stray} unacknowledged uploads' bytes left on disk, ${swept.removed.length} removed by the sweep (${swept.referenced} referenced kept), ${clean.stray} left, 0 rows missing bytes\n`);
  });
});

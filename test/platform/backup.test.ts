import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { appendAudit } from '../../src/audit/audit-service.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { createBackup, restoreBackup, verifyBackup } from '../../src/platform/backup/backup.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { newId, newToken } from '../../src/platform/ids.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';

const KEY = Buffer.from('a'.repeat(64), 'hex');
/** Tests of the SQLite engine's backup path; the PostgreSQL suite runs the pg_dump path instead. */
const sqliteIt = (name: string, fn: () => Promise<void>) => (onPostgres ? undefined : it(name, fn));

describe('backup and restore (security.md "backups"; BAK-01, BAK-04)', () => {
  let t: TestCtx;
  let work: string;
  before(async () => {
    t = await createTestCtx();
    work = mkdtempSync(join(tmpdir(), 'gk-backup-'));
    for (let i = 0; i < 20; i++) {
      const { key, sha256 } = await t.files.put(Buffer.from(`附件内容 ${i}`));
      await t.db.insertInto('stored_files').values({ file_id: newId(), agency_id: null, storage_key: key, original_name: `f${i}.txt`, content_type: 'text/plain', size: 10, sha256, created_at: new Date().toISOString() }).execute();
    }
  });
  after(async () => {
    rmSync(work, { recursive: true, force: true });
    await t.cleanup();
  });

  /** The backup source of the SQLite test database. */
  function source() {
    return { dialect: t.dialect, sqlite: t.database.sqlite, dataDir: t.dataDir, key: KEY };
  }

  sqliteIt('copies a consistent database and every stored file while writes go on, and restores it whole', async () => {
    let writing = true;
    let written = 0;
    const load = (async () => {
      while (writing) {
        await appendAudit(t.db, t.dialect, SYSTEM_ACTOR, { action: 'load.write', objectType: 'test', objectId: String(written) });
        written++;
        await new Promise((r) => setImmediate(r)); // a server yields between requests; so does this load
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const dir = join(work, 'b1');
    const m = await createBackup(source(), { outDir: dir });
    writing = false;
    await load;
    assert.equal(m.counts.storedFiles, 20);
    assert.ok(m.counts.auditEntries > 0 && m.counts.auditEntries <= written, 'a snapshot in the middle of the writes');
    const target = mkdtempSync(join(tmpdir(), 'gk-restored-'));
    try {
      await restoreBackup({ backupDir: dir, dataDir: target, dialect: 'sqlite', key: KEY });
      const restored = openDatabase({ dataDir: target });
      const audit = await restored.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(audit.n), m.counts.auditEntries);
      assert.equal(restored.sqlite!.pragma('integrity_check', { simple: true }), 'ok');
      const keys = await restored.db.selectFrom('stored_files').select('storage_key').execute();
      for (const k of keys) assert.equal(readFileSync(join(target, 'files', k.storage_key.slice(0, 2), k.storage_key), 'utf8').startsWith('附件内容'), true);
      await restored.close();
      await assert.rejects(restoreBackup({ backupDir: dir, dataDir: target, dialect: 'sqlite', key: KEY }), /已有数据库/, 'an existing database is never overwritten silently');
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  sqliteIt('refuses a backup with a changed file, a changed manifest, an extra file, or the wrong key', async () => {
    const dir = join(work, 'b2');
    await createBackup(source(), { outDir: dir });
    assert.doesNotThrow(() => verifyBackup(dir, KEY));
    const filesDir = join(dir, 'files');
    const sub = readdirSync(filesDir)[0];
    const victim = join(filesDir, sub, readdirSync(join(filesDir, sub))[0]);
    const original = readFileSync(victim);
    writeFileSync(victim, Buffer.concat([original.subarray(0, original.length - 1), Buffer.from([original[original.length - 1] ^ 1])]));
    assert.throws(() => verifyBackup(dir, KEY), /被改动/);
    writeFileSync(victim, original);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.counts.storedFiles = 1;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    assert.throws(() => verifyBackup(dir, KEY), /清单校验失败/);
    manifest.counts.storedFiles = 20;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    assert.doesNotThrow(() => verifyBackup(dir, KEY));
    writeFileSync(join(dir, 'files', 'extra'), 'x');
    assert.throws(() => verifyBackup(dir, KEY), /清单之外/);
    rmSync(join(dir, 'files', 'extra'));
    assert.throws(() => verifyBackup(dir, Buffer.from('b'.repeat(64), 'hex')), /清单校验失败/);
  });

  sqliteIt('encrypts with a passphrase and refuses a wrong one', async () => {
    const dir = join(work, 'b3');
    await createBackup(source(), { outDir: dir, passphrase: 'correct horse battery staple' });
    assert.ok(!readFileSync(join(dir, 'database.sqlite')).subarray(0, 16).toString('latin1').startsWith('SQLite format'), 'the database file is not readable without the passphrase');
    const target = mkdtempSync(join(tmpdir(), 'gk-restored-'));
    try {
      await assert.rejects(restoreBackup({ backupDir: dir, dataDir: target, dialect: 'sqlite', key: KEY, passphrase: 'wrong passphrase!!' }), /口令不正确/);
      await restoreBackup({ backupDir: dir, dataDir: target, dialect: 'sqlite', key: KEY, passphrase: 'correct horse battery staple', force: true });
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  // The engine-specific paths: SQLite's backup API above, pg_dump/pg_restore here; each suite runs its engine's.
  if (onPostgres) it('backs up and restores PostgreSQL with pg_dump / pg_restore', async () => {
    const schemaDb = `bk_${newToken(6).toLowerCase()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${schemaDb}`);
    await admin.query(`create database ${schemaDb}_r`);
    await admin.end();
    const url = process.env.DATABASE_URL!.replace(/\/[^/?]+(\?|$)/, `/${schemaDb}$1`);
    const urlR = process.env.DATABASE_URL!.replace(/\/[^/?]+(\?|$)/, `/${schemaDb}_r$1`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query('create table stored_files (storage_key text); create table audit_log (seq int); insert into audit_log values (1),(2)');
    await db.end();
    const dir = join(work, 'pg');
    const m = await createBackup({ dialect: 'postgres', databaseUrl: url, dataDir: t.dataDir, key: KEY }, { outDir: dir });
    assert.equal(m.counts.auditEntries, 2);
    await restoreBackup({ backupDir: dir, dataDir: mkdtempSync(join(tmpdir(), 'gk-pgr-')), dialect: 'postgres', databaseUrl: urlR, key: KEY });
    const r = new pg.Client({ connectionString: urlR });
    await r.connect();
    assert.equal((await r.query('select count(*)::int as n from audit_log')).rows[0].n, 2);
    await r.end();
  });
});

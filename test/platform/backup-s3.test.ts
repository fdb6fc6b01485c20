/**
 * Backups with the S3 FileStore (docs/deploy.md "object storage"): `createBackup` downloads every object the database
 * names into the backup (same manifest, hashes and seal as with the local folder), and `restoreBackup` uploads them
 * into the configured store — the same bucket, another prefix, or the local folder (a backup of either store
 * restores into either). Against a real S3-compatible server on loopback. SQLite engine; the files part does not
 * depend on the engine (the PostgreSQL path of the database copy is tested in backup.test.ts).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBackup, restoreBackup, verifyBackup } from '../../src/platform/backup/backup.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { createLocalFileStore, type FileStore } from '../../src/platform/files/file-store.ts';
import { createS3FileStore } from '../../src/platform/files/s3-file-store.ts';
import { newId } from '../../src/platform/ids.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';

const KEY = Buffer.from('a'.repeat(64), 'hex');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('backup and restore with files in an S3-compatible bucket', { skip: onPostgres ? 'SQLite engine only (see header)' : false }, () => {
  let server: S3TestServer;
  let t: TestCtx;
  let work: string;
  const originals = new Map<string, Buffer>();
  let goneKey: string;

  before(async () => {
    server = await startS3Server(['gongkai-backup']);
    t = await createTestCtx({ env: server.env('live/') });
    work = mkdtempSync(join(tmpdir(), 'gk-backup-s3-'));
    for (let i = 0; i < 30; i++) {
      const bytes = Buffer.concat([Buffer.from(`附件 ${i} `), randomBytes(i * 997)]);
      const { key, sha256 } = await t.files.put(bytes);
      originals.set(key, bytes);
      await t.db.insertInto('stored_files').values({ file_id: newId(), agency_id: null, storage_key: key, original_name: `f${i}.pdf`, content_type: 'application/pdf', size: bytes.length, sha256, created_at: new Date().toISOString() }).execute();
    }
    goneKey = [...originals.keys()][7];
    await t.files.delete(goneKey); // a row whose object is gone: reported, not fatal
    originals.delete(goneKey);
  });
  after(async () => {
    await t?.cleanup();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Every restored key's bytes equal the original's. */
  async function assertAllRestored(store: FileStore, dataDir: string) {
    const restored = openDatabase({ dataDir });
    try {
      const rows = await restored.db.selectFrom('stored_files').select(['storage_key', 'sha256']).execute();
      assert.equal(rows.length, 30);
      for (const r of rows) {
        if (r.storage_key === goneKey) {
          assert.equal(await store.exists(r.storage_key), false);
          continue;
        }
        const bytes = await store.get(r.storage_key);
        assert.equal(sha(bytes), r.sha256);
        assert.deepEqual(bytes, originals.get(r.storage_key));
      }
    } finally {
      await restored.close();
    }
  }

  it('backs up the database and every object, and restores into another prefix of the bucket and into a local folder', async () => {
    assert.equal(t.config.files.kind, 's3');
    const dir = join(work, 'b1');
    const m = await createBackup({ dialect: t.dialect, sqlite: t.database.sqlite, dataDir: t.dataDir, files: t.files, key: KEY }, { outDir: dir });
    assert.equal(m.counts.storedFiles, 30);
    assert.equal(m.counts.missingFiles, 1);
    assert.equal(m.entries.filter((e) => e.path.startsWith('files/')).length, 29);
    assert.doesNotThrow(() => verifyBackup(dir, KEY));
    assert.equal(existsSync(join(t.dataDir, 'files')) ? readdirSync(join(t.dataDir, 'files')).length : 0, 0, 'nothing came from or went to local disk');

    const intoBucket = mkdtempSync(join(tmpdir(), 'gk-restored-s3-'));
    const intoLocal = mkdtempSync(join(tmpdir(), 'gk-restored-local-'));
    try {
      const other = createS3FileStore(server.settings('restored/'));
      await restoreBackup({ backupDir: dir, dataDir: intoBucket, dialect: 'sqlite', key: KEY, files: other });
      await assertAllRestored(other, intoBucket);
      await restoreBackup({ backupDir: dir, dataDir: intoLocal, dialect: 'sqlite', key: KEY });
      await assertAllRestored(createLocalFileStore(join(intoLocal, 'files')), intoLocal);
    } finally {
      rmSync(intoBucket, { recursive: true, force: true });
      rmSync(intoLocal, { recursive: true, force: true });
    }
  });

  it('an encrypted backup of S3 files restores into S3; a local backup restores into S3 (moving to object storage)', async () => {
    const dir = join(work, 'b2');
    await createBackup({ dialect: t.dialect, sqlite: t.database.sqlite, dataDir: t.dataDir, files: t.files, key: KEY }, { outDir: dir, passphrase: 'correct horse battery staple' });
    const target = mkdtempSync(join(tmpdir(), 'gk-restored-enc-'));
    const local = mkdtempSync(join(tmpdir(), 'gk-local-'));
    try {
      const enc = createS3FileStore(server.settings('encrypted/'));
      await restoreBackup({ backupDir: dir, dataDir: target, dialect: 'sqlite', key: KEY, passphrase: 'correct horse battery staple', files: enc });
      await assertAllRestored(enc, target);
      // local → S3: back up the local copy just restored, restore it into a fresh prefix
      const restored = openDatabase({ dataDir: target });
      const localDir = join(work, 'b3');
      try {
        await restoreBackup({ backupDir: dir, dataDir: local, dialect: 'sqlite', key: KEY, passphrase: 'correct horse battery staple' });
        await createBackup({ dialect: 'sqlite', sqlite: restored.sqlite, dataDir: local, key: KEY }, { outDir: localDir });
      } finally {
        await restored.close();
      }
      const moved = createS3FileStore(server.settings('moved/'));
      const movedDir = mkdtempSync(join(tmpdir(), 'gk-moved-'));
      try {
        await restoreBackup({ backupDir: localDir, dataDir: movedDir, dialect: 'sqlite', key: KEY, files: moved });
        await assertAllRestored(moved, movedDir);
      } finally {
        rmSync(movedDir, { recursive: true, force: true });
      }
    } finally {
      rmSync(target, { recursive: true, force: true });
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('an unreachable bucket fails the backup and the restore; a failed restore leaves no database behind', async () => {
    const broken = createS3FileStore({ ...server.settings(), bucket: `no-such-bucket-${Date.now().toString(36)}` });
    await assert.rejects(createBackup({ dialect: t.dialect, sqlite: t.database.sqlite, dataDir: t.dataDir, files: broken, key: KEY }, { outDir: join(work, 'b4') }), /NoSuchBucket/);
    assert.equal(existsSync(join(work, 'b4')), false, 'no half backup under the final name');
    const dir = join(work, 'b5');
    await createBackup({ dialect: t.dialect, sqlite: t.database.sqlite, dataDir: t.dataDir, files: t.files, key: KEY }, { outDir: dir });
    const target = mkdtempSync(join(tmpdir(), 'gk-restore-fail-'));
    try {
      await assert.rejects(restoreBackup({ backupDir: dir, dataDir: target, dialect: 'sqlite', key: KEY, files: broken }), /NoSuchBucket/);
      assert.deepEqual(readdirSync(target), [], 'the database is put in place only after every file is restored');
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});

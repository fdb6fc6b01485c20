/**
 * `gongkai backup` and `gongkai restore` as an operator runs them with GONGKAI_FILES=s3 (the real bin/gongkai.js in a
 * child process, a real S3-compatible server on loopback): the backup holds the bucket's objects, the restore puts
 * them into the bucket named by the restoring environment.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createS3FileStore } from '../../src/platform/files/s3-file-store.ts';
import { newId } from '../../src/platform/ids.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'gongkai.js');

function gongkai(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    execFile(process.execPath, [bin, ...args], { env: childEnv, timeout: 180_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('gongkai backup / restore with GONGKAI_FILES=s3', { skip: onPostgres ? 'the CLI run uses the SQLite file of the test context' : false }, () => {
  let server: S3TestServer;
  let t: TestCtx;
  let work: string;
  const files = new Map<string, string>();
  before(async () => {
    server = await startS3Server(['gongkai-cli']);
    t = await createTestCtx({ env: server.env('live/') });
    work = mkdtempSync(join(tmpdir(), 'gk-cli-s3-'));
    for (const text of ['第一份附件', '第二份附件', '第三份附件']) {
      const { key, sha256 } = await t.files.put(Buffer.from(text));
      files.set(key, text);
      await t.db.insertInto('stored_files').values({ file_id: newId(), agency_id: null, storage_key: key, original_name: 'a.txt', content_type: 'text/plain', size: 15, sha256, created_at: new Date().toISOString() }).execute();
    }
  });
  after(async () => {
    await t?.cleanup();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('backs up the objects of the bucket and restores them into another prefix', async () => {
    const common = { GONGKAI_ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'silent', GONGKAI_JOBS: '0' };
    const out = join(work, 'backup');
    const b = await gongkai(['backup', '--out', out], { ...common, ...server.env('live/'), GONGKAI_DATA_DIR: t.dataDir });
    assert.equal(b.code, 0, b.stderr);
    assert.equal(b.stdout.trim(), out);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { entries: { path: string }[] };
    assert.deepEqual(manifest.entries.filter((e) => e.path.startsWith('files/')).map((e) => e.path.split('/')[2]).sort(), [...files.keys()].sort());

    const target = join(work, 'restored-data');
    const r = await gongkai(['restore', out], { ...common, ...server.env('restored/'), GONGKAI_DATA_DIR: target });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(target, 'gongkai.sqlite')));
    const restored = createS3FileStore(server.settings('restored/'));
    for (const [key, text] of files) {
      assert.equal((await restored.get(key)).toString(), text);
      assert.equal(existsSync(join(target, 'files', key.slice(0, 2), key)), false, 'into the bucket, not onto local disk');
    }
  });
});

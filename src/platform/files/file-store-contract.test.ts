/**
 * The FileStore contract, one table of cases run against every implementation: the local folder, and the S3 store
 * against a real S3-compatible server (s3rver on loopback, started here) with and without a prefix. Anything the
 * services rely on (random keys, sha256, exact bytes back, existence, idempotent delete, restore under a recorded
 * key, listing for the orphan sweep, keys that can never name a path outside the store) is a row here.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '../../../test/support/s3-server.ts';
import { createLocalFileStore, type FileStore, type StoredObject } from './file-store.ts';
import { createS3Client, createS3FileStore } from './s3-file-store.ts';

/** One implementation under test, with a look at where it put a key's bytes (outside the interface). */
interface Subject {
  name: string;
  store: FileStore;
  /** The raw bytes at the place the layout promises for `key`, or undefined. */
  raw(key: string): Promise<Buffer | undefined>;
  /** Plants something that is not a file of the store beside its files (list must ignore it). */
  plantForeign(): Promise<void>;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const BAD_KEYS = ['', '../../etc/passwd', 'ab/../../x', 'SHORT', 'abcdefghijklmnopqrstuvwxyz', `${'A'.repeat(30)}/x`, `${'A'.repeat(65)}`];

async function collect(it: AsyncIterable<StoredObject>): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const o of it) out.push(o);
  return out;
}

/** The contract: each row runs against every subject. */
const CASES: { name: string; run(s: Subject): Promise<void> }[] = [
  {
    name: 'put gives a new random key and the SHA-256; get gives the same bytes back',
    async run(s) {
      const bytes = Buffer.from('政府信息公开申请 附件 \u0000\u00ff binary', 'utf8');
      const { key, sha256 } = await s.store.put(bytes);
      assert.match(key, /^[0-9A-Z]{20,64}$/);
      assert.equal(sha256, sha(bytes));
      assert.deepEqual(await s.store.get(key), bytes);
      assert.deepEqual(await s.raw(key), bytes, 'stored under <AB>/<key> as is');
    },
  },
  {
    name: 'empty files and files of several megabytes keep every byte',
    async run(s) {
      for (const bytes of [Buffer.alloc(0), randomBytes(6 * 1024 * 1024 + 17)]) {
        const { key, sha256 } = await s.store.put(bytes);
        const back = await s.store.get(key);
        assert.equal(back.length, bytes.length);
        assert.equal(sha(back), sha256);
      }
    },
  },
  {
    name: 'keys are unique, also for identical bytes and concurrent writes',
    async run(s) {
      const same = Buffer.from('same bytes');
      const made = await Promise.all(Array.from({ length: 24 }, () => s.store.put(same)));
      assert.equal(new Set(made.map((m) => m.key)).size, 24);
      assert.equal(new Set(made.map((m) => m.sha256)).size, 1);
    },
  },
  {
    name: 'exists is true for a stored key and false for one never stored',
    async run(s) {
      const { key } = await s.store.put(Buffer.from('x'));
      assert.equal(await s.store.exists(key), true);
      assert.equal(await s.store.exists('Z'.repeat(32)), false);
    },
  },
  {
    name: 'delete removes the file; deleting again or deleting a missing key is no error',
    async run(s) {
      const { key } = await s.store.put(Buffer.from('to be withdrawn'));
      await s.store.delete(key);
      assert.equal(await s.store.exists(key), false);
      assert.equal(await s.raw(key), undefined);
      await s.store.delete(key);
      await s.store.delete('Y'.repeat(32));
    },
  },
  {
    name: 'get of a missing key rejects (ENOENT), never resolves to empty bytes',
    async run(s) {
      await assert.rejects(s.store.get('X'.repeat(32)), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
      const { key } = await s.store.put(Buffer.from('gone'));
      await s.store.delete(key);
      await assert.rejects(s.store.get(key), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    },
  },
  {
    name: 'putAt stores under a recorded key (restore) and replaces what it held',
    async run(s) {
      const key = 'R'.repeat(2) + randomBytes(15).toString('hex').toUpperCase();
      await s.store.putAt(key, Buffer.from('first'));
      assert.equal((await s.store.get(key)).toString(), 'first');
      await s.store.putAt(key, Buffer.from('restored'));
      assert.equal((await s.store.get(key)).toString(), 'restored');
      assert.equal(await s.store.exists(key), true);
    },
  },
  {
    name: 'keys that could name another path are refused by every operation',
    async run(s) {
      for (const bad of BAD_KEYS) {
        await assert.rejects(async () => s.store.get(bad), /invalid file key/, `get ${bad}`);
        await assert.rejects(async () => s.store.exists(bad), /invalid file key/, `exists ${bad}`);
        await assert.rejects(async () => s.store.delete(bad), /invalid file key/, `delete ${bad}`);
        await assert.rejects(async () => s.store.putAt(bad, Buffer.from('x')), /invalid file key/, `putAt ${bad}`);
      }
    },
  },
  {
    name: 'list reports every stored file with its size and write time, and nothing that is not the store\'s',
    async run(s) {
      const before = new Set((await collect(s.store.list())).map((o) => o.key));
      const t0 = Date.now() - 60_000;
      const mine = await Promise.all([Buffer.from('a'), Buffer.from('bb'), Buffer.alloc(0)].map((b) => s.store.put(b)));
      await s.plantForeign();
      const listed = (await collect(s.store.list())).filter((o) => !before.has(o.key));
      assert.deepEqual(listed.map((o) => o.key).sort(), mine.map((m) => m.key).sort());
      const sizes = new Map(listed.map((o) => [o.key, o.size]));
      assert.deepEqual(mine.map((m) => sizes.get(m.key)), [1, 2, 0]);
      for (const o of listed) assert.ok(o.modifiedAt.getTime() >= t0 && o.modifiedAt.getTime() <= Date.now() + 60_000, 'write time');
      for (const o of listed) await s.store.delete(o.key); // every key list yields is one delete accepts
      assert.equal((await collect(s.store.list())).filter((o) => !before.has(o.key)).length, 0);
    },
  },
];

describe('FileStore contract (local folder and S3-compatible bucket)', () => {
  let server: S3TestServer;
  let dir: string;
  let raw: S3Client;
  const subjects: Subject[] = [];
  before(async () => {
    server = await startS3Server(['gongkai-files']);
    raw = createS3Client(server.settings());
    dir = mkdtempSync(join(tmpdir(), 'gk-files-'));
    const root = join(dir, 'files');
    subjects.push({
      name: 'local folder',
      store: createLocalFileStore(root),
      raw: async (key) => (existsSync(join(root, key.slice(0, 2), key)) ? readFile(join(root, key.slice(0, 2), key)) : undefined),
      async plantForeign() {
        await mkdir(join(root, 'ZZ'), { recursive: true });
        await writeFile(join(root, 'ZZ', 'README'), 'not a stored file');
        await writeFile(join(root, 'stray.txt'), 'not a stored file');
      },
    });
    for (const prefix of ['', 'province/gongkai/']) {
      const settings = server.settings(prefix);
      subjects.push({
        name: `S3 bucket${prefix ? ` under prefix ${prefix}` : ''}`,
        store: createS3FileStore(settings),
        async raw(key) {
          try {
            const r = await raw.send(new GetObjectCommand({ Bucket: server.bucket, Key: `${prefix}${key.slice(0, 2)}/${key}` }));
            return Buffer.from(await r.Body!.transformToByteArray());
          } catch (e) {
            if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
            throw e;
          }
        },
        async plantForeign() {
          for (const Key of [`${prefix}README.txt`, `${prefix}ZZ/notes`, `${prefix}AB/ABCDEFGHIJKLMNOPQRSTUV.tmp`, `other-app/AB/AB${'C'.repeat(30)}`]) {
            await raw.send(new PutObjectCommand({ Bucket: server.bucket, Key, Body: 'not ours' }));
          }
        },
      });
    }
  });
  after(async () => {
    raw?.destroy();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async () => {
      assert.equal(subjects.length, 3, 'all three stores are under test');
      for (const s of subjects) {
        try {
          await c.run(s);
        } catch (e) {
          (e as Error).message = `[${s.name}] ${(e as Error).message}`;
          throw e;
        }
      }
    });
  }

  it('S3: the prefix keeps two stores in one bucket apart', async () => {
    const a = createS3FileStore(server.settings('a/'));
    const b = createS3FileStore(server.settings('b/'));
    const { key } = await a.put(Buffer.from('only in a'));
    assert.equal(await a.exists(key), true);
    assert.equal(await b.exists(key), false);
    assert.equal((await collect(b.list())).some((o) => o.key === key), false);
    const all = await raw.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'a/' }));
    assert.ok(all.Contents?.some((o) => o.Key === `a/${key.slice(0, 2)}/${key}`));
  });

  it('S3: list pages through more than one ListObjectsV2 page', async () => {
    const store = createS3FileStore(server.settings('many/'));
    const keys = new Set<string>();
    for (let i = 0; i < 1010; i += 50) {
      for (const m of await Promise.all(Array.from({ length: Math.min(50, 1010 - i) }, () => store.put(Buffer.from('p'))))) keys.add(m.key);
    }
    const listed = await collect(store.list());
    assert.equal(listed.length, 1010);
    assert.deepEqual(new Set(listed.map((o) => o.key)), keys);
  });

  it('S3: every write carries Content-MD5 and the configured server-side encryption', async () => {
    const seen: Record<string, string>[] = [];
    const client = createS3Client({ ...server.settings('sse/'), sse: 'aws:kms', sseKmsKeyId: 'alias/gongkai' });
    client.middlewareStack.add((next) => async (args) => {
      seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordHeaders' });
    const store = createS3FileStore({ ...server.settings('sse/'), sse: 'aws:kms', sseKmsKeyId: 'alias/gongkai' }, client);
    const bytes = Buffer.from('加密存储');
    const { key } = await store.put(bytes);
    await store.putAt(key, bytes);
    assert.equal(seen.length, 2);
    for (const h of seen) {
      assert.equal(h['content-md5'], createHash('md5').update(bytes).digest('base64'));
      assert.equal(h['x-amz-server-side-encryption'], 'aws:kms');
      assert.equal(h['x-amz-server-side-encryption-aws-kms-key-id'], 'alias/gongkai');
      assert.equal(h['x-amz-acl'], undefined, 'objects are never given an ACL (private by the bucket policy)');
    }
    client.destroy();
  });

  it('S3: wrong credentials, a missing bucket and an unreachable endpoint fail loudly, never as "missing"', async () => {
    // (s3rver checks the access key id but not the signature; a wrong secret is refused the same way by real servers)
    const wrongKey = createS3FileStore({ ...server.settings(), accessKeyId: 'NOT-A-KEY' });
    await assert.rejects(wrongKey.put(Buffer.from('x')), /S3 put s3:\/\/gongkai-files[a-z0-9-]*\/.* failed: InvalidAccessKeyId/);
    await assert.rejects(wrongKey.exists('A'.repeat(32)), /S3 head .* failed/);
    const noBucket = createS3FileStore({ ...server.settings(), bucket: `no-such-bucket-${Date.now().toString(36)}` });
    await assert.rejects(noBucket.put(Buffer.from('x')), /NoSuchBucket/);
    await assert.rejects(noBucket.get('A'.repeat(32)), (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' && /NoSuchBucket/.test(e.message), 'a missing bucket is not a missing file');
    await assert.rejects(noBucket.exists('A'.repeat(32)), /S3 head-bucket .* failed/);
    await assert.rejects(noBucket.delete('A'.repeat(32)), /NoSuchBucket/);
    await assert.rejects(async () => {
      for await (const o of noBucket.list()) assert.fail(`listed ${o.key}`);
    }, /S3 list s3:\/\/no-such-bucket-[a-z0-9]+\/ failed: NoSuchBucket/);
    const down = createS3FileStore({ ...server.settings(), endpoint: 'http://127.0.0.1:9' });
    await assert.rejects(down.put(Buffer.from('x')), /S3 put .* failed/);
  });
});

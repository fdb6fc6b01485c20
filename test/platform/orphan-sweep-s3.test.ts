/**
 * The orphan sweep (src/platform/files/orphan-sweep.ts) over the S3 FileStore against a real S3-compatible server:
 * the age of an object is the server's LastModified, the list comes from ListObjectsV2 pages under the prefix.
 * Only unreferenced objects past the grace period go; referenced ones, fresh ones and objects that are not the
 * store's (other names under the prefix, other prefixes) stay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { sweepOrphanFiles } from '../../src/platform/files/orphan-sweep.ts';
import { createS3Client, createS3FileStore } from '../../src/platform/files/s3-file-store.ts';
import { newId } from '../../src/platform/ids.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';

const HOUR = 3_600_000;

describe('orphan sweep with files in an S3-compatible bucket', () => {
  let server: S3TestServer;
  let t: TestCtx;
  before(async () => {
    server = await startS3Server(['gongkai-sweep']);
    // The app's clock three hours after the objects' LastModified (written now by the server's clock).
    t = await createTestCtx({ now: new Date(Date.now() + 3 * HOUR).toISOString(), env: server.env('live/') });
  });
  after(async () => {
    await t?.cleanup();
    await server?.close();
  });

  it('removes only unreferenced objects older than the grace period', async () => {
    const referenced = await t.files.put(Buffer.from('named by a row'));
    await t.db.insertInto('stored_files').values({ file_id: newId(), agency_id: null, storage_key: referenced.key, original_name: 'a.pdf', content_type: 'application/pdf', size: 14, sha256: referenced.sha256, created_at: t.clock.now().toISOString() }).execute();
    const orphans = await Promise.all([1, 2, 3].map((i) => t.files.put(Buffer.from(`orphan ${i}`))));
    const neighbour = createS3FileStore(server.settings('other-installation/'));
    const theirs = await neighbour.put(Buffer.from('another installation in the same bucket'));
    const raw = createS3Client(server.settings());
    await raw.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'live/README.txt', Body: 'operator notes' }));
    raw.destroy();

    const young = await sweepOrphanFiles(t, { graceMs: 4 * HOUR });
    assert.deepEqual({ scanned: young.scanned, referenced: young.referenced, fresh: young.fresh, removed: young.removed.length }, { scanned: 4, referenced: 1, fresh: 3, removed: 0 });

    const dry = await sweepOrphanFiles(t, { graceMs: HOUR, dryRun: true });
    assert.equal(dry.removed.length, 3);
    for (const o of orphans) assert.equal(await t.files.exists(o.key), true, 'a dry run removes nothing');

    const swept = await sweepOrphanFiles(t, { graceMs: HOUR });
    assert.deepEqual(swept.removed.map((o) => o.key).sort(), orphans.map((o) => o.key).sort());
    assert.equal(swept.removedBytes, orphans.length * 'orphan 1'.length);
    for (const o of orphans) assert.equal(await t.files.exists(o.key), false);
    assert.equal(await t.files.exists(referenced.key), true);
    assert.equal((await neighbour.get(theirs.key)).toString(), 'another installation in the same bucket');
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('action', '=', 'files.sweep-orphans').execute();
    assert.equal(audit.length, 1);
  });
});

/**
 * End to end with the S3 FileStore (GONGKAI_FILES=s3 against a real S3-compatible server on loopback): an applicant
 * submits an application with a PDF attachment through the public form; the bytes land in the bucket (under the
 * prefix, not on local disk); the case handler downloads the attachment from the back office, byte for byte.
 * And a published catalogue item's attachment is downloaded from the public portal out of the bucket.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { addAttachment } from '../../src/catalogue/attachment-service.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, submitItem } from '../../src/catalogue/workflow-service.ts';
import { createS3Client } from '../../src/platform/files/s3-file-store.ts';
import { itemFields, staff, tinyPdf } from '../support/catalogue-factories.ts';
import { loginAs } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { PHONE, VALID_ID } from '../support/request-factories.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';

const PREFIX = 'gongkai-e2e/';

describe('attachments in an S3-compatible bucket through the app (issue 9 scale-out)', () => {
  let server: S3TestServer;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    server = await startS3Server(['gongkai-attachments']);
    t = await createTestApp({ env: { ...server.env(PREFIX), GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '1000' } });
  });
  after(async () => {
    await t?.cleanup();
    await server?.close();
  });

  it('stores the uploaded attachment in the bucket and serves it back to the case handler', async () => {
    const agency = await makeAgency(t.ctx, { code: 'gskjt', name: '甘肃省科学技术厅', shortName: '甘科技' });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%身份证复印件\n'), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
    const boundary = '----gk-s3';
    const fields = { 'applicant.kind': 'natural_person', 'applicant.name': '张三', 'applicant.idType': 'resident_id', 'applicant.idNumber': VALID_ID, 'applicant.phone': PHONE, description: '申请公开2019年科技计划项目立项清单（附身份证复印件）。', format: 'electronic', delivery: 'online' };
    const payload = Buffer.concat([
      ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="身份证.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const submitted = await t.app.inject({ method: 'POST', url: '/agencies/gskjt/apply', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    assert.equal(submitted.statusCode, 201, submitted.body.slice(0, 500));

    const row = await t.ctx.db.selectFrom('request_attachments as ra').innerJoin('stored_files as f', 'f.file_id', 'ra.file_id')
      .select(['ra.request_id', 'f.file_id', 'f.storage_key', 'f.size', 'f.sha256']).executeTakeFirstOrThrow();
    assert.equal(Number(row.size), pdf.length);
    assert.equal(row.sha256, createHash('sha256').update(pdf).digest('hex'));

    // In the bucket, under the prefix, in the <AB>/<key> layout; nothing on the local disk.
    const raw = createS3Client(server.settings());
    try {
      const obj = await raw.send(new GetObjectCommand({ Bucket: server.bucket, Key: `${PREFIX}${row.storage_key.slice(0, 2)}/${row.storage_key}` }));
      assert.deepEqual(Buffer.from(await obj.Body!.transformToByteArray()), pdf);
    } finally {
      raw.destroy();
    }
    assert.equal(existsSync(join(t.ctx.dataDir, 'files', row.storage_key.slice(0, 2), row.storage_key)), false);

    const handler = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'case_handler' }] });
    const download = await t.app.inject({ url: `/admin/requests/${row.request_id}/attachments/${row.file_id}`, headers: handler.headers });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /filename\*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81\.pdf/);
    assert.deepEqual(download.rawPayload, pdf);

    const anonymous = await t.app.inject({ url: `/admin/requests/${row.request_id}/attachments/${row.file_id}` });
    assert.notEqual(anonymous.statusCode, 200, 'the bucket is reached only through the app\'s access checks');
  });

  it('serves a published catalogue item\'s attachment to the public from the bucket', async () => {
    const agency = await makeAgency(t.ctx, { code: 'lzzrzy', name: '兰州市自然资源局' });
    const editor = staff(agency.id, 'editor');
    const reviewer = staff(agency.id, 'reviewer');
    const item = await createItem(t.ctx, editor, agency.id, itemFields({ bodyHtml: '' }));
    const bytes = tinyPdf('Annex stored in the bucket');
    const a = await addAttachment(t.ctx, editor, item.id, { name: '附件1.pdf', bytes });
    await submitItem(t.ctx, editor, item.id);
    await approveItem(t.ctx, reviewer, item.id, { confidentialityChecked: true });
    await publishItem(t.ctx, reviewer, item.id);
    const pub = await t.ctx.db.selectFrom('catalogue_published').select('public_id').where('item_id', '=', item.id).executeTakeFirstOrThrow();
    const key = (await t.ctx.db.selectFrom('stored_files').innerJoin('catalogue_attachments as ca', 'ca.file_id', 'stored_files.file_id').select('storage_key').where('ca.attachment_id', '=', a.id).executeTakeFirstOrThrow()).storage_key;
    const objects: string[] = [];
    for await (const o of t.ctx.files.list()) objects.push(o.key);
    assert.ok(objects.includes(key), 'the attachment is an object in the bucket');
    const r = await t.app.inject({ url: `/documents/${pub.public_id}/files/${a.id}` });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.deepEqual(r.rawPayload, bytes);
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { submitRequest, trackRequest, verifyApplicant } from '../../src/requests/request-service.ts';
import { selectEvents, selectRequestByTrackingCode } from '../../src/requests/request-store.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { application, organisation, PHONE, VALID_ID } from '../support/request-factories.ts';

describe('submitting an application (Art. 29, design.md §5.4)', () => {
  let ctx: TestCtx;
  before(async () => {
    ctx = await createTestCtx({ now: '2020-09-28T02:00:00Z' });
    await makeAgency(ctx, { code: 'gskjt', name: '甘肃省科学技术厅', shortName: '甘科技' });
  });
  after(() => ctx.cleanup());

  it('gives a tracking code and the due date 20 working days after receipt today (Art. 33, National Day skipped)', async () => {
    const r = await submitRequest(ctx, application('gskjt'));
    assert.equal(r.status, 201);
    assert.match(r.body.trackingCode, /^[0-9A-Z]{16}$/);
    // Received 2020-09-28 (Mon): 09-29, 09-30 are days 1–2; 10-01..10-08 are off; 10-09 is day 3 and the 调休
    // Saturday 10-10 day 4; three full weeks make day 19 on 10-30, so the 20th working day is Monday 11-02.
    assert.equal(r.body.dueOn, '2020-11-02');
    const row = await selectRequestByTrackingCode(ctx.db, r.body.trackingCode);
    assert.equal(row?.receivedOn, '2020-09-28');
    assert.equal(row?.state, 'registered');
    const events = await selectEvents(ctx.db, row!.id);
    assert.deepEqual(events.map((e) => e.type), ['submitted']);
  });

  it('stores ID number, phone, address and email encrypted: the raw row holds no plaintext', async () => {
    const r = await submitRequest(ctx, application('gskjt'));
    const raw = await ctx.db.selectFrom('info_requests').selectAll().where('tracking_code', '=', r.body.trackingCode).executeTakeFirstOrThrow();
    const dump = JSON.stringify(raw);
    for (const plain of [VALID_ID, PHONE, '天水南路', 'zhangsan@example.com']) assert.ok(!dump.includes(plain), `row contains ${plain}`);
    assert.match(raw.id_number_enc!, /^v1:/);
    assert.equal(ctx.cipher.decrypt(raw.phone_enc!), PHONE);
  });

  it('sends an acknowledgement email without personal data in the subject', async () => {
    const outbox = join(ctx.dataDir, 'outbox');
    const before = readdirSync(outbox).length;
    await submitRequest(ctx, application('gskjt'));
    const files = readdirSync(outbox);
    assert.equal(files.length, before + 1);
    const eml = readFileSync(join(outbox, files.sort().at(-1)!), 'utf8');
    assert.match(eml, /zhangsan@example\.com/);
    assert.ok(!eml.includes(VALID_ID));
  });

  it('accepts organisations with a valid credit code and a contact person', async () => {
    for (const kind of ['commercial', 'research', 'public_interest', 'legal_services', 'other_org']) {
      const r = await submitRequest(ctx, { ...application('gskjt'), applicant: organisation(kind), delivery: 'online' });
      assert.equal(r.status, 201);
    }
  });

  const bad: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['wrong check digit (GB 11643)', {}, { idNumber: '620102199803151239' }, 'applicant.idNumber'],
    ['impossible birth date', {}, { idNumber: '620102199802301230' }, 'applicant.idNumber'],
    ['17 digits', {}, { idNumber: '62010219980315123' }, 'applicant.idNumber'],
    ['no ID number for a natural person (Art. 29(一))', {}, { idNumber: undefined }, 'applicant.idNumber'],
    ['no contact at all (Art. 29(一))', { delivery: 'online' }, { phone: undefined, email: undefined, address: undefined }, 'applicant.phone'],
    ['email delivery without an email', {}, { email: undefined }, 'applicant.email'],
    ['organisation with a bad credit code', {}, { ...organisation(), creditCode: '91620100MA71ABCD1X' }, 'applicant.creditCode'],
    ['organisation without a contact person', {}, { ...organisation(), contactName: undefined }, 'applicant.contactName'],
    ['unknown applicant kind', {}, { kind: 'robot' }, 'applicant.kind'],
    ['no description (Art. 29(二))', { description: '' }, {}, 'description'],
    ['unknown format', { format: 'fax' }, {}, 'format'],
  ];
  for (const [name, over, applicantOver, field] of bad) {
    it(`refuses ${name} with a field message and creates nothing`, async () => {
      const count = async () => Number((await ctx.db.selectFrom('info_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const n = await count();
      await assert.rejects(submitRequest(ctx, application('gskjt', over, applicantOver)), (err: { code: string; fields: Record<string, string> }) => {
        assert.equal(err.code, 'invalid_input');
        assert.ok(err.fields[field], `expected a message for ${field}, got ${JSON.stringify(err.fields)}`);
        return true;
      });
      assert.equal(await count(), n);
    });
  }

  it('is idempotent: the same key and body give the same answer and one case; another body is refused', async () => {
    const body = application('gskjt', { description: '幂等测试：申请公开某项目的验收报告。' });
    const a = await submitRequest(ctx, body, { idempotencyKey: 'key-1' });
    const b = await submitRequest(ctx, JSON.parse(JSON.stringify(body)), { idempotencyKey: 'key-1' });
    assert.deepEqual([b.status, b.body, b.replayed], [a.status, a.body, true]);
    const rows = await ctx.db.selectFrom('info_requests').select('request_id').where('description', '=', body.description).execute();
    assert.equal(rows.length, 1);
    await assert.rejects(submitRequest(ctx, { ...body, description: '另一份申请的内容完全不同。' }, { idempotencyKey: 'key-1' }), { code: 'idempotency_key_reused' });
  });

  it('tracks publicly without personal data, and verifies the applicant by phone or email', async () => {
    const r = await submitRequest(ctx, application('gskjt'));
    const view = await trackRequest(ctx, r.body.trackingCode.toLowerCase());
    assert.equal(view.status, 'received');
    assert.equal(view.dueOn, r.body.dueOn);
    const dump = JSON.stringify(view);
    for (const plain of ['张三', VALID_ID, PHONE, 'zhangsan', '天水南路']) assert.ok(!dump.includes(plain));
    await verifyApplicant(ctx, r.body.trackingCode, '138-0013-8000');
    await verifyApplicant(ctx, r.body.trackingCode, 'ZhangSan@example.com');
    await assert.rejects(verifyApplicant(ctx, r.body.trackingCode, '13900000000'), { code: 'not_found' });
    await assert.rejects(trackRequest(ctx, 'NOSUCHCODE000000'), { code: 'not_found' });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Forbidden, InvalidInput } from '../errors.ts';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { makeAgency } from '../../test/support/factories.ts';
import { staffAt } from '../../test/support/registers-factories.ts';
import { trackRequest } from '../requests/request-service.ts';
import { registerLetterAsRequest } from './letter-conversion.ts';
import { getLetter, submitLetter } from './letter-service.ts';

describe('letter → disclosure application (Regulation Arts. 27, 29, 31)', () => {
  let ctx: TestCtx;
  before(async () => { ctx = await createTestCtx({ now: '2020-10-12T02:00:00Z' }); });
  after(() => ctx.cleanup());

  async function letterId(agencyCode: string) {
    const { body } = await submitLetter(ctx, agencyCode, {
      subject: '申请公开2019年科技项目立项清单', question: '请公开2019年度省级科技计划项目立项清单。', name: '孙八', email: 'sun8@example.com',
    });
    return (await ctx.db.selectFrom('mailbox_letters').select('letter_id').where('tracking_code', '=', body.trackingCode).executeTakeFirstOrThrow()).letter_id;
  }

  it('registers the application on the letter’s receipt date and answers the letter with its tracking code', async () => {
    const a = await makeAgency(ctx);
    const id = await letterId(a.code);
    const staff = staffAt(a.id, 'case_handler');
    await assert.rejects(registerLetterAsRequest(ctx, staff, a.id, id, { applicantKind: 'natural_person', idType: 'resident_id', idNumber: '110105194912310021', version: 1 }),
      (e: unknown) => e instanceof InvalidInput && /校验位/.test(e.fields.idNumber));
    assert.equal((await getLetter(ctx, staff, a.id, id)).state, 'received');
    await assert.rejects(registerLetterAsRequest(ctx, staffAt(a.id, 'editor'), a.id, id, { applicantKind: 'natural_person', version: 1 }), Forbidden);
    const r = await registerLetterAsRequest(ctx, staff, a.id, id, { applicantKind: 'natural_person', idType: 'resident_id', idNumber: '11010519491231002X', version: 1 });
    assert.equal(r.letter.state, 'converted');
    assert.equal(r.letter.convertedRef, r.trackingCode);
    const req = await trackRequest(ctx, r.trackingCode);
    assert.equal(req.trackingCode, r.trackingCode);
    assert.doesNotMatch(JSON.stringify(req), /孙八|sun8/);
  });
});

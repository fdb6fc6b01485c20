import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/accounts/principal.ts';
import { registerRequest } from '../../src/requests/request-service.ts';
import { selectEvents, selectRequestById } from '../../src/requests/request-store.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { actor, application, principal } from '../support/request-factories.ts';

describe('staff registration of applications received by other channels (Arts. 29, 31)', () => {
  let ctx: TestCtx;
  let handler: Principal;
  before(async () => {
    ctx = await createTestCtx({ now: '2021-11-10T02:00:00Z' });
    const a = await makeAgency(ctx, { code: 'kjt' });
    handler = principal(a.id, ['case_handler']);
  });
  after(() => ctx.cleanup());

  const rows: [string, Record<string, string>, string, string][] = [
    ['in person: the day of submission (Art. 31(1))', { channel: 'in_person', submittedOn: '2021-11-03' }, '2021-11-03', '2021-12-01'],
    ['by post: the day the agency signed for it (Art. 31(2))', { channel: 'post_signed', submittedOn: '2021-11-01', signedOn: '2021-11-04' }, '2021-11-04', '2021-12-02'],
    ['ordinary letter: the day confirmed with the applicant (Art. 31(2))', { channel: 'letter_confirmed', confirmedOn: '2021-11-05' }, '2021-11-05', '2021-12-03'],
    ['fax: the day both sides confirmed (Art. 31(3))', { channel: 'fax', confirmedOn: '2021-11-08' }, '2021-11-08', '2021-12-06'],
    ['another online channel: the day both sides confirmed (Art. 31(3))', { channel: 'other_online', confirmedOn: '2021-11-09' }, '2021-11-09', '2021-12-07'],
  ];
  for (const [name, dates, receivedOn, dueOn] of rows) {
    it(name, async () => {
      const made = await registerRequest(ctx, handler, { ...application('kjt'), ...dates }, actor(handler));
      const r = (await selectRequestById(ctx.db, made.id))!;
      assert.equal(r.receivedOn, receivedOn);
      assert.equal(r.dueOn, dueOn);
      assert.equal(r.channel, dates.channel);
      const [e] = await selectEvents(ctx.db, r.id);
      assert.equal(e.type, 'registered');
      assert.match(String(e.detail.receiptRule), /第三十一条/);
    });
  }

  const bad: [string, Record<string, string>][] = [
    ['a posted application without the signing date', { channel: 'post_signed', submittedOn: '2021-11-01' }],
    ['signed for before it was sent', { channel: 'post_signed', submittedOn: '2021-11-05', signedOn: '2021-11-04' }],
    ['a receipt date in the future', { channel: 'fax', confirmedOn: '2021-11-11' }],
    ['an unknown channel', { channel: 'pigeon', confirmedOn: '2021-11-05' }],
  ];
  for (const [name, dates] of bad) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(registerRequest(ctx, handler, { ...application('kjt'), ...dates }, actor(handler)), { code: 'invalid_input' });
    });
  }

  it('refuses a reviewer (requests.handle is the case handler’s)', async () => {
    const a = await makeAgency(ctx, { code: 'kjt2' });
    await assert.rejects(registerRequest(ctx, principal(a.id, ['reviewer']), { ...application('kjt2'), channel: 'in_person' }, actor(handler)), { code: 'forbidden' });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { replaceYearNotice } from '../../src/calendar/calendar-service.ts';
import { submitLetter } from '../../src/mailbox/letter-service.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { principal } from '../support/request-factories.ts';
import { submitCase } from '../support/request-factories.ts';

// Issue: calendar "Recompute": announcing 2027's holidays moves the open clocks that cross them, with the reason.
describe('a calendar change recomputes open requests and letters', () => {
  let t: TestCtx;
  before(async () => {
    t = await createTestCtx({ now: '2027-01-25T02:00:00Z' });
    await makeAgency(t, { code: 'rc' });
  });
  after(() => t.cleanup());

  it('moves the reply date of a case and a letter across the newly announced Spring Festival', async () => {
    const root = await t.db.selectFrom('agencies').select('agency_id').where('code', '=', 'rc').executeTakeFirstOrThrow();
    const c = await submitCase(t, 'rc');
    await submitLetter(t, 'rc', { subject: '关于春节值班的咨询', question: '请问春节期间如何办理业务？', name: '王五', phone: '13900001111' });
    const letterBefore = await t.db.selectFrom('mailbox_letters').select(['letter_id', 'due_on']).executeTakeFirstOrThrow();
    assert.ok(c.dueOn, 'the case has a reply date computed with weekends only (2027 unannounced)');
    await replaceYearNotice(t, principal(root.agency_id, ['admin'], 'root.admin'), {
      year: '2027', title: '国务院办公厅关于2027年部分节假日安排的通知', documentNumber: '国办发明电〔2026〕8号',
      restDays: '2027-02-05..2027-02-12 春节', workdays: '2027-02-14 春节\n2027-02-20 春节',
    });
    const after = await t.db.selectFrom('info_requests').select('due_on').where('request_id', '=', c.id).executeTakeFirstOrThrow();
    assert.ok(after.due_on! > c.dueOn!, `the case's date moves later (${c.dueOn} → ${after.due_on})`);
    const ev = await t.db.selectFrom('request_events').select('detail').where('request_id', '=', c.id).where('type', '=', 'due_recomputed').executeTakeFirstOrThrow();
    assert.match(JSON.parse(ev.detail).reason, /2027/);
    const letterAfter = await t.db.selectFrom('mailbox_letters').select('due_on').where('letter_id', '=', letterBefore.letter_id).executeTakeFirstOrThrow();
    assert.ok(letterAfter.due_on > letterBefore.due_on, `the letter's date moves later (${letterBefore.due_on} → ${letterAfter.due_on})`);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'letter.due_recomputed').execute();
    assert.equal(audit.length, 1);
  });
});

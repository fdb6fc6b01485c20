/**
 * Unmasking a letter writer's contact details (security.md "applicant data"): a case handler of the agency, with a
 * reason, sees them once in the answer to the POST; the audit entry names the reason and the fields, never the data;
 * editors (who may reply), auditors and other agencies' handlers are refused; nothing reaches a URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { submitLetter } from '../../src/mailbox/letter-service.ts';
import { unmaskLetterWriter } from '../../src/mailbox/letter-unmask.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { staffAt } from '../support/registers-factories.ts';

const NAME = '孙八宝';
const PHONE = '13912345678';
const EMAIL = 'sun8@example.com';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

describe('unmasking a letter writer', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: Agency;
  let other: Agency;
  let id: string;
  let handler: StaffSession;
  const unmaskRows = async () => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'mailbox.unmask').execute();
  const post = (s: StaffSession, body: Record<string, string>, agency = 'kjt') =>
    t.app.inject({ method: 'POST', url: `/admin/mailbox/${agency}/letters/${id}/unmask`, headers: { ...s.headers, ...FORM }, payload: form({ _csrf: s.csrf, ...body }) });

  before(async () => {
    t = await createTestApp({ now: '2020-09-28T02:00:00Z' });
    a = await makeAgency(t.ctx, { code: 'kjt' });
    other = await makeAgency(t.ctx, { code: 'oth' });
    const { body } = await submitLetter(t.ctx, 'kjt', { subject: '关于科技项目验收', question: '请问项目验收需要哪些材料？', name: NAME, phone: PHONE, email: EMAIL });
    id = (await t.ctx.db.selectFrom('mailbox_letters').select('letter_id').where('tracking_code', '=', body.trackingCode).executeTakeFirstOrThrow()).letter_id;
    handler = await loginAs(t, { grants: [{ agencyId: a.id, role: 'case_handler' }] });
  });
  after(() => t.cleanup());

  it('shows the letter masked, with the reason form, to a case handler', async () => {
    const page = await t.app.inject({ url: `/admin/mailbox/kjt/letters/${id}`, headers: handler.headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /孙\*\*/);
    assert.match(page.body, /139\*\*\*\*5678/);
    assert.doesNotMatch(page.body, new RegExp(`${NAME}|${PHONE}|${EMAIL}`));
    assert.match(page.body, /<label for="f-reason">/);
    assert.match(page.body, new RegExp(`action="/admin/mailbox/kjt/letters/${id}/unmask"`));
  });

  it('re-renders with a field message when the reason is missing or carries personal data; nothing is audited', async () => {
    const empty = await post(handler, { reason: '' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="f-reason"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-reason"/);
    assert.match(empty.body, /class="field-error"/);
    assert.doesNotMatch(empty.body, new RegExp(`${NAME}|${PHONE}|${EMAIL}`));
    const pii = await post(handler, { reason: '回电 13800138000 核实情况' });
    assert.equal(pii.statusCode, 422);
    assert.match(pii.body, /理由中请不要写入个人信息/);
    const own = await post(handler, { reason: `联系${NAME}核实` });
    assert.equal(own.statusCode, 422);
    assert.doesNotMatch(own.body, new RegExp(`${PHONE}|${EMAIL}`));
    assert.equal((await unmaskRows()).length, 0);
  });

  it('shows the details once to a case handler with a reason, and audits the view without them', async () => {
    const r = await post(handler, { reason: '电话联系来信人核实验收材料问题' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers.location, undefined, 'no redirect: the details never reach a URL');
    for (const s of [NAME, PHONE, EMAIL]) assert.ok(r.body.includes(s), `${s} shown`);
    assert.match(r.body, /本次查看已记入审计日志/);
    const rows = await unmaskRows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].object_id, id);
    assert.equal(rows[0].agency_id, a.id);
    assert.deepEqual(JSON.parse(rows[0].summary), { reason: '电话联系来信人核实验收材料问题', fields: ['name', 'phone', 'email'] });
    assert.doesNotMatch(JSON.stringify(rows[0]), new RegExp(`${NAME}|${PHONE}|${EMAIL}|5678`));
    // Shown once: the next visit is masked again.
    const again = await t.app.inject({ url: `/admin/mailbox/kjt/letters/${id}`, headers: handler.headers });
    assert.doesNotMatch(again.body, new RegExp(`${NAME}|${PHONE}|${EMAIL}`));
  });

  it('refuses an editor (who may reply), an auditor, another agency’s handler and a post without the CSRF token', async () => {
    const before = (await unmaskRows()).length;
    const editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    const page = await t.app.inject({ url: `/admin/mailbox/kjt/letters/${id}`, headers: editor.headers });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /f-reason/, 'no unmask form for an editor');
    const e = await post(editor, { reason: '电话联系来信人核实情况' });
    assert.equal(e.statusCode, 403);
    assert.doesNotMatch(e.body, new RegExp(`${NAME}|${PHONE}|${EMAIL}`));
    const auditor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'auditor' }] });
    assert.equal((await post(auditor, { reason: '电话联系来信人核实情况' })).statusCode, 403);
    const elsewhere = await loginAs(t, { grants: [{ agencyId: other.id, role: 'case_handler' }] });
    assert.equal((await post(elsewhere, { reason: '电话联系来信人核实情况' })).statusCode, 403);
    assert.equal((await post(elsewhere, { reason: '电话联系来信人核实情况' }, 'oth')).statusCode, 404);
    const noCsrf = await t.app.inject({ method: 'POST', url: `/admin/mailbox/kjt/letters/${id}/unmask`, headers: { ...handler.headers, ...FORM }, payload: form({ reason: '电话联系来信人核实情况' }) });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await unmaskRows()).length, before);
  });

  it('checks the permission in the service, not only on the page', async () => {
    await assert.rejects(unmaskLetterWriter(t.ctx, staffAt(a.id, 'editor'), a.id, id, { reason: '电话联系来信人核实情况' }), { code: 'forbidden' });
    await assert.rejects(unmaskLetterWriter(t.ctx, staffAt(other.id, 'case_handler'), a.id, id, { reason: '电话联系来信人核实情况' }), { code: 'forbidden' });
    await assert.rejects(unmaskLetterWriter(t.ctx, staffAt(other.id, 'case_handler'), other.id, id, { reason: '电话联系来信人核实情况' }), { code: 'not_found' });
    const c = await unmaskLetterWriter(t.ctx, staffAt(a.id, 'case_handler'), a.id, id, { reason: '电话联系来信人核实情况' });
    assert.deepEqual(c, { name: NAME, phone: PHONE, email: EMAIL });
  });
});

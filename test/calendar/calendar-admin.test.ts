/**
 * The back office's calendar page over HTTP with real staff sessions (test/support/auth.ts): the year view with the
 * provisional-year warning, entering a notice (CSRF, 422 field messages in the page language, audit), local days,
 * the counting rule, and who may do what.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Agency } from '../../src/agencies/agency.ts';
import { calendarFor } from '../../src/calendar/calendar-snapshot.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { createTestApp, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';

describe('/admin/calendar', () => {
  let t: { ctx: TestCtx; app: FastifyInstance; cleanup(): Promise<void> };
  let root: Agency;
  let child: Agency;
  let rootAdmin: StaffSession;
  let childAdmin: StaffSession;
  let editor: StaffSession;

  before(async () => {
    t = await createTestApp({ now: '2026-11-20T02:00:00Z' });
    root = await makeAgency(t.ctx);
    child = await makeAgency(t.ctx, { parentId: root.id });
    rootAdmin = await loginAs(t, { grants: [{ agencyId: root.id, role: 'admin' }] });
    childAdmin = await loginAs(t, { grants: [{ agencyId: child.id, role: 'admin' }] });
    editor = await loginAs(t, { grants: [{ agencyId: root.id, role: 'editor' }] });
  });
  after(() => t.cleanup());

  const get = (s: StaffSession | undefined, url: string) => t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const post = (s: StaffSession, url: string, payload: Record<string, string>, csrf = s.csrf) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload: { ...payload, _csrf: csrf } });

  test('anonymous visitors are sent to sign in', async () => {
    const r = await get(undefined, '/admin/calendar');
    assert.ok([302, 303, 401].includes(r.statusCode), String(r.statusCode));
  });

  test('the year view lists rest and make-up days with the notice, in a table with headers', async () => {
    const r = await get(rootAdmin, '/admin/calendar?year=2020');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /国办发明电〔2019〕16号/);
    assert.match(r.body, /<th scope="col">[^<]*日期/);
    assert.match(r.body, /2020-10-10<\/time>（周六）/);
    assert.match(r.body, /调休上班/);
    assert.match(r.body, /href="\/admin\/calendar"[^>]*aria-current="page"|aria-current="page"[^>]*>工作日历/);
  });

  test('an unannounced year shows a visible warning', async () => {
    const r = await get(rootAdmin, '/admin/calendar');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /2026年节假日安排/); // the current year by default (clock: 2026-11-20)
    const next = await get(rootAdmin, '/admin/calendar?year=2027&lang=en');
    assert.match(next.body, /class="notice warn"/);
    assert.match(next.body, /The 2027 holiday arrangement has not been announced/);
  });

  test('the national form is shown only to an administrator of a top-level agency', async () => {
    assert.match((await get(rootAdmin, '/admin/calendar?year=2027')).body, /action="\/admin\/calendar\/notice"/);
    const childPage = (await get(childAdmin, '/admin/calendar?year=2027')).body;
    assert.doesNotMatch(childPage, /action="\/admin\/calendar\/notice"/);
    assert.match(childPage, /action="\/admin\/calendar\/local-days"/);
    const editorPage = await get(editor, '/admin/calendar?year=2027');
    assert.equal(editorPage.statusCode, 200);
    assert.doesNotMatch(editorPage.body, /action="\/admin\/calendar\//);
    const refused = await post(childAdmin, '/admin/calendar/notice', { year: '2027', title: 'x', restDays: '2027-01-01 元旦' });
    assert.equal(refused.statusCode, 403);
  });

  test('a form without the CSRF token is refused', async () => {
    const r = await post(rootAdmin, '/admin/calendar/notice', { year: '2027', title: 'x', restDays: '2027-01-01 元旦' }, 'wrong');
    assert.equal(r.statusCode, 403);
    assert.equal((await calendarFor(t.ctx, null)).isAnnounced(2027), false);
  });

  test('bad input re-renders the form with field messages (422), in Chinese and in English', async () => {
    const bad = { year: '2027', title: '', documentNumber: '', restDays: '2027-02-29 春节', workdays: '' };
    const zh = await post(rootAdmin, '/admin/calendar/notice', bad);
    assert.equal(zh.statusCode, 422);
    assert.match(zh.body, /aria-invalid="true"/);
    assert.match(zh.body, /class="field-error"[^>]*>第1行：“2027-02-29”不是有效日期/);
    assert.match(zh.body, /请填写通知名称/);
    assert.match(zh.body, /2027-02-29 春节<\/textarea>/); // the value is kept
    const en = await t.app.inject({
      method: 'POST', url: '/admin/calendar/notice?lang=en', headers: rootAdmin.headers, payload: { ...bad, _csrf: rootAdmin.csrf },
    });
    assert.equal(en.statusCode, 422);
    assert.match(en.body, /Line 1: “2027-02-29” is not a valid date/);
    assert.match(en.body, /Enter the title of the notice/);
  });

  test('entering the 2027 notice: saved, audited, and the year is announced', async () => {
    const r = await post(rootAdmin, '/admin/calendar/notice', {
      year: '2027',
      title: '国务院办公厅关于2027年部分节假日安排的通知',
      documentNumber: '国办发明电〔2026〕8号',
      restDays: '2027-01-01..2027-01-03 元旦\n2027-02-05..2027-02-12 春节',
      workdays: '2027-02-20 春节',
    });
    assert.equal(r.statusCode, 303, r.body.slice(0, 400));
    assert.match(String(r.headers.location), /^\/admin\/calendar\?year=2027&saved=notice&changed=0$/);
    const page = await get(rootAdmin, String(r.headers.location));
    assert.match(page.body, /role="status"/);
    assert.match(page.body, /国办发明电〔2026〕8号/);
    assert.doesNotMatch(page.body, /尚未公布/);
    assert.match(page.body, /撤销录入的2027年安排/);
    assert.equal((await calendarFor(t.ctx, null)).isWorkday('2027-02-20'), true);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(audit, { action: 'calendar.notice.replace', actor_label: rootAdmin.username });
  });

  test('local days for the subtree, then removed; the counting rule', async () => {
    const add = await post(childAdmin, '/admin/calendar/local-days', { year: '2026', agencyId: child.id, kind: 'rest', days: '2026-12-01 本地节日（测试）' });
    assert.equal(add.statusCode, 303, add.body.slice(0, 400));
    const page = await get(childAdmin, '/admin/calendar?year=2026');
    assert.match(page.body, /本地节日（测试）/);
    assert.equal((await calendarFor(t.ctx, child.id)).isWorkday('2026-12-01'), false);
    assert.equal((await calendarFor(t.ctx, root.id)).isWorkday('2026-12-01'), true);

    const bad = await post(childAdmin, '/admin/calendar/local-days', { year: '2026', agencyId: child.id, kind: 'rest', days: '' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /请至少填写一天/);

    const removed = await post(childAdmin, '/admin/calendar/local-days/delete', { agencyId: child.id, date: '2026-12-01' });
    assert.equal(removed.statusCode, 303);
    assert.equal((await calendarFor(t.ctx, child.id)).isWorkday('2026-12-01'), true);

    const rule = await post(childAdmin, '/admin/calendar/counting', { agencyId: child.id, counting: 'start_day_counts' });
    assert.equal(rule.statusCode, 303);
    assert.equal((await calendarFor(t.ctx, child.id)).counting, 'start_day_counts');
    const other = await post(childAdmin, '/admin/calendar/counting', { agencyId: root.id, counting: 'start_day_counts' });
    assert.equal(other.statusCode, 403);
  });
});

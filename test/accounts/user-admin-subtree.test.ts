/**
 * Staff accounts of sub-agencies in the back office (no CLI needed): an agency administrator lists, creates (with
 * roles, administrators included), disables and enables, and resets the password and two-factor enrolment of users
 * in their agency and the agencies below it — never above it or beside it; the platform administrator covers the
 * whole tree. Every change is audited; the temporary password is shown once and never audited.
 *
 * Tree: prov (root) → dept → unit;  prov → sib.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { subtreeIds } from '../../src/accounts/user-scope.ts';
import { createUser, listUsers } from '../../src/accounts/user-service.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { passwordStep, userRow } from './helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('user administration over the agency subtree', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let prov: Agency;
  let dept: Agency;
  let unit: Agency;
  let sib: Agency;
  let adminDept: StaffSession;
  let editorUnit: StaffSession;
  let editorSib: StaffSession;
  let editorProv: StaffSession;
  let mixed: StaffSession;
  const form = (s: StaffSession, o: Record<string, string | string[]>) => {
    const q = new URLSearchParams({ _csrf: s.csrf });
    for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
    return q.toString();
  };
  const post = (s: StaffSession, url: string, o: Record<string, string | string[]> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...FORM }, payload: form(s, o) });
  const audits = (action: string, objectId: string) =>
    t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('object_id', '=', objectId).execute();

  before(async () => {
    t = await createTestApp({ now: '2024-03-04T01:00:00Z' });
    prov = await makeAgency(t.ctx, { code: 'prov', kind: 'government', name: '省政府' });
    dept = await makeAgency(t.ctx, { code: 'dept', parentId: prov.id, name: '某厅' });
    unit = await makeAgency(t.ctx, { code: 'unit', parentId: dept.id, name: '某厅直属中心' });
    sib = await makeAgency(t.ctx, { code: 'sib', parentId: prov.id, name: '另一厅' });
    adminDept = await loginAs(t, { grants: [{ agencyId: dept.id, role: 'admin' }], username: 'deptadmin' });
    editorUnit = await loginAs(t, { grants: [{ agencyId: unit.id, role: 'editor' }], username: 'uniteditor' });
    editorSib = await loginAs(t, { grants: [{ agencyId: sib.id, role: 'editor' }], username: 'sibeditor' });
    editorProv = await loginAs(t, { grants: [{ agencyId: prov.id, role: 'editor' }], username: 'proveditor' });
    mixed = await loginAs(t, { grants: [{ agencyId: dept.id, role: 'editor' }, { agencyId: sib.id, role: 'reviewer' }], username: 'mixeduser' });
  });
  after(() => t.cleanup());

  it('computes subtrees downwards only', () => {
    const tree = [prov, dept, unit, sib];
    assert.deepEqual([...subtreeIds(tree, [dept.id])].sort(), [dept.id, unit.id].sort());
    assert.deepEqual(subtreeIds(tree, [prov.id]).size, 4);
    assert.deepEqual([...subtreeIds(tree, [unit.id])], [unit.id]);
  });

  it('lists the users of the agency and its sub-agencies, with an agency filter', async () => {
    const r = await t.app.inject({ url: '/admin/users', headers: adminDept.headers });
    assert.equal(r.statusCode, 200);
    for (const u of ['deptadmin', 'uniteditor']) assert.ok(r.body.includes(`>${u}</a>`), u);
    for (const u of ['sibeditor', 'proveditor']) assert.ok(!r.body.includes(u), u);
    // A department editor who is also a reviewer beside the tree is listed, but not linked, and the other role stays hidden.
    assert.ok(r.body.includes('>mixeduser</th>'));
    assert.match(r.body, /另有其他机构的角色/);
    assert.doesNotMatch(r.body, new RegExp(`${sib.shortName}·`));
    assert.match(r.body, /<label for="f-agency">/);
    const only = await t.app.inject({ url: '/admin/users?agency=unit', headers: adminDept.headers });
    assert.ok(only.body.includes('>uniteditor</a>'));
    assert.ok(!only.body.includes('>deptadmin</a>'));
    const page = await t.app.inject({ url: '/admin/users/new', headers: adminDept.headers });
    assert.match(page.body, new RegExp(`<option value="${unit.id}"[^>]*>[^<]*└ 某厅直属中心</option>`));
    assert.doesNotMatch(page.body, new RegExp(`value="${sib.id}"|value="${prov.id}"`));
  });

  it('creates a sub-agency administrator: temporary password shown once, audited without it', async () => {
    const r = await post(adminDept, '/admin/users', { username: 'unitadmin', displayName: '中心管理员', agencyId: unit.id, roles: ['admin', 'editor'] });
    assert.equal(r.statusCode, 201);
    const temp = /<code class="secret">([^<]+)<\/code>/.exec(r.body)![1];
    const id = (await userRow(t.ctx, 'unitadmin')).id;
    const rows = await audits('user.create', id);
    assert.deepEqual(rows.map((x) => [x.agency_id, JSON.parse(x.summary).role]).sort(), [[unit.id, 'admin'], [unit.id, 'editor']]);
    assert.ok(rows.every((x) => !x.summary.includes(temp)));
    assert.equal((await passwordStep(t.app, t.ctx, 'unitadmin', temp)).r.statusCode, 303);
    // The new administrator manages the unit only: not the department above it.
    const list = await listUsers(t.ctx, { userId: id, username: 'unitadmin', displayName: 'x', grants: [{ agencyId: unit.id, role: 'admin' }], supervisedAgencyIds: [] });
    assert.deepEqual(list.map((u) => u.username).sort(), ['unitadmin', 'uniteditor']);
  });

  it('refuses roles outside the subtree and the supervisor role (403), with field messages for bad input (422)', async () => {
    const before = await t.ctx.db.selectFrom('users').select('user_id').execute();
    for (const [agencyId, roles] of [[sib.id, ['editor']], [prov.id, ['admin']], [unit.id, ['supervisor']]] as const) {
      const r = await post(adminDept, '/admin/users', { username: `x${roles[0]}${agencyId.slice(-4).toLowerCase()}`, displayName: '越权', agencyId, roles: [...roles] });
      assert.equal(r.statusCode, 403, `${agencyId} ${roles}`);
    }
    const bad = await post(adminDept, '/admin/users', { username: '1bad', displayName: '', agencyId: unit.id });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-username"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-username"/);
    assert.match(bad.body, /请至少选择一个角色/);
    assert.equal((await t.ctx.db.selectFrom('users').select('user_id').execute()).length, before.length);
    // Granting into another tree, or touching users above or beside, is refused too.
    assert.equal((await post(adminDept, `/admin/users/${editorUnit.principal.userId}/grant`, { agencyId: sib.id, role: 'editor' })).statusCode, 403);
    for (const u of [editorSib, editorProv, mixed]) {
      assert.equal((await t.app.inject({ url: `/admin/users/${u.principal.userId}`, headers: adminDept.headers })).statusCode, 403);
      assert.equal((await post(adminDept, `/admin/users/${u.principal.userId}/disable`)).statusCode, 403);
      assert.equal((await post(adminDept, `/admin/users/${u.principal.userId}/reset`, { resetTotp: '1' })).statusCode, 403);
    }
    assert.equal((await userRow(t.ctx, 'sibeditor')).status, 'active');
    await assert.rejects(createUser(t.ctx, adminDept.principal, { username: 'svc1', displayName: '服务', grants: [{ agencyId: sib.id, role: 'editor' }] }), { code: 'forbidden' });
  });

  it('grants a role, disables and enables, and resets password and two-factor for a sub-agency user (audited)', async () => {
    const id = editorUnit.principal.userId;
    const g = await post(adminDept, `/admin/users/${id}/grant`, { agencyId: unit.id, role: 'reviewer' });
    assert.equal(g.statusCode, 200);
    assert.equal((await audits('user.grant', id)).length, 1);
    const d = await post(adminDept, `/admin/users/${id}/disable`);
    assert.equal(d.statusCode, 200);
    assert.equal((await userRow(t.ctx, 'uniteditor')).status, 'disabled');
    assert.equal((await t.app.inject({ url: '/admin', headers: editorUnit.headers })).statusCode, 303, 'its sessions ended');
    assert.equal((await post(adminDept, `/admin/users/${id}/enable`)).statusCode, 200);
    assert.equal((await userRow(t.ctx, 'uniteditor')).status, 'active');
    const r = await post(adminDept, `/admin/users/${id}/reset`, { resetTotp: '1' });
    assert.equal(r.statusCode, 200);
    const temp = /<code class="secret">([^<]+)<\/code>/.exec(r.body)![1];
    const row = await userRow(t.ctx, 'uniteditor');
    assert.equal(row.totpEnabled, false);
    assert.equal(row.mustChangePassword, true);
    const [reset] = await audits('user.password_reset', id);
    assert.equal(reset.agency_id, unit.id);
    assert.equal(JSON.parse(reset.summary).resetTotp, true);
    assert.ok(!reset.summary.includes(temp));
    assert.deepEqual((await audits('user.disable', id)).length + (await audits('user.enable', id)).length, 2);
    // Shown once: the user's page afterwards carries no password.
    const page = await t.app.inject({ url: `/admin/users/${id}`, headers: adminDept.headers });
    assert.ok(!page.body.includes(temp));
  });

  it('lets the platform administrator manage the whole tree, including supervisors', async () => {
    const root = await loginAs(t, { grants: [{ agencyId: prov.id, role: 'admin' }] });
    const r = await t.app.inject({ url: '/admin/users', headers: root.headers });
    for (const u of ['deptadmin', 'uniteditor', 'sibeditor', 'proveditor', 'mixeduser']) assert.ok(r.body.includes(`>${u}</a>`), u);
    assert.equal((await post(root, `/admin/users/${mixed.principal.userId}/grant`, { agencyId: dept.id, role: 'supervisor' })).statusCode, 200);
    // The department's administrator still cannot reach the mixed user (one role lies beside its tree).
    assert.equal((await t.app.inject({ url: `/admin/users/${mixed.principal.userId}`, headers: adminDept.headers })).statusCode, 403);
    // …nor the platform administrator above it.
    assert.equal((await t.app.inject({ url: `/admin/users/${root.principal.userId}`, headers: adminDept.headers })).statusCode, 403);
  });
});

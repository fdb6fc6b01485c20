/**
 * The authorisation matrix (security.md AC-01/AC-02; issue: security): every route of the router × every role
 * (anonymous, each staff role, supervisor) × own agency / other agency. Generated from `app.routeTable`, so a new
 * route is covered the day it is added. Agency B's private records carry a canary string; the test proves that no
 * response to anyone outside B contains it (0 cross-agency reads), that nothing is written for B (its audit trail and
 * records are unchanged: 0 cross-agency writes), and that nothing answers 5xx. Positive controls show the sessions
 * work, so a wall of 403s cannot pass for safety by accident.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES, type Role } from '../../src/accounts/principal.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { submitLetter } from '../../src/mailbox/letter-service.ts';
import { newId } from '../../src/platform/ids.ts';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { itemFields, staff } from '../support/catalogue-factories.ts';
import { submitCase } from '../support/request-factories.ts';

const CANARY = 'CANARYB7Q';

/** Values tried for each path parameter; `:code` is the target agency, ids are the target's records. */
interface Target {
  code: string;
  ids: string[];
}

/** Routes outside the matrix: not agency data (assets, sign-in, one's own account, platform status). */
const NOT_AGENCY_DATA = [/^\/assets\//, /^\/healthz$/, /^\/robots\.txt$/, /^\/admin\/(login|enrol|password|logout|setup|account)/, /^\/api\/v1\/openapi\.json$/];

function fill(url: string, t: Target, id: string): string {
  return url
    .replace(/:code\b/g, t.code)
    .replace(/:(id|itemId)\b/g, id)
    .replace(/:trackingCode\b/g, id)
    .replace(/:action\b/g, 'approve')
    .replace(/:(letterId|fileId|att|file|sub|itemCode)\b/g, id)
    .replace(/:no\b/g, '1')
    .replace(/:year\b/g, '2026')
    .replace(/:column\b/g, 'tzgg')
    .replace(/\*$/, 'site.css');
}

describe('authorisation matrix: every route × role × agency', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: { id: string; code: string };
  let b: { id: string; code: string };
  const bIds: string[] = [];
  const aIds: { item: string; request: string } = { item: '', request: '' };
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    const province = await makeAgency(t.ctx, { code: 'prov', kind: 'government' });
    a = await makeAgency(t.ctx, { code: 'aa', parentId: province.id });
    b = await makeAgency(t.ctx, { code: 'bb', parentId: province.id });
    // Agency B's private records, each carrying the canary.
    const bItem = await createItem(t.ctx, staff(b.id, 'editor'), b.id, itemFields({ title: `草稿 ${CANARY}`, documentNumber: '乙〔2026〕1号' }));
    const bCase = await submitCase(t.ctx, 'bb', { description: `申请 ${CANARY} 的信息`, title: `标题 ${CANARY}` }, { name: '赵六乙', phone: '13700001234' });
    const bLetter = await submitLetter(t.ctx, 'bb', { subject: `来信 ${CANARY}`, question: `问题内容 ${CANARY}`, name: '王五', phone: '13900001111' });
    const bLetterRow = await t.ctx.db.selectFrom('mailbox_letters').select('letter_id').where('agency_id', '=', b.id).executeTakeFirstOrThrow();
    const findingId = newId();
    await t.ctx.db.insertInto('site_findings').values({
      finding_id: findingId, agency_id: b.id, key: 'k', kind: 'dead_link_internal', indicator: 'usability', severity: 'score',
      page: 'http://x/', place: CANARY, target: 'http://x/y', detail: CANARY, status: 'open', first_seen_at: '2026-11-27T00:00:00Z',
      last_seen_at: '2026-11-27T00:00:00Z', resolved_at: null, owner_user_id: null, due_on: null,
    }).execute();
    const bUser = await loginAs(t, { grants: [{ agencyId: b.id, role: 'editor' }], displayName: `乙用户${CANARY}` });
    bIds.push(bItem.id, bItem.publicId ?? bItem.id, bCase.id, bCase.trackingCode, bLetter.body.trackingCode, bLetterRow.letter_id, findingId, bUser.principal.userId);
    // Agency A's own records, for the positive controls.
    aIds.item = (await createItem(t.ctx, staff(a.id, 'editor'), a.id, itemFields({ title: '甲的草稿', documentNumber: '甲〔2026〕1号' }))).id;
    aIds.request = (await submitCase(t.ctx, 'aa')).id;
  });
  after(() => t.cleanup());

  it('no role of agency A, and no anonymous visitor, reads or changes agency B’s private records', async () => {
    const snapshot = async () => ({
      audit: Number((await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('agency_id', '=', b.id).executeTakeFirstOrThrow()).n),
      item: await t.ctx.db.selectFrom('catalogue_items').select(['state', 'version', 'title']).where('agency_id', '=', b.id).execute(),
      request: await t.ctx.db.selectFrom('info_requests').selectAll().where('agency_id', '=', b.id).execute(),
      letter: await t.ctx.db.selectFrom('mailbox_letters').select(['status', 'reply', 'published']).where('agency_id', '=', b.id).execute(),
      finding: await t.ctx.db.selectFrom('site_findings').select(['owner_user_id', 'due_on', 'note']).where('agency_id', '=', b.id).execute(),
      users: await t.ctx.db.selectFrom('users').select(['status', 'password_hash']).where('display_name', 'like', `%${CANARY}%`).execute(),
    });
    const before = await snapshot();
    const sessions: { label: string; s?: StaffSession }[] = [{ label: 'anonymous' }];
    for (const role of Object.keys(ROLES) as Role[]) {
      sessions.push({ label: `${role}@A`, s: await loginAs(t, { grants: [{ agencyId: a.id, role }] }) });
    }
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD' && !NOT_AGENCY_DATA.some((re) => re.test(r.url)));
    assert.ok(routes.length > 100, `the matrix covers the router (${routes.length} routes)`);
    let requests = 0;
    const failures: string[] = [];
    for (const r of routes) {
      const values = /:\w+/.test(r.url.replace(/:code\b/g, '')) ? bIds : ['x'];
      for (const id of values) {
        const url = fill(r.url, { code: b.code, ids: bIds }, id);
        for (const { label, s } of sessions) {
          // A fresh session before each staff request sequence keeps the 15-minute idle rule out of the way.
          const headers: Record<string, string> = s ? { ...s.headers, 'x-csrf-token': s.csrf } : {};
          const res = await t.app.inject({
            method: r.method as 'GET', url, headers,
            payload: r.method === 'GET' ? undefined : (url.startsWith('/api/') ? { action: 'approve', reason: 'x', note: CANARY } : { _csrf: s?.csrf ?? '', reason: 'x', note: 'x' }),
          });
          requests++;
          if (res.statusCode >= 500) failures.push(`${label} ${r.method} ${url} → ${res.statusCode}`);
          // A tracking code is the applicant's own capability (unguessable, design.md §5.4): it may show the
          // letter or case it names, but never the person behind it.
          const capability = r.url.includes(':trackingCode') && id === url.split('/').pop();
          if (!capability && res.body.includes(CANARY)) failures.push(`${label} ${r.method} ${url} → ${res.statusCode} LEAKED the canary`);
          // B's applicants never show outside B; nobody's full ID or phone number shows unmasked by default.
          if (/王五|赵六乙|13900001111|13700001234|13800138000|620102199803151238/.test(res.body)) failures.push(`${label} ${r.method} ${url} → ${res.statusCode} LEAKED personal data`);
        }
      }
    }
    // Search for the drafts' words (a query for the canary itself would only echo the query back).
    for (const q of [`/search?q=${encodeURIComponent('草稿')}`, `/api/v1/documents?q=${CANARY}`, `/api/v1/documents?q=${encodeURIComponent('草稿')}`, '/feeds/bb.atom', '/feeds/bb.json', '/sitemap.xml']) {
      const res = await t.app.inject(q);
      requests++;
      if (res.body.includes(CANARY)) failures.push(`anonymous GET ${q} LEAKED the canary`);
    }
    assert.deepEqual(failures, [], `${failures.length} problems in ${requests} requests`);
    const afterState = await snapshot();
    assert.deepEqual(afterState, before, 'agency B is unchanged: 0 cross-agency writes');
    process.stdout.write(`authz matrix: ${routes.length} routes × ${sessions.length} principals, ${requests} requests, 0 leaks, 0 writes\n`);
  });

  it('positive controls: the same sessions do reach their own agency’s records', async () => {
    const editor = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
    const handler = await loginAs(t, { grants: [{ agencyId: a.id, role: 'case_handler' }] });
    assert.equal((await t.app.inject({ url: `/admin/catalogue/${aIds.item}`, headers: editor.headers })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/admin/requests/${aIds.request}`, headers: handler.headers })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/admin/catalogue/${aIds.item}`, headers: handler.headers })).statusCode, 200, 'staff of the agency may read its drafts');
  });
});

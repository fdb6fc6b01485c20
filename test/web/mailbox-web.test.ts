import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../support/harness.ts';
import { loginAs } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { staffAt } from '../support/registers-factories.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { saveSolicitation } from '../../src/mailbox/solicitation-service.ts';

const letter = { subject: '关于项目申报的咨询', question: '请问项目申报什么时候开始？', name: '赵六', phone: '13700001111', publishConsent: true };
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('mailbox on the web', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: Agency;
  before(async () => {
    t = await createTestApp({ now: '2020-09-28T02:00:00Z', env: { GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '6' } });
    a = await makeAgency(t.ctx, { code: 'kjt' });
  });
  after(() => t.cleanup());

  it('accepts a letter over the API, replays it by Idempotency-Key, and tracks it without personal data', async () => {
    const post = (body: unknown, key?: string) => t.app.inject({
      method: 'POST', url: '/api/v1/agencies/kjt/mailbox', payload: body as object,
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), 'x-forwarded-for': '10.0.0.1' },
    });
    const first = await post(letter, 'key-1');
    assert.equal(first.statusCode, 201);
    assert.deepEqual(Object.keys(first.json()).sort(), ['dueOn', 'trackingCode']);
    assert.equal(first.json().dueOn, '2020-10-19');
    const again = await post(letter, 'key-1');
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first.json());
    const reused = await post({ ...letter, subject: '完全不同的标题' }, 'key-1');
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'idempotency_key_reused');
    const bad = await post({ subject: 'x', question: '', name: '<img src=x onerror=alert(1)>', email: 'nope' });
    assert.equal(bad.statusCode, 422);
    assert.ok(bad.json().error.details.fields.subject && bad.json().error.details.fields.email);
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/agencies/kjt/mailbox', payload: '{"subject":', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.statusCode, 400);
    const track = await t.app.inject(`/api/v1/mailbox/${first.json().trackingCode}`);
    assert.equal(track.statusCode, 200);
    assert.equal(track.json().status, 'received');
    assert.doesNotMatch(track.body, /赵六|13700001111/);
    assert.equal((await t.app.inject('/api/v1/mailbox/NOSUCHCODE123')).statusCode, 404);
    const stats = await t.app.inject('/api/v1/agencies/kjt/mailbox/statistics?year=2020');
    assert.equal(stats.json().received, 1);
  });

  it('rate-limits public submissions per IP with 429', async () => {
    let last = 0;
    for (let i = 0; i < 8; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/agencies/kjt/mailbox', payload: { ...letter, subject: `限流测试${i}` }, remoteAddress: '10.9.9.9' });
      last = r.statusCode;
      if (r.statusCode === 429) {
        assert.equal(r.json().error.code, 'rate_limited');
        break;
      }
    }
    assert.equal(last, 429);
  });

  it('re-renders the portal form with field messages and inert input, then accepts it', async () => {
    const page = await t.app.inject('/agencies/kjt/mailbox');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label for="f-subject">/);
    const bad = await t.app.inject({ method: 'POST', url: '/agencies/kjt/mailbox', headers: FORM, remoteAddress: '10.1.1.1',
      payload: form({ subject: '<script>alert(1)</script>', question: '短', name: '', phone: '', email: '' }) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="f-question"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-question"/);
    assert.match(bad.body, /请至少留下电话或电子邮箱/);
    assert.doesNotMatch(bad.body, /<script>alert/);
    const ok = await t.app.inject({ method: 'POST', url: '/agencies/kjt/mailbox', headers: FORM, remoteAddress: '10.1.1.2',
      payload: form({ channel: 'consultation', subject: '在线咨询的标题', question: '咨询的具体内容如下。', name: '钱七', email: 'q7@example.com' }) });
    assert.equal(ok.statusCode, 201);
    const code = /class="tracking-code"><strong>([0-9A-Z]+)</.exec(ok.body)?.[1];
    assert.ok(code);
    const tracked = await t.app.inject(`/agencies/kjt/mailbox/track?code=${code}`);
    assert.match(tracked.body, /已收到/);
    assert.equal((await t.app.inject('/agencies/kjt/mailbox/track?code=WRONG')).statusCode, 404);
  });

  it('counts only accepted letters against the hourly budget: corrections after field errors are not locked out', async () => {
    const post = (payload: Record<string, string>) => t.app.inject({ method: 'POST', url: '/agencies/kjt/mailbox', headers: FORM, remoteAddress: '10.7.7.7', payload: form(payload) });
    for (let i = 0; i < t.ctx.config.applicationsPerHour + 2; i++) assert.equal((await post({ subject: `第${i}次`, question: '', name: '', phone: '' })).statusCode, 422, `invalid try ${i}`);
    for (let i = 0; i < t.ctx.config.applicationsPerHour; i++) assert.equal((await post({ subject: `预算内来信${i}`, question: '请问项目申报什么时候开始？', name: '孙七', phone: '13700002222' })).statusCode, 201, `letter ${i}`);
    const over = await post({ subject: '超出预算的来信', question: '请问项目申报什么时候开始？', name: '孙七', phone: '13700002222' });
    assert.equal(over.statusCode, 429);
    assert.match(over.body, /提交过于频繁/);
  });

  it('lets a case handler route, reply and publish, and shows the reply on the portal', async () => {
    const s = await loginAs(t, { grants: [{ agencyId: a.id, role: 'case_handler' }] });
    const dash = await t.app.inject({ url: '/admin', headers: s.headers });
    assert.match(dash.body, /待答复的来信/);
    const list = await t.app.inject({ url: '/admin/mailbox/kjt', headers: s.headers });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /赵\*</);
    assert.doesNotMatch(list.body, /赵六|13700001111/);
    const id = /\/admin\/mailbox\/kjt\/letters\/([0-9A-Z]+)">关于项目申报的咨询</.exec(list.body)?.[1];
    assert.ok(id);
    const base = `/admin/mailbox/kjt/letters/${id}`;
    const empty = await t.app.inject({ method: 'POST', url: `${base}/reply`, headers: { ...s.headers, ...FORM }, payload: form({ _csrf: s.csrf, reply: '', version: '1' }) });
    assert.equal(empty.statusCode, 422);
    const letterRow = await t.app.inject({ url: base, headers: s.headers });
    const version = /name="version" value="(\d+)"/.exec(letterRow.body)?.[1] ?? '1';
    const r = await t.app.inject({ method: 'POST', url: `${base}/reply`, headers: { ...s.headers, ...FORM }, payload: form({ _csrf: s.csrf, reply: '申报将于10月开始，请关注通知。', version }) });
    assert.equal(r.statusCode, 303);
    const pii = await t.app.inject({ method: 'POST', url: `${base}/publish`, headers: { ...s.headers, ...FORM },
      payload: form({ _csrf: s.csrf, publicQuestion: '请问项目申报什么时候开始？我的手机13700001111', publicReply: '申报将于10月开始，请关注通知。', version: String(Number(version) + 1) }) });
    assert.equal(pii.statusCode, 422);
    assert.match(pii.body, /手机号码/);
    const pub = await t.app.inject({ method: 'POST', url: `${base}/publish`, headers: { ...s.headers, ...FORM },
      payload: form({ _csrf: s.csrf, publicQuestion: '请问项目申报什么时候开始？', publicReply: '申报将于10月开始，请关注通知。', version: String(Number(version) + 1) }) });
    assert.equal(pub.statusCode, 303);
    const portal = await t.app.inject('/agencies/kjt/mailbox');
    assert.match(portal.body, /申报将于10月开始/);
    const other = await makeAgency(t.ctx, { code: 'other2' });
    assert.equal((await t.app.inject({ url: `/admin/mailbox/${other.code}`, headers: s.headers })).statusCode, 403);
  });

  it('takes suggestions only while a solicitation is open and publishes its summary', async () => {
    const ed = staffAt(a.id, 'editor');
    const id = await saveSolicitation(t.ctx, ed, a.id, undefined, { title: '关于征集“六稳”“六保”问题线索的公告', body: '欢迎提出意见建议和问题线索。', opensOn: '2020-09-01', closesOn: '2020-09-30', published: 'on' });
    const page = await t.app.inject(`/agencies/kjt/solicitations/${id}`);
    assert.match(page.body, /提交意见建议或问题线索/);
    const bad = await t.app.inject({ method: 'POST', url: `/agencies/kjt/solicitations/${id}`, headers: FORM, remoteAddress: '10.2.2.2', payload: form({ kind: '', content: '' }) });
    assert.equal(bad.statusCode, 422);
    const ok = await t.app.inject({ method: 'POST', url: `/agencies/kjt/solicitations/${id}`, headers: FORM, remoteAddress: '10.2.2.3', payload: form({ kind: 'clue', content: '某县补贴政策落实不到位。' }) });
    assert.equal(ok.statusCode, 201);
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/agencies/kjt/solicitations/${id}/submissions`, remoteAddress: '10.2.2.4', payload: { kind: 'suggestion', content: '建议简化申报材料。' } });
    assert.equal(api.statusCode, 201);
    t.ctx.clock.set('2020-10-09T02:00:00Z');
    try {
      const closed = await t.app.inject({ method: 'POST', url: `/api/v1/agencies/kjt/solicitations/${id}/submissions`, remoteAddress: '10.2.2.5', payload: { kind: 'suggestion', content: '截止后提交的意见。' } });
      assert.equal(closed.statusCode, 409);
      const s = await loginAs(t, { grants: [{ agencyId: a.id, role: 'editor' }] });
      const detail = await t.app.inject({ url: `/admin/mailbox/kjt/solicitations/${id}`, headers: s.headers });
      assert.equal(detail.statusCode, 200);
      const subId = new RegExp(`/admin/mailbox/kjt/solicitations/${id}/submissions/([0-9A-Z]+)"`).exec(detail.body)?.[1];
      assert.ok(subId);
      const mod = await t.app.inject({ method: 'POST', url: `/admin/mailbox/kjt/solicitations/${id}/submissions/${subId}`, headers: { ...s.headers, ...FORM }, payload: form({ _csrf: s.csrf, state: 'accepted', adopted: 'on' }) });
      assert.equal(mod.statusCode, 303);
      const sum = await t.app.inject({ method: 'POST', url: `/admin/mailbox/kjt/solicitations/${id}/summary`, headers: { ...s.headers, ...FORM }, payload: form({ _csrf: s.csrf, summary: '共收到意见2条，采纳1条，已督促落实。' }) });
      assert.equal(sum.statusCode, 303);
      const list = (await t.app.inject('/api/v1/agencies/kjt/solicitations')).json();
      assert.deepEqual(list.data[0].counts, { received: 2, accepted: 1, adopted: 1 });
      assert.equal(list.data[0].phase, 'closed');
    } finally {
      t.ctx.clock.set('2020-09-28T02:00:00Z');
    }
  });
});

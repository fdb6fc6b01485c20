import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { application, PHONE, VALID_ID } from '../support/request-factories.ts';

type T = Awaited<ReturnType<typeof createTestApp>>;
const json = (payload: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST' as const, url: '/api/v1/requests', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload),
});
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const PERSONAL = [VALID_ID, PHONE, '张三', 'zhangsan@example.com', '天水南路'];

describe('requests over HTTP (design.md §5.4)', () => {
  let t: T;
  let agency: Agency;
  before(async () => {
    t = await createTestApp({ now: '2020-09-28T02:00:00Z', env: { GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '1000' } });
    agency = await makeAgency(t.ctx, { code: 'gskjt', name: '甘肃省科学技术厅', shortName: '甘科技' });
  });
  after(() => t.cleanup());

  it('POST /api/v1/requests → 201 {trackingCode, dueOn}', async () => {
    const r = await t.app.inject(json(application('gskjt')));
    assert.equal(r.statusCode, 201);
    assert.deepEqual(Object.keys(r.json()).sort(), ['dueOn', 'trackingCode']);
    assert.equal(r.json().dueOn, '2020-11-02');
  });

  it('same Idempotency-Key and body → same status and body, one case; another body → 422 idempotency_key_reused', async () => {
    const body = application('gskjt', { description: 'HTTP 幂等：申请公开2019年科技奖励名单。' });
    const a = await t.app.inject(json(body, { 'idempotency-key': 'abc-123' }));
    const b = await t.app.inject(json(body, { 'idempotency-key': 'abc-123' }));
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal(b.body, a.body);
    const n = await t.ctx.db.selectFrom('info_requests').select('request_id').where('description', '=', body.description).execute();
    assert.equal(n.length, 1);
    const c = await t.app.inject(json({ ...body, description: '完全不同的申请内容。' }, { 'idempotency-key': 'abc-123' }));
    assert.equal(c.statusCode, 422);
    assert.equal(c.json().error.code, 'idempotency_key_reused');
  });

  it('malformed JSON → 400 and invalid fields → 422, both in the error shape', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: { 'content-type': 'application/json' }, payload: '{"agency":' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.code);
    const invalid = await t.app.inject(json(application('gskjt', {}, { idNumber: '620102199803151239' })));
    assert.equal(invalid.statusCode, 422);
    assert.ok(invalid.json().error.details.fields['applicant.idNumber']);
    for (const hostile of ['<script>alert(1)</script>', '{"__proto__":{"x":1}}', "'; DROP TABLE info_requests; --", '\u202e\u0000']) {
      const r = await t.app.inject(json(application('gskjt', { description: `申请 ${hostile} 相关信息` })));
      assert.ok(r.statusCode < 500, `hostile string gave ${r.statusCode}`);
    }
  });

  it('GET /api/v1/requests/{code} and /requests/{code} show status and dates, never personal data', async () => {
    const { trackingCode } = (await t.app.inject(json(application('gskjt')))).json();
    const api = await t.app.inject(`/api/v1/requests/${trackingCode}`);
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().status, 'received');
    const page = await t.app.inject(`/requests/${trackingCode}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /已收到/);
    for (const s of PERSONAL) {
      assert.ok(!api.body.includes(s), `API leaks ${s}`);
      assert.ok(!page.body.includes(s), `page leaks ${s}`);
    }
    assert.equal((await t.app.inject('/api/v1/requests/NOPE')).statusCode, 404);
  });

  it('the portal form works without JavaScript: shows fields, re-renders 422 with messages, and submits', async () => {
    const page = await t.app.inject('/agencies/gskjt/apply');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="applicant.idNumber"/);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const bad = await t.app.inject({ method: 'POST', url: '/agencies/gskjt/apply', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ 'applicant.kind': 'natural_person', 'applicant.name': '张三', 'applicant.idType': 'resident_id', 'applicant.idNumber': '620102199803151239', description: '申请公开某文件。', format: 'electronic', delivery: 'online', 'applicant.phone': PHONE }) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /aria-invalid="true"/);
    assert.match(bad.body, /校验位不正确/);
    assert.match(bad.body, /value="张三"/, 'keeps what was typed');
    const ok = await t.app.inject({ method: 'POST', url: '/agencies/gskjt/apply', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ 'applicant.kind': 'natural_person', 'applicant.name': '张三', 'applicant.idType': 'resident_id', 'applicant.idNumber': VALID_ID, description: '申请公开某文件。', format: 'electronic', delivery: 'online', 'applicant.phone': PHONE, idempotencyKey: 'form-1' }) });
    assert.equal(ok.statusCode, 201);
    assert.match(ok.body, /查询码/);
    assert.match(ok.body, /2020-11-02/);
  });

  it('lists published items that may already answer the question, and documents the API', async () => {
    const page = await t.app.inject('/agencies/gskjt/apply?q=' + encodeURIComponent('科技计划项目'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /先查一查已公开的信息/);
    assert.match(page.body, /value="科技计划项目"/);
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(doc.paths['/api/v1/requests'].post);
    assert.ok(doc.paths['/api/v1/requests/{trackingCode}'].get);
    assert.ok(doc.paths['/api/v1/staff/requests/{id}/actions/{action}'].post);
  });

  it('accepts a PDF attachment by its content and refuses a disguised executable', async () => {
    const boundary = '----gk';
    const multipart = (name: string, bytes: Buffer) => Buffer.concat([
      ...Object.entries({ 'applicant.kind': 'natural_person', 'applicant.name': '张三', 'applicant.idType': 'resident_id', 'applicant.idNumber': VALID_ID, 'applicant.phone': PHONE, description: '申请公开某文件（附身份证复印件）。', format: 'electronic', delivery: 'online' })
        .map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const ok = await t.app.inject({ method: 'POST', url: '/agencies/gskjt/apply', headers, payload: multipart('id.pdf', Buffer.from('%PDF-1.4\n%test\n')) });
    assert.equal(ok.statusCode, 201);
    const bad = await t.app.inject({ method: 'POST', url: '/agencies/gskjt/apply', headers, payload: multipart('id.pdf', Buffer.from('MZ\x90\x00 not a pdf')) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /不是允许的类型/);
  });

  it('lets the applicant withdraw online with the phone they gave', async () => {
    const { trackingCode } = (await t.app.inject(json(application('gskjt')))).json();
    const wrong = await t.app.inject({ method: 'POST', url: `/requests/${trackingCode}/withdraw`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ contact: '13900000000', confirm: '1' }) });
    assert.equal(wrong.statusCode, 422);
    const right = await t.app.inject({ method: 'POST', url: `/requests/${trackingCode}/withdraw`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ contact: PHONE, confirm: '1' }) });
    assert.equal(right.statusCode, 200);
    assert.equal((await t.app.inject(`/api/v1/requests/${trackingCode}`)).json().status, 'withdrawn');
    const lookup = await t.app.inject({ method: 'POST', url: '/requests/lookup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ trackingCode, contact: PHONE }) });
    assert.equal(lookup.statusCode, 303);
    assert.equal(lookup.headers.location, `/requests/${trackingCode}`);
    // Blank fields are named as missing, not reported as a mismatch.
    const blank = await t.app.inject({ method: 'POST', url: '/requests/lookup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ trackingCode: ' ', contact: '' }) });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /id="f-trackingCode-error">请填写查询码/);
    assert.match(blank.body, /id="f-contact-error">请填写申请时留下的联系电话或电子邮箱/);
    assert.doesNotMatch(blank.body, /不匹配/);
  });

  describe('back office', () => {
    let handler: StaffSession;
    let reviewer: StaffSession;
    before(async () => {
      handler = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'case_handler' }] });
      reviewer = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'reviewer' }] });
    });

    it('lists cases and shows a case with the applicant masked and the clock trace', async () => {
      const { trackingCode } = (await t.app.inject(json(application('gskjt')))).json();
      const list = await t.app.inject({ url: `/admin/requests?q=${trackingCode}`, headers: handler.headers });
      assert.equal(list.statusCode, 200);
      const id = /href="\/admin\/requests\/([0-9A-Z]+)"/.exec(list.body)?.[1];
      assert.ok(id);
      const page = await t.app.inject({ url: `/admin/requests/${id}`, headers: handler.headers });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /620102\*{8}1238/);
      assert.match(page.body, /138\*{4}8000/);
      assert.ok(!page.body.includes(VALID_ID));
      assert.match(page.body, /答复期限（条例第三十三条）/);
      assert.match(page.body, /国庆节|中秋节/, 'the trace explains the holiday');
    });

    it('runs steps through forms with CSRF, and through the staff API', async () => {
      const { trackingCode } = (await t.app.inject(json(application('gskjt')))).json();
      const row = await t.ctx.db.selectFrom('info_requests').select('request_id').where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
      const id = row.request_id;
      const noCsrf = await t.app.inject({ method: 'POST', url: `/admin/requests/${id}/actions/accept`, headers: { ...handler.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({}) });
      assert.equal(noCsrf.statusCode, 403);
      const accept = await t.app.inject({ method: 'POST', url: `/admin/requests/${id}/actions/accept`, headers: { ...handler.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: handler.csrf }) });
      assert.equal(accept.statusCode, 303);
      const bad = await t.app.inject({ method: 'POST', url: `/admin/requests/${id}/actions/extend`, headers: { ...handler.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: handler.csrf, workdays: '21', approver: '王主任', reason: '情况复杂' }) });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /最长不得超过20个工作日/);
      const decide = await t.app.inject({ method: 'POST', url: `/api/v1/staff/requests/${id}/actions/decide`, headers: { ...handler.headers, 'x-csrf-token': handler.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ outcome: 'granted', bases: ['art36_2'], facts: '经审查，该信息可以公开。' }) });
      assert.equal(decide.statusCode, 200, decide.body);
      assert.equal(decide.json().state, 'decided');
      const twice = await t.app.inject({ method: 'POST', url: `/api/v1/staff/requests/${id}/actions/decide`, headers: { ...handler.headers, 'x-csrf-token': handler.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ outcome: 'granted', bases: ['art36_2'], facts: '经审查，该信息可以公开。' }) });
      assert.equal(twice.statusCode, 409);
      const approve = await t.app.inject({ method: 'POST', url: `/admin/requests/${id}/actions/approve`, headers: { ...reviewer.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: reviewer.csrf }) });
      assert.equal(approve.statusCode, 303);
      const send = await t.app.inject({ method: 'POST', url: `/admin/requests/${id}/actions/send_reply`, headers: { ...handler.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: handler.csrf }) });
      assert.equal(send.statusCode, 303);
      const page = await t.app.inject({ url: `/admin/requests/${id}`, headers: handler.headers });
      const letterId = /\/letters\/([0-9A-Z]+)\/docx/.exec(page.body)?.[1];
      assert.ok(letterId);
      const docx = await t.app.inject({ url: `/admin/requests/${id}/letters/${letterId}/docx`, headers: handler.headers });
      assert.equal(docx.statusCode, 200);
      assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
      // The dossier (full personal data) is offered only to those the export lets through (requests.unmask).
      assert.match(page.body, new RegExp(`/admin/requests/${id}/dossier`));
      const reviewerPage = await t.app.inject({ url: `/admin/requests/${id}`, headers: reviewer.headers });
      assert.equal(reviewerPage.statusCode, 200);
      assert.doesNotMatch(reviewerPage.body, /\/dossier/);
      assert.equal((await t.app.inject({ url: `/admin/requests/${id}/dossier`, headers: reviewer.headers })).statusCode, 403);
      const track = await t.app.inject(`/api/v1/requests/${trackingCode}`);
      assert.equal(track.json().status, 'replied');
      assert.equal(track.json().reply.outcome, 'granted');
    });

    it('refuses staff of another agency and anonymous users', async () => {
      const other = await makeAgency(t.ctx, { code: 'other' });
      const outsider = await loginAs(t, { grants: [{ agencyId: other.id, role: 'case_handler' }] });
      const { trackingCode } = (await t.app.inject(json(application('gskjt')))).json();
      const row = await t.ctx.db.selectFrom('info_requests').select('request_id').where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
      assert.equal((await t.app.inject({ url: `/admin/requests/${row.request_id}`, headers: outsider.headers })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/api/v1/staff/requests/${row.request_id}` })).statusCode, 401);
    });

    it('shows table 三 with links to the cases behind each number', async () => {
      const r = await t.app.inject({ url: '/admin/requests/statistics?agency=gskjt&year=2020', headers: reviewer.headers });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /本年新收政府信息公开申请数量/);
      assert.match(r.body, /statistics\/cases\?agency=gskjt&amp;year=2020&amp;row=new&amp;col=natural_person/);
      const api = await t.app.inject({ url: '/api/v1/staff/agencies/gskjt/request-table/2020', headers: reviewer.headers });
      assert.equal(api.statusCode, 200);
      assert.ok(api.json().rows.new[0] > 0);
    });
  });
});

describe('rate limit on applications (security.md: 5 per hour per IP)', () => {
  let t: T;
  before(async () => {
    t = await createTestApp({ now: '2020-09-28T02:00:00Z', env: { GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '2' } });
    await makeAgency(t.ctx, { code: 'gskjt' });
  });
  after(() => t.cleanup());

  it('answers 429 in the JSON error shape, shared with the HTML form; replays with a used key pass', async () => {
    const a = await t.app.inject(json(application('gskjt'), { 'idempotency-key': 'k1' }));
    assert.equal(a.statusCode, 201);
    assert.equal((await t.app.inject(json(application('gskjt')))).statusCode, 201);
    const third = await t.app.inject(json(application('gskjt')));
    assert.equal(third.statusCode, 429);
    assert.equal(third.json().error.code, 'rate_limited');
    assert.equal((await t.app.inject(json(application('gskjt'), { 'idempotency-key': 'k1' }))).statusCode, 201);
    const html = await t.app.inject({ method: 'POST', url: '/agencies/gskjt/apply', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ description: 'x' }) });
    assert.equal(html.statusCode, 429);
    t.ctx.clock.advance(3_600_000);
    assert.equal((await t.app.inject(json(application('gskjt')))).statusCode, 201);
  });
});

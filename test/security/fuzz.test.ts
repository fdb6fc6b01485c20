/**
 * Hostile-input fuzzing of every route (security.md INJ-02; issue: security), generated from `app.routeTable` so a
 * new route is fuzzed the day it is added. fast-check builds requests with wrong types, huge strings, `__proto__` /
 * `constructor` keys, duplicate parameters, bad encodings (invalid UTF-8, overlong percent-escapes, lone
 * surrogates), bad content types and NUL; half of them mutate a valid body of the route so the fuzz reaches the
 * services, not only the validators. Staff routes are fuzzed with a signed-in administrator too.
 * Holds: 0 responses ≥ 500, `Object.prototype` (and friends) unchanged, and no partial rows: the main tables grow
 * only by whole successful submissions, each case with its event. GONGKAI_FULL=1 runs ≥ 10,000 cases; CI a few hundred.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { saveSolicitation } from '../../src/mailbox/solicitation-service.ts';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { loginAs, type StaffSession } from '../support/auth.ts';
import { application, submitCase } from '../support/request-factories.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { itemFields, staff } from '../support/catalogue-factories.ts';

const FULL = Boolean(process.env.GONGKAI_FULL);
const RUNS = Number(process.env.GONGKAI_FUZZ_RUNS) || (FULL ? 10_500 : 300);

/** Strings that have broken parsers, databases and templates before. */
const NASTY = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', '../../../etc/passwd', '..%2f..%2f',
  "' OR '1'='1", "'; DROP TABLE info_requests; --", '"', '\\', '%', '%zz', '%C0%AE', '%E0%80%AF', '%ED%A0%80', '%FF%FE', '\uD800',
  '\uDFFF', '\uFEFF', '\u202E', '\u0000', '\r\n', '<script>alert(1)</script>', '{{7*7}}', '${7*7}', '-1', '0', '1e309', 'NaN',
  'Infinity', '9'.repeat(400), '2020-02-30', '0000-00-00', '9999-99-99', 'true', 'null', '[]', '{}', ' ', '　', '𠀀𠀁', 'é', 'ﬀ',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).chain((n) => fc.constantFrom('长'.repeat(n), 'a'.repeat(n), '%'.repeat(n))) },
);

/** Any JSON-ish value: wrong types for every field. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted'), fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 3 }),
  ),
})).v;

/** JSON text with possibly duplicated and poisoned keys (JSON.stringify cannot write those). */
function jsonText(entries: [string, unknown][]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

/** Percent-encodes, or passes raw bad escapes through (lone surrogates cannot be encoded). */
function enc(s: string, raw: boolean): string {
  if (raw) return s.replace(/[\s#?&/=]/g, (c) => encodeURIComponent(c));
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

/** Flattens a nested body into form fields (`applicant.name`), the shape the portal forms post. */
function flat(o: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]]));
}

const CONTENT_TYPES = [
  'application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=FUZZ', 'text/plain', 'application/xml',
  'application/json; charset=utf-16', 'multipart/form-data', 'application/octet-stream', '', 'application/x-www-form-urlencoded; charset=latin1',
];

interface Case {
  route: number;
  params: { pick: number; hostile: string; raw: boolean; useHostile: boolean }[];
  query: [string, string][];
  rawQuery: boolean;
  body: { mode: 'json' | 'form' | 'multipart' | 'garbage' | 'none'; mutate: [string, unknown][]; drop: number; base: boolean; contentType: number };
  session: boolean;
}

describe('hostile-input fuzzing of every route', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: StaffSession;
  const pools: Record<string, string[]> = {};
  const bases = new Map<string, Record<string, unknown>>();
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z', env: { GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '1000000' } });
    const a = await makeAgency(t.ctx, { code: 'fz' });
    admin = await loginAs(t, { grants: [{ agencyId: a.id, role: 'admin' }] });
    const item = await createItem(t.ctx, staff(a.id, 'editor'), a.id, itemFields({ title: '模糊测试草稿', documentNumber: '模〔2026〕1号' }));
    const c = await submitCase(t.ctx, 'fz');
    const sol = await saveSolicitation(t.ctx, admin.principal, a.id, undefined, { title: '征集意见模糊测试', body: '欢迎提出意见建议和问题线索。', opensOn: '2026-11-01', closesOn: '2026-12-31', published: 'on' });
    pools.code = [a.code, 'nosuch'];
    pools.id = [item.id, c.id, sol, 'x'];
    pools.trackingCode = [c.trackingCode, 'X'.repeat(12)];
    pools.year = ['2026', '2025', '0', '-1'];
    pools.action = ['submit', 'approve', 'publish', 'withdraw', 'accept'];
    pools.other = ['1', 'x'];
    const app = application('fz');
    bases.set('/api/v1/requests', app);
    bases.set('/agencies/:code/apply', Object.fromEntries(flat(app).filter(([k]) => k !== 'agency')));
    const letter = { subject: '关于模糊测试的来信', question: '请问这个问题如何处理？', name: '王五', phone: '13900001111' };
    bases.set('/api/v1/agencies/:code/mailbox', letter);
    bases.set('/agencies/:code/mailbox', { ...letter, channel: 'director_mailbox' });
    const sub = { kind: 'suggestion', content: '建议延长征集时间。', name: '赵六', phone: '0931-1234567' };
    bases.set('/api/v1/agencies/:code/solicitations/:id/submissions', sub);
    bases.set('/agencies/:code/solicitations/:id', sub);
    bases.set('/api/v1/staff/documents', { agency: 'fz', ...itemFields({ title: '模糊测试新建', documentNumber: '模〔2026〕2号' }) });
  });
  after(() => t?.cleanup());

  it(`${RUNS} hostile requests: 0 answers ≥ 500, no prototype pollution, no partial rows`, async () => {
    // Left out: signing out and account pages (they would end the fuzzing session), and the site check, which crawls
    // the live site through the socket's local port (an injected request has none; test/monitoring covers it).
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD' && !/^\/admin\/(logout|account)|^\/admin\/monitoring\/:code\/run$/.test(r.url));
    const protoBefore = [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());
    const count = async (table: 'info_requests' | 'request_events' | 'mailbox_letters' | 'solicitation_submissions' | 'idempotency_keys') =>
      Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const start = { cases: await count('info_requests'), letters: await count('mailbox_letters'), subs: await count('solicitation_submissions') };
    const created = { cases: 0, letters: 0, subs: 0 };
    const failures: string[] = [];
    const statuses = new Map<number, number>();

    const caseArb: fc.Arbitrary<Case> = fc.record({
      // A quarter aim at the routes that create records, so the no-partial-rows check sees whole submissions too.
      route: fc.oneof({ weight: 3, arbitrary: fc.nat(routes.length - 1) }, { weight: 1, arbitrary: fc.constantFrom(...routes.flatMap((r, i) => (r.method === 'POST' && bases.has(r.url) ? [i] : []))) }),
      params: fc.array(fc.record({ pick: fc.nat(9), hostile: hostileString, raw: fc.boolean(), useHostile: fc.boolean() }), { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom('q', 'page', 'pageSize', 'year', 'category', 'lang', '__proto__', 'constructor[prototype][x]', 'q[]', 'page'), fc.string({ maxLength: 6 })), hostileString), { maxLength: 4 }),
      rawQuery: fc.boolean(),
      body: fc.record({
        mode: fc.constantFrom('json', 'form', 'multipart', 'garbage', 'none'),
        mutate: fc.array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'agency', 'title', 'description', 'applicant', 'applicant.name', 'applicant.kind', 'subject', 'question', 'name', 'phone', 'kind', 'content', 'version', 'body', '_csrf'), fc.string({ maxLength: 6 })), hostileValue), { maxLength: 3 }),
        drop: fc.nat(14), // past the base's keys: nothing dropped, so some submissions are whole and valid
        base: fc.boolean(),
        contentType: fc.nat(CONTENT_TYPES.length - 1),
      }),
      session: fc.boolean(),
    });

    const run = async (c: Case): Promise<boolean> => {
      const r = routes[c.route];
      let i = 0;
      const url = r.url.replace(/\*$/, 'site.css').replace(/:(\w+)/g, (_m, name: string) => {
        const p = c.params[i++ % c.params.length];
        if (p.useHostile) return enc(p.hostile, p.raw);
        const pool = pools[name] ?? (/id$/i.test(name) ? pools.id : pools.other);
        return encodeURIComponent(pool[p.pick % pool.length]);
      });
      const qs = c.query.map(([k, v]) => `${enc(k, c.rawQuery)}=${enc(v, c.rawQuery)}`).join('&');
      const headers: Record<string, string> = {};
      if (c.session && admin) Object.assign(headers, admin.headers, { 'x-csrf-token': admin.csrf });
      let payload: string | Buffer | undefined;
      if (r.method !== 'GET' && c.body.mode !== 'none') {
        const base = c.body.base ? { ...(bases.get(r.url) ?? {}) } : {};
        const entries: [string, unknown][] = Object.entries(base).filter((_e, k) => k !== c.body.drop);
        entries.push(...c.body.mutate);
        if (c.session && admin) entries.push(['_csrf', admin.csrf]);
        if (c.body.mode === 'json') {
          payload = jsonText(entries);
          headers['content-type'] = 'application/json';
        } else if (c.body.mode === 'form') {
          payload = entries.flatMap(([k, v]) => (v && typeof v === 'object' ? flat({ [k]: v }) : [[k, String(v)] as [string, string]])).map(([k, v]) => `${enc(k, c.rawQuery)}=${enc(v, c.rawQuery)}`).join('&');
          headers['content-type'] = 'application/x-www-form-urlencoded';
        } else if (c.body.mode === 'multipart') {
          const parts = entries.map(([k, v]) => `--FUZZ\r\nContent-Disposition: form-data; name="${String(k).replace(/"/g, '')}"${k === 'attachments' ? '; filename="../../a.pdf"' : ''}\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`);
          payload = Buffer.from(`${parts.join('')}${c.body.drop % 2 ? '--FUZZ--\r\n' : ''}`);
          headers['content-type'] = CONTENT_TYPES[c.body.contentType % 3 === 2 ? 2 : 6];
        } else {
          payload = Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x7b, 0x22]);
          headers['content-type'] = CONTENT_TYPES[c.body.contentType];
        }
      }
      let res;
      try {
        res = await t.app.inject({ method: r.method as 'GET', url: qs ? `${url}?${qs}` : url, headers, payload });
      } catch (err) {
        failures.push(`${r.method} ${url} threw ${(err as Error).message}`);
        return true;
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode === 201 && /^\/(api\/v1\/requests|agencies\/:code\/apply)$/.test(r.url)) created.cases++;
      if (res.statusCode === 201 && /mailbox$/.test(r.url)) created.letters++;
      if (res.statusCode >= 500) {
        failures.push(`${r.method} ${r.url} ← ${url.slice(0, 100)}${qs ? '?' + qs.slice(0, 60) : ''} [${headers['content-type'] ?? ''}${c.session ? ', staff' : ''}] → ${res.statusCode}`);
      }
      return true;
    };

    await fc.assert(fc.asyncProperty(caseArb, run), { numRuns: RUNS, seed: Number(process.env.GONGKAI_FUZZ_SEED ?? 20261127), endOnFailure: true }).catch((err: Error) => {
      failures.push(`fast-check: ${err.message.split('\n').slice(0, 6).join(' | ')}`);
    });

    const protoAfter = [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());
    assert.deepEqual(protoAfter, protoBefore, 'no prototype pollution');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual([...new Set(failures)], [], `${failures.length} failures`);

    // No partial rows: every case has its submission event; the tables grew only by acknowledged submissions.
    const cases = await count('info_requests');
    assert.equal(cases - start.cases, created.cases, 'cases = acknowledged submissions');
    const orphanCases = await t.ctx.db.selectFrom('info_requests').select('request_id').where(({ not, exists, selectFrom }) => not(exists(selectFrom('request_events').select('request_events.request_id').whereRef('request_events.request_id', '=', 'info_requests.request_id')))).execute();
    assert.deepEqual(orphanCases, [], 'every case has its events');
    assert.equal((await count('mailbox_letters')) - start.letters, created.letters, 'letters = acknowledged letters');
    const total = [...statuses.values()].reduce((s, n) => s + n, 0);
    process.stdout.write(`fuzz: ${total} requests over ${routes.length} routes (${t.ctx.dialect}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((x, y) => x[0] - y[0])))}; 0 ≥ 500; ${created.cases} cases, ${created.letters} letters created whole\n`);
  });
});

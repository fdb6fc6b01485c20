// Issue 9 ("no N+1 queries; indexes checked with EXPLAIN on hot queries"): every public page is rendered against an
// agency with a few items and again after many more are published; the number of queries a page runs must not grow
// with the catalogue, and every SELECT it runs is planned with an index on the large tables (SQLite: EXPLAIN QUERY
// PLAN; PostgreSQL: EXPLAIN with sequential scans disabled, so a missing index still shows as a Seq Scan).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { QueryEvent } from '../../src/platform/db/database.ts';
import { publishedItem, staff } from '../support/catalogue-factories.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp, onPostgres } from '../support/harness.ts';

/** Tables that grow with an agency's records: a full scan of one of them is a defect on a hot page. */
const LARGE_TABLES = [
  'catalogue_published', 'catalogue_items', 'catalogue_versions', 'catalogue_attachments', 'request_cases',
  'request_events', 'mailbox_letters', 'audit_log', 'search_documents',
];

/** Pages whose queries must not grow with the number of items (`{doc}` is a published item's public id). */
const PAGES = [
  '/', '/agencies/qp', '/agencies/qp/info', '/agencies/qp/guide', '/agencies/qp/catalogue',
  '/agencies/qp/catalogue?category=gfxwj', '/agencies/qp/catalogue?year=2020', '/agencies/qp/columns/zwdt',
  '/agencies/qp/disclosure', '/agencies/qp/reports', '/documents/{doc}', '/feeds/qp.atom', '/feeds/qp.json',
  '/sitemap.xml', '/search?q=%E7%A7%91%E6%8A%80', '/api/v1/documents?agency=qp',
];

test('public pages: query count independent of the catalogue size, and no full scans of large tables', { timeout: 600_000 }, async (t) => {
  const { ctx, app, cleanup } = await createTestApp({ now: '2020-12-20T02:00:00Z' });
  t.after(cleanup);
  const agency = await makeAgency(ctx, { code: 'qp', name: '测试科技厅' });
  const editor = staff(agency.id, 'editor');
  const reviewer = staff(agency.id, 'reviewer');
  const publish = async (i: number) => {
    const normative = i % 3 === 0;
    return publishedItem(ctx, editor, reviewer, agency.id, {
      categoryCode: normative ? 'gfxwj' : ['zwdt', 'qtwj'][i % 2],
      title: `关于科技创新工作的通知第${i}号`,
      documentNumber: `甘科政〔2020〕${i + 1}号`,
      formedOn: `2020-${String(1 + (i % 11)).padStart(2, '0')}-10`,
      isNormative: normative,
      effectiveOn: normative ? '2020-12-01' : '',
    });
  };
  const first = [];
  for (let i = 0; i < 3; i++) first.push(await publish(i));
  const doc = first[0].publicId;
  // An interpretation of the first document, so the item page's link queries return rows.
  await publishedItem(ctx, editor, reviewer, agency.id, {
    categoryCode: 'zcjd', title: '《关于科技创新工作的通知》政策解读', documentNumber: '', interpretsRef: first[0].documentNumber ?? '',
    interpretationForm: 'text',
  });

  const observed: QueryEvent[] = [];
  const stop = ctx.database.observe((e) => observed.push(e));
  t.after(stop);
  const run = async (): Promise<Map<string, QueryEvent[]>> => {
    const out = new Map<string, QueryEvent[]>();
    for (const page of PAGES) {
      const url = page.replace('{doc}', doc!);
      await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}warm=1` }); // lazy loads (settings, dictionaries) out of the count
      observed.length = 0;
      const res = await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}nocache=1` });
      assert.equal(res.statusCode, 200, `${url} answers 200`);
      out.set(page, [...observed]);
    }
    return out;
  };

  const small = await run();
  for (let i = 3; i < 23; i++) await publish(i);
  const large = await run();

  for (const page of PAGES) {
    const a = small.get(page)!.length;
    const b = large.get(page)!.length;
    assert.ok(b <= a + 1, `${page}: ${a} queries with 4 items, ${b} with 24 (a query per item?)`);
    assert.ok(b <= 20, `${page}: ${b} queries (budget 20)`);
  }

  // Plans of every distinct SELECT the pages ran, with the parameters they ran with.
  const selects = new Map<string, QueryEvent>();
  for (const events of large.values()) for (const e of events) if (/^\s*select/i.test(e.sql)) selects.set(e.sql, e);
  assert.ok(selects.size >= 15, `saw ${selects.size} distinct queries`);
  const fullScans: string[] = [];
  if (onPostgres) {
    await ctx.db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      for (const e of selects.values()) {
        const plan = await sql.raw(`explain ${inline(e)}`).execute(conn);
        const text = (plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
        for (const table of LARGE_TABLES) if (new RegExp(`Seq Scan on ${table}\\b`).test(text)) fullScans.push(`${table}: ${e.sql}\n${text}`);
      }
      await sql`reset enable_seqscan`.execute(conn);
    });
  } else {
    const sqlite = ctx.database.sqlite!;
    for (const e of selects.values()) {
      const plan = sqlite.prepare(`explain query plan ${e.sql}`).all(...(e.parameters as unknown[])) as { detail: string }[];
      for (const { detail } of plan) {
        // "SCAN t" reads the whole table; "SCAN t USING [COVERING] INDEX" walks an index in order and stops at LIMIT.
        const m = /^SCAN (\w+)(?: AS \w+)?$/.exec(detail);
        if (m && LARGE_TABLES.includes(m[1])) fullScans.push(`${m[1]}: ${e.sql}\n${plan.map((p) => p.detail).join('\n')}`);
      }
    }
  }
  assert.deepEqual(fullScans, [], `full scans of large tables:\n${fullScans.join('\n\n')}`);
});

/** The query with its parameters written in (PostgreSQL's EXPLAIN takes no bind parameters outside PREPARE). */
function inline(e: QueryEvent): string {
  return e.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const v = e.parameters[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    return `'${String(v).replace(/'/g, "''")}'`;
  });
}

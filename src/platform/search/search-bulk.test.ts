// A bulk-built index is the index single upserts build (issue 9, bulk building): the same documents written one at
// a time, in batches through upsertMany, and rebuilt from the stored rows (`gongkai search reindex`) answer every
// query identically, on SQLite and on PostgreSQL; on PostgreSQL the posting rows hold the same entries (keys and
// tails), frequencies and leads, and every row keeps the store's invariants (≤ BLOCK_ENTRIES, disjoint, hi/lo).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { corpus } from '../../../bench/search-corpus.ts';
import { createTestCtx, type TestCtx } from '../../../test/support/harness.ts';
import { createFts5SearchIndex } from './search-fts5.ts';
import { createPgSearchIndex } from './search-pg.ts';
import { BLOCK_ENTRIES, scanBlock } from './search-postings.ts';
import type { SearchDocument, SearchIndex, SearchQuery } from './search.ts';

const N = 200;
const QUERIES: Partial<SearchQuery>[] = [
  { q: '科技' }, { q: '技术合同' }, { q: '科技 许可' }, { q: '科' }, { q: '项目 -资金' }, { q: '补充说明' },
  { q: '公开', year: 2019 }, { q: '许可', agencyCodes: ['lzzrzy'] }, { q: '不存在的词语' },
];

function indexOf(ctx: TestCtx): SearchIndex {
  return ctx.dialect === 'postgres' ? createPgSearchIndex(ctx.db) : createFts5SearchIndex(ctx.database.sqlite!);
}

const c = corpus(5);
const docs = Array.from({ length: N }, (_, i) => c.make(i, N));
// Replacements: new text under the same date (the key stays), a new date (the key moves), and removals.
const changed: SearchDocument[] = Array.from({ length: 30 }, (_, k) => {
  const d = docs[k * 6];
  return { ...d, publishedOn: k % 3 ? d.publishedOn : '2025-12-30', body: `${d.body} 科技许可补充说明第${k}条` };
});
const removed = Array.from({ length: 12 }, (_, k) => `bench-${k * 16 + 3}`);

/** Every posting entry by token (keys and tails, newest first), checking the rows' invariants on the way. */
async function postingsOf(ctx: TestCtx): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ token: string; hi: string; lo: string; data: Buffer }>`select token, hi, lo, data from search_postings
    order by token, hi desc`.execute(ctx.db);
  const out = new Map<string, string[]>();
  let prev: { token: string; lo: number } | undefined;
  for (const r of rows) {
    const entries: string[] = [];
    scanBlock(r.token, Number(r.hi), r.data, (seq, a, b) => entries.push(`${seq}:${r.data.subarray(a, b).toString('hex')}`));
    assert.ok(entries.length >= 1 && entries.length <= BLOCK_ENTRIES, `${r.token}: ${entries.length} entries in a row`);
    assert.equal(Number(entries[entries.length - 1].split(':')[0]), Number(r.lo), `${r.token}: lo`);
    if (prev?.token === r.token) assert.ok(Number(r.hi) < prev.lo, `${r.token}: rows overlap`);
    prev = { token: r.token, lo: Number(r.lo) };
    out.set(r.token, [...(out.get(r.token) ?? []), ...entries]);
  }
  return out;
}

async function tablesOf(ctx: TestCtx) {
  const terms = await sql<{ token: string; docs: number }>`select token, docs from search_terms where docs > 0 order by token`.execute(ctx.db);
  const leads = await sql<{ seq: string; title: Buffer; lead: Buffer }>`select seq, title, lead from search_leads order by seq`.execute(ctx.db);
  return { postings: await postingsOf(ctx), terms: terms.rows, leads: leads.rows };
}

describe('bulk-built search index', () => {
  let one: TestCtx;
  let bulk: TestCtx;
  let single: SearchIndex;
  let batched: SearchIndex;

  before(async () => {
    [one, bulk] = [await createTestCtx(), await createTestCtx()];
    [single, batched] = [indexOf(one), indexOf(bulk)];
    for (const d of docs) await single.upsert(d);
    for (const d of changed) await single.upsert(d);
    for (const id of removed) await single.remove(id);
    for (let i = 0; i < N; i += 80) await batched.upsertMany(docs.slice(i, i + 80));
    await batched.upsertMany(changed);
    for (const id of removed) await batched.remove(id);
  });
  after(async () => {
    await one?.cleanup();
    await bulk?.cleanup();
  });

  async function sameAnswers(label: string): Promise<void> {
    assert.equal(await batched.count(), await single.count());
    for (const base of QUERIES) {
      for (const sort of ['relevance', 'date'] as const) {
        for (const [page, pageSize] of [[1, 20], [6, 100]]) {
          const q: SearchQuery = { q: '', sort, page, pageSize, ...base };
          const [a, b] = [await batched.query(q), await single.query(q)];
          assert.deepEqual(a, b, `${label} ${JSON.stringify(q)}`);
        }
      }
    }
  }

  it('answers as single upserts after batched upserts, replacements and removals', async () => {
    await sameAnswers('batched');
    if (bulk.dialect !== 'postgres') return;
    const t = await tablesOf(one);
    // Not vacuous: common tokens span several rows.
    assert.ok([...t.postings.values()].some((e) => e.length > BLOCK_ENTRIES) && t.leads.length === N - removed.length);
    assert.deepEqual(await tablesOf(bulk), t);
  });

  it('answers as single upserts after a bulk rebuild, with the same entries, frequencies and leads', async () => {
    await batched.rebuild();
    await sameAnswers('rebuilt');
    if (bulk.dialect !== 'postgres') return;
    assert.deepEqual(await tablesOf(bulk), await tablesOf(one));
    // The rebuilt tables replace the old ones with the same definitions: bytewise tokens, primary keys.
    const { rows } = await sql<{ c: string; k: string }>`select (select collation_name from information_schema.columns where table_schema = current_schema()
        and table_name = 'search_postings' and column_name = 'token') as c,
      (select string_agg(conname, ',' order by conname) from pg_constraint where conrelid in ('search_postings'::regclass, 'search_leads'::regclass)) as k`.execute(bulk.db);
    assert.deepEqual(rows[0], { c: 'C', k: 'search_leads_pkey,search_postings_pkey' });
    // Written to afterwards as any index: a new document extends the rows the rebuild left.
    const extra = { ...c.make(N + 1, N), id: 'extra', publishedOn: '2025-12-31' };
    await single.upsert(extra);
    await batched.upsert(extra);
    await sameAnswers('rebuilt, then written');
    assert.deepEqual(await tablesOf(bulk), await tablesOf(one));
  });
});

// PostgreSQL only: the posting-block index answers exactly as the SQLite FTS5 index (docs/decisions/0006) — same
// totals, estimates, pages and ranked order — over 1,300 generated documents (more than COUNT_CAP matches for common
// words, many posting rows per token), after replacing and removing documents, and after a rebuild from stored rows.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { corpus } from '../../../bench/search-corpus.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../../../test/support/harness.ts';
import { openDatabase, type OpenDatabase } from '../db/database.ts';
import * as m0250 from '../db/migrations/0250-search.ts';
import * as m0251 from '../db/migrations/0251-search-leads.ts';
import * as m0252 from '../db/migrations/0252-search-titles.ts';
import { createFts5SearchIndex } from './search-fts5.ts';
import { createPgSearchIndex } from './search-pg.ts';
import type { SearchIndex, SearchQuery } from './search.ts';

const N = 1_300;
const QUERIES: Partial<SearchQuery>[] = [
  { q: '科技' }, { q: '公开' }, { q: '技术合同' }, { q: '高新技术企业' }, { q: '科技 许可' }, { q: '兰州 光伏' },
  { q: '科' }, { q: '甘科政' }, { q: '"科技 创新"' }, { q: '科技 -许可' }, { q: '项目 -资金 -兰州' }, { q: '2020' },
  { q: '0931' }, { q: '碳离子治疗' }, { q: '不存在的词语' }, { q: '科技', agencyCodes: ['lzzrzy', 'gansu'] },
  { q: '项目', categoryCodes: ['permit'] }, { q: '公开', year: 2019 }, { q: '技术', validity: '有效' }, { q: '许可', kind: 'news' },
  { q: '', agencyCodes: ['gansu'] },
];

describe('PostgreSQL posting blocks answer as SQLite FTS5', { skip: !onPostgres && 'needs DATABASE_URL' }, () => {
  let ctx: TestCtx;
  let lite: OpenDatabase;
  let pgIndex: SearchIndex;
  let liteIndex: SearchIndex;

  before(async () => {
    ctx = await createTestCtx();
    lite = openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'gongkai-eq-')), sqliteFile: 'eq.sqlite' });
    for (const m of [m0250, m0251, m0252]) await m.up(lite.db);
    pgIndex = createPgSearchIndex(ctx.db);
    liteIndex = createFts5SearchIndex(lite.sqlite!);
    const c = corpus(3);
    const docs = Array.from({ length: N }, (_, i) => c.make(i, N));
    for (let i = 0; i < N; i += 400) {
      await pgIndex.upsertMany(docs.slice(i, i + 400));
      await liteIndex.upsertMany(docs.slice(i, i + 400));
    }
  });
  after(async () => {
    await lite?.close();
    await ctx?.cleanup();
  });

  async function compare(label: string): Promise<void> {
    for (const base of QUERIES) {
      for (const sort of ['relevance', 'date'] as const) {
        for (const [page, pageSize] of [[1, 20], [12, 100]]) {
          const q: SearchQuery = { q: '', sort, page, pageSize, ...base };
          const [a, b] = [await pgIndex.query(q), await liteIndex.query(q)];
          const what = `${label} ${JSON.stringify(q)}`;
          assert.deepEqual({ ...a, hits: a.hits.map((h) => h.id) }, { ...b, hits: b.hits.map((h) => h.id) }, what);
          assert.deepEqual(a.hits.map((h) => h.snippet), b.hits.map((h) => h.snippet), what);
        }
      }
    }
  }

  it('gives the same results for words, phrases, exclusions, one character and filters', async () => {
    await compare('built');
  });

  it('still does after documents are replaced (new dates, new text) and removed', async () => {
    const c = corpus(3);
    const changed = Array.from({ length: 60 }, (_, k) => {
      const d = c.make(k * 20, N);
      return { ...d, publishedOn: k % 2 ? '2025-12-31' : d.publishedOn, body: `${d.body} 科技许可补充说明第${k}条` };
    });
    for (const index of [pgIndex, liteIndex]) {
      await index.upsertMany(changed);
      for (let k = 0; k < 20; k++) await index.remove(`bench-${k * 31 + 7}`);
    }
    await compare('changed');
  });

  it('still does after a rebuild from the stored documents (the reindex after migration 0253)', async () => {
    await sql`delete from search_postings`.execute(ctx.db);
    await sql`delete from search_terms`.execute(ctx.db);
    assert.equal((await pgIndex.query({ q: '科技', sort: 'date', page: 1, pageSize: 20 })).total, 0);
    await pgIndex.rebuild();
    await compare('rebuilt');
  });
});

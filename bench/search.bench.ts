// Search benchmark (issues 4 and 9): p50/p99 of 2-, 3-, 4-character and two-word queries, top 20 by relevance and
// by date, over N generated Chinese government documents (~1,600 characters each, bench/search-corpus.ts), against
// a naive LIKE scan, on SQLite (FTS5 bigrams) and, when DATABASE_URL is set, on PostgreSQL (bigram posting blocks).
//
// Run: node --import tsx bench/search.bench.ts [N=100000] [--reuse] [--sqlite-only] [--pg-only] [--runs=3]
//   --reuse keeps/reuses the built database (SQLite file under $BENCH_DIR or /tmp; PostgreSQL schema bench_search_N).
//   --as-is (with --reuse, PostgreSQL) measures an interrupted build's documents as they are instead of building;
//   --resume (with --reuse, PostgreSQL) continues an interrupted build from the next document.
// Prints one JSON object per engine on stdout; progress on stderr. No result cache: every query hits the index.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../src/platform/db/database.ts';
import * as m0250 from '../src/platform/db/migrations/0250-search.ts';
import * as m0251 from '../src/platform/db/migrations/0251-search-leads.ts';
import * as m0252 from '../src/platform/db/migrations/0252-search-titles.ts';
import * as m0253 from '../src/platform/db/migrations/0253-search-postings.ts';
import { createFts5SearchIndex } from '../src/platform/search/search-fts5.ts';
import { createPgSearchIndex } from '../src/platform/search/search-pg.ts';
import type { SearchIndex, SearchSort } from '../src/platform/search/search.ts';
import { indexTokens } from '../src/platform/search/search-text.ts';
import { corpus, rng } from './search-corpus.ts';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const flag = (f: string) => args.includes(f);
const RUNS = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const BATCH = 2000;
const say = (m: string) => process.stderr.write(`[search.bench] ${m}\n`);

// Query sets: words a visitor of a science-and-technology department's portal types (common and rarer ones), plus
// substrings cut from random generated documents (what someone copies from a page).
const CURATED: Record<string, string[]> = {
  '2-char': ['科技', '公开', '许可', '项目', '政府', '信息', '创新', '企业', '申请', '农业', '专利', '合同', '基地', '资金', '数据', '医药', '风电', '光伏', '种业', '文物'],
  '3-char': ['科技厅', '新材料', '大数据', '兰州市', '天水市', '规范性', '年度报', '中医药', '实验室', '研究院', '示范区', '高新区', '依申请', '张掖市', '氢能源'],
  '4-char': ['技术合同', '高新技术', '行政许可', '政府信息', '生物医药', '现代农业', '科技成果', '重点研发', '信息公开', '生态修复', '人工智能', '碳离子治', '文物保护', '复议诉讼'],
  'two-word': ['科技 许可', '政府 公开', '项目 资金', '技术 合同', '农业 基地', '创新 企业', '专利 医药', '兰州 光伏', '数据 安全', '行政 复议', '科技 兰州', '风电 装备'],
};

function querySets(): Record<string, string[]> {
  const c = corpus(7);
  const r = rng(42);
  const sets: Record<string, string[]> = {};
  for (const [name, words] of Object.entries(CURATED)) {
    const extra: string[] = [];
    while (extra.length < 10) {
      const body = c.make(Math.floor(r() * N), N).body;
      const runs = body.match(/\p{Script=Han}{4,}/gu) ?? [];
      const run = runs[Math.floor(r() * runs.length)];
      if (!run) continue;
      const cut = (len: number) => {
        const at = Math.floor(r() * (run.length - len + 1));
        return run.slice(at, at + len);
      };
      if (name === 'two-word') extra.push(`${cut(2)} ${cut(2)}`);
      else extra.push(cut(Number(name[0])));
    }
    sets[name] = [...words, ...extra];
  }
  return sets;
}

function stats(ms: number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(s[s.length - 1]), n: s.length };
}

/**
 * Only the search migrations run here (the benchmark database holds nothing else); each when its table is missing,
 * so a database built by an earlier version of this benchmark is brought up to date rather than rebuilt.
 */
async function ensureSearchSchema(database: OpenDatabase): Promise<void> {
  const has = async (table: string) =>
    database.dialect === 'sqlite'
      ? database.sqlite!.prepare('select 1 from sqlite_master where name = ?').get(table) !== undefined
      : (await sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ${table}`.execute(database.db)).rows.length > 0;
  if (!(await has('search_documents'))) await m0250.up(database.db);
  if (database.dialect === 'postgres') {
    if (!(await has('search_postings'))) await m0253.up(database.db);
    return;
  }
  if (!(await has('search_leads'))) await m0251.up(database.db);
  if (!(await has('search_titles'))) {
    await m0252.up(database.db);
    const sqlite = database.sqlite!;
    const rows = sqlite.prepare('select seq, title, document_number, agency_code, category_code, validity, kind from search_documents').all() as {
      seq: number; title: string; document_number: string; agency_code: string; category_code: string; validity: string; kind: string;
    }[];
    const hex = (p: string, v: string) => p + Buffer.from(v, 'utf8').toString('hex');
    const ins = sqlite.prepare('insert into search_titles (rowid, title, facets) values (?, ?, ?)');
    sqlite.transaction(() => {
      for (const r of rows) {
        ins.run(r.seq, indexTokens(`${r.title} ${r.document_number}`),
          [hex('ag', r.agency_code), hex('ct', r.category_code), hex('vl', r.validity), hex('kd', r.kind)].join(' '));
      }
    })();
    say(`backfilled search_titles for ${rows.length} documents`);
  }
}

async function build(index: SearchIndex, label: string, from = 0): Promise<{ seconds: number; docsPerSecond: number }> {
  const c = corpus(1);
  const t0 = performance.now();
  for (let i = from; i < N; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) docs.push(c.make(j, N));
    await index.upsertMany(docs);
    if ((i / BATCH) % 25 === 0) say(`${label}: ${i + docs.length}/${N} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds: Math.round(seconds), docsPerSecond: Math.round((N - from) / seconds) };
}

/** CPU time (ms) the database server's backends have used so far, from /proc/<pid>/schedstat (ns resolution). */
type ServerCpu = () => Promise<number>;

async function measure(index: SearchIndex, sets: Record<string, string[]>, serverCpu?: ServerCpu) {
  const cases = [];
  for (const [name, queries] of Object.entries(sets)) {
    for (const sort of ['relevance', 'date'] as SearchSort[]) {
      const ms: number[] = [];
      const cpu: number[] = [];
      const dbCpu: number[] = [];
      const totals: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        for (const q of queries) {
          const s0 = serverCpu ? await serverCpu() : 0;
          const c0 = process.cpuUsage();
          const t = performance.now();
          const r = await index.query({ q, sort, page: 1, pageSize: 20 });
          ms.push(performance.now() - t);
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
          if (serverCpu) dbCpu.push((await serverCpu()) - s0);
          if (run === 0) totals.push(r.total);
        }
      }
      totals.sort((a, b) => a - b);
      const c = stats(cpu);
      // Wall time is what a visitor waits; CPU time of this process (and of the database server's backends, on
      // PostgreSQL) shows the cost apart from the queueing for a CPU on a loaded host.
      const server = dbCpu.length ? stats(dbCpu) : undefined;
      const both = dbCpu.length ? stats(cpu.map((v, i) => v + dbCpu[i])) : undefined;
      cases.push({ case: name, sort, ...stats(ms), cpuP50: c.p50, cpuP99: c.p99,
        ...(server && both ? { dbCpuP50: server.p50, dbCpuP99: server.p99, bothCpuP50: both.p50, bothCpuP99: both.p99 } : {}),
        medianMatches: totals[Math.floor(totals.length / 2)], queries: queries.length });
      say(`${name} by ${sort}: ${JSON.stringify(cases[cases.length - 1])}`);
    }
  }
  return cases;
}

async function likeScan(run: (pattern: string, byCount: boolean) => Promise<unknown>, sets: Record<string, string[]>) {
  // The naive alternative: LIKE '%词%' over title and body. By date it stops at the 20th newest match; ranking or
  // counting needs every row. Six queries per set, once each (each is a full or partial table scan).
  const out = [];
  for (const [name, queries] of Object.entries(sets)) {
    if (name === 'two-word') continue;
    for (const byCount of [false, true]) {
      const ms: number[] = [];
      // Three common words and three substrings of generated documents (rarer: the newest-20 scan goes deeper).
      for (const q of [...queries.slice(0, 3), ...queries.slice(-3)]) {
        const t = performance.now();
        await run(`%${q}%`, byCount);
        ms.push(performance.now() - t);
      }
      out.push({ case: name, method: byCount ? 'LIKE, count all matches (needed to rank)' : 'LIKE, newest 20', ...stats(ms) });
      say(`LIKE ${name} ${byCount ? 'count' : 'date'}: ${JSON.stringify(out[out.length - 1])}`);
    }
  }
  return out;
}

async function benchSqlite(sets: Record<string, string[]>) {
  const dir = process.env.BENCH_DIR ?? '/tmp';
  const file = `gongkai-search-bench-${N}.sqlite`;
  const path = join(dir, file);
  const reuse = flag('--reuse') && existsSync(path);
  const database: OpenDatabase = openDatabase({ dataDir: dir, sqliteFile: file });
  const sqlite = database.sqlite!;
  if (!reuse) {
    sqlite.exec(`drop table if exists search_fts; drop table if exists search_titles; drop table if exists search_leads;
      drop table if exists search_documents`);
  }
  await ensureSearchSchema(database);
  const index = createFts5SearchIndex(sqlite);
  let built: { seconds: number; docsPerSecond: number } | undefined;
  if (!reuse || (await index.count()) !== N) {
    // Bulk load: no fsync per batch (a crash mid-build means building again); restored before measuring.
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    built = await build(index, 'sqlite');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('synchronous = FULL');
  }
  const bytes = statSync(path).size;
  const cases = await measure(index, sets);
  const likeStmt = sqlite.prepare('select seq from search_documents where title like ? or body like ? order by seq desc limit 20');
  const countStmt = sqlite.prepare('select count(*) as c from search_documents where title like ? or body like ?');
  const like = await likeScan(async (p, byCount) => (byCount ? countStmt.get(p, p) : likeStmt.all(p, p)), sets);
  const version = sqlite.prepare('select sqlite_version() as v').pluck().get();
  await database.close();
  return { engine: `SQLite ${version} FTS5 bigrams`, host, n: N, build: built, databaseBytes: bytes, cases, like };
}

async function benchPostgres(sets: Record<string, string[]>) {
  const url = process.env.DATABASE_URL!;
  const schema = `bench_search_${N}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount === 1;
  const reuse = flag('--reuse') && exists;
  if (!reuse) {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
  }
  const database = openDatabase({ databaseUrl: url, dataDir: '/tmp', pgSchema: schema, poolSize: 4 });
  await ensureSearchSchema(database);
  const index = createPgSearchIndex(database.db);
  let built: { seconds: number; docsPerSecond: number; resumedFrom?: number } | undefined;
  // Visibility map and statistics, as autovacuum would leave them after a bulk load.
  const vacuum = async () => {
    for (const t of ['search_documents', 'search_postings', 'search_terms', 'search_leads']) await sql`vacuum analyze ${sql.table(t)}`.execute(database.db);
  };
  const count = reuse ? await index.count() : 0;
  if (flag('--as-is') && count !== N) {
    say(`--as-is: measuring the ${count} documents built so far (of ${N})`);
    await vacuum();
  } else if (!reuse || count !== N) {
    // --resume: an interrupted build (whole batches of documents 0, 1, …) continues with the next document.
    const from = flag('--resume') && count % BATCH === 0 ? count : 0;
    if (from) say(`--resume: building documents ${from}…${N - 1}`);
    built = { ...(await build(index, 'postgres', from)), ...(from ? { resumedFrom: from } : {}) };
    await vacuum();
  }
  const size = await sql<{ b: number }>`select (pg_total_relation_size('search_documents') + pg_total_relation_size('search_postings')
    + pg_total_relation_size('search_terms') + pg_total_relation_size('search_leads'))::bigint as b`.execute(database.db);
  const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db);
  // The pool's server processes (same host): their CPU time around each query.
  const backends = async () => (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()
    and backend_type = 'client backend'`.execute(database.db)).rows.map((r) => r.pid);
  let pids = await backends();
  const serverCpu: ServerCpu | undefined = existsSync(`/proc/${pids[0]}/schedstat`)
    ? async () => pids.reduce((sum, pid) => {
        try {
          return sum + Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
        } catch {
          return sum;
        }
      }, 0)
    : undefined;
  await measure(index, { warm: [sets['two-word'][0]] }, undefined);
  pids = await backends();
  const cases = await measure(index, sets, serverCpu);
  const like = await likeScan(async (p, byCount) =>
    byCount
      ? sql`select count(*) from search_documents where title like ${p} or body like ${p}`.execute(database.db)
      : sql`select seq from search_documents where title like ${p} or body like ${p} order by seq desc limit 20`.execute(database.db), sets);
  await database.close();
  await admin.end();
  return { engine: `PostgreSQL ${version.rows[0].v} bigram posting blocks`, host, n: flag('--as-is') ? count : N, build: built, databaseBytes: Number(size.rows[0].b), cases, like };
}

const sets = querySets();
const host = { cpus: (await import('node:os')).cpus().length, loadAverage: (await import('node:os')).loadavg().map((v) => Math.round(v * 10) / 10), node: process.version };
say(`host ${JSON.stringify(host)}`);
say(`N=${N}, runs=${RUNS}, queries: ${JSON.stringify(sets)}`);
if (!flag('--pg-only')) console.log(JSON.stringify(await benchSqlite(sets)));
if (process.env.DATABASE_URL && !flag('--sqlite-only')) console.log(JSON.stringify(await benchPostgres(sets)));

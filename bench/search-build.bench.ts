// PostgreSQL search index build rate (issue 9): N generated documents (bench/search-corpus.ts, as search.bench.ts)
// written through SearchIndex.upsertMany in batches of 2,000, then SearchIndex.rebuild() (`gongkai search reindex`)
// over them; wall time and CPU time per document in this process and in the PostgreSQL backends serving it (from
// /proc/<pid>/schedstat, same host), so the cost shows apart from the queueing for a CPU on a shared host.
//
// Run: node scripts/with-postgres.mjs node --import tsx bench/search-build.bench.ts [N=20000]
// Uses (and drops) schema bench_build_N in DATABASE_URL's database; run it in a database no other benchmark uses,
// or the server CPU counts theirs too. Prints one JSON object on stdout; progress on stderr.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/database.ts';
import * as m0250 from '../src/platform/db/migrations/0250-search.ts';
import * as m0253 from '../src/platform/db/migrations/0253-search-postings.ts';
import { createPgSearchIndex } from '../src/platform/search/search-pg.ts';
import { corpus } from './search-corpus.ts';

const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000);
const BATCH = 2000;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (node scripts/with-postgres.mjs …)');
const schema = `bench_build_${N}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`drop schema if exists ${schema} cascade`);
await admin.query(`create schema ${schema}`);
const database = openDatabase({ databaseUrl: url, dataDir: '/tmp', pgSchema: schema, poolSize: 4 });
await m0250.up(database.db);
await m0253.up(database.db);
const index = createPgSearchIndex(database.db);

/** CPU milliseconds used so far by the database's other backends (this benchmark's pool). */
async function serverCpu(): Promise<number> {
  const { rows } = await admin.query(`select pid from pg_stat_activity where datname = current_database()
    and backend_type = 'client backend' and pid <> pg_backend_pid()`);
  return rows.reduce((sum: number, r: { pid: number }) => {
    try {
      return sum + Number(readFileSync(`/proc/${r.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      return sum;
    }
  }, 0);
}

/** Runs a phase; wall seconds, documents a second, and CPU ms per document (this process, the server). */
async function phase(label: string, run: () => Promise<void>) {
  const s0 = await serverCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const round = (v: number) => Math.round(v * 100) / 100;
  const result = {
    seconds: Math.round(seconds * 10) / 10,
    docsPerSecond: Math.round(N / seconds),
    nodeCpuMsPerDoc: round((c.user + c.system) / 1000 / N),
    serverCpuMsPerDoc: round(((await serverCpu()) - s0) / N),
  };
  process.stderr.write(`[search-build] ${label}: ${JSON.stringify(result)}\n`);
  return result;
}

const c = corpus(1);
const upsertMany = await phase('upsertMany', async () => {
  for (let i = 0; i < N; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) docs.push(c.make(j, N));
    await index.upsertMany(docs);
  }
});
const bytes = async () => Number((await sql<{ b: string }>`select pg_total_relation_size('search_postings') as b`.execute(database.db)).rows[0].b);
const afterUpserts = await bytes();
const rebuild = await phase('rebuild', () => index.rebuild());
const load = (await import('node:os')).loadavg().map((v) => Math.round(v * 10) / 10);
console.log(JSON.stringify({ n: N, upsertMany, rebuild, postingsBytes: { afterUpserts, afterRebuild: await bytes() }, loadAverage: load }));
await database.close();
await admin.query(`drop schema ${schema} cascade`);
await admin.end();

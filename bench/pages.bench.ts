// Public pages against nginx (issue 9 "Targets"): the same bytes served by nginx from disk, by gongkai from its page
// cache (one process and GONGKAI_WORKERS=2), and rendered per request (uncached), measured with
// wrk -t2 -c50 -d10s on loopback in one run; ratios to nginx for each page.
// Run: node --import tsx bench/pages.bench.ts → one JSON line per case, then a summary line.
// Environment: BENCH_SECONDS (default 10), BENCH_WORKERS (default "0,2": process counts to measure; 0 = one process).
// PostgreSQL: `node scripts/with-postgres.mjs node --import tsx bench/pages.bench.ts` (the server then uses DATABASE_URL).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../e2e/support/server.ts';
import { startNginx } from './support/nginx.ts';
import { haveWrk, runWrk, type WrkResult } from './support/wrk.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const workerModes = (process.env.BENCH_WORKERS ?? '0,2').split(',').map(Number);
const engine = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
const dbEnv: Record<string, string> = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};

interface Page {
  name: string;
  path: string;
  bytes: Buffer;
}

/** GET without Accept-Encoding: the identity bytes and the headers. */
function rawGet(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

/** The pages to measure: the foundation's, plus the catalogue's list and item pages once they exist. */
async function discoverPages(server: RunningServer): Promise<{ pages: Page[]; missing: string[] }> {
  const candidates: [string, string][] = [
    ['home', '/'],
    ['agency home', '/agencies/gskjt'],
    ['agency info (机构信息)', '/agencies/gskjt/info'],
    ['list (目录)', '/agencies/gskjt/catalogue'],
  ];
  try {
    const docs = (await (await fetch(`${server.url}/api/v1/documents?agency=gskjt&pageSize=1`)).json()) as { data?: { url?: string }[] };
    const url = docs.data?.[0]?.url;
    if (url) candidates.push(['item (信息)', new URL(url, server.url).pathname]);
  } catch {
    // the documents API is not there yet
  }
  const pages: Page[] = [];
  const missing: string[] = [];
  for (const [name, path] of candidates) {
    await rawGet(server.url + path);
    const r = await rawGet(server.url + path);
    if (r.status === 200 && r.headers['x-page-cache'] === 'hit') pages.push({ name, path, bytes: r.body });
    else missing.push(`${name} ${path}: ${r.status === 200 ? 'not cached by its route' : `HTTP ${r.status}`}`);
  }
  if (!candidates.some(([n]) => n.startsWith('item'))) missing.push('item page: no document in /api/v1/documents yet');
  return { pages, missing };
}

function emit(o: Record<string, unknown>): void {
  console.log(JSON.stringify({ suite: 'pages', engine, ...o }));
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  if (!haveWrk()) throw new Error('wrk not found (apt-get install -y wrk)');
  const wrk = (url: string, headers?: Record<string, string>): WrkResult => runWrk(url, { threads: 2, connections: 50, seconds, headers });

  // The demo is loaded once; the later servers start on the same data directory.
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startServer({ dataDir, env: { LOG_LEVEL: 'warn', ...dbEnv } });
  const { pages, missing } = await discoverPages(first);
  await first.stop();
  for (const m of missing) emit({ name: 'skipped', reason: m });

  // nginx serving exactly the bytes gongkai sends, from disk.
  const files: Record<string, Buffer> = {};
  pages.forEach((p, i) => (files[`p${i}.html`] = p.bytes));
  const nginx = await startNginx(files);
  const baseline = new Map<string, WrkResult>();
  try {
    for (const [i, p] of pages.entries()) {
      const r = wrk(`${nginx.url}/p${i}.html`);
      baseline.set(p.path, r);
      emit({ name: `nginx static: ${p.name}`, page: p.path, bytes: p.bytes.length, ...r });
    }
  } finally {
    await nginx.stop();
  }

  const summary: Record<string, unknown>[] = [];
  for (const workers of workerModes) {
    const server = await startServer({ dataDir, env: { LOG_LEVEL: 'warn', GONGKAI_WORKERS: String(workers), ...dbEnv } });
    const procs = workers || 1;
    try {
      if (workers) await new Promise((r) => setTimeout(r, 3000)); // every worker listening
      for (const p of pages) {
        // Warm every worker's cache.
        for (let i = 0; i < 4 * procs; i++) await rawGet(server.url + p.path);
        const check = await rawGet(server.url + p.path);
        if (!check.body.equals(p.bytes)) throw new Error(`${p.path}: cached bytes differ from the bytes given to nginx`);
        const nginxR = baseline.get(p.path)!;
        const cached = wrk(server.url + p.path);
        const row = { name: `gongkai cached (${procs} process${procs > 1 ? 'es' : ''}): ${p.name}`, page: p.path, bytes: p.bytes.length, workers: procs, ...cached, ratioToNginx: round(cached.rps / nginxR.rps) };
        emit(row);
        const uncachedUrl = `${server.url}${p.path}${p.path.includes('?') ? '&' : '?'}bench=1`;
        const uncached = wrk(uncachedUrl);
        const urow = { name: `gongkai uncached render (${procs} process${procs > 1 ? 'es' : ''}): ${p.name}`, page: p.path, workers: procs, ...uncached, ratioToNginx: round(uncached.rps / nginxR.rps) };
        emit(urow);
        summary.push({
          page: p.name, workers: procs, bytes: p.bytes.length,
          nginxRps: nginxR.rps, nginxP99ms: nginxR.p99ms,
          cachedRps: cached.rps, cachedP99ms: cached.p99ms, cachedRatio: row.ratioToNginx,
          uncachedRps: uncached.rps, uncachedP99ms: uncached.p99ms, uncachedRatio: urow.ratioToNginx,
          errors: cached.errors + uncached.errors,
        });
      }
    } finally {
      await server.stop();
    }
  }
  emit({ name: 'summary', seconds, connections: 50, threads: 2, targets: { cachedRatio: 0.5, cachedP99ms: 10, uncachedRatio: 0.1 }, rows: summary });
}

await main();

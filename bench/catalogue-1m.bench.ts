// Server memory with a 1,000,000-item catalogue (issue 9 "Memory": under 300 MB RSS under load, the page cache
// bounded). Builds (or reuses) a data directory whose catalogue holds N published items with their search index
// (bench/support/catalogue-fixture.ts: `gongkai demo`, then the items through BulkCatalogue and the real indexer),
// starts the real server on it (`gongkai start`, SQLite, one process) with bench/support/mem-probe.mjs preloaded, and:
//   1. idle 10 s after start: RSS (and after a full GC);
//   2. first use of each operation, one after another, RSS after each (after a full GC);
//   3. a fixed-rate open-loop mix for CATALOGUE_SECONDS: portal home, agency homes, 目录 lists over many
//      pages × categories × years, item pages over 20,000 random items in three languages (the page cache fills to
//      its bound and keeps evicting), search with varied 2-/3-/4-character and two-word queries by relevance and
//      date, the application form's "may already be published" lookup, application submissions, the documents API.
//      Latency counts from each request's scheduled start; RSS every 5 s.
// Prints one JSON line for the build, per step, per 5 s of the mix, and a summary.
// Run: npm run bench -- catalogue-1m   (= node --import tsx bench/catalogue-1m.bench.ts)
// Environment: CATALOGUE_ITEMS (default 1000000), CATALOGUE_BODY_CHARS (body length of generated items, default 400),
// CATALOGUE_DATA_DIR (default $BENCH_DIR/gongkai-catalogue-<N>, BENCH_DIR default /tmp; kept for re-runs: building
// 1,000,000 items takes ~50 minutes on a shared 2-core host), CATALOGUE_SECONDS (mix duration, default 300),
// CATALOGUE_RATE (req/s, default 20: at 1,000,000 items the mix costs ~25 ms of server time a request, so the memory
// bench's 50 req/s overloads one process on a shared 2-core host and measures the queue, not the steady state),
// CATALOGUE_NODE_OPTIONS (extra node options for the server), CATALOGUE_SKIP (operations to leave out,
// comma-separated names as printed, e.g. "apply form lookup"), CATALOGUE_LOG_FILE (the server logs every request,
// LOG_LEVEL=info, into this file: to find slow requests); the server inherits the environment (e.g. GONGKAI_PAGE_CACHE_MB).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../e2e/support/server.ts';
import { buildCatalogueFixture, databaseFile, fixtureInfo } from './support/catalogue-fixture.ts';
import { fixedRate, MemProbe, percentile, weightedPick } from './support/mem-samples.ts';
import { corpus, rng } from './search-corpus.ts';
import { residentId } from './support/applicants.ts';

const N = Number(process.env.CATALOGUE_ITEMS ?? 1_000_000);
const bodyChars = Number(process.env.CATALOGUE_BODY_CHARS ?? 400);
const seconds = Number(process.env.CATALOGUE_SECONDS ?? 300);
const rate = Number(process.env.CATALOGUE_RATE ?? 20);
const dataDir = process.env.CATALOGUE_DATA_DIR ?? join(process.env.BENCH_DIR ?? '/tmp', `gongkai-catalogue-${N}`);
const emit = (o: Record<string, unknown>) => console.log(JSON.stringify({ suite: 'catalogue-1m', ...o }));
const say = (m: string) => process.stderr.write(`[catalogue-1m] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Req { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }
interface Op { name: string; weight: number; make(i: number): Req }

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
/** Network errors by code (status 0 in the error counts). */
const networkErrors: Record<string, number> = {};
/** Page-cache answers seen (the x-page-cache header: hit, miss, bypass …). */
const cacheAnswers: Record<string, number> = {};
/** Sends one request as visitor `i % 5000` (X-Forwarded-For with GONGKAI_TRUST_PROXY=1); resolves the status, 0 on a network error or timeout. */
function send(base: string, r: Req, i: number): Promise<number> {
  const visitor = `10.${(i >> 16) & 255}.${((i % 5000) >> 8) & 255}.${i % 256}`;
  return new Promise((resolve) => {
    const req = request(base + r.path, { method: r.method, agent, headers: { 'accept-encoding': 'br, gzip', 'x-forwarded-for': visitor, ...r.headers } }, (res) => {
      const cache = String(res.headers['x-page-cache'] ?? 'none');
      cacheAnswers[cache] = (cacheAnswers[cache] ?? 0) + 1;
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      networkErrors[e.code ?? e.message] = (networkErrors[e.code ?? e.message] ?? 0) + 1;
      resolve(0);
    });
    req.end(r.body);
  });
}

/** What the mix asks for, sampled from the database before the server starts (read-only). */
function sampleTargets(): { items: string[]; lists: string[]; queries: string[] } {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    const r = rng(9);
    const maxRow = db.prepare('select max(rowid) from catalogue_published').pluck().get() as number;
    const at = db.prepare('select public_id from catalogue_published where rowid >= ? limit 1').pluck();
    const items = new Set<string>();
    while (items.size < 20_000) items.add(at.get(1 + Math.floor(r() * maxRow)) as string);
    // 目录 lists: each agency's categories and years that hold documents, pages 1–50 of each, pages 1–100 of the
    // unfiltered list (offset paging: a page costs in proportion to its depth).
    const groups = db.prepare(`select a.code, c.category_code, c.year, sum(c.n) as n from catalogue_published_counts c
      join agencies a on a.agency_id = c.agency_id where c.kind = 'document' and c.n > 0 group by a.code, c.category_code, c.year`).all() as
      { code: string; category_code: string; year: string; n: number }[];
    const lists: string[] = [];
    for (let k = 0; k < 5_000; k++) {
      const g = groups[Math.floor(r() * groups.length)];
      const shape = k % 4;
      const maxPage = shape === 0 ? 100 : Math.max(1, Math.min(50, Math.ceil(g.n / 20)));
      const page = 1 + Math.floor(r() ** 2 * maxPage); // early pages more often, as visitors browse
      const q = [shape === 1 || shape === 3 ? `category=${g.category_code}` : '', shape === 2 || shape === 3 ? `year=${g.year}` : '', page > 1 ? `page=${page}` : '']
        .filter(Boolean).join('&');
      lists.push(`/agencies/${g.code}/catalogue${q ? `?${q}` : ''}`);
    }
    // Search: words visitors type plus 2-, 3-, 4-character cuts and two-word pairs from generated bodies.
    const queries = ['科技', '公开', '许可', '项目', '年度报告', '技术合同', '高新技术', '科技 许可', '项目 资金', '依申请公开', '政府信息', '自然资源'];
    const c = corpus(3, bodyChars);
    while (queries.length < 600) {
      const runs = c.make(Math.floor(r() * N), N).body.match(/\p{Script=Han}{4,}/gu) ?? [];
      const run = runs[Math.floor(r() * runs.length)];
      if (!run) continue;
      const cut = (len: number) => run.slice(Math.floor(r() * (run.length - len + 1))).slice(0, len);
      const shape = queries.length % 4;
      queries.push(shape === 3 ? `${cut(2)} ${cut(2)}` : cut(2 + shape));
    }
    return { items: [...items].map((p) => `/documents/${p}`), lists, queries };
  } finally {
    db.close();
  }
}

/** The kernel's view of a process's memory (kB fields of /proc/<pid>/smaps_rollup, in MB): anonymous vs file-backed. */
function kernelMemory(pid: number | undefined): Record<string, number> | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) / 102.4) / 10;
    return { rss: field('Rss'), anonymous: field('Anonymous'), fileBacked: Math.round((field('Rss') - field('Anonymous')) * 10) / 10 };
  } catch {
    return undefined;
  }
}

function operations(t: ReturnType<typeof sampleTargets>): Op[] {
  const agencies = ['gskjt', 'lzzrzy', 'gansu'];
  const descriptions = ['我想申请公开甘肃省科技计划项目管理办法的全文', '申请公开2023年国有建设用地使用权出让情况', '请提供科技型中小企业评价的相关文件', '申请公开兰州市光伏发电项目的财政资金安排'];
  const lang = (path: string, l: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${l}`;
  const get = (path: string): Req => ({ method: 'GET', path });
  return [
    { name: 'home', weight: 8, make: () => get('/') },
    { name: 'agency home', weight: 6, make: (i) => get(`/agencies/${agencies[i % 3]}`) },
    { name: 'list', weight: 12, make: (i) => get(t.lists[(i * 31) % t.lists.length]) },
    { name: 'list zh-TW / en', weight: 3, make: (i) => get(lang(t.lists[(i * 17) % t.lists.length], i % 2 ? 'zh-TW' : 'en')) },
    { name: 'item', weight: 24, make: (i) => get(t.items[(i * 7919) % t.items.length]) },
    { name: 'item en', weight: 5, make: (i) => get(lang(t.items[(i * 104_729) % t.items.length], 'en')) },
    { name: 'item zh-TW', weight: 8, make: (i) => get(lang(t.items[(i * 15_485_863) % t.items.length], 'zh-TW')) },
    { name: 'search', weight: 14, make: (i) => get(`/search?q=${encodeURIComponent(t.queries[(i * 13) % t.queries.length])}${i % 3 ? '' : '&sort=date'}`) },
    { name: 'search filtered', weight: 3, make: (i) => get(`/search?q=${encodeURIComponent(t.queries[(i * 29) % t.queries.length])}&agency=${agencies[i % 3]}&year=${2015 + (i % 11)}`) },
    { name: 'apply form lookup', weight: 3, make: (i) => get(`/agencies/gskjt/apply?q=${encodeURIComponent(descriptions[i % descriptions.length])}`) },
    {
      name: 'submit application', weight: 3,
      make: (i) => ({
        method: 'POST', path: '/api/v1/requests', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agency: agencies[i % 2],
          applicant: { kind: 'natural_person', name: '压测申请人', idType: 'resident_id', idNumber: residentId(i), phone: '13800000000' },
          description: `【压测数据】申请公开 2020 年科技项目资金安排情况（第 ${i} 号）`,
        }),
      }),
    },
    { name: 'api documents', weight: 5, make: (i) => get(`/api/v1/documents?agency=${agencies[i % 3]}&page=${1 + (i % 20)}`) },
    { name: 'api search', weight: 2, make: (i) => get(`/api/v1/documents?q=${encodeURIComponent(t.queries[(i * 37) % t.queries.length])}`) },
  ];
}

async function main(): Promise<void> {
  let info = fixtureInfo(dataDir);
  if (info && info.items !== N) throw new Error(`${dataDir} holds a ${info.items}-item build; set CATALOGUE_DATA_DIR`);
  if (!info) {
    say(`building ${N} items in ${dataDir}`);
    info = await buildCatalogueFixture(dataDir, N, bodyChars, say);
  }
  emit({ name: 'fixture', dataDir, ...info, databaseBytesNow: statSync(databaseFile(dataDir)).size });
  const targets = sampleTargets();

  const probe = new MemProbe('catalogue-mem');
  const server = await startServer({
    dataDir,
    timeoutMs: 600_000,
    env: {
      LOG_LEVEL: process.env.CATALOGUE_LOG_FILE ? 'info' : 'warn', GONGKAI_TRUST_PROXY: '1', GONGKAI_RATE_LIMIT_API_PER_MINUTE: '100000000',
      GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '100000000', ...probe.env(process.env.CATALOGUE_NODE_OPTIONS),
    },
  });
  try {
    await sleep(10_000);
    const idle = probe.latest();
    const idleGc = await probe.settled();
    emit({ name: 'idle after start', rssMB: idle?.rssMB, heapUsedMB: idle?.heapUsedMB, rssAfterFullGcMB: idleGc?.rssMB });

    const skip = (process.env.CATALOGUE_SKIP ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const ops = operations(targets).filter((o) => !skip.includes(o.name));
    for (const op of ops) {
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await send(server.url, op.make(i), i);
        ms.push(performance.now() - t);
      }
      // One request at a time: what each costs the server (the first few include loading and JIT).
      emit({ name: `after first use: ${op.name} (after a full GC)`, p50ms: percentile(ms, 50), maxms: percentile(ms, 100), ...(await probe.settled()) });
    }
    const afterFirstUse = probe.latest();
    for (const k of Object.keys(cacheAnswers)) delete cacheAnswers[k];

    const pick = weightedPick(ops);
    const errors: Record<string, number> = {};
    const latencies: number[] = [];
    const perOp = new Map<string, number[]>();
    const mixStart = Date.now();
    let sent = 0;
    const report = setInterval(() => {
      const s = probe.latest();
      emit({ name: 'mix', atS: Math.round((Date.now() - mixStart) / 1000), requests: sent, rssMB: s?.rssMB, heapUsedMB: s?.heapUsedMB, externalMB: s?.externalMB, p99ms: percentile(latencies.slice(-2000), 99) });
    }, 5000);
    await fixedRate(rate, seconds, (i, scheduled) => {
      sent++;
      const op = pick(i);
      return send(server.url, op.make(i), i).then((code) => {
        if (code === 0 || code >= 400) errors[`${op.name}: ${code || 'error'}`] = (errors[`${op.name}: ${code || 'error'}`] ?? 0) + 1;
        const ms = performance.now() - scheduled;
        latencies.push(ms);
        (perOp.get(op.name) ?? perOp.set(op.name, []).get(op.name)!).push(ms);
      });
    });
    clearInterval(report);
    const during = probe.samples().filter((s) => s.t >= mixStart && !s.gc);
    const end = probe.latest();
    const kernel = kernelMemory(end?.pid);
    const endGc = await probe.settled();
    const mb = (xs: number[]) => ({ p50: percentile(xs, 50), max: Math.max(...xs) });
    emit({
      name: 'summary', items: info.items, skipped: skip, databaseBytes: statSync(databaseFile(dataDir)).size, seconds, rate, requests: sent,
      errors: Object.values(errors).reduce((a, b) => a + b, 0), errorKinds: errors, networkErrors,
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
      perOperationP99ms: Object.fromEntries([...perOp].map(([k, v]) => [k, percentile(v, 99)])),
      rssMB: {
        idle: idle?.rssMB, idleAfterFullGc: idleGc?.rssMB, afterFirstUse: afterFirstUse?.rssMB,
        p50DuringMix: mb(during.map((s) => s.rssMB)).p50, maxDuringMix: mb(during.map((s) => s.rssMB)).max, end: end?.rssMB, endAfterFullGc: endGc?.rssMB,
      },
      heapUsedMB: { ...mb(during.map((s) => s.heapUsedMB)), endAfterFullGc: endGc?.heapUsedMB },
      externalMB: { ...mb(during.map((s) => s.externalMB)), endAfterFullGc: endGc?.externalMB }, kernelAtEndMB: kernel,
      pageCacheAnswers: cacheAnswers, nodeOptions: process.env.CATALOGUE_NODE_OPTIONS ?? '', targetRssMB: 300,
    });
  } finally {
    if (process.env.CATALOGUE_LOG_FILE) writeFileSync(process.env.CATALOGUE_LOG_FILE, server.output());
    await server.stop();
    agent.destroy();
    probe.cleanup();
  }
}

await main();

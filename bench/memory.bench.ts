// Server memory (issue 9 "Memory": under 300 MB RSS under load). Starts the real server (`gongkai start`, SQLite, the
// demo catalogue), restarted on the loaded data directory so that the demo load's garbage does not count, with
// bench/support/mem-probe.mjs preloaded (RSS and V8 heap every second). Then:
//   1. idle for 10 s after start (RSS after a full GC, which the probe runs on SIGUSR2);
//   2. first use of each page type, one after another (zh-CN pages, en, zh-TW, search, the application form's
//      "may already be published" lookup, the JSON API), RSS after each (after a full GC): what each first use loads;
//   3. a fixed-rate mix of all of them (default 50 req/s for 60 s; item pages over every demo item in three
//      languages, so the page cache fills), RSS over time.
// Prints one JSON line per phase step, one per 5 s of the mix, and a summary line.
// Run: node --import tsx bench/memory.bench.ts  (or `npm run bench -- memory`).
// Environment: MEMORY_SECONDS (default 60), MEMORY_RATE (req/s, default 50), MEMORY_DATA_DIR (reuse a data directory
// with the demo loaded; kept), MEMORY_NODE_OPTIONS (extra node options for the server, e.g. V8 heap flags),
// MEMORY_SKIP (page types to leave out, comma-separated names as printed, e.g. "apply form lookup"); the server
// inherits the environment (e.g. MALLOC_ARENA_MAX).
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../e2e/support/server.ts';
import { fixedRate, MemProbe, percentile, weightedPick } from './support/mem-samples.ts';

const seconds = Number(process.env.MEMORY_SECONDS ?? 60);
const rate = Number(process.env.MEMORY_RATE ?? 50);
const probe = new MemProbe('mem');
const emit = (o: Record<string, unknown>) => console.log(JSON.stringify({ suite: 'memory', ...o }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const samples = () => probe.samples();
const latest = () => probe.latest();
const settled = () => probe.settled();

const agent = new Agent({ keepAlive: true, maxSockets: 32 });
/** GET as visitor `i % 5000` (X-Forwarded-For, honoured with GONGKAI_TRUST_PROXY=1: per-IP limits see many visitors). */
function get(base: string, path: string, i: number): Promise<number> {
  const visitor = `10.${(i >> 16) & 255}.${((i % 5000) >> 8) & 255}.${i % 256}`;
  return new Promise((resolve) => {
    const req = request(base + path, { agent, headers: { 'accept-encoding': 'br, gzip', 'x-forwarded-for': visitor } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end();
  });
}

interface Op { name: string; weight: number; path(i: number): string }

async function pageTypes(base: string): Promise<Op[]> {
  const items: string[] = [];
  for (const agency of ['gskjt', 'lzzrzy', 'gansu']) {
    const docs = (await (await fetch(`${base}/api/v1/documents?agency=${agency}&pageSize=100`)).json()) as { data?: { url: string }[] };
    items.push(...(docs.data ?? []).map((d) => new URL(d.url, base).pathname));
  }
  if (!items.length) throw new Error('no demo documents found');
  const agencies = ['gskjt', 'lzzrzy', 'gansu'];
  const words = ['公开', '科技', '许可', '年度报告', '项目 资金', '依申请公开', '科技厅', '技术合同', '自然资源', '规划'];
  const descriptions = ['我想申请公开甘肃省科技计划项目管理办法的全文', '申请公开2023年国有建设用地使用权出让情况', '请提供科技型中小企业评价的相关文件'];
  const lang = (path: string, l: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${l}`;
  return [
    { name: 'zh-CN home', weight: 8, path: () => '/' },
    { name: 'zh-CN agency', weight: 6, path: (i) => `/agencies/${agencies[i % 3]}` },
    { name: 'zh-CN list', weight: 8, path: (i) => `/agencies/${agencies[i % 3]}/catalogue${i % 4 ? `?page=${1 + (i % 5)}` : ''}` },
    { name: 'zh-CN item', weight: 20, path: (i) => items[i % items.length] },
    { name: 'en item', weight: 6, path: (i) => lang(items[(i * 7) % items.length], 'en') },
    { name: 'en list', weight: 3, path: (i) => lang(`/agencies/${agencies[i % 3]}/catalogue`, 'en') },
    { name: 'zh-TW item', weight: 10, path: (i) => lang(items[(i * 13) % items.length], 'zh-TW') },
    { name: 'zh-TW info and list', weight: 6, path: (i) => lang(i % 2 ? `/agencies/${agencies[i % 3]}/info` : `/agencies/${agencies[i % 3]}/catalogue`, 'zh-TW') },
    { name: 'search', weight: 12, path: (i) => `/search?q=${encodeURIComponent(words[i % words.length])}${i % 3 ? '' : '&sort=date'}` },
    { name: 'apply form lookup', weight: 3, path: (i) => `/agencies/gskjt/apply?q=${encodeURIComponent(descriptions[i % descriptions.length])}` },
    { name: 'api documents', weight: 5, path: (i) => `/api/v1/documents?agency=${agencies[i % 3]}&page=${1 + (i % 10)}` },
    { name: 'uncached render', weight: 3, path: (i) => `/agencies/gskjt/info?bench=${i % 50}` },
  ];
}

async function main(): Promise<void> {
  const dataDir = process.env.MEMORY_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'gongkai-bench-mem-'));
  if (!process.env.MEMORY_DATA_DIR) process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const loader = await startServer({ dataDir, env: { LOG_LEVEL: 'warn' } }); // loads the demo when the directory is empty
  await loader.stop();

  const server = await startServer({
    dataDir,
    env: {
      LOG_LEVEL: 'warn', GONGKAI_TRUST_PROXY: '1', GONGKAI_RATE_LIMIT_API_PER_MINUTE: '100000000',
      ...probe.env(process.env.MEMORY_NODE_OPTIONS),
    },
  });
  try {
    await sleep(10_000);
    const idle = await settled();
    emit({ name: 'idle after start (after a full GC)', ...idle });

    const skip = (process.env.MEMORY_SKIP ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const ops = (await pageTypes(server.url)).filter((o) => !skip.includes(o.name));
    for (const op of ops) {
      for (let i = 0; i < 20; i++) await get(server.url, op.path(i), i);
      emit({ name: `after first use: ${op.name} (after a full GC)`, ...(await settled()) });
    }
    const afterFirstUse = latest();

    const pick = weightedPick(ops);
    const errors: Record<string, number> = {};
    const mixStart = Date.now();
    let sent = 0;
    const report = setInterval(() => {
      const s = latest();
      emit({ name: 'mix', atS: Math.round((Date.now() - mixStart) / 1000), requests: sent, rssMB: s?.rssMB, heapUsedMB: s?.heapUsedMB, heapTotalMB: s?.heapTotalMB, externalMB: s?.externalMB });
    }, 5000);
    await fixedRate(rate, seconds, (i) => {
      sent++;
      const op = pick(i);
      return get(server.url, op.path(i), i).then((code) => {
        if (code === 0 || code >= 400) errors[`${op.name}: ${code || 'error'}`] = (errors[`${op.name}: ${code || 'error'}`] ?? 0) + 1;
      });
    });
    clearInterval(report);
    const during = samples().filter((s) => s.t >= mixStart && !s.gc);
    const end = latest();
    const endSettled = await settled();
    emit({
      name: 'summary', seconds, rate, skipped: skip, nodeOptions: process.env.MEMORY_NODE_OPTIONS ?? '', mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? '', requests: sent, errors: Object.values(errors).reduce((a, b) => a + b, 0), errorKinds: errors,
      rssMB: {
        idle: idle?.rssMB,
        afterFirstUse: afterFirstUse?.rssMB, p50DuringMix: percentile(during.map((s) => s.rssMB), 50), maxDuringMix: Math.max(...during.map((s) => s.rssMB)),
        end: end?.rssMB, endAfterFullGc: endSettled?.rssMB,
      },
      heapUsedMB: { maxDuringMix: Math.max(...during.map((s) => s.heapUsedMB)), endAfterFullGc: endSettled?.heapUsedMB },
      heapTotalMBMaxDuringMix: Math.max(...during.map((s) => s.heapTotalMB)), targetRssMB: 300,
    });
  } finally {
    await server.stop();
    agent.destroy();
    probe.cleanup();
  }
}

await main();

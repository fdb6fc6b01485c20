// Server memory with the page cache full (issue 9 "Memory": the page cache is bounded). bench/memory.bench.ts's mix
// fills only 15–20 MB of the cache; a large catalogue fills it to its bound. For each bound in PAGE_CACHE_FILL_MB
// (default "16,32,64"), starts the real server (`gongkai start`, SQLite, the demo catalogue) with
// GONGKAI_PAGE_CACHE_MB set and bench/support/mem-probe.mjs preloaded, requests every published demo item in zh-CN,
// en and zh-TW (three at a time: all misses, so the cache fills and evicts), waits for the compressions to finish,
// and reads RSS after a full GC; then 3,000 requests of the same pages (hits and misses) and RSS after a full GC again.
// Prints one JSON line per bound. Run: node --import tsx bench/page-cache-fill.bench.ts (or
// `npm run bench -- page-cache-fill`). Environment: PAGE_CACHE_FILL_MB, MEMORY_DATA_DIR (reuse a data directory with
// the demo loaded; kept).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../e2e/support/server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const bounds = (process.env.PAGE_CACHE_FILL_MB ?? '16,32,64').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample { pid: number; rssMB: number; heapUsedMB: number; heapTotalMB: number; externalMB: number; gc?: boolean }

/** One bound: the figures after filling the cache and after a round of hits. */
async function measure(dataDir: string, cacheMB: number): Promise<Record<string, unknown>> {
  const memFile = join(tmpdir(), `gongkai-fill-${process.pid}-${cacheMB}`);
  const prefix = memFile.split('/').pop()! + '.';
  const files = () => readdirSync(tmpdir()).filter((f) => f.startsWith(prefix)).map((f) => join(tmpdir(), f));
  const samples = (): Sample[] => files().flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sample));
  /** A sample right after a full GC (the probe collects on SIGUSR2). */
  const settled = async (): Promise<Sample | undefined> => {
    const before = samples().filter((s) => s.gc).length;
    const pid = samples().at(-1)?.pid;
    if (!pid) return undefined;
    process.kill(pid, 'SIGUSR2');
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      const gcs = samples().filter((s) => s.gc);
      if (gcs.length > before) return gcs.at(-1);
    }
    return samples().at(-1);
  };
  const server = await startServer({
    dataDir,
    env: {
      LOG_LEVEL: 'warn', GONGKAI_TRUST_PROXY: '1', GONGKAI_RATE_LIMIT_API_PER_MINUTE: '100000000', GONGKAI_PAGE_CACHE_MB: String(cacheMB),
      NODE_OPTIONS: `--import ${join(here, 'support', 'mem-probe.mjs')}`, GONGKAI_MEM_FILE: memFile,
    },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const get = (path: string, i: number) => new Promise<number>((resolve) => {
    const req = request(server.url + path, { agent, headers: { 'accept-encoding': 'br, gzip', 'x-forwarded-for': `10.1.${(i >> 8) & 255}.${i & 255}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
  try {
    await sleep(3000);
    const items: string[] = [];
    for (const agency of ['gskjt', 'lzzrzy', 'gansu']) {
      for (let page = 1; page < 1000; page++) {
        const docs = (await (await fetch(`${server.url}/api/v1/documents?agency=${agency}&pageSize=100&page=${page}`)).json()) as { data?: { url: string }[] };
        if (!docs.data?.length) break;
        items.push(...docs.data.map((d) => new URL(d.url, server.url).pathname));
      }
    }
    const urls = items.flatMap((p) => [p, `${p}?lang=en`, `${p}?lang=zh-TW`]);
    let errors = 0;
    const run = async (n: number, url: (i: number) => string) => {
      let next = 0;
      await Promise.all(Array.from({ length: 3 }, async () => {
        while (next < n) {
          const i = next++;
          if ((await get(url(i), i)) !== 200) errors++;
        }
      }));
    };
    const start = await settled();
    const t0 = Date.now();
    let maxRss = 0;
    const watch = setInterval(() => (maxRss = Math.max(maxRss, samples().at(-1)?.rssMB ?? 0)), 1000);
    await run(urls.length, (i) => urls[i]);
    await sleep(8000); // the compression queue drains
    clearInterval(watch);
    const filled = await settled();
    await run(3000, (i) => urls[(i * 7919) % urls.length]);
    const again = await settled();
    return {
      suite: 'page-cache-fill', cacheMB, items: items.length, requests: urls.length + 3000, errors, fillSeconds: Math.round((Date.now() - t0) / 1000),
      rssMB: { start: start?.rssMB, maxDuringFill: maxRss, afterFillGc: filled?.rssMB, afterHitsGc: again?.rssMB },
      afterFill: { heapUsedMB: filled?.heapUsedMB, heapTotalMB: filled?.heapTotalMB, externalMB: filled?.externalMB },
    };
  } finally {
    await server.stop();
    agent.destroy();
    for (const f of files()) rmSync(f);
  }
}

const dataDir = process.env.MEMORY_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'gongkai-bench-fill-'));
if (!process.env.MEMORY_DATA_DIR) process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
await (await startServer({ dataDir, env: { LOG_LEVEL: 'warn' } })).stop(); // loads the demo when the directory is empty
for (const mb of bounds) console.log(JSON.stringify(await measure(dataDir, mb)));

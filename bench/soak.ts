// `npm run soak [-- <minutes>] [--rate <req/s>] [--workers <n>]` (issue 9 "Load"): a fixed-rate mixed load on
// loopback against the real server (`gongkai start --demo-if-empty`, SQLite): home, agency and list pages, item
// pages, search, the JSON API, uncached renders and application submissions. Target: 0 errors, p99 < 100 ms,
// RSS growth < 10% from the end of the warm-up to the end. Latency is measured from each request's scheduled start
// (no coordinated omission). The server's event-loop delay and RSS come from bench/support/eld-probe.mjs.
// Prints one JSON line per minute and a summary line. Defaults: 10 minutes, 200 req/s, one process.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../e2e/support/server.ts';
import { residentId } from './support/applicants.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rate: { type: 'string' }, workers: { type: 'string' } },
});
const minutes = Number(positionals[0] ?? process.env.SOAK_MINUTES ?? 10);
const rate = Number(values.rate ?? 200);
const workers = Number(values.workers ?? 0);
if (!(minutes > 0) || !(rate > 0)) {
  process.stderr.write('usage: npm run soak -- [minutes] [--rate req/s] [--workers n]\n');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const eldFile = join(tmpdir(), `gongkai-soak-eld-${process.pid}`);

interface Op {
  name: string;
  weight: number;
  make(i: number): { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

/** Sends one request as visitor `i % 5000` (X-Forwarded-For, honoured with GONGKAI_TRUST_PROXY=1, so per-IP limits see many visitors). */
function send(agent: Agent, base: string, r: ReturnType<Op['make']>, i = 0): Promise<number> {
  const visitor = `10.${(i >> 16) & 255}.${((i % 5000) >> 8) & 255}.${i % 256}`;
  return new Promise((resolve, reject) => {
    const req = request(base + r.path, { method: r.method, agent, headers: { 'accept-encoding': 'br, gzip', 'x-forwarded-for': visitor, ...(r.headers ?? {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(r.body);
  });
}

async function discover(base: string): Promise<{ ops: Op[]; skipped: string[] }> {
  const status = async (path: string, init?: RequestInit) => (await fetch(base + path, init)).status;
  const ops: Op[] = [
    { name: 'home', weight: 25, make: () => ({ method: 'GET', path: '/' }) },
    { name: 'agency home', weight: 15, make: (i) => ({ method: 'GET', path: i % 2 ? '/agencies/gskjt' : '/agencies/lzzrzy' }) },
    { name: 'agency info zh-TW', weight: 10, make: () => ({ method: 'GET', path: '/agencies/gskjt/info', headers: { cookie: 'lang=zh-TW' } }) },
    { name: 'uncached render', weight: 5, make: (i) => ({ method: 'GET', path: `/agencies/gskjt/info?soak=${i % 50}` }) },
    { name: 'api agencies', weight: 10, make: () => ({ method: 'GET', path: '/api/v1/agencies' }) },
  ];
  const skipped: string[] = [];
  if ((await status('/agencies/gskjt/catalogue')) === 200) {
    ops.push({ name: 'list', weight: 10, make: (i) => ({ method: 'GET', path: i % 3 ? '/agencies/gskjt/catalogue' : '/agencies/gskjt/catalogue?page=2' }) });
  } else skipped.push('list page /agencies/gskjt/catalogue (not there yet)');
  try {
    const docs = (await (await fetch(`${base}/api/v1/documents?agency=gskjt&pageSize=100`)).json()) as { data?: { url: string }[] };
    const urls = (docs.data ?? []).map((d) => new URL(d.url, base).pathname);
    if (urls.length) ops.push({ name: 'item', weight: 15, make: (i) => ({ method: 'GET', path: urls[i % urls.length] }) });
    else skipped.push('item pages (no documents yet)');
  } catch {
    skipped.push('item pages (/api/v1/documents not there yet)');
  }
  if ((await status('/search?q=%E5%85%AC%E5%BC%80')) === 200) {
    const words = ['公开', '政府信息', '科技', '年度报告', '项目 资金', '依申请公开'];
    ops.push({ name: 'search', weight: 10, make: (i) => ({ method: 'GET', path: `/search?q=${encodeURIComponent(words[i % words.length])}` }) });
  } else skipped.push('search /search (not there yet)');
  const post = await status('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (post !== 404) {
    ops.push({
      name: 'submit application', weight: 3,
      make: (i) => ({
        method: 'POST', path: '/api/v1/requests', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agency: 'gskjt',
          applicant: { kind: 'natural_person', name: '压测申请人', idType: 'resident_id', idNumber: residentId(i), phone: '13800000000' },
          description: `【压测数据】申请公开 2020 年科技项目资金安排情况（第 ${i} 号）`,
        }),
      }),
    });
  } else skipped.push('application submit POST /api/v1/requests (not there yet)');
  return { ops, skipped };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
}

function probeSamples(): { pid: number; t: number; p99ms: number; maxms: number; rssMB: number }[] {
  const dir = dirname(eldFile);
  const prefix = eldFile.split('/').pop()! + '.';
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
}

async function main(): Promise<void> {
  const server = await startServer({
    env: {
      LOG_LEVEL: 'warn',
      GONGKAI_WORKERS: String(workers),
      GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '100000000',
      GONGKAI_RATE_LIMIT_API_PER_MINUTE: '100000000',
      GONGKAI_TRUST_PROXY: '1',
      NODE_OPTIONS: `--import ${join(here, 'support', 'eld-probe.mjs')}`,
      GONGKAI_ELD_FILE: eldFile,
    },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const { ops, skipped } = await discover(server.url);
  for (const s of skipped) console.log(JSON.stringify({ suite: 'soak', name: 'skipped', reason: s }));
  // Warm-up pass: every operation a few times, one at a time (first renders, search index pages, JIT).
  for (let i = 0; i < 5 * ops.length; i++) await send(agent, server.url, ops[i % ops.length].make(i), i).catch(() => 0);
  const totalWeight = ops.reduce((a, o) => a + o.weight, 0);
  const pick = (i: number): Op => {
    let x = (i * 7919) % totalWeight;
    for (const o of ops) if ((x -= o.weight) < 0) return o;
    return ops[0];
  };

  const durationMs = minutes * 60_000;
  const warmupMs = Math.min(60_000, durationMs / 6);
  const latencies: number[] = [];
  const perOp = new Map<string, number[]>();
  const errors: Record<string, number> = {};
  let sent = 0;
  let inflight = 0;
  let minute: number[] = [];
  let minuteErrors = 0;
  const t0 = performance.now();
  const wallStart = Date.now();
  const recordError = (key: string) => {
    errors[key] = (errors[key] ?? 0) + 1;
    minuteErrors++;
  };

  await new Promise<void>((resolveRun) => {
    const tick = setInterval(() => {
      const now = performance.now() - t0;
      // Request i is due at i / rate seconds (request 0 at once), as its latency is counted from then.
      const due = Math.min(Math.floor((now / 1000) * rate) + 1, Math.floor((durationMs / 1000) * rate));
      while (sent < due) {
        const i = sent++;
        const scheduled = t0 + (i / rate) * 1000;
        const op = pick(i);
        inflight++;
        send(agent, server.url, op.make(i), i)
          .then((code) => {
            if (code >= 400) recordError(`${op.name}: HTTP ${code}`);
          })
          .catch((e: Error) => recordError(`${op.name}: ${e.message}`))
          .finally(() => {
            const ms = performance.now() - scheduled;
            minute.push(ms);
            if (scheduled - t0 >= warmupMs) {
              latencies.push(ms);
              (perOp.get(op.name) ?? perOp.set(op.name, []).get(op.name)!).push(ms);
            }
            inflight--;
          });
      }
      if (now >= durationMs && inflight === 0) {
        clearInterval(tick);
        resolveRun();
      }
    }, 5);
    const report = setInterval(() => {
      const sorted = minute.sort((a, b) => a - b);
      const rss = probeSamples().slice(-Math.max(1, workers)).reduce((a, s) => a + s.rssMB, 0);
      console.log(JSON.stringify({ suite: 'soak', name: 'minute', atMin: Math.round((performance.now() - t0) / 6000) / 10, requests: sorted.length, errors: minuteErrors, p50ms: percentile(sorted, 50), p99ms: percentile(sorted, 99), serverRssMB: rss }));
      minute = [];
      minuteErrors = 0;
      if (performance.now() - t0 >= durationMs) clearInterval(report);
    }, Math.min(60_000, durationMs / 2));
  });

  const samples = probeSamples();
  await server.stop();
  agent.destroy();
  for (const f of readdirSync(dirname(eldFile)).filter((f) => f.startsWith(eldFile.split('/').pop()! + '.'))) rmSync(join(dirname(eldFile), f));

  // RSS of all server processes: summed per 5-s probe round.
  const rounds = new Map<number, number>();
  for (const s of samples) {
    const k = Math.round(s.t / 5000);
    rounds.set(k, (rounds.get(k) ?? 0) + s.rssMB);
  }
  const rssSeries = [...rounds.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => ({ t: k * 5000, rss: v }));
  const firstT = rssSeries[0]?.t ?? 0;
  const afterWarm = rssSeries.find((r) => r.t - firstT >= warmupMs) ?? rssSeries[0];
  const last = rssSeries[rssSeries.length - 1];
  const sorted = latencies.sort((a, b) => a - b);
  const summary = {
    suite: 'soak',
    name: 'summary',
    minutes,
    rate,
    processes: workers || 1,
    requests: sent,
    errors: Object.values(errors).reduce((a, b) => a + b, 0),
    errorKinds: errors,
    latencyAfterWarmup: { p50ms: percentile(sorted, 50), p99ms: percentile(sorted, 99), maxms: percentile(sorted, 100) },
    perOperationP99ms: Object.fromEntries([...perOp].map(([k, v]) => [k, percentile(v.sort((a, b) => a - b), 99)])),
    serverRssMB: { afterWarmup: afterWarm?.rss, end: last?.rss, max: Math.max(...rssSeries.map((r) => r.rss)) },
    rssGrowthPct: afterWarm && last ? Math.round(((last.rss - afterWarm.rss) / afterWarm.rss) * 1000) / 10 : null,
    eventLoopDelayAfterWarmup: (() => {
      const after = samples.filter((s) => s.t - wallStart >= warmupMs + 5000);
      return { worstP99ms: Math.max(0, ...after.map((s) => s.p99ms)), maxms: Math.max(0, ...after.map((s) => s.maxms)) };
    })(),
    targets: { errors: 0, p99ms: 100, rssGrowthPct: 10 },
  };
  console.log(JSON.stringify(summary));
  process.exitCode = summary.errors === 0 ? 0 : 1;
}

await main();

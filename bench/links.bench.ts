// Link-checker throughput (issue: website health, Performance): 10,000 links on a loopback test site spread over 20
// loopback host addresses (as external links span many hosts), with injected latency (0–40 ms), 4% 404s, 1% resets
// and 0.5% slow responses that hit the timeout. Target: < 60 s with bounded memory and a progress ETA.
// Prints one JSON line. Usage: node --import tsx bench/links.bench.ts [links=10000]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crawl } from '../src/monitoring/crawler.ts';

const N = Number(process.argv[2] ?? 10_000);
const HOSTS = 20;
const server = createServer((req, res) => {
  const id = Number(/\/l\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
  if (req.url === '/robots.txt') {
    res.writeHead(404);
    return res.end();
  }
  const delay = (id * 7919) % 41;
  setTimeout(() => {
    if (id % 200 === 7) return void res.setTimeout(1); // slow: never answers, the checker times out
    if (id % 100 === 3) return res.destroy(); // connection reset
    if (id % 25 === 0) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('missing');
    }
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end(Buffer.alloc(2048));
  }, delay);
});
server.keepAliveTimeout = 5000;
await new Promise<void>((r) => server.listen(0, '0.0.0.0', () => r()));
const port = (server.address() as AddressInfo).port;
const links = Array.from({ length: N }, (_, i) => ({
  url: `http://127.0.0.${(i % HOSTS) + 1}:${port}/l/${i}`, page: 'http://portal.test/documents/x', text: `附件${i}`,
}));
const rss0 = process.memoryUsage().rss;
let maxRss = rss0;
let lastEta = '';
const started = performance.now();
const result = await crawl({
  seeds: [], extraLinks: links, maxLinks: N + 10, concurrency: 96, perHostConcurrency: 6, retries: 0,
  fetch: { timeoutMs: 3000, maxBytes: 1_000_000, maxRedirects: 5, userAgent: 'bench', readHtml: false },
  onProgress: (p) => {
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
    const elapsed = (performance.now() - started) / 1000;
    if (p.done % 1000 === 0) {
      lastEta = `${Math.round((elapsed / p.done) * p.queued)}s`;
      process.stderr.write(`checked ${p.done}, queued ${p.queued}, ETA ${lastEta}\n`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
const checks = Object.values(result.state.checks);
const errors: Record<string, number> = {};
for (const c of checks) if (c.error) errors[c.error] = (errors[c.error] ?? 0) + 1;
server.closeAllConnections();
server.close();
console.log(JSON.stringify({
  name: 'links.check', links: checks.length, hosts: HOSTS, seconds: Math.round(seconds * 10) / 10,
  perSecond: Math.round(checks.length / seconds), targetSeconds: 60, meetsTarget: seconds < 60, errors,
  rssStartMB: Math.round(rss0 / 1048576), rssMaxMB: Math.round(maxRss / 1048576),
}));

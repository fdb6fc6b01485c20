import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { crawl, parseRobots } from './crawler.ts';
import { fetchForCheck } from './link-fetch.ts';

/** A loopback site with the failure modes the crawler must survive. */
function startSite(): Promise<{ server: Server; base: string; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
    };
    switch (path) {
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('User-agent: *\nDisallow: /private\n');
      case '/':
        return html(`<a href="/news">新闻</a> <a href="/dead">失效链接</a> <a href="/loop1">循环</a>
          <a href="/slow">慢</a> <a href="/huge">大</a> <a href="/private/x">私有</a> <a href="mailto:a@b.c">邮件</a>
          <a href="http://[::1">坏地址</a> <img src="/logo.png" alt="标志">`);
      case '/news':
        return html('<a href="/">首页</a> <a href="/dead">又一个失效链接</a> <p>张三 身份证 11010519491231002X</p>');
      case '/loop1':
        res.writeHead(302, { location: '/loop2' });
        return res.end();
      case '/loop2':
        res.writeHead(302, { location: '/loop1' });
        return res.end();
      case '/slow': // slow-loris: headers, then a trickle that never ends
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>');
        return void setInterval(() => res.write('.'), 50).unref();
      case '/huge':
        res.writeHead(200, { 'content-type': 'text/html' });
        for (let i = 0; i < 300; i++) res.write('x'.repeat(10_000));
        return res.end();
      case '/logo.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(Buffer.alloc(100));
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })),
  );
}

describe('crawler', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  before(async () => {
    site = await startSite();
  });
  after(() => {
    site.server.closeAllConnections();
    site.server.close();
  });

  it('classifies every failure mode without hanging and records where links appear', async () => {
    const t0 = Date.now();
    const { state, pages, stoppedBy } = await crawl({
      seeds: [`${site.base}/`],
      fetch: { timeoutMs: 5000, maxBytes: 1_000_000, maxRedirects: 5, userAgent: 'test', readHtml: true }, // generous: CI machines may be busy
      retries: 0,
    });
    assert.ok(Date.now() - t0 < 30_000, 'bounded in time');
    assert.equal(stoppedBy, 'done');
    const c = state.checks;
    assert.equal(c[`${site.base}/dead`].status, 404);
    assert.equal(c[`${site.base}/dead`].error, 'http_error');
    assert.deepEqual(c[`${site.base}/dead`].referrers.map((r) => r.text).sort(), ['又一个失效链接', '失效链接']);
    assert.equal(c[`${site.base}/loop1`].error, 'redirect_loop');
    assert.equal(c[`${site.base}/slow`].error, 'timeout');
    assert.equal(c[`${site.base}/huge`].truncated, true);
    assert.equal(c[`${site.base}/private/x`].skipped, 'robots');
    assert.equal(site.hits.get('/private/x'), undefined, 'robots.txt is respected');
    assert.equal(c['http://[::1'].error, 'bad_url');
    assert.equal(c[`${site.base}/logo.png`].status, 200);
    assert.ok(!Object.keys(c).some((u) => u.startsWith('mailto:')), 'mailto links are not fetched');
    assert.ok(pages.some((p) => p.url === `${site.base}/news` && p.content.text.includes('11010519491231002X')));
  });

  it('stops at maxLinks and resumes from its state to the same end', async () => {
    const first = await crawl({ seeds: [`${site.base}/`], maxLinks: 3, retries: 0, fetch: { timeoutMs: 1000, maxBytes: 100_000, maxRedirects: 5, userAgent: 't', readHtml: true } });
    assert.equal(first.stoppedBy, 'max_links');
    assert.equal(Object.keys(first.state.checks).length, 3);
    assert.ok(first.state.queue.length > 0);
    const resumed = await crawl({ seeds: [`${site.base}/`], retries: 0, fetch: { timeoutMs: 1000, maxBytes: 100_000, maxRedirects: 5, userAgent: 't', readHtml: true } }, JSON.parse(JSON.stringify(first.state)));
    assert.equal(resumed.stoppedBy, 'done');
    assert.ok(resumed.state.checks[`${site.base}/dead`]);
    assert.equal(resumed.state.finished, true);
  });

  it('retries transient failures with backoff', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await crawl({ seeds: [`http://127.0.0.1:${port}/`], retries: 2, retryBaseMs: 10, respectRobots: false });
    const c = r.state.checks[`http://127.0.0.1:${port}/`];
    assert.equal(c.error, 'refused');
    assert.equal(r.state.checks[`http://127.0.0.1:${port}/`].referrers.length, 0);
    assert.equal(c.attempts, 3);
  });

  it('reads robots.txt groups', () => {
    const allowed = parseRobots('User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /a\nAllow: /a/b\n');
    assert.equal(allowed('/a/x'), false);
    assert.equal(allowed('/a/b/c'), true);
    assert.equal(allowed('/z'), true);
  });

  it('reports unsupported schemes and bad URLs as results', async () => {
    assert.equal((await fetchForCheck('javascript:alert(1)')).error, 'unsupported_scheme');
    assert.equal((await fetchForCheck('not a url')).error, 'bad_url');
  });
});

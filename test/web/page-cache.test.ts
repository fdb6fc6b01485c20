// The page cache over HTTP (issue 9): hits, ETag/304, compression, bypass for staff, invalidation on
// content.changed, and invalidation reaching another process through the database.
import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startCacheSync } from '../../src/platform/cache/cache-sync.ts';
import { PageCache } from '../../src/platform/cache/page-cache.ts';
import { EventBus } from '../../src/platform/context.ts';
import { PUBLIC_CACHE_CONTROL } from '../../src/web/shared/page-cache-hook.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';


describe('page cache over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let kjt: Agency;
  let other: Agency;
  before(async () => {
    t = await createTestApp();
    const parent = await makeAgency(t.ctx, { code: 'gansu', name: '甘肃省人民政府', kind: 'government' });
    kjt = await makeAgency(t.ctx, { code: 'gskjt', name: '甘肃省科学技术厅', parentId: parent.id });
    other = await makeAgency(t.ctx, { code: 'lzzrzy', name: '兰州市自然资源局' });
  });
  after(() => t.cleanup());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const setOfficeHours = (a: Agency, hours: string) =>
    t.ctx.db.updateTable('agencies').set({ office_hours: hours }).where('agency_id', '=', a.id).execute();

  it('renders on the first request, then answers from the cache with the same bytes and ETag', async () => {
    const first = await get('/agencies/gskjt');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-page-cache'], 'miss');
    assert.equal(first.headers['cache-control'], PUBLIC_CACHE_CONTROL);
    assert.match(String(first.headers.vary), /Accept-Encoding/);
    const second = await get('/agencies/gskjt');
    assert.equal(second.headers['x-page-cache'], 'hit');
    assert.equal(second.body, first.body);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.match(String(second.headers['content-type']), /text\/html; charset=utf-8/);
    assert.ok(second.headers['content-security-policy'], 'security headers stay on cached pages');
    assert.ok(second.headers['x-content-type-options']);
  });

  it('answers 304 to a matching If-None-Match and serves brotli or gzip compressed once', async () => {
    const first = await get('/agencies/gskjt/info');
    const etag = String(first.headers.etag);
    const notModified = await get('/agencies/gskjt/info', { 'if-none-match': etag });
    assert.equal(notModified.statusCode, 304);
    assert.equal(notModified.body, '');
    await waitFor(async () => Boolean(t.app.pageCache.peek(PageCache.key('zh-CN', '/agencies/gskjt/info'))?.br));
    const br = await get('/agencies/gskjt/info', { 'accept-encoding': 'gzip, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.etag, etag.replace(/"$/, '-br"'));
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), first.body);
    const gz = await get('/agencies/gskjt/info', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const again = await get('/agencies/gskjt/info', { 'if-none-match': String(br.headers.etag) });
    assert.equal(again.statusCode, 304, 'the encoded variant’s ETag also validates');
  });

  it('keys pages by language', async () => {
    const cn = await get('/agencies/gskjt');
    const tw = await get('/agencies/gskjt', { cookie: 'lang=zh-TW' });
    assert.match(tw.body, /甘肅省科學技術廳/);
    assert.match(cn.body, /甘肃省科学技术厅/);
    const tw2 = await get('/agencies/gskjt', { cookie: 'lang=zh-TW' });
    assert.equal(tw2.headers['x-page-cache'], 'hit');
    assert.equal(tw2.body, tw.body);
  });

  it('marks a cached page private when the response sets the language cookie', async () => {
    await get('/agencies/gskjt?lang=en');
    const r = await get('/agencies/gskjt?lang=en');
    assert.equal(r.headers['x-page-cache'], 'hit');
    assert.match(String(r.headers['set-cookie']), /lang=en/);
    assert.equal(r.headers['cache-control'], 'private, no-cache');
  });

  it('never serves or stores pages for requests with a session cookie or unknown query parameters', async () => {
    await get('/agencies/lzzrzy');
    const staff = await get('/agencies/lzzrzy', { cookie: 'gongkai_session=abc; lang=zh-CN' });
    assert.equal(staff.headers['x-page-cache'], undefined);
    assert.equal(staff.headers['cache-control'], 'private, no-cache');
    const noisy1 = await get('/agencies/lzzrzy?utm=1');
    const noisy2 = await get('/agencies/lzzrzy?utm=1');
    assert.equal(noisy1.statusCode, 200);
    assert.notEqual(noisy2.headers['x-page-cache'], 'hit', 'unknown parameters cannot fill the cache');
  });

  it('drops exactly the changed agency’s pages and the platform-wide pages on content.changed', async () => {
    await get('/');
    await get('/agencies/gskjt');
    await get('/agencies/lzzrzy');
    await setOfficeHours(kjt, '周一至周五 9:00-17:00');
    t.ctx.events.emit('content.changed', { agencyId: kjt.id, reason: 'test' });
    const kjtPage = await get('/agencies/gskjt');
    assert.equal(kjtPage.headers['x-page-cache'], 'miss');
    assert.match(kjtPage.body, /周一至周五 9:00-17:00/);
    assert.equal((await get('/')).headers['x-page-cache'], 'miss', 'the home page lists every agency');
    assert.equal((await get('/agencies/lzzrzy')).headers['x-page-cache'], 'hit', 'other agencies keep their pages');
    void other;
  });

  it('does not serve a cached page for unknown agencies (404 pages are not cached)', async () => {
    await get('/agencies/nope');
    const r = await get('/agencies/nope');
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers['x-page-cache'], undefined);
  });

  it('answers hits on a real socket before fastify with the same bytes and security headers', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const raw = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers: { 'accept-encoding': 'identity', ...headers } });
    const miss = await raw('/agencies/gskjt/info?lang=zh-TW', { cookie: 'lang=zh-TW' });
    const missBody = await miss.text();
    const hit = await raw('/agencies/gskjt/info?lang=zh-TW', { cookie: 'lang=zh-TW' });
    assert.equal(hit.headers.get('x-page-cache'), 'hit');
    assert.equal(await hit.text(), missBody);
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy']) {
      assert.ok(hit.headers.get(h), `fast path keeps ${h}`);
    }
    assert.doesNotMatch(String(hit.headers.get('content-security-policy')), /nonce-/);
    assert.equal(hit.headers.get('cache-control'), PUBLIC_CACHE_CONTROL);
    assert.equal(hit.headers.get('set-cookie'), null);
    const notModified = await raw('/agencies/gskjt/info?lang=zh-TW', { cookie: 'lang=zh-TW', 'if-none-match': String(hit.headers.get('etag')) });
    assert.equal(notModified.status, 304);
    // A request that must set the language cookie, or carries a session cookie, goes through fastify.
    const switching = await raw('/agencies/gskjt/info?lang=zh-TW');
    assert.match(String(switching.headers.get('set-cookie')), /lang=zh-TW/);
    assert.equal(switching.headers.get('cache-control'), 'private, no-cache');
    const staff = await raw('/agencies/gskjt/info?lang=zh-TW', { cookie: 'lang=zh-TW; gongkai_session=x' });
    assert.equal(staff.headers.get('x-page-cache'), null);
    const head = await fetch(base + '/agencies/gskjt/info?lang=zh-TW', { method: 'HEAD', headers: { cookie: 'lang=zh-TW' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('x-page-cache'), 'hit');
  });

  it('reaches another process: a change recorded in the database invalidates its cache on the next poll', async () => {
    // A second "process": its own cache and event bus, the same database.
    const otherCache = new PageCache(1 << 20, { compress: false });
    const otherCtx = { ...t.ctx, events: new EventBus() };
    const sync = startCacheSync(otherCtx, otherCache, { intervalMs: 60_000 });
    try {
      await sync.poll();
      otherCache.set('a', '<p>a</p>', { agencies: [kjt.id] });
      otherCache.set('b', '<p>b</p>', { agencies: [other.id] });
      t.ctx.events.emit('content.changed', { agencyId: kjt.id, reason: 'test' });
      const local = await get('/agencies/lzzrzy');
      assert.equal(local.statusCode, 200);
      await waitFor(async () => {
        await sync.poll();
        return otherCache.stats().entries === 1;
      });
      assert.equal(otherCache.get('a'), undefined);
      assert.ok(otherCache.get('b'));
    } finally {
      sync.stop();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

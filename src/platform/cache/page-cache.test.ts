import assert from 'node:assert/strict';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { chooseEncoding, etagMatches, PageCache, variantEtag, type CachedPage } from './page-cache.ts';

const page = (n: number) => `<!doctype html><p>${'政府信息公开'.repeat(n)}</p>`;
/** Waits until the thread pool has compressed the entry (or a few seconds passed). */
async function compressed(e: { br?: Buffer; gzip?: Buffer }): Promise<void> {
  for (let i = 0; i < 250 && !(e.br && e.gzip); i++) await new Promise((r) => setTimeout(r, 20));
}
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('PageCache', () => {
  it('stores bytes with a strong ETag and answers hits and misses', () => {
    const c = new PageCache(1 << 20, { compress: false });
    assert.equal(c.get(PageCache.key('zh-CN', '/')), undefined);
    const e = c.set(PageCache.key('zh-CN', '/'), page(10), { agencies: [] })!;
    assert.match(e.etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.equal(c.get(PageCache.key('zh-CN', '/'))?.body.toString(), page(10));
    assert.equal(c.get(PageCache.key('zh-TW', '/')), undefined, 'the language is part of the key');
    assert.deepEqual([c.stats().hits, c.stats().misses, c.stats().stores], [1, 2, 1]);
  });

  it('stays within its byte budget by evicting the least recently used page', () => {
    const body = page(100); // ~1.8 KB
    const c = new PageCache(20_000, { compress: false });
    for (let i = 0; i < 8; i++) c.set(`k${i}`, body, { agencies: [] });
    c.get('k0'); // k0 becomes the most recently used, so k1 goes first
    for (let i = 8; i < 12; i++) c.set(`k${i}`, body, { agencies: [] });
    const s = c.stats();
    assert.ok(s.bytes <= 20_000, `bytes ${s.bytes}`);
    assert.ok(s.evictions > 0);
    assert.ok(c.get('k0'), 'recently used entry survives');
    assert.equal(c.get('k1'), undefined, 'least recently used entry is evicted');
  });

  it('refuses a page larger than an eighth of the budget', () => {
    const c = new PageCache(10_000, { compress: false });
    assert.equal(c.set('big', 'x'.repeat(2000), { agencies: [] }), undefined);
    assert.equal(c.stats().entries, 0);
  });

  it('drops an agency’s pages and the platform-wide pages, keeping other agencies’ pages', () => {
    const c = new PageCache(1 << 20, { compress: false });
    c.set('home', page(1), { agencies: [] });
    c.set('a', page(1), { agencies: ['A'] });
    c.set('ab', page(1), { agencies: ['A', 'B'] });
    c.set('b', page(1), { agencies: ['B'] });
    assert.equal(c.invalidate('A'), 3);
    assert.ok(c.get('b'));
    assert.equal(c.get('home'), undefined);
    assert.equal(c.get('ab'), undefined);
    assert.equal(c.invalidate(null), 1);
    assert.equal(c.stats().bytes, 0);
  });

  it('does not store a render that overlapped an invalidation', () => {
    const c = new PageCache(1 << 20, { compress: false });
    const gen = c.generation;
    c.invalidate('A');
    assert.equal(c.set('a', page(1), { agencies: ['A'], generation: gen }), undefined);
    assert.ok(c.set('a', page(1), { agencies: ['A'], generation: c.generation }));
  });

  it('compresses each entry once with gzip and brotli, and counts the variants in the budget', async () => {
    const c = new PageCache(1 << 20);
    const html = page(500);
    const e = c.set('p', html, { agencies: [] })!;
    const before = c.stats().bytes;
    await compressed(e);
    assert.ok(e.gzip && e.br);
    assert.equal(gunzipSync(e.gzip).toString(), html);
    assert.equal(brotliDecompressSync(e.br).toString(), html);
    assert.ok(e.br.length < e.body.length / 5);
    assert.equal(c.stats().bytes, before + e.gzip.length + e.br.length);
  });

  it('does not attach compressed bodies to an entry invalidated meanwhile', async () => {
    const c = new PageCache(1 << 20);
    const e = c.set('p', page(500), { agencies: ['A'] })!;
    c.invalidate('A');
    await settle();
    assert.equal(e.br, undefined);
    assert.equal(c.stats().bytes, 0);
  });

  it('compresses a burst of entries one after another, oldest first, skipping those dropped before their turn', async () => {
    const c = new PageCache(1 << 20);
    const entries = Array.from({ length: 6 }, (_, i) => c.set(`p${i}`, page(400 + i), { agencies: [i === 4 ? 'B' : 'A'] })!);
    assert.ok(entries.every((e) => !e.gzip && !e.br), 'nothing is compressed on the main thread');
    c.invalidate('B'); // p4 is waiting: it is dropped, not compressed
    await compressed(entries[5]);
    for (const [i, e] of entries.entries()) {
      if (i === 4) assert.equal(e.br, undefined);
      else assert.equal(brotliDecompressSync(e.br!).toString(), page(400 + i));
    }
    const again = c.set('p0', page(401), { agencies: ['A'] })!; // a new render of a key is compressed again
    await compressed(again);
    assert.equal(gunzipSync(again.gzip!).toString(), page(401));
  });
});

describe('HTTP helpers', () => {
  const entry = { body: Buffer.from('x'), gzip: Buffer.from('g'), br: Buffer.from('b'), etag: '"abc"' } as CachedPage;

  it('matches If-None-Match weakly, across encodings and lists (RFC 9110 §13.1.2)', () => {
    const rows: [string | undefined, boolean][] = [
      [undefined, false],
      ['"abc"', true],
      ['W/"abc"', true],
      ['"abc-br"', true],
      ['"abc-gz"', true],
      ['"zzz", "abc"', true],
      ['*', true],
      ['"ab"', false],
      ['"abcd"', false],
    ];
    for (const [header, want] of rows) assert.equal(etagMatches(header, '"abc"'), want, String(header));
    assert.equal(variantEtag('"abc"', 'br'), '"abc-br"');
    assert.equal(variantEtag('"abc"', 'gzip'), '"abc-gz"');
    assert.equal(variantEtag('"abc"', 'identity'), '"abc"');
  });

  it('prefers brotli, honours q=0 and falls back to identity (RFC 9110 §12.5.3)', () => {
    const rows: [string | undefined, string][] = [
      [undefined, 'identity'],
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=0', 'identity'],
      ['*', 'br'],
      ['identity', 'identity'],
    ];
    for (const [header, want] of rows) assert.equal(chooseEncoding(header, entry), want, String(header));
    assert.equal(chooseEncoding('br, gzip', { ...entry, br: undefined, gzip: undefined }), 'identity', 'not compressed yet');
  });
});

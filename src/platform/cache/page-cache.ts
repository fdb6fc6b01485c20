/**
 * The cache of rendered public pages (issue 9 "Performance"): a byte-bounded LRU of HTML bodies keyed by URL and
 * language, each stored once as bytes with a strong ETag and gzip/brotli versions compressed once per entry (on the
 * libuv thread pool, so a miss never waits for brotli). Entries carry the agencies whose content they show, so a
 * `content.changed` for one agency drops only its pages and the platform-wide pages (tagged with no agency).
 * No fastify here: the web side (src/web/shared/page-cache-hook.ts) decides what is cacheable and writes responses.
 */
import { createHash } from 'node:crypto';
import { brotliCompress, constants as zc, gzip } from 'node:zlib';

/** Content encodings a cached page can be served in. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** One cached page. */
export interface CachedPage {
  /** The uncompressed body (UTF-8 HTML). */
  body: Buffer;
  /** Compressed bodies, filled in shortly after the entry is stored (undefined until then, or when not smaller). */
  gzip?: Buffer;
  br?: Buffer;
  /** Strong validator of the body; the encoded variants append `-gz` / `-br` inside the quotes. */
  etag: string;
  contentType: string;
  /**
   * The response headers of the render (security headers, CSP without nonces) minus the per-response ones, captured
   * once so the raw fast path can answer without going through fastify.
   */
  headers?: Record<string, string | string[]>;
  /** Agencies whose content the page shows; empty = a platform-wide page (dropped on every change). */
  agencies: readonly string[];
  /** Bytes counted against the budget (bodies + key + overhead). */
  size: number;
  storedAt: number;
}

/** Counters for monitoring (exposed on /healthz?details and by the benchmarks). */
export interface PageCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  stores: number;
  evictions: number;
  invalidations: number;
  /** Increases on every invalidation; a render that started under an older generation is not stored. */
  generation: number;
}

const ENTRY_OVERHEAD = 512;
/** Bodies smaller than this are not worth compressing. */
const MIN_COMPRESS_BYTES = 1024;
/**
 * Brotli quality. 7 gives the same bytes on our pages for a tenth of the CPU, but its encoder's tables (≈ 8 MB) are
 * below glibc's mmap threshold and stay in the thread-pool threads' arenas (+60 MB RSS for good in a burst test), while
 * 9's (≈ 32 MB) are mapped for each page and given back (issue 9 "Memory").
 */
const BROTLI_QUALITY = 9;

/**
 * The bytes in a buffer of their own. zlib hands back views of its 16 KB output chunk, and Buffer.from gives strings
 * under 4 KB a view of a shared 8 KB slab: a cached view keeps the whole block alive, which made a full cache hold
 * twice its bound in memory (bench/page-cache-fill.bench.ts).
 */
function ownBytes(buf: Buffer): Buffer {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength) return buf;
  const own = Buffer.allocUnsafeSlow(buf.length);
  buf.copy(own);
  return own;
}

/** A strong ETag for a body: 160 bits of SHA-1, base64url. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** The ETag of an encoded variant of an entry (`"abc"` → `"abc-br"`), so each representation has its own validator. */
export function variantEtag(etag: string, enc: Encoding): string {
  return enc === 'identity' ? etag : `${etag.slice(0, -1)}-${enc === 'br' ? 'br' : 'gz'}"`;
}

/**
 * True when an If-None-Match header matches the entry (weak comparison, RFC 9110 §13.1.2: `W/` prefixes and the
 * encoding suffix are ignored, `*` matches anything).
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const base = etag.slice(1, -1);
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim();
    if (tag === '*') return true;
    const opaque = tag.replace(/^W\//, '').replace(/^"|"$/g, '');
    if (opaque === base || opaque === `${base}-br` || opaque === `${base}-gz`) return true;
  }
  return false;
}

/**
 * Picks the best encoding the client accepts that the entry has: brotli, then gzip, then identity
 * (RFC 9110 §12.5.3; `q=0` refuses an encoding).
 */
export function chooseEncoding(acceptEncoding: string | undefined, page: CachedPage): Encoding {
  if (!acceptEncoding) return 'identity';
  let br = false;
  let gz = false;
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) <= 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gz = true;
    else if (name === '*') {
      br = true;
      gz = true;
    }
  }
  if (br && page.br) return 'br';
  if (gz && page.gzip) return 'gzip';
  return 'identity';
}

/** The cached page store. */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  /** Keys of entries waiting to be compressed, oldest first; one is compressed at a time. */
  private readonly toCompress = new Set<string>();
  private compressing = false;
  private bytes = 0;
  private readonly counters = { hits: 0, misses: 0, stores: 0, evictions: 0, invalidations: 0, generation: 0 };

  constructor(
    readonly maxBytes: number,
    private readonly opts: { compress?: boolean } = {},
  ) {}

  /** The cache key of a request: language and URL (path + query). */
  static key(lang: string, url: string): string {
    return `${lang} ${url}`;
  }

  /** The entry for a key, refreshed as most recently used; counts a hit or a miss. */
  get(key: string): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.counters.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    this.counters.hits++;
    return e;
  }

  /** The entry for a key without counting or refreshing it (the fast path counts with `countHit`). */
  peek(key: string): CachedPage | undefined {
    return this.entries.get(key);
  }

  /** Counts a hit served after `peek` and marks the entry as most recently used. */
  countHit(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.entries.set(key, e);
    this.counters.hits++;
  }

  /** The current generation; pass it to `set` so a render that overlapped an invalidation is not stored. */
  get generation(): number {
    return this.counters.generation;
  }

  /**
   * Stores a rendered page unless an invalidation happened since `generation` was read (the page may show content
   * that has just changed) or the page alone exceeds an eighth of the budget. Returns the entry, or undefined.
   */
  set(key: string, html: string | Buffer, meta: { agencies: readonly string[]; contentType?: string; generation?: number }): CachedPage | undefined {
    if (meta.generation !== undefined && meta.generation !== this.counters.generation) return undefined;
    const body = ownBytes(typeof html === 'string' ? Buffer.from(html, 'utf8') : html);
    const size = body.length + key.length * 2 + ENTRY_OVERHEAD;
    if (size > this.maxBytes / 8) return undefined;
    this.delete(key);
    const entry: CachedPage = {
      body,
      etag: etagOf(body),
      contentType: meta.contentType ?? 'text/html; charset=utf-8',
      agencies: [...new Set(meta.agencies)],
      size,
      storedAt: Date.now(),
    };
    this.entries.set(key, entry);
    this.bytes += size;
    this.counters.stores++;
    this.evict();
    if (this.opts.compress !== false && body.length >= MIN_COMPRESS_BYTES) this.compress(key);
    return entry;
  }

  /**
   * Drops the pages of an agency and every platform-wide page; `null` drops everything (a change of the chrome:
   * agency names, the agency tree, navigation).
   */
  invalidate(agencyId: string | null): number {
    this.counters.generation++;
    this.counters.invalidations++;
    if (agencyId === null) {
      const n = this.entries.size;
      this.entries.clear();
      this.bytes = 0;
      return n;
    }
    let n = 0;
    for (const [key, e] of this.entries) {
      if (e.agencies.length === 0 || e.agencies.includes(agencyId)) {
        this.delete(key);
        n++;
      }
    }
    return n;
  }

  /** Counters and sizes. */
  stats(): PageCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, ...this.counters };
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.size;
  }

  private evict(): void {
    // Map iteration order is insertion order; `get` re-inserts, so the first key is the least recently used.
    while (this.bytes > this.maxBytes && this.entries.size) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
      this.counters.evictions++;
    }
  }

  /** Compresses an entry once, off the main thread; the variants count against the budget once they exist. */
  private compress(key: string): void {
    this.toCompress.add(key);
    if (!this.compressing) this.compressNext();
  }

  /**
   * Compresses the oldest waiting entry still cached, then the next: one at a time, since each brotli encoder holds
   * ≈ 32 MB while it runs and a burst of misses started dozens at once (RSS peaks of +150 MB under bench/memory's mix).
   */
  private compressNext(): void {
    for (const key of this.toCompress) {
      this.toCompress.delete(key);
      const entry = this.entries.get(key);
      if (entry && !entry.gzip && !entry.br) {
        this.compressing = true;
        this.compressEntry(key, entry);
        return;
      }
    }
    this.compressing = false;
  }

  private compressEntry(key: string, entry: CachedPage): void {
    let left = 2;
    const attach = (enc: 'gzip' | 'br') => (err: Error | null, out: Buffer) => {
      // Keep only when still cached (not invalidated or evicted meanwhile) and actually smaller.
      if (!err && this.entries.get(key) === entry && out.length < entry.body.length) {
        entry[enc] = ownBytes(out);
        entry.size += out.length;
        this.bytes += out.length;
        this.evict();
      }
      if (--left === 0) this.compressNext();
    };
    gzip(entry.body, { level: 6 }, attach('gzip'));
    brotliCompress(
      entry.body,
      { params: { [zc.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zc.BROTLI_PARAM_MODE]: zc.BROTLI_MODE_TEXT, [zc.BROTLI_PARAM_SIZE_HINT]: entry.body.length } },
      attach('br'),
    );
  }
}

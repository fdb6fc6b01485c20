/**
 * The page cache on the web side (issue 9): which requests may be answered from the cache, the onRequest hook that
 * answers them (ETag/304, brotli/gzip done once per entry, Cache-Control), and `sendCachedPage`, with which a
 * public route opts in. A route that uses plain `sendPage` is never cached.
 *
 * Cacheable request: GET/HEAD, no Authorization header, no cookie other than `lang` (a staff session, a form's
 * CSRF cookie or anything else means the page is rendered afresh and marked `private, no-cache`).
 * Browsers and shared caches get `public, no-cache` (store, but revalidate with the ETag) only when the response
 * sets no cookie.
 *
 * Hits are answered twice as fast by `pageCacheServerFactory` (fastify's serverFactory): the raw Node request
 * handler answers a cacheable GET for a cached page before fastify sees it, replaying the security headers
 * captured from the render (design.md §4: fastify from memory ≈ 16–26k req/s, bare Node ≈ 20–35k).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerFactory } from 'fastify';
import type { VNode } from 'preact';
import { startCacheSync, type CacheSync } from '../../platform/cache/cache-sync.ts';
import { chooseEncoding, etagMatches, PageCache, variantEtag, type CachedPage } from '../../platform/cache/page-cache.ts';
import type { Ctx } from '../../platform/context.ts';
import { parseLang } from '../../platform/i18n/i18n.ts';
import { renderDocument } from './render.tsx';

declare module 'fastify' {
  interface FastifyInstance {
    /** The rendered-page cache (src/platform/cache/page-cache.ts). */
    pageCache: PageCache;
  }
}

/**
 * `Cache-Control` of cached public pages: browsers and proxies may keep them but revalidate each time (a cheap 304
 * from memory), so a withdrawn or corrected page is never shown from a stale copy.
 */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';
/** `Cache-Control` of public pages rendered for a staff session or when a cookie is set. */
export const PRIVATE_CACHE_CONTROL = 'private, no-cache';
const MAX_URL = 1024;

/** Per-request state: the cache generation when the request arrived (undefined: not cacheable). */
const generationAtArrival = new WeakMap<FastifyRequest, number>();
const servedFromCache = new WeakMap<FastifyReply, CachedPage>();
/** The cache of each app's HTTP server, for the raw fast path. */
const serverCaches = new WeakMap<Server, PageCache>();
/** Headers of a render that are per response, not part of the cached page. */
const PER_RESPONSE = new Set(['set-cookie', 'content-length', 'content-encoding', 'etag', 'x-page-cache', 'date', 'connection', 'keep-alive', 'cache-control', 'vary', 'content-type', 'transfer-encoding']);

/** True when the page cache may answer (and store the answer to) this request. */
export function isCacheableRequest(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers.authorization || req.url.length > MAX_URL) return false;
  for (const name in req.cookies) if (name !== 'lang') return false;
  return true;
}

/**
 * Creates the app's page cache, its cross-process invalidation and the hook that answers hits. Call once in
 * buildApp, after the language hook (the key includes req.lang).
 */
export function installPageCache(app: FastifyInstance, ctx: Ctx, opts: { syncIntervalMs?: number } = {}): PageCache {
  const cache = new PageCache(ctx.config.pageCacheBytes);
  app.decorate('pageCache', cache);
  serverCaches.set(app.server, cache);
  let sync: CacheSync | undefined;
  app.addHook('onReady', async () => {
    sync = startCacheSync(ctx, cache, {
      intervalMs: opts.syncIntervalMs,
      onError: (err) => app.log.warn({ err }, 'page cache version poll failed'),
    });
  });
  app.addHook('onClose', async () => {
    sync?.stop();
    await sync?.flush();
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!isCacheableRequest(req)) return;
    generationAtArrival.set(req, cache.generation);
    const hit = cache.get(PageCache.key(req.lang, req.url));
    if (hit) return writeCachedPage(req, reply, hit, 'hit');
  });

  // Runs after the security-header hooks: captures the page's headers for the fast path, and keeps a response that
  // also sets a cookie (the ?lang= choice) out of shared caches.
  app.addHook('onSend', async (_req, reply, payload) => {
    const page = servedFromCache.get(reply);
    if (!page) return payload;
    if (!page.headers && reply.statusCode === 200) page.headers = fixedHeaders(reply.getHeaders());
    if (reply.hasHeader('set-cookie')) reply.header('cache-control', PRIVATE_CACHE_CONTROL);
    return payload;
  });
  return cache;
}

/** What a cached page shows, for invalidation, and which query parameters it understands. */
export interface CachedPageOptions {
  /**
   * The agencies whose content appears on the page (a change to any of them drops it). Omit or pass [] for
   * platform-wide pages (home, cross-agency lists), which are dropped on every change.
   */
  agencies?: (string | null | undefined)[];
  /** Query parameters that select content (e.g. ['page','category','year']); any other parameter but `lang` → not stored. */
  query?: string[];
}

/**
 * Renders a public page and answers with it, storing it in the page cache when the request is cacheable.
 * Use it only for pages that show the same thing to every anonymous visitor: never for forms carrying tokens,
 * staff views or anything with personal data.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's element
export function sendCachedPage(req: FastifyRequest, reply: FastifyReply, page: VNode<any>, opts: CachedPageOptions = {}): FastifyReply {
  const html = renderDocument(req, page);
  const generation = generationAtArrival.get(req);
  if (generation !== undefined && queryAllowed(req, opts.query)) {
    const agencies = (opts.agencies ?? []).filter((a): a is string => typeof a === 'string' && a !== '');
    const entry = req.server.pageCache.set(PageCache.key(req.lang, req.url), html, { agencies, generation });
    if (entry) return writeCachedPage(req, reply, entry, 'miss');
  }
  reply.header('cache-control', generation === undefined ? PRIVATE_CACHE_CONTROL : 'no-cache');
  return reply.code(200).type('text/html; charset=utf-8').send(html);
}

function queryAllowed(req: FastifyRequest, allowed: string[] = []): boolean {
  const q = req.url.indexOf('?');
  if (q < 0) return true;
  for (const name of new URLSearchParams(req.url.slice(q + 1)).keys()) {
    if (name !== 'lang' && !allowed.includes(name)) return false;
  }
  return true;
}

/** Writes a cached page: 304 when the client's ETag matches, else the best encoding it accepts. */
function writeCachedPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage, state: 'hit' | 'miss'): FastifyReply {
  servedFromCache.set(reply, page);
  const enc = chooseEncoding(req.headers['accept-encoding'], page);
  reply.header('cache-control', PUBLIC_CACHE_CONTROL);
  reply.header('vary', 'Accept-Encoding, Cookie');
  reply.header('etag', variantEtag(page.etag, enc));
  reply.header('x-page-cache', state);
  if (etagMatches(req.headers['if-none-match'], page.etag)) return reply.code(304).send();
  reply.code(200).type(page.contentType);
  if (enc !== 'identity') reply.header('content-encoding', enc);
  return reply.send(enc === 'br' ? page.br : enc === 'gzip' ? page.gzip : page.body);
}

/** The render's headers that every response of the page shares; CSP nonces are dropped (cached pages use none). */
function fixedHeaders(all: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(all)) {
    if (value === undefined || PER_RESPONSE.has(name)) continue;
    const v = Array.isArray(value) ? value.map(String) : String(value);
    out[name] = name === 'content-security-policy' && typeof v === 'string' ? v.replace(/\s*'nonce-[^']*'/g, '') : v;
  }
  return out;
}

/**
 * fastify `serverFactory`: a Node HTTP server that answers cacheable GET/HEAD requests for cached pages itself and
 * hands everything else to fastify. Its decisions mirror the fastify path exactly (same key, same cookie rule; a
 * `?lang=` that would set the cookie goes to fastify), so the two paths serve the same bytes and headers.
 */
export const pageCacheServerFactory: FastifyServerFactory = (handler, fastifyOpts) => {
  const opts = fastifyOpts as { http?: object; keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number; maxRequestsPerSocket?: number };
  const server: Server = createServer(opts.http ?? {}, (req, res) => {
    const cache = serverCaches.get(server);
    if (!cache || !serveFast(cache, req, res)) handler(req, res);
  });
  // The timeouts fastify applies to the servers it creates itself (fastify/lib/server.js).
  server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
  server.requestTimeout = opts.requestTimeout ?? 0;
  server.setTimeout(opts.connectionTimeout ?? 0);
  if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
  return server;
};

function serveFast(cache: PageCache, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url;
  const h = req.headers;
  if (!url || url.length > MAX_URL || h.authorization) return false;
  const cookieLang = langCookieOnly(h.cookie);
  if (cookieLang === false) return false;
  let lang = cookieLang ?? 'zh-CN';
  const q = url.indexOf('?');
  if (q >= 0 && url.includes('lang', q)) {
    const values = new URLSearchParams(url.slice(q + 1)).getAll('lang');
    const chosen = values.length === 1 ? parseLang(values[0]) : undefined;
    if (values.length > 1 || (chosen && chosen !== cookieLang)) return false; // fastify sets the cookie
    if (chosen) lang = chosen;
  }
  const page = cache.peek(PageCache.key(lang, url));
  if (!page?.headers) return false;
  cache.countHit(PageCache.key(lang, url));
  const enc = chooseEncoding(h['accept-encoding'], page);
  const headers: Record<string, string | string[] | number> = {
    ...page.headers,
    'cache-control': PUBLIC_CACHE_CONTROL,
    vary: 'Accept-Encoding, Cookie',
    etag: variantEtag(page.etag, enc),
    'x-page-cache': 'hit',
  };
  if (etagMatches(h['if-none-match'], page.etag)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const body = enc === 'br' ? page.br! : enc === 'gzip' ? page.gzip! : page.body;
  headers['content-type'] = page.contentType;
  headers['content-length'] = body.length;
  if (enc !== 'identity') headers['content-encoding'] = enc;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** The `lang` cookie's value, undefined without cookies, or false when any other cookie is present. */
function langCookieOnly(header: string | undefined): string | undefined | false {
  if (!header) return undefined;
  let lang: string | undefined;
  for (const part of header.split(';')) {
    const p = part.trim();
    if (!p) continue;
    if (!p.startsWith('lang=')) return false;
    lang = p.slice(5);
  }
  return parseLang(lang) ?? undefined;
}

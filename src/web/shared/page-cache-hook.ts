/**
 * The page cache on the web side (issue 9): which requests may be answered from the cache, the onRequest hook that
 * answers them (ETag/304, brotli/gzip done once per entry, Cache-Control), and `sendCachedPage`, with which a
 * public route opts in. A route that uses plain `sendPage` is never cached.
 *
 * Cacheable request: GET/HEAD, no Authorization header, no cookie other than `lang` (a staff session, a form's
 * CSRF cookie or anything else means the page is rendered afresh and marked `private, no-cache`).
 * Shared caches get `public, max-age=60` only when the response sets no cookie.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { startCacheSync, type CacheSync } from '../../platform/cache/cache-sync.ts';
import { chooseEncoding, etagMatches, PageCache, variantEtag, type CachedPage } from '../../platform/cache/page-cache.ts';
import type { Ctx } from '../../platform/context.ts';
import { renderDocument } from './render.tsx';

declare module 'fastify' {
  interface FastifyInstance {
    /** The rendered-page cache (src/platform/cache/page-cache.ts). */
    pageCache: PageCache;
  }
}

/** `Cache-Control` of cached public pages for browsers and shared caches. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
/** `Cache-Control` of public pages rendered for a staff session or when a cookie is set. */
export const PRIVATE_CACHE_CONTROL = 'private, no-cache';
const MAX_URL = 1024;

/** Per-request state: the cache generation when the request arrived (undefined: not cacheable). */
const generationAtArrival = new WeakMap<FastifyRequest, number>();
const servedFromCache = new WeakSet<FastifyReply>();

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

  // A response that also sets a cookie (the ?lang= choice) must not be stored by shared caches.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (servedFromCache.has(reply) && reply.hasHeader('set-cookie')) reply.header('cache-control', PRIVATE_CACHE_CONTROL);
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
  servedFromCache.add(reply);
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

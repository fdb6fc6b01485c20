/**
 * The fastify application: plugins, security headers, language, CSRF origin check, error handling, and the routes
 * of the three web surfaces (portal, back office, API). Built from a Ctx so tests get the whole app in process.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import type { Ctx } from './platform/context.ts';
import { parseLang } from './platform/i18n/i18n.ts';
import { registerAdminRoutes } from './web/admin/admin-routes.ts';
import { registerCalendarAdminRoutes } from './web/admin/calendar-routes.tsx';
import { registerMonitoringAdminRoutes } from './web/admin/monitoring-routes.tsx';
import { registerSessionHook } from './web/admin/session-hook.ts';
import { registerApiRoutes } from './web/api/api-routes.ts';
import { registerPortalRoutes } from './web/portal/portal-routes.tsx';
import { registerRegistersAndMailboxRoutes } from './web/registers-web.ts';
import { registerReportRoutes } from './web/reports-web.ts';
import { registerCatalogueRoutes } from './web/portal/catalogue-routes.ts';
import { registerRequestRoutes } from './web/requests/request-routes.ts';
import { registerSearchRoutes } from './web/portal/search-routes.tsx';
import { installErrorHandlers, sendError } from './web/shared/error-handler.ts';
import { installPageCache, pageCacheServerFactory } from './web/shared/page-cache-hook.ts';
import './web/shared/request-context.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Options for building the app. */
export interface AppOptions {
  logger?: boolean;
}

/** A registered route. */
export interface RouteEntry {
  method: string;
  url: string;
  /** 'public' | 'staff' for API routes declared with apiRoute. */
  access?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** Builds the app with every route registered; call `app.listen` or `app.inject` on it. */
export async function buildApp(ctx: Ctx, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: ctx.config.logLevel,
          // Personal data never reaches logs: no bodies, no cookies, no query strings.
          serializers: {
            req: (r: { method: string; url: string; id: string }) => ({ id: r.id, method: r.method, path: r.url.split('?')[0] }),
          },
          redact: ['req.headers.cookie', 'req.headers.authorization'],
        }
      : false,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    return503OnClosing: true,
    serverFactory: pageCacheServerFactory, // answers cached public pages before fastify (issue 9)
  });

  // Every route, as registered: the authorisation matrix and the fuzzing tests are generated from this list, so a
  // new route cannot be missed (issue: security).
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routeTable.push({ method, url: r.url, access: (r.config as { access?: string } | undefined)?.access });
  });
  app.decorate('routeTable', routeTable);

  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('principal', undefined);
  app.decorateRequest('csrfToken', undefined);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: ctx.config.bodyLimit, parser: (s) => parseQuery(s) });
  await app.register(multipart, {
    limits: { fileSize: ctx.config.uploadLimit, files: 10, fields: 100, parts: 120, fieldSize: 200_000 },
  });
  await app.register(rateLimit, { global: false });
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: ctx.config.secureCookies ? { maxAge: 31536000 } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    return payload;
  });

  await app.register(fastifyStatic, {
    root: join(here, 'web', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
    index: false,
  });

  // Language: ?lang= (remembered in a cookie) → cookie → zh-CN (design.md §5.4).
  app.addHook('onRequest', async (req, reply) => {
    const q = parseLang((req.query as Record<string, unknown> | undefined)?.lang);
    if (q) {
      req.lang = q;
      if (req.cookies.lang !== q) reply.setCookie('lang', q, { path: '/', sameSite: 'lax', maxAge: 31536000, httpOnly: true });
    } else {
      req.lang = parseLang(req.cookies.lang) ?? 'zh-CN';
    }
  });
  installPageCache(app, ctx); // answers cached public pages; after the language hook (issue 9)

  // NUL characters have no place in any text we accept, and PostgreSQL refuses them in text columns: answer 400
  // before any service sees them (else one stray %00 in a query string would surface as a database error).
  app.addHook('preHandler', async (req, reply) => {
    if (containsNul(req.query) || containsNul(req.params) || containsNul(req.body)) {
      return sendError(req, reply, 400, 'bad_request', req.lang === 'en' ? 'The request contains a NUL character' : '请求中含有非法的空字符');
    }
  });

  // CSRF, first line: cookie-carrying pages refuse cross-site state changes (Origin / Sec-Fetch-Site).
  // The JSON API uses no cookies (design.md §5.4); staff forms also carry a per-session token.
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    if (req.url.startsWith('/api/')) return;
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return sendError(req, reply, 403, 'csrf', '拒绝跨站提交');
    }
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== req.headers.host) return sendError(req, reply, 403, 'csrf', '拒绝跨站提交');
    }
  });

  await registerSessionHook(app, ctx); // req.principal / req.csrfToken from the staff session cookie
  installErrorHandlers(app);

  app.get('/healthz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  await registerPortalRoutes(app, ctx);
  await registerCatalogueRoutes(app, ctx);
  await registerRequestRoutes(app, ctx);
  await registerSearchRoutes(app, ctx);
  await registerApiRoutes(app, ctx);
  await registerAdminRoutes(app, ctx);
  await registerCalendarAdminRoutes(app, ctx);
  await registerRegistersAndMailboxRoutes(app, ctx);
  await registerMonitoringAdminRoutes(app, ctx);
  await registerReportRoutes(app, ctx);
  return app;
}

/** True when any string inside a parsed query, params or body contains U+0000 (bounded walk). */
function containsNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 8 || v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return false;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.includes('\u0000') || containsNul(x, depth + 1)) return true;
  }
  return false;
}

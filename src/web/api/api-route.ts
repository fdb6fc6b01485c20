/**
 * Declaring a JSON API route: zod schemas for params, query and body validate the request (422 with field
 * messages) and feed the OpenAPI document at /api/v1/openapi.json, so the two cannot drift apart.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../platform/validation.ts';

/** One documented API operation. */
export interface ApiRouteDef<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** fastify path, e.g. `/api/v1/agencies/:code`. */
  url: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** The success response schema and status, for the document. */
  response?: { status: number; schema: z.ZodType; description?: string };
  /** Other documented statuses. */
  errors?: number[];
  /** Who may call it: the public, or staff with a session (API tokens are not offered). */
  access: 'public' | 'staff';
  headers?: Record<string, { description: string; required?: boolean }>;
}

/** The parsed inputs a handler receives. */
export interface ApiInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds routes of every shape
const registry: ApiRouteDef<any, any, any>[] = [];

/** Registers an API route and documents it. */
export function apiRoute<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
  app: FastifyInstance,
  def: ApiRouteDef<P, Q, B>,
  handler: (req: FastifyRequest, reply: FastifyReply, input: ApiInput<P, Q, B>) => Promise<unknown>,
): void {
  if (!registry.some((r) => r.method === def.method && r.url === def.url)) registry.push(def);
  app.route({
    method: def.method,
    url: def.url,
    config: { access: def.access },
    handler: async (req, reply) => {
      const input = {
        params: def.params ? parseInput(def.params, req.params) : req.params,
        query: def.query ? parseInput(def.query, req.query) : req.query,
        body: def.body ? parseInput(def.body, req.body ?? {}) : req.body,
      } as ApiInput<P, Q, B>;
      const out = await handler(req, reply, input);
      if (reply.sent) return reply;
      reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
      return out;
    },
  });
}

const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});

function toJsonSchema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const js = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return js;
}

/** The OpenAPI 3.1 document of every registered route. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of registry) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = toJsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    for (const [name, hdr] of Object.entries(r.headers ?? {})) {
      parameters.push({ name, in: 'header', required: hdr.required ?? false, description: hdr.description, schema: { type: 'string' } });
    }
    const responses: Record<string, unknown> = {};
    if (r.response) {
      responses[String(r.response.status)] = {
        description: r.response.description ?? 'OK',
        content: { 'application/json': { schema: toJsonSchema(r.response.schema, 'output') } },
      };
    }
    for (const s of r.errors ?? [404, 422]) {
      responses[String(s)] = { description: 'Error', content: { 'application/json': { schema: toJsonSchema(ErrorSchema, 'output') } } };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: r.tags,
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(r.body, 'input') } } } } : {}),
      responses,
      security: r.access === 'staff' ? [{ session: [] }] : [],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'gongkai API',
      version: '1',
      description: '政务公开平台开放接口 / Open-government-information platform API. Errors are {error:{code,message,details}}.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gk_session' } } },
    paths,
  };
}

/** The list envelope of design.md §5.4. */
export function listEnvelope<T>(data: T[], total: number, page: number, pageSize: number) {
  return { data, meta: { total, page, pageSize } };
}

/** Query parameters for paging: page ≥ 1, pageSize 1..100 (default 20). */
export const Paging = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

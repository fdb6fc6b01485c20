/** The foundation's JSON API: the OpenAPI document and the agencies (design.md §5.4). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Agency } from '../../agencies/agency.ts';
import { getAgencyProfile, listAgencies } from '../../agencies/agency-service.ts';
import type { Ctx } from '../../platform/context.ts';
import { apiRoute, buildOpenApiDocument, listEnvelope, Paging } from './api-route.ts';

const AgencyJson = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  nameEn: z.string(),
  kind: z.enum(['government', 'department', 'unit']),
  parent: z.string().nullable().describe('code of the parent agency'),
  url: z.string(),
});

/** The public JSON shape of an agency. */
export function presentAgency(a: Agency, all: Agency[]): z.infer<typeof AgencyJson> {
  return {
    code: a.code,
    name: a.name,
    shortName: a.shortName,
    nameEn: a.nameEn,
    kind: a.kind,
    parent: all.find((x) => x.id === a.parentId)?.code ?? null,
    url: `/agencies/${a.code}`,
  };
}

/** Registers /api/v1/openapi.json and the agency endpoints. */
export async function registerApiRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/api/v1/openapi.json', async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return buildOpenApiDocument();
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies', summary: 'List agencies', tags: ['agencies'], access: 'public',
    query: Paging.extend({ pageSize: z.coerce.number().int().min(1).max(100).default(100) }),
    response: { status: 200, schema: z.object({ data: z.array(AgencyJson), meta: z.object({ total: z.number(), page: z.number(), pageSize: z.number() }) }) },
    errors: [422],
  }, async (_req, _reply, { query }) => {
    const all = await listAgencies(ctx);
    const start = (query.page - 1) * query.pageSize;
    return listEnvelope(all.slice(start, start + query.pageSize).map((a) => presentAgency(a, all)), all.length, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code', summary: 'One agency with its organisation information', tags: ['agencies'],
    access: 'public', params: z.object({ code: z.string().max(64) }),
    response: { status: 200, schema: AgencyJson.extend({
      address: z.string(), officeHours: z.string(), phone: z.string(), fax: z.string(), email: z.string(), website: z.string(),
      leaders: z.array(z.object({ name: z.string(), title: z.string(), duties: z.string() })),
      units: z.array(z.object({ kind: z.string(), name: z.string(), head: z.string(), phone: z.string() })),
    }) },
    errors: [404],
  }, async (_req, _reply, { params }) => {
    const [a, all] = await Promise.all([getAgencyProfile(ctx, params.code), listAgencies(ctx)]);
    return {
      ...presentAgency(a, all),
      address: a.address, officeHours: a.officeHours, phone: a.phone, fax: a.fax, email: a.email, website: a.website,
      leaders: a.leaders.map((l) => ({ name: l.name, title: l.title, duties: l.duties })),
      units: a.units.map((u) => ({ kind: u.kind, name: u.name, head: u.head, phone: u.phone })),
    };
  });
}

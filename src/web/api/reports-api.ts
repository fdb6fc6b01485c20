/**
 * JSON API of the annual reports (design.md §5.4): the published report of an agency-year as the JSON of §5.3
 * (drafts and reports in the workflow only for staff with a session who may read the agency's content), the list of
 * published years, and the JSON Schema of the format at /api/v1/schemas/annual-report.json.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hasPermission } from '../../accounts/principal.ts';
import { getAgency } from '../../agencies/agency-service.ts';
import { NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { annualReportJsonSchema, annualReportSchema } from '../../reports/report-format.ts';
import { currentReport, publishedReport } from '../../reports/report-service.ts';
import { selectPublishedReports } from '../../reports/report-store.ts';
import { apiRoute, listEnvelope } from './api-route.ts';

const Params = z.object({ code: z.string().max(64), year: z.coerce.number().int().min(2019).max(2099) });

/** Registers the report API. */
export async function registerReportsApi(app: FastifyInstance, ctx: Ctx): Promise<void> {
  apiRoute(app, {
    method: 'GET', url: '/api/v1/schemas/annual-report.json', summary: 'JSON Schema of the annual report data (design.md §5.3)',
    tags: ['reports'], access: 'public', response: { status: 200, schema: z.record(z.string(), z.unknown()) },
  }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    reply.type('application/schema+json; charset=utf-8');
    return annualReportJsonSchema();
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/reports', summary: 'Published annual reports of an agency, newest first',
    tags: ['reports'], access: 'public', params: z.object({ code: z.string().max(64) }),
    response: { status: 200, schema: z.object({ data: z.array(z.object({ year: z.number(), template: z.string(), publishedOn: z.string().nullable(), url: z.string(), json: z.string() })), meta: z.object({ total: z.number(), page: z.number(), pageSize: z.number() }) }) },
  }, async (_req, _reply, { params }) => {
    const a = await getAgency(ctx, params.code);
    const rows = (await selectPublishedReports(ctx.db, a.id)).map((r) => ({
      year: r.year, template: r.template, publishedOn: r.publishedOn,
      url: `/agencies/${a.code}/reports/${r.year}`, json: `/api/v1/agencies/${a.code}/reports/${r.year}`,
    }));
    return listEnvelope(rows, rows.length, 1, Math.max(1, rows.length));
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/reports/:year', summary: 'The published annual report of an agency-year (JSON of design.md §5.3; staff also see drafts)',
    tags: ['reports'], access: 'public', params: Params, errors: [404],
    response: { status: 200, schema: annualReportSchema },
  }, async (req, _reply, { params }) => {
    const a = await getAgency(ctx, params.code);
    const published = await publishedReport(ctx, a.id, params.year);
    if (published?.snapshot) return published.snapshot;
    const p = req.principal;
    if (p && hasPermission(p, 'content.read', a.id) && params.year <= Number(ctx.clock.now().toISOString().slice(0, 4))) {
      return (await currentReport(ctx, a.id, params.year)).report;
    }
    throw new NotFound(`${a.name}${params.year}年度报告尚未发布`);
  });
}

/**
 * The JSON API of disclosure on request (design.md §5.4): `POST /api/v1/requests` (idempotent, rate-limited),
 * `GET /api/v1/requests/{trackingCode}` (no personal data), and the staff endpoints of the workflow (session cookie
 * plus the `x-csrf-token` header for changes).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, assertPermission } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { InvalidInput } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { assignCase, getCase, listCases } from '../../requests/case-service.ts';
import { countRequestTable } from '../../requests/request-stats.ts';
import { isIdempotentReplay, submitRequest, trackRequest } from '../../requests/request-service.ts';
import { APPLICANT_KIND_LIST, PUBLIC_STATUSES, type PublicStatus } from '../../requests/request.ts';
import type { InfoRequest, PublicRequestView } from '../../requests/request-views.ts';
import { apiRoute, listEnvelope } from '../api/api-route.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { applicationLimiter } from './application-limit.ts';
import { STAFF_ACTIONS, runStaffAction } from './staff-actions.ts';

const ApplicationBody = z.object({
  agency: z.string().describe('agency code'),
  applicant: z.object({
    kind: z.enum(APPLICANT_KIND_LIST as [string, ...string[]]),
    name: z.string(),
    idType: z.enum(['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_resident', 'other']).optional().describe('natural persons'),
    idNumber: z.string().optional().describe('natural persons; 18-digit resident ID validated with its check digit'),
    creditCode: z.string().optional().describe('organisations: 统一社会信用代码'),
    contactName: z.string().optional().describe('organisations'),
    phone: z.string().optional(),
    email: z.string().optional(),
    address: z.string().optional(),
  }).describe('at least one of phone, email, address'),
  title: z.string().optional().describe('name of the information sought'),
  description: z.string(),
  documentNumber: z.string().optional(),
  format: z.enum(['electronic', 'paper', 'inspection']).optional(),
  delivery: z.enum(['email', 'post', 'collect', 'online']).optional(),
});

const TrackingJson = z.object({
  trackingCode: z.string(),
  agency: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(Object.keys(PUBLIC_STATUSES) as [PublicStatus, ...PublicStatus[]]),
  submittedOn: z.string(),
  receivedOn: z.string(),
  dueOn: z.string().nullable(),
  correctionDueOn: z.string().nullable(),
  extended: z.boolean(),
  repliedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  reply: z.object({ outcome: z.string(), label: z.string(), legalBasis: z.string(), text: z.string() }).nullable(),
  events: z.array(z.object({ type: z.string(), on: z.string(), label: z.string() })),
});

/** The public JSON of a case (no personal data). */
export function presentTracking(v: PublicRequestView, lang: string): z.infer<typeof TrackingJson> {
  const en = lang === 'en';
  return {
    trackingCode: v.trackingCode, agency: { code: v.agencyCode, name: v.agencyName }, status: v.status, submittedOn: v.submittedOn,
    receivedOn: v.receivedOn, dueOn: v.dueOn, correctionDueOn: v.correctionDueOn, extended: v.extended, repliedOn: v.repliedOn, closedOn: v.closedOn,
    reply: v.reply ? { outcome: v.reply.outcome, label: en ? v.reply.outcomeLabelEn : v.reply.outcomeLabel, legalBasis: v.reply.legalBasis, text: v.reply.text } : null,
    events: v.events.map((e) => ({ type: e.type, on: e.on, label: en ? e.labelEn : e.label })),
  };
}

/** The staff JSON of a case: applicant masked, never the sealed values. */
export function presentCase(r: InfoRequest, applicantName: string) {
  return {
    id: r.id, trackingCode: r.trackingCode, state: r.state, applicantKind: r.applicantKind, applicantName, title: r.title,
    receivedOn: r.receivedOn, dueOn: r.dueOn, assigneeUserId: r.assigneeUserId, outcome: r.outcome, extended: Boolean(r.extensionWorkdays),
    version: r.version, url: `/admin/requests/${r.id}`,
  };
}

function clientIp(req: FastifyRequest): string {
  return req.ip ?? 'unknown';
}

/** Registers the requests API. */
export async function registerRequestApi(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const limiter = applicationLimiter(ctx);

  apiRoute(app, {
    method: 'POST', url: '/api/v1/requests', summary: 'Submit an application for government information (Art. 29)', tags: ['requests'],
    access: 'public', body: ApplicationBody,
    headers: { 'Idempotency-Key': { description: 'Retries with the same key and body return the first response; another body → 422 idempotency_key_reused' } },
    response: { status: 201, schema: z.object({ trackingCode: z.string(), dueOn: z.string().describe('YYYY-MM-DD, 20 working days after receipt (Art. 33)') }) },
    errors: [400, 422, 429],
  }, async (req, reply) => {
    const header = req.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    const ip = clientIp(req);
    if (!key || !(await isIdempotentReplay(ctx, key))) limiter.check(ip);
    const result = await submitRequest(ctx, req.body ?? {}, { idempotencyKey: key, actor: { userId: null, label: 'public', ip } });
    if (!result.replayed) limiter.record(ip);
    reply.code(result.status);
    return result.body;
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/requests/:trackingCode', summary: 'Status of an application by tracking code (no personal data)', tags: ['requests'],
    access: 'public', params: z.object({ trackingCode: z.string().max(64) }),
    response: { status: 200, schema: TrackingJson }, errors: [404],
  }, async (req, _reply, { params }) => presentTracking(await trackRequest(ctx, params.trackingCode), req.lang));

  apiRoute(app, {
    method: 'GET', url: '/api/v1/staff/requests', summary: 'Cases of the agencies the staff member may read (filters: state, due=overdue|soon, mine)', tags: ['requests', 'staff'],
    access: 'staff', query: z.object({ agency: z.string().optional(), state: z.string().optional(), due: z.enum(['overdue', 'soon']).optional(), q: z.string().optional(), page: z.string().optional(), pageSize: z.string().optional() }),
    errors: [401, 422],
  }, async (req, _reply, { query }) => {
    const p = requirePrincipal(req);
    const list = await listCases(ctx, p, query, await listAgencies(ctx));
    return listEnvelope(list.rows.map((r) => presentCase(r, r.applicantName)), list.total, list.page, list.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/staff/requests/:id', summary: 'One case with its timeline and clocks (applicant masked)', tags: ['requests', 'staff'],
    access: 'staff', params: z.object({ id: z.string().max(64) }), errors: [401, 404],
  }, async (req, _reply, { params }) => {
    const d = await getCase(ctx, requirePrincipal(req), params.id);
    return {
      ...presentCase(d.request, d.applicant.name),
      applicant: d.applicant,
      events: d.events.map((e) => ({ type: e.type, at: e.at, actor: e.actorLabel, detail: e.detail })),
      clocks: { reply: d.clocks.reply ? { dueOn: d.clocks.reply.dueOn, trace: d.clocks.reply.trace.map((x) => ({ date: x.date, text: x.text })) } : null, correctionNotice: d.clocks.correctionNotice.dueOn, fee: d.clocks.fee?.dueOn ?? null },
      letters: d.letters.map((l) => ({ id: l.id, kind: l.kind, documentNumber: l.documentNumber, issuedOn: l.issuedOn })),
    };
  });

  apiRoute(app, {
    method: 'POST', url: '/api/v1/staff/requests/:id/actions/:action',
    summary: `Perform a workflow step (${Object.keys(STAFF_ACTIONS).join(', ')}); send the session's CSRF token as x-csrf-token`,
    tags: ['requests', 'staff'], access: 'staff', params: z.object({ id: z.string().max(64), action: z.string().max(40) }),
    body: z.record(z.string(), z.unknown()), errors: [401, 403, 404, 409, 422],
  }, async (req, _reply, { params, body }) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    if (params.action === 'assign') return presentCase(await assignCase(ctx, p, actorOf(p, req.ip), params.id, body), '');
    if (!(params.action in STAFF_ACTIONS)) throw new InvalidInput('未知的操作', { action: 'unknown' });
    const r = await runStaffAction(ctx, p, actorOf(p, req.ip), params.id, params.action as keyof typeof STAFF_ACTIONS, body);
    return presentCase(r, r.applicantName);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/staff/agencies/:code/request-table/:year', summary: 'Table 三 of the annual report computed from the cases, with the case ids behind each cell', tags: ['requests', 'staff'],
    access: 'staff', params: z.object({ code: z.string().max(64), year: z.coerce.number().int().min(2000).max(2099) }), errors: [401, 403, 404],
  }, async (req, _reply, { params }) => {
    const p = requirePrincipal(req);
    const agency = (await listAgencies(ctx)).find((a) => a.code === params.code);
    if (!agency) throw new InvalidInput('机构不存在', { code: 'unknown' });
    assertPermission(p, 'requests.read', agency.id);
    return countRequestTable(ctx, agency.id, params.year);
  });
}

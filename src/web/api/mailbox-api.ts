/**
 * JSON API of the mailbox and solicitations: submit a letter (rate-limited per IP, `Idempotency-Key`), track it, the
 * published letters and statistics, the solicitations and their public form. Never returns personal data.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getAgency } from '../../agencies/agency-service.ts';
import { letterStatisticsOf, listPublishedLetters, submitLetter, trackLetter } from '../../mailbox/letter-service.ts';
import { phaseOn } from '../../mailbox/solicitation.ts';
import { listPublishedSolicitations, submitToSolicitation } from '../../mailbox/solicitation-service.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { apiRoute, listEnvelope, Paging } from './api-route.ts';

const Code = z.object({ code: z.string().max(64) });
const Meta = z.object({ total: z.number(), page: z.number(), pageSize: z.number() });

const LetterBody = z.object({
  channel: z.enum(['director_mailbox', 'consultation']).optional().describe('厅长信箱 or 在线咨询; default director_mailbox'),
  subject: z.string().max(200),
  question: z.string().max(10000),
  name: z.string().max(100),
  phone: z.string().max(60).optional(),
  email: z.string().max(200).optional(),
  publishConsent: z.boolean().optional().describe('the writer agrees that the question and reply may be published'),
});

const TrackJson = z.object({
  trackingCode: z.string(), agency: z.string(), channel: z.string(), subject: z.string(), status: z.string(), receivedOn: z.string(),
  dueOn: z.string(), repliedOn: z.string().nullable(), reply: z.string(), convertedTo: z.string().nullable(),
});

const PublishedLetterJson = z.object({
  id: z.string(), channel: z.string(), subject: z.string(), question: z.string(), reply: z.string(), receivedOn: z.string(),
  repliedOn: z.string().nullable(), publishedOn: z.string().nullable(),
});

const StatsJson = z.object({
  year: z.number(), received: z.number(), answered: z.number(), answeredOnTime: z.number(), open: z.number(), overdue: z.number(),
  converted: z.number(), redirected: z.number(), published: z.number(), replyRate: z.number().nullable(), onTimeRate: z.number().nullable(),
  byChannel: z.object({ director_mailbox: z.number(), consultation: z.number() }),
});

const SolicitationJson = z.object({
  id: z.string(), title: z.string(), opensOn: z.string(), closesOn: z.string(), phase: z.enum(['upcoming', 'open', 'closed']),
  url: z.string(), summaryPublishedOn: z.string().nullable(),
  counts: z.object({ received: z.number(), accepted: z.number(), adopted: z.number() }).nullable().describe('published with the summary'),
});

/** Registers the mailbox and solicitation API. */
export async function registerMailboxApi(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await app.register(async (scope) => {
    // Public writes: the same per-IP limit as applications (security.md).
    scope.addHook('onRequest', scope.rateLimit({ max: ctx.config.applicationsPerHour, timeWindow: '1 hour' }));

    apiRoute(scope, {
      method: 'POST', url: '/api/v1/agencies/:code/mailbox', summary: 'Write to the director’s mailbox or ask a question (厅长信箱, 在线咨询)',
      tags: ['mailbox'], access: 'public', params: Code, body: LetterBody,
      headers: { 'Idempotency-Key': { description: 'Retry safely: the same key and body give the same answer and no second letter' } },
      response: { status: 201, schema: z.object({ trackingCode: z.string(), dueOn: z.string() }), description: 'Received; reply due by dueOn' },
      errors: [404, 422, 429],
    }, async (req, reply, { params, body }) => {
      const key = req.headers['idempotency-key'];
      const r = await submitLetter(ctx, params.code, body, { idempotencyKey: typeof key === 'string' ? key : undefined, actor: { userId: null, label: 'public', ip: req.ip } });
      reply.code(r.status);
      return r.body;
    });

    apiRoute(scope, {
      method: 'POST', url: '/api/v1/agencies/:code/solicitations/:id/submissions', summary: 'Send a suggestion or problem clue to an open solicitation (征集意见)',
      tags: ['mailbox'], access: 'public', params: Code.extend({ id: z.string().max(64) }),
      body: z.object({ kind: z.enum(['suggestion', 'clue']), content: z.string().max(10000), name: z.string().max(100).optional(), phone: z.string().max(60).optional() }),
      response: { status: 201, schema: z.object({ receivedOn: z.string() }) }, errors: [404, 409, 422, 429],
    }, async (req, reply, { params, body }) => {
      const a = await getAgency(ctx, params.code);
      const r = await submitToSolicitation(ctx, a.id, params.id, body, { userId: null, label: 'public', ip: req.ip });
      reply.code(201);
      return r;
    });
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/mailbox/:trackingCode', summary: 'Status and reply of a letter by its tracking code', tags: ['mailbox'],
    access: 'public', params: z.object({ trackingCode: z.string().max(64) }), response: { status: 200, schema: TrackJson }, errors: [404],
  }, async (_req, _reply, { params }) => {
    const v = await trackLetter(ctx, params.trackingCode);
    return {
      trackingCode: v.trackingCode, agency: v.agencyCode, channel: v.channel, subject: v.subject, status: v.state,
      receivedOn: v.receivedOn, dueOn: v.dueOn, repliedOn: v.repliedOn, reply: v.reply, convertedTo: v.convertedTo,
    };
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/mailbox/letters', summary: 'Published letters with their replies', tags: ['mailbox'],
    access: 'public', params: Code, query: Paging, response: { status: 200, schema: z.object({ data: z.array(PublishedLetterJson), meta: Meta }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const { rows, total } = await listPublishedLetters(ctx, a.id, query.page, query.pageSize);
    return listEnvelope(rows, total, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/mailbox/statistics', summary: 'Reply rate and timeliness of a year’s letters', tags: ['mailbox'],
    access: 'public', params: Code, query: z.object({ year: z.coerce.number().int().min(2000).max(2099).optional() }),
    response: { status: 200, schema: StatsJson },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    return letterStatisticsOf(ctx, a.id, query.year ?? Number(todayOn(ctx.clock).slice(0, 4)));
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/solicitations', summary: 'Public solicitations (征集意见) of an agency', tags: ['mailbox'],
    access: 'public', params: Code, response: { status: 200, schema: z.object({ data: z.array(SolicitationJson), meta: Meta }) },
  }, async (_req, _reply, { params }) => {
    const a = await getAgency(ctx, params.code);
    const today = todayOn(ctx.clock);
    const rows = (await listPublishedSolicitations(ctx, a.id)).map((s) => ({
      id: s.id, title: s.title, opensOn: s.opensOn, closesOn: s.closesOn, phase: phaseOn(s, today),
      url: `/agencies/${a.code}/solicitations/${s.id}`, summaryPublishedOn: s.summaryPublishedOn,
      counts: s.summaryPublishedOn ? { received: s.counts.received, accepted: s.counts.accepted, adopted: s.counts.adopted } : null,
    }));
    return listEnvelope(rows, rows.length, 1, Math.max(rows.length, 1));
  });
}

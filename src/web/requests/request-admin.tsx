/** Back-office routes of disclosure on request: list, registration, case page, workflow forms, letters, dossier, statistics. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, agenciesWithPermission } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { yearOf } from '../../calendar/dates.ts';
import { InvalidInput, NotFound } from '../../errors.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { exportDossier } from '../../requests/archive-service.ts';
import { assignCase, casesBehindCell, getAttachment, getCase, getLetter, listCaseHandlers, listCases, unmaskApplicant } from '../../requests/case-service.ts';
import { letterDocx, letterHtml } from '../../requests/letter-render.ts';
import { countRequestTable } from '../../requests/request-stats.ts';
import { registerRequest } from '../../requests/request-service.ts';
import type { ApplicantView } from '../../requests/request-views.ts';
import { AdminLayout } from '../admin/admin-layout.tsx';
import type { FieldErrors } from '../admin/form-fields.tsx';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { translator } from '../../platform/i18n/i18n.ts';
import { CaseListPage, RegisterPage, StatisticsPage } from './case-list-pages.tsx';
import { CasePage } from './case-page.tsx';
import { nestApplication, readFormPost } from './form-body.ts';
import { STAFF_ACTIONS, runStaffAction, type StaffAction } from './staff-actions.ts';

/** Turns flat form fields into an action body: repeated `bases`, and `withheld.0.what` rows into an array. */
export function actionBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const withheld: Record<string, { what?: string; ground?: string }> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    const m = /^withheld\.(\d{1,2})\.(what|ground)$/.exec(k);
    if (m) (withheld[m[1]] ??= {})[m[2] as 'what' | 'ground'] = String(Array.isArray(v) ? v[0] : v);
    else if (typeof v === 'string' && v.trim() === '' && k !== 'bases') continue;
    else out[k] = v;
  }
  const rows = Object.values(withheld).filter((w) => w.what?.trim());
  if (rows.length) out.withheld = rows;
  return out;
}

/** Registers the back-office pages. */
export async function registerRequestAdmin(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const renderCase = async (req: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: FieldErrors; failed?: string; unmasked?: ApplicantView; notice?: string } = {}, status = 200) => {
    const p = requirePrincipal(req);
    const d = await getCase(ctx, p, id);
    const [agencies, handlers] = await Promise.all([listAgencies(ctx), listCaseHandlers(ctx, d.request.agencyId)]);
    reply.header('cache-control', 'no-store');
    return sendPage(req, reply, <CasePage req={req} d={d} agencies={agencies} handlers={handlers} {...extra} />, status);
  };

  app.get('/admin/requests', async (req, reply) => {
    const p = requirePrincipal(req);
    const agencies = await listAgencies(ctx);
    const readable = new Set(agenciesWithPermission(p, 'requests.read'));
    if (!readable.size) throw new NotFound();
    const list = await listCases(ctx, p, req.query, agencies);
    return sendPage(req, reply, <CaseListPage req={req} {...list} filter={list.filter} agencies={agencies.filter((a) => readable.has(a.id))} canRegister={agenciesWithPermission(p, 'requests.handle').length > 0} />);
  });

  app.get('/admin/requests/new', async (req, reply) => {
    const p = requirePrincipal(req);
    const ids = new Set(agenciesWithPermission(p, 'requests.handle'));
    const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
    if (!agencies.length) throw new NotFound();
    return sendPage(req, reply, <RegisterPage req={req} agencies={agencies} values={{}} today={todayOn(ctx.clock)} />);
  });

  app.post('/admin/requests', async (req, reply) => {
    const p = requirePrincipal(req);
    const post = await readFormPost(req);
    req.body = { _csrf: post.fields._csrf };
    assertCsrf(req);
    const { channel, submittedOn, signedOn, confirmedOn, ...rest } = post.fields;
    const raw = { ...nestApplication(rest), channel, ...(submittedOn ? { submittedOn } : {}), ...(signedOn ? { signedOn } : {}), ...(confirmedOn ? { confirmedOn } : {}) };
    try {
      const made = await registerRequest(ctx, p, raw, actorOf(p, req.ip), post.files);
      return reply.redirect(`/admin/requests/${made.id}`, 303);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      const ids = new Set(agenciesWithPermission(p, 'requests.handle'));
      const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
      return sendPage(req, reply, <RegisterPage req={req} agencies={agencies} values={post.fields} errors={Object.keys(err.fields).length ? err.fields : { _: err.message }} today={todayOn(ctx.clock)} />, 422);
    }
  });

  app.get('/admin/requests/statistics', async (req, reply) => {
    const p = requirePrincipal(req);
    const q = req.query as Record<string, string | undefined>;
    const ids = new Set(agenciesWithPermission(p, 'requests.read'));
    const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
    if (!agencies.length) throw new NotFound();
    const agency = agencies.find((a) => a.code === q.agency) ?? agencies[0];
    const year = Number(q.year) >= 2000 && Number(q.year) <= 2099 ? Math.trunc(Number(q.year)) : yearOf(todayOn(ctx.clock)) - 1;
    const table = await countRequestTable(ctx, agency.id, year, { withCases: false });
    return sendPage(req, reply, <StatisticsPage req={req} agencies={agencies} agency={agency} year={year} table={table} />);
  });

  app.get('/admin/requests/statistics/cases', async (req, reply) => {
    const p = requirePrincipal(req);
    const q = req.query as Record<string, string | undefined>;
    const agencies = await listAgencies(ctx);
    const agency = agencies.find((a) => a.code === q.agency);
    if (!agency) throw new NotFound();
    const rows = await casesBehindCell(ctx, p, agency.id, Math.trunc(Number(q.year)), String(q.row ?? ''), String(q.col ?? ''));
    return sendPage(req, reply, <CaseListPage req={req} rows={rows} total={rows.length} page={1} pageSize={Math.max(rows.length, 1)} filter={{ agency: agency.code }} today={todayOn(ctx.clock)} agencies={[agency]} canRegister={false} />);
  });

  app.get<{ Params: { id: string } }>('/admin/requests/:id', async (req, reply) => renderCase(req, reply, req.params.id, {
    notice: (req.query as Record<string, string>).done ? translator(req.lang)('已保存。', 'Saved.') : undefined,
  }));

  app.post<{ Params: { id: string; action: string } }>('/admin/requests/:id/actions/:action', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const action = req.params.action;
    if (!(action in STAFF_ACTIONS)) throw new NotFound();
    try {
      await runStaffAction(ctx, p, actorOf(p, req.ip), req.params.id, action as StaffAction, actionBody((req.body ?? {}) as Record<string, unknown>));
      return reply.redirect(`/admin/requests/${req.params.id}?done=${action}`, 303);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      return renderCase(req, reply, req.params.id, { errors: Object.keys(err.fields).length ? { ...err.fields, _: err.message } : { _: err.message }, failed: action }, 422);
    }
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/assign', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    try {
      await assignCase(ctx, p, actorOf(p, req.ip), req.params.id, req.body);
      return reply.redirect(`/admin/requests/${req.params.id}?done=assign`, 303);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      return renderCase(req, reply, req.params.id, { errors: err.fields, failed: 'assign' }, 422);
    }
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/unmask', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    try {
      const unmasked = await unmaskApplicant(ctx, p, actorOf(p, req.ip), req.params.id, req.body);
      return renderCase(req, reply, req.params.id, { unmasked });
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      return renderCase(req, reply, req.params.id, { errors: err.fields, failed: 'unmask' }, 422);
    }
  });

  app.get<{ Params: { id: string; letterId: string } }>('/admin/requests/:id/letters/:letterId', async (req, reply) => {
    const letter = await getLetter(ctx, requirePrincipal(req), req.params.id, req.params.letterId);
    return sendPage(req, reply,
      <AdminLayout req={req} title={letter.title} breadcrumbs={[{ href: `/admin/requests/${req.params.id}`, label: translator(req.lang)('返回申请', 'Back to the case') }]}>
        <div class="letter-print" dangerouslySetInnerHTML={{ __html: letterHtml(letter) }} />
      </AdminLayout>);
  });

  app.get<{ Params: { id: string; letterId: string } }>('/admin/requests/:id/letters/:letterId/docx', async (req, reply) => {
    const letter = await getLetter(ctx, requirePrincipal(req), req.params.id, req.params.letterId);
    const name = `${letter.documentNumber || letter.title}.docx`;
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    reply.header('content-disposition', `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    reply.header('cache-control', 'no-store');
    return reply.send(await letterDocx(letter));
  });

  app.get<{ Params: { id: string } }>('/admin/requests/:id/dossier', async (req, reply) => {
    const p = requirePrincipal(req);
    const d = await exportDossier(ctx, p, actorOf(p, req.ip), req.params.id);
    reply.header('content-type', 'application/zip');
    reply.header('content-disposition', `attachment; filename="${d.filename}"`);
    reply.header('cache-control', 'no-store');
    return reply.send(d.bytes);
  });

  app.get<{ Params: { id: string; fileId: string } }>('/admin/requests/:id/attachments/:fileId', async (req, reply) => {
    const a = await getAttachment(ctx, requirePrincipal(req), req.params.id, req.params.fileId);
    reply.header('content-type', a.contentType);
    reply.header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(a.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
    return reply.send(a.bytes);
  });
}

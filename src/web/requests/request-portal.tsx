/** Portal routes of disclosure on request: the application form, the submission, tracking, withdrawal, correction. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getAgency } from '../../agencies/agency-service.ts';
import { InvalidInput, NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { newToken } from '../../platform/ids.ts';
import { findMatchingItems } from '../../platform/search/search-index.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { isIdempotentReplay, submitRequest, trackRequest, verifyApplicant } from '../../requests/request-service.ts';
import { submitCorrectionOnline, withdrawOnline } from '../../requests/workflow-service.ts';
import type { FieldErrors } from '../admin/form-fields.tsx';
import { sendPage } from '../shared/render.tsx';
import { applicationLimiter } from './application-limit.ts';
import { ApplyPage, SubmittedPage } from './apply-page.tsx';
import { nestApplication, readFormPost } from './form-body.ts';
import { LookupPage, TrackingPage } from './tracking-page.tsx';

function errorsOf(err: unknown): FieldErrors {
  if (err instanceof InvalidInput) return Object.keys(err.fields).length ? err.fields : { _: err.message };
  throw err;
}

/** Related published items; the application works the same when search is unavailable. */
async function related(ctx: Ctx, q: string, agencyCode: string) {
  if (!q.trim()) return null;
  try {
    return await findMatchingItems(ctx, q, { agencyCode, limit: 5 });
  } catch {
    return [];
  }
}

function field(req: FastifyRequest, key: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
}

/** Registers the portal pages. */
export async function registerRequestPortal(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const limiter = applicationLimiter(ctx);
  const noStore = { 'cache-control': 'no-store' };

  app.get<{ Params: { code: string }; Querystring: { q?: string } }>('/agencies/:code/apply', async (req, reply) => {
    const agency = await getAgency(ctx, req.params.code);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    reply.headers(noStore);
    return sendPage(req, reply, <ApplyPage req={req} agency={agency} q={q} related={await related(ctx, q, agency.code)} values={{}} idempotencyKey={newToken(16)} />);
  });

  app.post<{ Params: { code: string } }>('/agencies/:code/apply', async (req, reply) => {
    const agency = await getAgency(ctx, req.params.code);
    reply.headers(noStore);
    let post;
    try {
      post = await readFormPost(req);
    } catch (err) {
      const e = err as { code?: string };
      if (e.code === 'FST_REQ_FILE_TOO_LARGE') {
        return sendPage(req, reply, <ApplyPage req={req} agency={agency} q="" related={null} values={{}} idempotencyKey={newToken(16)}
          errors={{ attachments: translator(req.lang)('附件超过大小限制', 'An attachment is too large') }} />, 422);
      }
      throw err;
    }
    const key = post.fields.idempotencyKey?.slice(0, 200) || undefined;
    const ip = req.ip;
    const raw = { ...nestApplication(post.fields), agency: agency.code };
    try {
      if (!key || !(await isIdempotentReplay(ctx, key))) limiter.check(ip);
      const result = await submitRequest(ctx, raw, { idempotencyKey: key, attachments: post.files, actor: { userId: null, label: 'public', ip } });
      if (!result.replayed) limiter.record(ip);
      return sendPage(req, reply, <SubmittedPage req={req} agency={agency} trackingCode={result.body.trackingCode} dueOn={result.body.dueOn} />, 201);
    } catch (err) {
      const errors = errorsOf(err);
      const values = Object.fromEntries(Object.entries(post.fields).filter(([k]) => k !== 'idempotencyKey'));
      // A fresh key: the corrected form is a different body and must not collide with the refused one.
      return sendPage(req, reply, <ApplyPage req={req} agency={agency} q="" related={null} values={values} errors={errors} idempotencyKey={newToken(16)} />, 422);
    }
  });

  app.get('/requests', async (req, reply) => {
    reply.headers(noStore);
    return sendPage(req, reply, <LookupPage req={req} />);
  });

  app.post('/requests/lookup', async (req, reply) => {
    reply.headers(noStore);
    const values = { trackingCode: field(req, 'trackingCode').trim() };
    const blank: Record<string, string> = {};
    if (!values.trackingCode) blank.trackingCode = translator(req.lang)('请填写查询码', 'Enter the tracking code');
    if (!field(req, 'contact').trim()) blank.contact = translator(req.lang)('请填写申请时留下的联系电话或电子邮箱', 'Enter the phone or email you gave');
    if (Object.keys(blank).length) return sendPage(req, reply, <LookupPage req={req} values={values} errors={blank} />, 422);
    try {
      const r = await verifyApplicant(ctx, values.trackingCode, field(req, 'contact'));
      return reply.redirect(`/requests/${r.trackingCode}`, 303);
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      const t = translator(req.lang);
      return sendPage(req, reply, <LookupPage req={req} values={values} errors={{ trackingCode: t('查询码与联系方式不匹配，请核对', 'The tracking code and contact do not match') }} />, 422);
    }
  });

  app.get<{ Params: { trackingCode: string } }>('/requests/:trackingCode', async (req, reply) => {
    reply.headers(noStore);
    const view = await trackRequest(ctx, req.params.trackingCode);
    return sendPage(req, reply, <TrackingPage req={req} view={view} />);
  });

  const applicantStep = (form: 'withdraw' | 'correction') => async (req: FastifyRequest<{ Params: { trackingCode: string } }>, reply: import('fastify').FastifyReply) => {
    reply.headers(noStore);
    const t = translator(req.lang);
    const code = req.params.trackingCode;
    try {
      if (form === 'withdraw') {
        if (field(req, 'confirm') !== '1') throw new InvalidInput('请确认撤回', { confirm: t('请勾选确认撤回', 'Tick the box to confirm') });
        await withdrawOnline(ctx, code, field(req, 'contact'), req.ip);
      } else {
        await submitCorrectionOnline(ctx, code, field(req, 'contact'), { text: field(req, 'text') }, req.ip);
      }
      const view = await trackRequest(ctx, code);
      return sendPage(req, reply, <TrackingPage req={req} view={view} done={form === 'withdraw' ? t('申请已撤回。', 'The application was withdrawn.') : t('补正内容已提交，答复期限自今日重新计算（条例第三十条）。', 'Your correction was received; the reply period starts again today (Art. 30).')} />);
    } catch (err) {
      const view = await trackRequest(ctx, code);
      const errors = err instanceof NotFound ? { contact: t('联系方式与申请时填写的不一致', 'This does not match the contact you gave') } : errorsOf(err);
      return sendPage(req, reply, <TrackingPage req={req} view={view} form={form} errors={errors} />, 422);
    }
  };
  app.post<{ Params: { trackingCode: string } }>('/requests/:trackingCode/withdraw', applicantStep('withdraw'));
  app.post<{ Params: { trackingCode: string } }>('/requests/:trackingCode/correction', applicantStep('correction'));
}

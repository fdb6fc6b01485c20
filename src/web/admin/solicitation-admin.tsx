/**
 * Back office of public solicitations (征集意见): notices with their dates, the submissions with moderation
 * (register, refuse, adopt), and the summary published after closing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { phaseOn, SUBMISSION_KINDS, SUBMISSION_KINDS_EN, SUBMISSION_STATES, SUBMISSION_STATES_EN } from '../../mailbox/solicitation.ts';
import {
  listSolicitations, listSubmissions, moderateSubmission, publishSolicitationSummary, saveSolicitation,
} from '../../mailbox/solicitation-service.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from './form-fields.tsx';
import { MailboxAdminTabs } from './mailbox-admin.tsx';
import { coded, formValues, staffAgency } from './register-admin-parts.tsx';

function NoticeFields({ req, v, e }: { req: FastifyRequest; v: Record<string, string>; e?: FieldErrors }) {
  const t = translator(req.lang);
  return <>
    <Field req={req} name="title" label={t('标题', 'Title')} value={v.title} errors={e} required maxLength={200} />
    <Field req={req} name="body" label={t('公告正文', 'Notice')} value={v.body} errors={e} required multiline hint={t('空行分段；可使用简单 HTML。', 'Blank lines separate paragraphs; simple HTML allowed.')} />
    <Field req={req} name="opensOn" label={t('开始日期', 'Opens on')} type="date" value={v.opensOn} errors={e} required />
    <Field req={req} name="closesOn" label={t('截止日期', 'Closes on')} type="date" value={v.closesOn} errors={e} required />
    <div class="field"><input type="checkbox" id="f-published" name="published" value="on" checked={v.published === 'on'} />
      <label for="f-published" class="inline-label">{t('在门户发布', 'Publish on the portal')}</label></div>
  </>;
}

/** True when the signed-in user may change the agency's consultations (forms are shown only then; the service checks again). */
function mayDraft(req: FastifyRequest, a: Agency): boolean {
  return !!req.principal && hasPermission(req.principal, 'content.draft', a.id);
}

/** Registers the solicitation back office. */
export async function registerSolicitationAdmin(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const listPage = async (req: FastifyRequest, a: Agency, values: Record<string, string>, errors?: FieldErrors) => {
    const t = translator(req.lang);
    const today = todayOn(ctx.clock);
    const list = await listSolicitations(ctx, req.principal, a.id);
    const base = `/admin/mailbox/${a.code}/solicitations`;
    const canDraft = mayDraft(req, a);
    return (
      <AdminLayout req={req} title={t('征集意见', 'Consultations')} breadcrumbs={[{ href: '/admin/mailbox', label: t('政民互动', 'Public interaction') }]}>
        <h1>{a.name} · {t('征集意见', 'Consultations')}</h1>
        <MailboxAdminTabs code={a.code} lang={req.lang} current={base} />
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('标题', 'Title')}</th><th scope="col">{t('征集时间', 'Open')}</th><th scope="col">{t('阶段', 'Phase')}</th><th scope="col">{t('收到/登记/采纳', 'Received/registered/adopted')}</th><th scope="col">{t('发布', 'Published')}</th></tr></thead>
          <tbody>{list.map((s) => <tr><td><a href={`${base}/${s.id}`}>{s.title}</a></td><td>{s.opensOn} – {s.closesOn}</td><td>{phaseOn(s, today)}</td>
            <td>{s.counts.received} / {s.counts.accepted} / {s.counts.adopted}</td><td>{s.published ? '✓' : ''}</td></tr>)}</tbody>
        </table></div>
        {canDraft ? <form method="post" action={base} class="panel stacked" novalidate>
          <h2>{t('新建征集公告', 'New consultation')}</h2>
          <CsrfField req={req} /><ErrorSummary req={req} errors={errors} />
          <NoticeFields req={req} v={values} e={errors} />
          <button type="submit">{t('保存', 'Save')}</button>
        </form> : null}
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string } }>('/admin/mailbox/:code/solicitations', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    const today = todayOn(ctx.clock);
    return sendPage(req, reply, await listPage(req, a, { opensOn: today, closesOn: today }));
  });

  app.post<{ Params: { code: string } }>('/admin/mailbox/:code/solicitations', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'content.draft');
    const values = formValues(req.body);
    try {
      const id = await saveSolicitation(ctx, req.principal, a.id, undefined, values, req.ip);
      return reply.redirect(`/admin/mailbox/${a.code}/solicitations/${id}?saved=1`, 303);
    } catch (err) {
      return sendPage(req, reply, await listPage(req, a, values, fieldErrorsOf(err)), 422);
    }
  });

  const detailPage = async (req: FastifyRequest, a: Agency, id: string, values?: Record<string, string>, errors?: FieldErrors, saved?: boolean) => {
    const t = translator(req.lang);
    const { solicitation: s, submissions } = await listSubmissions(ctx, req.principal, a.id, id);
    const base = `/admin/mailbox/${a.code}/solicitations/${s.id}`;
    const v = values ?? { title: s.title, body: s.body, opensOn: s.opensOn, closesOn: s.closesOn, published: s.published ? 'on' : '' };
    const closed = phaseOn(s, todayOn(ctx.clock)) === 'closed';
    const canDraft = mayDraft(req, a);
    return (
      <AdminLayout req={req} title={s.title} breadcrumbs={[{ href: `/admin/mailbox/${a.code}/solicitations`, label: t('征集意见', 'Consultations') }]}>
        <h1>{s.title}</h1>
        {saved ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
        <p>{t(`收到 ${s.counts.received} 条（意见建议 ${s.counts.suggestions}，问题线索 ${s.counts.clues}），登记 ${s.counts.accepted} 条，采纳 ${s.counts.adopted} 条。`,
          `${s.counts.received} received (${s.counts.suggestions} suggestions, ${s.counts.clues} clues), ${s.counts.accepted} registered, ${s.counts.adopted} adopted.`)}</p>
        <h2>{t('收到的意见', 'Submissions')}</h2>
        {submissions.length ? submissions.map((x) => !canDraft ? (
          <div class="panel">
            <p class="trace">{x.receivedOn} · {coded(req, SUBMISSION_KINDS, SUBMISSION_KINDS_EN)[x.kind]} · {x.writerName || t('匿名', 'anonymous')} {x.writerPhone}</p>
            <p class="pre-line">{x.content}</p>
            <p>{t('审核：', 'Moderation: ')}{coded(req, SUBMISSION_STATES, SUBMISSION_STATES_EN)[x.state]}{x.adopted ? t('；已采纳', '; adopted') : ''}{x.moderationNote ? `${t('；说明：', '; note: ')}${x.moderationNote}` : ''}</p>
          </div>
        ) : (
          <form method="post" action={`${base}/submissions/${x.id}`} class="panel stacked">
            <p class="trace">{x.receivedOn} · {coded(req, SUBMISSION_KINDS, SUBMISSION_KINDS_EN)[x.kind]} · {x.writerName || t('匿名', 'anonymous')} {x.writerPhone}</p>
            <p class="pre-line">{x.content}</p>
            <CsrfField req={req} />
            <Field req={req} name="state" label={t('审核', 'Moderation')} value={x.state} options={Object.entries(coded(req, SUBMISSION_STATES, SUBMISSION_STATES_EN)).map(([k, l]) => ({ value: k, label: l }))} />
            <div class="field"><input type="checkbox" id={`ad-${x.id}`} name="adopted" value="on" checked={x.adopted} />
              <label for={`ad-${x.id}`} class="inline-label">{t('采纳', 'Adopted')}</label></div>
            <Field req={req} name="note" label={t('说明', 'Note')} value={x.moderationNote} maxLength={1000} />
            <button type="submit" class="secondary">{t('保存审核结果', 'Save')}</button>
          </form>
        )) : <p>—</p>}
        {!canDraft ? <section class="panel">
          <h2>{t('征集情况反馈', 'Summary')}</h2>
          {s.summaryPublishedOn ? <p class="trace">{t('已发布：', 'Published: ')}{s.summaryPublishedOn}</p> : <p class="hint">{t('尚未发布。', 'Not published yet.')}</p>}
        </section> : <form method="post" action={`${base}/summary`} class="panel stacked" novalidate>
          <h2>{t('征集情况反馈', 'Summary')}</h2>
          <CsrfField req={req} />
          {closed ? <>
            <Field req={req} name="summary" label={t('说明（将与收到、登记、采纳数量一同公开）', 'Summary (published with the counts)')} value={values?.summary ?? ''} errors={errors} multiline />
            <button type="submit">{t('发布征集情况', 'Publish summary')}</button>
          </> : <p class="hint">{t('截止后可发布。', 'Available after closing.')}</p>}
          {s.summaryPublishedOn ? <p class="trace">{t('已发布：', 'Published: ')}{s.summaryPublishedOn}</p> : null}
        </form>}
        {canDraft ? <form method="post" action={base} class="panel stacked" novalidate>
          <h2>{t('编辑公告', 'Edit notice')}</h2>
          <CsrfField req={req} /><ErrorSummary req={req} errors={errors} />
          <NoticeFields req={req} v={v} e={errors} />
          <button type="submit">{t('保存', 'Save')}</button>
        </form> : <p class="notice" role="note">{t('您对征集意见只有查阅权限。', 'You can view consultations but not change them.')}</p>}
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string; id: string }; Querystring: { saved?: string } }>('/admin/mailbox/:code/solicitations/:id', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    return sendPage(req, reply, await detailPage(req, a, req.params.id, undefined, undefined, !!req.query.saved));
  });

  app.post<{ Params: { code: string; id: string } }>('/admin/mailbox/:code/solicitations/:id', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'content.draft');
    const values = formValues(req.body);
    try {
      await saveSolicitation(ctx, req.principal, a.id, req.params.id, values, req.ip);
      return reply.redirect(`/admin/mailbox/${a.code}/solicitations/${req.params.id}?saved=1`, 303);
    } catch (err) {
      return sendPage(req, reply, await detailPage(req, a, req.params.id, values, fieldErrorsOf(err)), 422);
    }
  });

  app.post<{ Params: { code: string; id: string } }>('/admin/mailbox/:code/solicitations/:id/summary', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'content.draft');
    const values = formValues(req.body);
    try {
      await publishSolicitationSummary(ctx, req.principal, a.id, req.params.id, values, req.ip);
      return reply.redirect(`/admin/mailbox/${a.code}/solicitations/${req.params.id}?saved=1`, 303);
    } catch (err) {
      return sendPage(req, reply, await detailPage(req, a, req.params.id, values, fieldErrorsOf(err)), 422);
    }
  });

  app.post<{ Params: { code: string; id: string; sub: string } }>('/admin/mailbox/:code/solicitations/:id/submissions/:sub', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'content.draft');
    try {
      await moderateSubmission(ctx, req.principal, a.id, req.params.id, req.params.sub, formValues(req.body), req.ip);
      return reply.redirect(`/admin/mailbox/${a.code}/solicitations/${req.params.id}?saved=1`, 303);
    } catch (err) {
      return sendPage(req, reply, await detailPage(req, a, req.params.id, undefined, fieldErrorsOf(err)), 422);
    }
  });
}

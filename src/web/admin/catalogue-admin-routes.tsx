/**
 * Back-office pages of the catalogue: the list of an agency's items, one item with its workflow actions (submit,
 * review with 保密审查, approve, publish or schedule, reject, revise, withdraw), attachments and versions.
 * Create/edit, oversight, clean-up and import pages are registered from their own files.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission } from '../../accounts/principal.ts';
import {
  ITEM_STATES, ITEM_STATES_EN, NON_DISCLOSURE_GROUNDS, DISCLOSURE_ATTRIBUTES, DISCLOSURE_ATTRIBUTES_EN, TRANSITIONS, VALIDITY, type ItemAction, type ItemState,
} from '../../catalogue/catalogue.ts';
import { loadCategoryTree } from '../../catalogue/catalogue-settings.ts';
import { listAttachments } from '../../catalogue/attachment-service.ts';
import { getItemForStaff, listItemsForStaff, listVersions } from '../../catalogue/item-service.ts';
import { takeAction } from '../../catalogue/workflow-actions.ts';
import { mayTake, scanItem } from '../../catalogue/workflow-service.ts';
import { documentUrl } from '../../catalogue/catalogue-indexing.ts';
import { NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { AgencyPicker, mayImportCatalogue, pickAgency, StateBadge } from './catalogue-admin-parts.tsx';
import { registerCatalogueEditRoutes } from './catalogue-admin-edit.tsx';
import { registerCatalogueOversightRoutes } from './catalogue-admin-oversight.tsx';
import { registerCatalogueSettingsRoutes } from './catalogue-admin-settings.tsx';
import { registerCataloguePrecheckRoute } from './catalogue-precheck.tsx';
import { CsrfField, ErrorSummary, fieldErrorsOf, formString, type FieldErrors } from './form-fields.tsx';
import { Pager, withQuery } from '../portal/catalogue-views.tsx';

/** Registers the catalogue's back-office pages. */
export async function registerCatalogueAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await registerCatalogueEditRoutes(app, ctx);
  await registerCatalogueOversightRoutes(app, ctx);
  await registerCatalogueSettingsRoutes(app, ctx);
  await registerCataloguePrecheckRoute(app, ctx);

  app.get<{ Querystring: Record<string, string> }>('/admin/catalogue', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const { agency, agencies } = await pickAgency(ctx, p, req.query.agency);
    const state = (Object.keys(ITEM_STATES) as ItemState[]).find((s) => s === req.query.state);
    const page = Math.max(1, Math.min(10000, Number(req.query.page) || 1));
    const q = (req.query.q ?? '').slice(0, 100);
    const tree = await loadCategoryTree(ctx.db, agency.id);
    const category = tree.get(req.query.category ?? '')?.code;
    const { items, total } = await listItemsForStaff(ctx, p, { agencyId: agency.id, state, categoryCode: category, q: q || undefined, page, pageSize: 30 });
    const here = '/admin/catalogue';
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('政府信息', 'Government information')}>
        <h1>{t('政府信息', 'Government information')} · {agency.name}</h1>
        <AgencyPicker req={req} agencies={agencies} current={agency} action={here} />
        <p>
          {hasPermission(p, 'content.draft', agency.id) ? <><a class="button" href={`/admin/catalogue/new?agency=${agency.code}`}>{t('新建信息', 'New item')}</a>{' '}</> : null}
          <a href={`/admin/catalogue/oversight?agency=${agency.code}`}>{t('时限与解读跟踪', 'Deadlines and interpretations')}</a> ·{' '}
          <a href={`/admin/catalogue/cleanups?agency=${agency.code}`}>{t('规范性文件清理', 'Normative document clean-up')}</a>
          {mayImportCatalogue(p, agency.id) ? <>{' · '}<a href={`/admin/catalogue/import?agency=${agency.code}`}>{t('批量导入', 'Bulk import')}</a></> : null}
          {hasPermission(p, 'settings.edit', agency.id) ? <> · <a href={`/admin/catalogue/settings?agency=${agency.code}`}>{t('目录设置', 'Settings')}</a></> : null}
        </p>
        <form method="get" action={here} class="filters" role="search">
          <input type="hidden" name="agency" value={agency.code} />
          <label for="f-state">{t('状态', 'State')}</label>{' '}
          <select id="f-state" name="state"><option value="">{t('全部', 'All')}</option>
            {(Object.keys(ITEM_STATES) as ItemState[]).map((s) => <option value={s} selected={s === state}>{req.lang === 'en' ? ITEM_STATES_EN[s] : ITEM_STATES[s]}</option>)}</select>{' '}
          <label for="f-cat">{t('分类', 'Category')}</label>{' '}
          <select id="f-cat" name="category"><option value="">{t('全部', 'All')}</option>
            {tree.all.map((c) => <option value={c.code} selected={c.code === category}>{c.parent ? '　' : ''}{tree.label(c.code, req.lang)}</option>)}</select>{' '}
          <label for="f-q">{t('标题/文号/索引号', 'Title / number')}</label>{' '}
          <input id="f-q" name="q" value={q} maxLength={100} />{' '}
          <button type="submit" class="secondary">{t('筛选', 'Filter')}</button>
        </form>
        <div class="table-scroll" tabIndex={0}><table>
          <caption class="visually-hidden">{t('信息列表', 'Items')}</caption>
          <thead><tr>
            <th scope="col">{t('标题', 'Title')}</th><th scope="col">{t('分类', 'Category')}</th><th scope="col">{t('状态', 'State')}</th>
            <th scope="col">{t('发文字号', 'Doc. no.')}</th><th scope="col">{t('公开期限', 'Due')}</th><th scope="col">{t('更新', 'Updated')}</th>
          </tr></thead>
          <tbody>{items.map((i) => (
            <tr>
              <th scope="row"><a href={`/admin/catalogue/${i.id}`}>{i.title}</a></th>
              <td>{tree.label(i.categoryCode, req.lang)}</td>
              <td><StateBadge state={i.state} lang={req.lang} /></td>
              <td>{i.documentNumber ?? ''}</td>
              <td>{i.liveVersion ? '' : i.publicationDueOn ?? ''}</td>
              <td>{i.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}</tbody>
        </table></div>
        {!items.length ? <p>{t('没有符合条件的信息。', 'No items match.')}</p> : null}
        <Pager lang={req.lang} page={page} pageSize={30} total={total} href={(n) => withQuery(here, { agency: agency.code, state, category, q, page: n })} />
      </AdminLayout>);
  });

  const showItem = async (req: FastifyRequest, reply: FastifyReply, id: string, errors?: FieldErrors, status = 200, notice?: string) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const item = await getItemForStaff(ctx, p, id);
    const [tree, files, versions, findings] = await Promise.all([
      loadCategoryTree(ctx.db, item.agencyId), listAttachments(ctx, p, item.id), listVersions(ctx, p, item.id),
      item.state === 'submitted' ? scanItem(ctx.db, item) : Promise.resolve([]),
    ]);
    const can = (a: ItemAction) => mayTake(p, item, a);
    const canDraft = hasPermission(p, 'content.draft', item.agencyId) && item.state === 'draft';
    const rows: [string, string | null | undefined][] = [
      [t('状态', 'State'), req.lang === 'en' ? ITEM_STATES_EN[item.state] : ITEM_STATES[item.state]], [t('分类', 'Category'), tree.label(item.categoryCode, req.lang)],
      [t('索引号', 'Index number'), item.indexNumber], [t('发文字号', 'Document number'), item.documentNumber],
      [t('成文日期', 'Formed'), item.formedOn], [t('公开期限（第二十六条）', 'Due (Art. 26)'), item.publicationDueOn],
      [t('发布日期', 'Published'), item.publishedOn], [t('公开属性', 'Disclosure'), (req.lang === 'en' ? DISCLOSURE_ATTRIBUTES_EN : DISCLOSURE_ATTRIBUTES)[item.disclosure]],
      [t('不公开依据', 'Ground'), item.disclosureGround ? NON_DISCLOSURE_GROUNDS[item.disclosureGround] : null],
      [t('下次审查（第十八条）', 'Next review (Art. 18)'), item.nextReviewOn],
      [t('有效性', 'Validity'), item.validity ? VALIDITY[item.validity] : null],
      [t('保密审查', 'Confidentiality review'), item.confidentialityChecked ? t(`已审查（${item.confidentialityAt?.slice(0, 10)}）`, `Done (${item.confidentialityAt?.slice(0, 10)})`) : t('未审查', 'Not yet')],
      [t('定时发布', 'Scheduled for'), item.scheduledFor], [t('审核意见', 'Review comment'), item.reviewComment],
      [t('撤回说明', 'Withdrawal explanation'), item.withdrawalReason],
    ];
    const action = (a: ItemAction) => `/admin/catalogue/${item.id}/actions/${a}`;
    const Hidden = () => <><CsrfField req={req} /><input type="hidden" name="version" value={String(item.version)} /></>;
    return sendPage(req, reply,
      <AdminLayout req={req} title={item.title} breadcrumbs={[{ href: '/admin/catalogue', label: t('政府信息', 'Government information') }]}>
        <h1>{item.title} <StateBadge state={item.state} lang={req.lang} /></h1>
        {notice ? <p class="notice ok" role="status">{notice}</p> : null}
        <ErrorSummary req={req} errors={errors} />
        {item.rejectComment && item.state === 'draft' ? <p class="notice warn">{t('退回意见：', 'Sent back: ')}{item.rejectComment}</p> : null}
        <dl class="meta">{rows.filter(([, v]) => v).map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl>
        <p>
          {item.liveVersion ? <><a href={documentUrl(item.publicId)}>{t('查看公开页面', 'Public page')}</a> · </> : null}
          {canDraft ? <a href={`/admin/catalogue/${item.id}/edit`}>{t('编辑', 'Edit')}</a> : null}
        </p>
        <section aria-labelledby="wf-h" class="panel">
          <h2 id="wf-h">{t('办理', 'Workflow')}</h2>
          {can('submit') ? <form method="post" action={action('submit')} class="inline"><Hidden /><button type="submit">{t(TRANSITIONS.submit.zh, TRANSITIONS.submit.en)}</button></form> : null}
          {can('approve') ? <form method="post" action={action('approve')} class="stacked">
            <Hidden />
            <h3>{t('审核（含保密审查）', 'Review (with confidentiality review)')}</h3>
            <p><a href={`/admin/catalogue/${item.id}/precheck`}>{t('运行发布前检查（链接与个人信息）', 'Run the pre-publication check (links and personal data)')}</a></p>
            {findings.length ? <div class="notice warn"><p>{t('发现疑似个人信息：', 'Possible personal data: ')}{findings.map((f) => `${f.kind} ${f.masked}`).join('；')}</p>
              <label><input type="checkbox" name="personalDataAcknowledged" value="on" /> {t('已核实，上述信息依法可以公开', 'Checked: this may lawfully be published')}</label></div> : null}
            <div class="field"><label><input type="checkbox" name="confidentialityChecked" value="on" aria-describedby="cc-hint" /> {t('已完成保密审查，不涉及国家秘密、商业秘密和个人隐私', 'Confidentiality review done')}</label>
              <span class="hint" id="cc-hint">{t('条例第十七条：发布前须依法进行审查', 'Art. 17: review before publication')}</span></div>
            <div class="field"><label for="approve-comment">{t('审核意见', 'Comment')}</label><textarea id="approve-comment" name="comment" maxLength={2000} rows={3}></textarea></div>
            <button type="submit">{t(TRANSITIONS.approve.zh, TRANSITIONS.approve.en)}</button>
          </form> : null}
          {can('publish') ? <form method="post" action={action('publish')} class="stacked">
            <Hidden />
            {item.liveVersion ? <div class="field"><label for="change-note">{t('修改说明（新版本）', 'What changed (new version)')}</label><input id="change-note" name="changeNote" maxLength={500} /></div> : null}
            <button type="submit">{t('立即发布', 'Publish now')}</button>
          </form> : null}
          {can('schedule') ? <form method="post" action={action('schedule')} class="stacked">
            <Hidden />
            <div class="field"><label for="sched">{t('定时发布时间（北京时间）', 'Publish at (Beijing time)')}</label><input id="sched" name="scheduledFor" type="datetime-local" /></div>
            <button type="submit" class="secondary">{t(TRANSITIONS.schedule.zh, TRANSITIONS.schedule.en)}</button>
          </form> : null}
          {can('unschedule') ? <form method="post" action={action('unschedule')} class="inline"><Hidden /><button type="submit" class="secondary">{t(TRANSITIONS.unschedule.zh, TRANSITIONS.unschedule.en)}</button></form> : null}
          {can('reject') ? <form method="post" action={action('reject')} class="stacked">
            <Hidden />
            <div class="field"><label for="reject-comment">{t('退回意见（必填）', 'Reason (required)')}</label><textarea id="reject-comment" name="comment" maxLength={2000} rows={3}></textarea></div>
            <button type="submit" class="secondary">{t(TRANSITIONS.reject.zh, TRANSITIONS.reject.en)}</button>
          </form> : null}
          {can('revise') ? <form method="post" action={action('revise')} class="inline"><Hidden /><button type="submit" class="secondary">{t(TRANSITIONS.revise.zh, TRANSITIONS.revise.en)}</button></form> : null}
          {can('withdraw') ? <form method="post" action={action('withdraw')} class="stacked">
            <Hidden />
            <div class="field"><label for="withdraw-reason">{t('撤回说明（将向公众公开）', 'Public explanation')}</label><textarea id="withdraw-reason" name="reason" maxLength={1000} rows={2}></textarea></div>
            <button type="submit" class="secondary">{t(TRANSITIONS.withdraw.zh, TRANSITIONS.withdraw.en)}</button>
          </form> : null}
          {item.createdBy === p.userId && item.state === 'submitted' ? <p class="trace">{t('您是本信息的起草人，须由其他审核人审核。', 'You drafted this; another reviewer must approve it.')}</p> : null}
        </section>
        <section aria-labelledby="att-h">
          <h2 id="att-h">{t('附件', 'Attachments')}</h2>
          {files.length ? <ul>{files.map((f) => <li>{f.name}（{Math.max(1, Math.round(f.size / 1024))} KB{f.hasText ? t('，已提取文字', ', text extracted') : ''}）
            {canDraft ? <form method="post" action={`/admin/catalogue/${item.id}/attachments/${f.id}/delete`} class="inline"> <CsrfField req={req} /><button type="submit" class="link-button">{t('删除', 'Remove')}</button></form> : null}</li>)}</ul> : <p>{t('无附件。', 'None.')}</p>}
          {canDraft ? <form method="post" action={`/admin/catalogue/${item.id}/attachments`} enctype="multipart/form-data" class="stacked">
            <CsrfField req={req} />
            <div class="field"><label for="att-file">{t('上传附件（PDF、Word、Excel、图片）', 'Upload (PDF, Word, Excel, images)')}</label><input id="att-file" type="file" name="file" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp" /></div>
            <button type="submit" class="secondary">{t('上传', 'Upload')}</button>
          </form> : null}
        </section>
        <section aria-labelledby="ver-h">
          <h2 id="ver-h">{t('已发布版本', 'Published versions')}</h2>
          {versions.length ? <ul>{versions.map((v) => <li><a href={`/admin/catalogue/${item.id}/versions/${v.version_no}`}>{t(`第${v.version_no}版`, `Version ${v.version_no}`)}</a> · {v.published_at.slice(0, 10)}{v.change_note ? ` · ${v.change_note}` : ''}</li>)}</ul> : <p>{t('尚未发布。', 'Not published yet.')}</p>}
        </section>
      </AdminLayout>, status);
  };

  app.get<{ Params: { id: string } }>('/admin/catalogue/:id', async (req, reply) => {
    const t = translator(req.lang);
    const done = (req.query as Record<string, string>).done;
    return showItem(req, reply, req.params.id, undefined, 200, done ? t('已办理。', 'Done.') : undefined);
  });

  app.post<{ Params: { id: string; action: string } }>('/admin/catalogue/:id/actions/:action', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const body = req.body as Record<string, unknown>;
    const version = Number(formString(body, 'version')) || undefined;
    try {
      await takeAction(ctx, p, req.params.id, req.params.action as ItemAction, {
        version, comment: formString(body, 'comment'), reason: formString(body, 'reason'), scheduledFor: formString(body, 'scheduledFor'),
        confidentialityChecked: formString(body, 'confidentialityChecked') === 'on', personalDataAcknowledged: formString(body, 'personalDataAcknowledged') === 'on',
        changeNote: formString(body, 'changeNote'),
      }, req.ip);
    } catch (err) {
      return showItem(req, reply, req.params.id, fieldErrorsOf(err), 422);
    }
    return reply.redirect(`/admin/catalogue/${req.params.id}?done=1`, 303);
  });

  app.get<{ Params: { id: string; no: string } }>('/admin/catalogue/:id/versions/:no', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const item = await getItemForStaff(ctx, p, req.params.id);
    const v = (await listVersions(ctx, p, item.id)).find((x) => String(x.version_no) === req.params.no);
    if (!v) throw new NotFound('未找到该版本');
    const meta = JSON.parse(v.metadata) as Record<string, string | null>;
    return sendPage(req, reply,
      <AdminLayout req={req} title={t(`第${v.version_no}版`, `Version ${v.version_no}`)} breadcrumbs={[{ href: '/admin/catalogue', label: t('政府信息', 'Government information') }, { href: `/admin/catalogue/${item.id}`, label: item.title }]}>
        <h1>{v.title} · {t(`第${v.version_no}版`, `Version ${v.version_no}`)}</h1>
        <dl class="meta">
          <dt>{t('发布时间', 'Published')}</dt><dd>{v.published_at}</dd>
          {v.document_number ? <><dt>{t('发文字号', 'Document number')}</dt><dd>{v.document_number}</dd></> : null}
          {meta.indexNumber ? <><dt>{t('索引号', 'Index number')}</dt><dd>{meta.indexNumber}</dd></> : null}
          {meta.validity ? <><dt>{t('有效性', 'Validity')}</dt><dd>{VALIDITY[meta.validity as keyof typeof VALIDITY] ?? meta.validity}</dd></> : null}
          {v.change_note ? <><dt>{t('修改说明', 'Change note')}</dt><dd>{v.change_note}</dd></> : null}
        </dl>
        <div class="body-text" dangerouslySetInnerHTML={{ __html: v.body_html }} />
      </AdminLayout>);
  });
}

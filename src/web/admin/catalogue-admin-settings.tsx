/** Back-office catalogue settings of an agency: index-number scheme, review period, guide text, own categories. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { agenciesWithPermission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { loadCategoryTree, readCatalogueSettings } from '../../catalogue/catalogue-settings.ts';
import { addCategory, removeCategory, updateCatalogueSettings } from '../../catalogue/settings-service.ts';
import { Forbidden } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { AgencyPicker } from './catalogue-admin-parts.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, formString, type FieldErrors } from './form-fields.tsx';

/** Registers /admin/catalogue/settings. */
export async function registerCatalogueSettingsRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const agenciesOf = async (req: FastifyRequest, code: unknown): Promise<{ agency: Agency; agencies: Agency[] }> => {
    const ids = new Set(agenciesWithPermission(requirePrincipal(req), 'settings.edit'));
    const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
    if (!agencies.length) throw new Forbidden();
    return { agency: agencies.find((a) => a.code === code) ?? agencies[0], agencies };
  };

  const page = async (req: FastifyRequest, reply: FastifyReply, agency: Agency, agencies: Agency[], o: { errors?: FieldErrors; values?: Record<string, string>; status?: number; saved?: boolean } = {}) => {
    const t = translator(req.lang);
    const [s, tree] = await Promise.all([readCatalogueSettings(ctx.db, agency.id), loadCategoryTree(ctx.db, agency.id)]);
    const v = o.values ?? { indexPattern: s.indexPattern, reviewMonths: String(s.reviewMonths), dueSoonWorkdays: String(s.dueSoonWorkdays), guideHtml: s.guideHtml, disclosureOffice: s.disclosureOffice, ruleMaking: s.ruleMaking ? 'on' : '' };
    const title = t('目录设置', 'Catalogue settings');
    return sendPage(req, reply,
      <AdminLayout req={req} title={title} breadcrumbs={[{ href: `/admin/catalogue?agency=${agency.code}`, label: t('政府信息', 'Government information') }]}>
        <h1>{title} · {agency.name}</h1>
        <AgencyPicker req={req} agencies={agencies} current={agency} action="/admin/catalogue/settings" />
        {o.saved ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
        <ErrorSummary req={req} errors={o.errors} />
        <form method="post" action={`/admin/catalogue/settings?agency=${agency.code}`} class="stacked">
          <CsrfField req={req} />
          <Field req={req} name="indexPattern" label={t('索引号规则', 'Index-number scheme')} value={v.indexPattern} errors={o.errors} required
            hint={t('可用 {org}（机构代码）、{yyyy} 或 {yyyymm}、{serial:5}（5位流水号），如 {org}/{yyyy}-{serial:5}', 'Tokens: {org}, {yyyy} or {yyyymm}, {serial:5}')} />
          <Field req={req} name="reviewMonths" label={t('不予主动公开信息的审查周期（月，条例第十八条）', 'Re-review period in months (Art. 18)')} value={v.reviewMonths} type="number" errors={o.errors} />
          <Field req={req} name="dueSoonWorkdays" label={t('临近期限提醒（工作日）', 'Due-soon warning (working days)')} value={v.dueSoonWorkdays} type="number" errors={o.errors} />
          <Field req={req} name="disclosureOffice" label={t('政府信息公开工作机构名称', 'Disclosure office')} value={v.disclosureOffice} errors={o.errors} maxLength={100} />
          <Field req={req} name="guideHtml" label={t('公开指南补充内容（HTML）', 'Additional guide text (HTML)')} value={v.guideHtml} errors={o.errors} multiline />
          {agency.kind === 'government' ? <div class="field">
            <label><input type="checkbox" name="ruleMaking" value="on" checked={v.ruleMaking === 'on'} aria-invalid={o.errors?.ruleMaking ? 'true' : undefined} /> {t('本机关制定规章（《立法法》第九十三条：省、自治区、直辖市和设区的市、自治州的人民政府）', 'This government makes rules (规章)')}</label>
            {o.errors?.ruleMaking ? <p class="field-error">{o.errors.ruleMaking}</p> : null}
          </div> : null}
          <button type="submit">{t('保存', 'Save')}</button>
        </form>
        <h2>{t('本机关分类', 'Agency categories')}</h2>
        <ul>{tree.all.filter((c) => c.custom).map((c) => <li>{c.zh}（{c.code}{c.parent ? `，${t('上级', 'parent')} ${c.parent}` : ''}）
          <form method="post" action={`/admin/catalogue/settings/categories/${c.code}/delete?agency=${agency.code}`} class="inline"> <CsrfField req={req} /><button type="submit" class="link-button">{t('删除', 'Remove')}</button></form></li>)}</ul>
        <form method="post" action={`/admin/catalogue/settings/categories?agency=${agency.code}`} class="stacked panel">
          <h3>{t('新增分类', 'Add a category')}</h3>
          <CsrfField req={req} />
          <Field req={req} name="code" label={t('代码', 'Code')} errors={o.errors} required maxLength={20} />
          <Field req={req} name="label" label={t('名称', 'Name')} errors={o.errors} required maxLength={40} />
          <Field req={req} name="labelEn" label={t('英文名称', 'English name')} errors={o.errors} maxLength={80} />
          <Field req={req} name="parentCode" label={t('上级分类', 'Parent')} errors={o.errors}
            options={[{ value: '', label: t('（顶级）', '(top level)') }, ...tree.all.map((c) => ({ value: c.code, label: tree.label(c.code, req.lang) }))]} />
          <Field req={req} name="kind" label={t('类型', 'Kind')} errors={o.errors}
            options={[{ value: 'document', label: t('政府信息公开目录', 'Disclosure catalogue') }, { value: 'news', label: t('新闻栏目', 'News column') }]} />
          <button type="submit" class="secondary">{t('新增', 'Add')}</button>
        </form>
      </AdminLayout>, o.status ?? 200);
  };

  app.get<{ Querystring: Record<string, string> }>('/admin/catalogue/settings', async (req, reply) => {
    const { agency, agencies } = await agenciesOf(req, req.query.agency);
    return page(req, reply, agency, agencies, { saved: req.query.saved === '1' });
  });

  app.post<{ Querystring: Record<string, string> }>('/admin/catalogue/settings', async (req, reply) => {
    assertCsrf(req);
    const { agency, agencies } = await agenciesOf(req, req.query.agency);
    const body = req.body as Record<string, unknown>;
    const values = Object.fromEntries(['indexPattern', 'reviewMonths', 'dueSoonWorkdays', 'guideHtml', 'disclosureOffice', 'ruleMaking'].map((k) => [k, formString(body, k)]));
    try {
      await updateCatalogueSettings(ctx, req.principal, agency.id, values, req.ip);
    } catch (err) {
      return page(req, reply, agency, agencies, { errors: fieldErrorsOf(err), values, status: 422 });
    }
    return reply.redirect(`/admin/catalogue/settings?agency=${agency.code}&saved=1`, 303);
  });

  app.post<{ Querystring: Record<string, string> }>('/admin/catalogue/settings/categories', async (req, reply) => {
    assertCsrf(req);
    const { agency, agencies } = await agenciesOf(req, req.query.agency);
    const body = req.body as Record<string, unknown>;
    try {
      await addCategory(ctx, req.principal, agency.id, Object.fromEntries(['code', 'label', 'labelEn', 'parentCode', 'kind'].map((k) => [k, formString(body, k)])), req.ip);
    } catch (err) {
      return page(req, reply, agency, agencies, { errors: fieldErrorsOf(err), status: 422 });
    }
    return reply.redirect(`/admin/catalogue/settings?agency=${agency.code}&saved=1`, 303);
  });

  app.post<{ Params: { code: string }; Querystring: Record<string, string> }>('/admin/catalogue/settings/categories/:code/delete', async (req, reply) => {
    assertCsrf(req);
    const { agency } = await agenciesOf(req, req.query.agency);
    await removeCategory(ctx, req.principal, agency.id, req.params.code, req.ip);
    return reply.redirect(`/admin/catalogue/settings?agency=${agency.code}&saved=1`, 303);
  });
}

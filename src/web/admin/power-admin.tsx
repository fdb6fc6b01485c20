/**
 * Back office of the power list (权责清单): the list with edit links, the item form (new version from a date),
 * repeal, XLSX export and import (validated as a whole; problems listed by sheet, row and column; nothing half-imported).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { Forbidden } from '../../errors.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { POWER_KINDS, POWER_KINDS_EN, type PowerItemFields } from '../../registers/power.ts';
import { applyPowerImport, getPowerItem, listPowerItems, repealPowerItem, savePowerItem, type PowerImportResult } from '../../registers/power-service.ts';
import { exportPowerWorkbook, parsePowerWorkbook } from '../../registers/power-xlsx.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from './form-fields.tsx';
import { coded, foldListErrors, formValues, mayEditRegisters, sendAgencyChooser, splitLines, staffAgency } from './register-admin-parts.tsx';
import { RegisterAdminTabs } from './register-admin.tsx';

/** Form values of a power-list item (one version). */
export function toFormValues(i: PowerItemFields): Record<string, string> {
  return {
    code: i.code, kind: i.kind, name: i.name, implementingBody: i.implementingBody, scope: i.scope,
    legalBasis: i.legalBasis.map((b) => `${b.law}｜${b.article}`).join('\n'),
    steps: i.steps.map((s) => `${s.name}｜${s.description}｜${s.timeLimit}`).join('\n'),
    supervisionChannel: i.supervisionChannel, supervisionPhone: i.supervisionPhone, accountability: i.accountability, effectiveOn: i.effectiveOn,
  };
}

/** The item input the form's values stand for (list fields split into their rows). */
export function fromFormValues(v: Record<string, string>) {
  return {
    ...v,
    legalBasis: splitLines(v.legalBasis, 2).map(([law, article]) => ({ law, article })),
    steps: splitLines(v.steps, 3).map(([name, description, timeLimit]) => ({ name, description, timeLimit })),
  };
}

function ItemForm({ req, a, values, errors, isNew }: { req: FastifyRequest; a: Agency; values: Record<string, string>; errors?: FieldErrors; isNew: boolean }) {
  const t = translator(req.lang);
  return (
    <form method="post" action={`/admin/registers/${a.code}/powers`} class="stacked" novalidate>
      <CsrfField req={req} />
      <ErrorSummary req={req} errors={errors} />
      {isNew ? <Field req={req} name="code" label={t('事项编码', 'Code')} value={values.code} errors={errors} required maxLength={64} />
        : <><input type="hidden" name="code" value={values.code} /><p><strong>{t('事项编码：', 'Code: ')}</strong>{values.code}</p></>}
      <Field req={req} name="kind" label={t('事项类别', 'Kind')} value={values.kind} errors={errors} required
        options={Object.entries(coded(req, POWER_KINDS, POWER_KINDS_EN)).map(([k, v]) => ({ value: k, label: v }))} />
      <Field req={req} name="name" label={t('事项名称', 'Name')} value={values.name} errors={errors} required maxLength={200} />
      <Field req={req} name="implementingBody" label={t('实施主体', 'Implementing body')} value={values.implementingBody} errors={errors} required maxLength={200} />
      <Field req={req} name="scope" label={t('职责权限', 'Scope of authority')} value={values.scope} errors={errors} multiline maxLength={4000} />
      <Field req={req} name="legalBasis" label={t('法律依据', 'Legal basis')} value={values.legalBasis} errors={errors} multiline
        hint={t('每行一条：法律法规名称｜条款', 'One per line: law｜article')} />
      <Field req={req} name="steps" label={t('办理流程', 'Process steps')} value={values.steps} errors={errors} multiline
        hint={t('每行一个环节：环节名称｜办理内容｜办理时限', 'One step per line: step｜what happens｜time limit')} />
      <Field req={req} name="supervisionChannel" label={t('监督方式', 'Supervision')} value={values.supervisionChannel} errors={errors} maxLength={500} />
      <Field req={req} name="supervisionPhone" label={t('监督电话', 'Supervision phone')} value={values.supervisionPhone} errors={errors} maxLength={60} />
      <Field req={req} name="accountability" label={t('追责情形', 'Accountability')} value={values.accountability} errors={errors} multiline maxLength={4000} />
      <Field req={req} name="effectiveOn" label={t('生效日期', 'In force from')} type="date" value={values.effectiveOn} errors={errors} required
        hint={t('保存后形成新版本，自该日起生效；此前的版本保留在历史中。', 'Saving makes a new version in force from this date; earlier versions stay in the history.')} />
      <button type="submit">{t('保存', 'Save')}</button>
    </form>
  );
}

/** Registers the power-list back office. */
export async function registerPowerAdmin(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin/registers', async (req, reply) =>
    sendAgencyChooser(ctx, req, reply, { permission: 'content.read', base: '/admin/registers', titleZh: '清单与公示', titleEn: 'Registers' }));

  const listPage = async (req: FastifyRequest, a: Agency, notice?: { ok?: string; errors?: FieldErrors; result?: PowerImportResult }) => {
    const t = translator(req.lang);
    const items = await listPowerItems(ctx, a.id);
    const base = `/admin/registers/${a.code}`;
    // Read-only roles get the list and the export; items link to their public page instead of the edit form.
    const canEdit = mayEditRegisters(req, a.id);
    const itemHref = (code: string) => (canEdit ? `${base}/powers/${encodeURIComponent(code)}` : `/agencies/${a.code}/powers/${encodeURIComponent(code)}`);
    return (
      <AdminLayout req={req} title={t('权责清单', 'Powers and responsibilities')} breadcrumbs={[{ href: '/admin/registers', label: t('清单与公示', 'Registers') }]}>
        <h1>{a.name} · {t('权责清单', 'Powers and responsibilities')}</h1>
        <RegisterAdminTabs code={a.code} lang={req.lang} current={base} />
        {notice?.ok ? <p class="notice ok" role="status">{notice.ok}</p> : null}
        {notice?.result ? <p class="notice ok" role="status">{t(`导入完成：新增 ${notice.result.created} 项，更新 ${notice.result.updated} 项，未变 ${notice.result.unchanged} 项，取消 ${notice.result.repealed} 项。`,
          `Imported: ${notice.result.created} new, ${notice.result.updated} updated, ${notice.result.unchanged} unchanged, ${notice.result.repealed} repealed.`)}</p> : null}
        <p>{canEdit ? <><a class="button" href={`${base}/powers/new`}>{t('新增事项', 'New item')}</a>{' '}</> : null}<a class="button secondary" href={`${base}/powers.xlsx`}>{t('导出 Excel', 'Export to Excel')}</a></p>
        {canEdit ? <section class="panel" aria-labelledby="imp-h">
          <h2 id="imp-h">{t('从 Excel 导入', 'Import from Excel')}</h2>
          <ErrorSummary req={req} errors={notice?.errors} />
          <form method="post" action={`${base}/powers/import`} enctype="multipart/form-data" class="stacked">
            <CsrfField req={req} />
            <div class="field">
              <input type="checkbox" id="f-repealMissing" name="repealMissing" value="on" />
              <label for="f-repealMissing" class="inline-label">{t('表格是完整清单：表中没有的现行事项自今日起取消', 'The sheet is the whole list: items not in it are repealed from today')}</label>
            </div>
            <div class="field"><label for="f-file">{t('工作簿（.xlsx，格式同导出文件）', 'Workbook (.xlsx, as exported)')}</label>
              <input id="f-file" type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required /></div>
            <button type="submit">{t('导入', 'Import')}</button>
          </form>
        </section> : null}
        <p>{t(`现行有效 ${items.length} 项。`, `${items.length} items in force.`)}</p>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('编码', 'Code')}</th><th scope="col">{t('名称', 'Name')}</th><th scope="col">{t('类别', 'Kind')}</th><th scope="col">{t('生效日期', 'From')}</th><th scope="col">{t('版本', 'Version')}</th></tr></thead>
          <tbody>{items.map((i) => <tr><td>{i.code}</td><td><a href={itemHref(i.code)}>{i.name}</a></td><td>{coded(req, POWER_KINDS, POWER_KINDS_EN)[i.kind]}</td><td>{i.effectiveOn}</td><td>{i.versionNo}</td></tr>)}</tbody>
        </table></div>
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/admin/registers/:code', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    const t = translator(req.lang);
    return sendPage(req, reply, await listPage(req, a, req.query.saved ? { ok: t('已保存。', 'Saved.') } : undefined));
  });

  const itemPage = (req: FastifyRequest, a: Agency, values: Record<string, string>, isNew: boolean, errors?: FieldErrors) => {
    const t = translator(req.lang);
    const title = isNew ? t('新增权责事项', 'New item') : values.name;
    return (
      <AdminLayout req={req} title={title} breadcrumbs={[{ href: `/admin/registers/${a.code}`, label: t('权责清单', 'Powers and responsibilities') }]}>
        <h1>{title}</h1>
        <ItemForm req={req} a={a} values={values} errors={errors} isNew={isNew} />
        {!isNew ? (
          <form method="post" action={`/admin/registers/${a.code}/powers/${encodeURIComponent(values.code)}/repeal`} class="panel stacked">
            <h2>{t('取消该事项', 'Repeal this item')}</h2>
            <CsrfField req={req} />
            <Field req={req} name="repealOn" label={t('取消日期', 'Repealed from')} type="date" value={todayOn(ctx.clock)} errors={errors} required />
            <button type="submit" class="secondary">{t('取消事项', 'Repeal')}</button>
          </form>
        ) : null}
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string } }>('/admin/registers/:code/powers/new', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    return sendPage(req, reply, itemPage(req, a, { kind: 'licensing', implementingBody: a.name, effectiveOn: todayOn(ctx.clock) }, true));
  });

  app.get<{ Params: { code: string } }>('/admin/registers/:code/powers.xlsx', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    const today = todayOn(ctx.clock);
    const file = await exportPowerWorkbook(await listPowerItems(ctx, a.id), `${a.name}权责清单`);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="powers-${a.code}-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${a.name}权责清单-${today}.xlsx`)}`)
      .send(file);
  });

  app.get<{ Params: { code: string; itemCode: string } }>('/admin/registers/:code/powers/:itemCode', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    const { item } = await getPowerItem(ctx, a.id, req.params.itemCode);
    return sendPage(req, reply, itemPage(req, a, { ...toFormValues(item), effectiveOn: todayOn(ctx.clock) }, false));
  });

  app.post<{ Params: { code: string } }>('/admin/registers/:code/powers', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    const values = formValues(req.body);
    try {
      await savePowerItem(ctx, req.principal, a.id, fromFormValues(values), req.ip);
      return reply.redirect(`/admin/registers/${a.code}?saved=1`, 303);
    } catch (err) {
      const isNew = !(await listPowerItems(ctx, a.id)).some((i) => i.code === values.code);
      return sendPage(req, reply, itemPage(req, a, values, isNew, foldListErrors(fieldErrorsOf(err), ['legalBasis', 'steps'])), 422);
    }
  });

  app.post<{ Params: { code: string; itemCode: string } }>('/admin/registers/:code/powers/:itemCode/repeal', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    const values = formValues(req.body);
    try {
      await repealPowerItem(ctx, req.principal, a.id, req.params.itemCode, values.repealOn, req.ip);
      return reply.redirect(`/admin/registers/${a.code}?saved=1`, 303);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      const { item } = await getPowerItem(ctx, a.id, req.params.itemCode);
      return sendPage(req, reply, itemPage(req, a, toFormValues(item), false, { repealOn: errors.effectiveOn ?? errors._ ?? Object.values(errors)[0] }), 422);
    }
  });

  app.post<{ Params: { code: string } }>('/admin/registers/:code/powers/import', async (req, reply) => {
    requirePrincipal(req);
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    const t = translator(req.lang);
    const file = await req.file();
    const field = (name: string) => {
      const f = file?.fields[name];
      const one = Array.isArray(f) ? f[0] : f;
      return one && 'value' in one ? String(one.value) : undefined;
    };
    if (!req.csrfToken || field('_csrf') !== req.csrfToken) throw new Forbidden('表单已过期，请刷新页面后重试');
    if (!file || file.fieldname !== 'file') {
      return sendPage(req, reply, await listPage(req, a, { errors: { file: t('请选择要导入的 .xlsx 文件', 'Choose an .xlsx file') } }), 422);
    }
    const data = await file.toBuffer();
    try {
      const rows = await parsePowerWorkbook(data);
      const result = await applyPowerImport(ctx, req.principal, a.id, rows, { repealMissingOn: field('repealMissing') === 'on' ? todayOn(ctx.clock) : undefined, ip: req.ip });
      return sendPage(req, reply, await listPage(req, a, { result }));
    } catch (err) {
      return sendPage(req, reply, await listPage(req, a, { errors: fieldErrorsOf(err) }), 422);
    }
  });
}

/**
 * Back-office create and edit pages of an item: the form with Word import (title, 发文字号 and 成文日期 prefilled),
 * 422 re-rendering with field messages, 409 on concurrent edits showing the other side for merging; attachments.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import type { CatalogueItem } from '../../catalogue/catalogue.ts';
import { addAttachment, removeAttachment } from '../../catalogue/attachment-service.ts';
import { importDocx } from '../../catalogue/docx-import.ts';
import { loadCategoryTree } from '../../catalogue/catalogue-settings.ts';
import { createItem, editItem, getItemForStaff, itemRefOf } from '../../catalogue/item-service.ts';
import { Conflict, Forbidden, InvalidInput } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { ItemForm, pickAgency, readMultipart, type ItemFormValues } from './catalogue-admin-parts.tsx';
import { fieldErrorsOf, type FieldErrors } from './form-fields.tsx';

async function valuesOf(ctx: Ctx, item: CatalogueItem): Promise<ItemFormValues> {
  const ref = (id: string | null) => itemRefOf(ctx, id);
  return {
    categoryCode: item.categoryCode, title: item.title, documentNumber: item.documentNumber ?? '', issuer: item.issuer,
    subjectWords: item.subjectWords, summary: item.summary, formedOn: item.formedOn ?? '', effectiveOn: item.effectiveOn ?? '',
    bodyHtml: item.bodyHtml, disclosure: item.disclosure, disclosureGround: item.disclosureGround ?? '', disclosureNote: item.disclosureNote,
    isNormative: item.isNormative ? 'on' : '', replacesRef: await ref(item.replacesId), replacesAs: item.replacesAs ?? 'revised',
    interpretsRef: await ref(item.interpretsId), interpretationForm: item.interpretationForm ?? '', videoUrl: item.videoUrl, version: String(item.version),
  };
}

/** Registers create/edit and attachment routes. */
export async function registerCatalogueEditRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const formPage = async (req: FastifyRequest, reply: FastifyReply, o: {
    agency: Agency; values: ItemFormValues; action: string; title: string; errors?: FieldErrors; status?: number; notice?: string; conflict?: Record<string, unknown>;
  }) => {
    const t = translator(req.lang);
    const tree = await loadCategoryTree(ctx.db, o.agency.id);
    return sendPage(req, reply,
      <AdminLayout req={req} title={o.title} breadcrumbs={[{ href: `/admin/catalogue?agency=${o.agency.code}`, label: t('政府信息', 'Government information') }]}>
        <h1>{o.title} · {o.agency.name}</h1>
        {o.notice ? <p class="notice ok" role="status">{o.notice}</p> : null}
        <ItemForm req={req} tree={tree} values={o.values} errors={o.errors} action={o.action} conflict={o.conflict}
          submitLabel={t('保存草稿', 'Save draft')} />
      </AdminLayout>, o.status ?? 200);
  };

  /** Applies an uploaded .docx to the form values; returns true when one was imported. */
  const applyDocx = async (fields: ItemFormValues, files: Record<string, { name: string; bytes: Buffer }>): Promise<boolean> => {
    const f = files.docx;
    if (!f) return false;
    const r = await importDocx(f.name, f.bytes, ctx.config.uploadLimit);
    fields.bodyHtml = r.bodyHtml;
    if (r.title) fields.title = r.title;
    if (r.documentNumber) fields.documentNumber = r.documentNumber;
    if (r.formedOn) fields.formedOn = r.formedOn;
    return true;
  };

  app.get<{ Querystring: Record<string, string> }>('/admin/catalogue/new', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const { agency } = await pickAgency(ctx, p, req.query.agency);
    // The form is for those who may save it (createItem checks the same).
    if (!hasPermission(p, 'content.draft', agency.id)) throw new Forbidden();
    const values = { disclosure: 'proactive', title: String(req.query.title ?? '').slice(0, 200), categoryCode: req.query.category ?? '', interpretsRef: req.query.interprets ?? '', interpretationForm: req.query.interprets ? 'text' : '' };
    return formPage(req, reply, { agency, values, action: `/admin/catalogue/new?agency=${agency.code}`, title: t('新建信息', 'New item') });
  });

  app.post<{ Querystring: Record<string, string> }>('/admin/catalogue/new', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const { agency } = await pickAgency(ctx, p, req.query.agency);
    const { fields, files } = await readMultipart(req);
    const action = `/admin/catalogue/new?agency=${agency.code}`;
    const title = t('新建信息', 'New item');
    try {
      if (await applyDocx(fields, files)) {
        return formPage(req, reply, { agency, values: fields, action, title, notice: t('已从 Word 文件导入，请核对标题、发文字号、成文日期和正文后保存。', 'Imported from Word; check and save.') });
      }
      const item = await createItem(ctx, p, agency.id, fields, req.ip);
      return reply.redirect(`/admin/catalogue/${item.id}`, 303);
    } catch (err) {
      return formPage(req, reply, { agency, values: fields, action, title, errors: fieldErrorsOf(err), status: 422 });
    }
  });

  app.get<{ Params: { id: string } }>('/admin/catalogue/:id/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const item = await getItemForStaff(ctx, p, req.params.id);
    const agency = (await pickAgency(ctx, p, undefined)).agencies.find((a) => a.id === item.agencyId)!;
    return formPage(req, reply, { agency, values: await valuesOf(ctx, item), action: `/admin/catalogue/${item.id}/edit`, title: t('编辑信息', 'Edit item') });
  });

  app.post<{ Params: { id: string } }>('/admin/catalogue/:id/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const item = await getItemForStaff(ctx, p, req.params.id);
    const { agencies } = await pickAgency(ctx, p, undefined);
    const agency = agencies.find((a) => a.id === item.agencyId)!;
    const { fields, files } = await readMultipart(req);
    const action = `/admin/catalogue/${item.id}/edit`;
    const title = t('编辑信息', 'Edit item');
    try {
      if (await applyDocx(fields, files)) {
        return formPage(req, reply, { agency, values: fields, action, title, notice: t('已从 Word 文件导入，请核对后保存。', 'Imported from Word; check and save.') });
      }
      await editItem(ctx, p, item.id, fields, req.ip);
      return reply.redirect(`/admin/catalogue/${item.id}`, 303);
    } catch (err) {
      if (err instanceof Conflict && err.code === 'version_conflict') {
        const d = err.details as { currentVersion: number; theirs: Record<string, unknown> };
        // The form keeps the editor's text and carries the current version, so saving again after merging succeeds.
        return formPage(req, reply, { agency, values: { ...fields, version: String(d.currentVersion) }, action, title, conflict: d.theirs, status: 409 });
      }
      if (err instanceof Conflict) return formPage(req, reply, { agency, values: fields, action, title, errors: { _: err.message }, status: 409 });
      return formPage(req, reply, { agency, values: fields, action, title, errors: fieldErrorsOf(err), status: 422 });
    }
  });

  app.post<{ Params: { id: string } }>('/admin/catalogue/:id/attachments', async (req, reply) => {
    const p = requirePrincipal(req);
    const { files } = await readMultipart(req);
    if (!files.file) throw new InvalidInput('请选择文件', { file: '请选择要上传的文件' });
    await addAttachment(ctx, p, req.params.id, files.file, req.ip);
    return reply.redirect(`/admin/catalogue/${req.params.id}`, 303);
  });

  app.post<{ Params: { id: string; att: string } }>('/admin/catalogue/:id/attachments/:att/delete', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    await removeAttachment(ctx, p, req.params.id, req.params.att, req.ip);
    return reply.redirect(`/admin/catalogue/${req.params.id}`, 303);
  });
}

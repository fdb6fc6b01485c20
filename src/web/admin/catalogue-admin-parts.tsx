/** Parts of the catalogue's back-office pages: the agency picker, multipart reading, the item form, state badges. */
import type { FastifyRequest } from 'fastify';
import { agenciesWithPermission, hasPermission, type Principal } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import {
  DISCLOSURE_ATTRIBUTES, DISCLOSURE_ATTRIBUTES_EN, INTERPRETATION_FORMS, INTERPRETATION_FORMS_EN, ITEM_STATES, ITEM_STATES_EN, NON_DISCLOSURE_GROUNDS, type ItemState,
} from '../../catalogue/catalogue.ts';
import type { CategoryTree } from '../../catalogue/categories.ts';
import { Forbidden, InvalidInput } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf } from '../shared/auth.ts';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from './form-fields.tsx';

/** The agencies where the user may read content, and the one chosen by `?agency=` (default: the first). */
export async function pickAgency(ctx: Ctx, p: Principal, code: unknown): Promise<{ agency: Agency; agencies: Agency[] }> {
  const ids = new Set(agenciesWithPermission(p, 'content.read'));
  const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
  if (!agencies.length) throw new Forbidden();
  const agency = agencies.find((a) => a.code === code) ?? agencies[0];
  return { agency, agencies };
}

/**
 * True when the principal may bulk-import at the agency: the import publishes items with a 发布日期, so it takes both
 * drafting and review (src/catalogue/bulk-import.ts checks the same); the link and form are shown only then.
 */
export function mayImportCatalogue(p: Principal, agencyId: string): boolean {
  return hasPermission(p, 'content.draft', agencyId) && hasPermission(p, 'content.review', agencyId);
}

/** A small form switching the page's agency (GET, works without JavaScript). */
export function AgencyPicker(props: { req: FastifyRequest; agencies: Agency[]; current: Agency; action: string }) {
  const t = translator(props.req.lang);
  if (props.agencies.length < 2) return null;
  return (
    <form method="get" action={props.action} class="inline-form">
      <label for="agency-pick">{t('机构', 'Agency')}</label>{' '}
      <select id="agency-pick" name="agency">{props.agencies.map((a) => <option value={a.code} selected={a.id === props.current.id}>{a.name}</option>)}</select>{' '}
      <button type="submit" class="secondary">{t('切换', 'Switch')}</button>
    </form>
  );
}

/** The state as a badge. */
export function StateBadge({ state, lang }: { state: ItemState; lang: string }) {
  const cls = state === 'published' ? 'badge ok' : state === 'withdrawn' ? 'badge bad' : state === 'draft' ? 'badge' : 'badge warn';
  return <span class={cls}>{lang === 'en' ? ITEM_STATES_EN[state] : ITEM_STATES[state]}</span>;
}

/** A multipart form's text fields and files (each file read into memory, within the upload limit). */
export async function readMultipart(req: FastifyRequest): Promise<{ fields: Record<string, string>; files: Record<string, { name: string; bytes: Buffer }> }> {
  const fields: Record<string, string> = {};
  const files: Record<string, { name: string; bytes: Buffer }> = {};
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
  } else {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (bytes.length && part.filename) files[part.fieldname] = { name: part.filename, bytes };
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  }
  req.body = fields;
  assertCsrf(req);
  return { fields, files };
}

/** Field values of the item form. */
export type ItemFormValues = Record<string, string>;

/** The item form (create and edit), with the Word import field and the enhanced editor. */
export function ItemForm(props: {
  req: FastifyRequest; tree: CategoryTree; values: ItemFormValues; errors?: FieldErrors; action: string; submitLabel: string;
  conflict?: Record<string, unknown>;
}) {
  const { req, values: v, errors } = props;
  const t = translator(req.lang);
  const categoryOptions = [{ value: '', label: t('请选择', 'Choose') }, ...props.tree.all.map((c) => ({
    value: c.code, label: `${c.parent ? '　' : ''}${req.lang === 'en' ? c.en : c.zh}${c.kind === 'news' ? t('（新闻栏目）', ' (news)') : ''}`,
  }))];
  return (
    <form method="post" action={props.action} class="stacked item-form" enctype="multipart/form-data">
      <CsrfField req={req} />
      {v.version ? <input type="hidden" name="version" value={v.version} /> : null}
      <ErrorSummary req={req} errors={errors} />
      {props.conflict ? <div class="notice warn" role="alert">
        <p><strong>{t('他人已保存了新的内容。对方保存的值如下，请对照合并后再保存：', 'Someone else saved changes. Their values are below; merge and save again:')}</strong></p>
        <dl class="meta">{Object.entries(props.conflict).map(([k, val]) => <><dt>{k}</dt><dd><pre class="merge-value">{String(val ?? '')}</pre></dd></>)}</dl>
      </div> : null}
      <fieldset>
        <legend>{t('从 Word 导入（可选）', 'Import from Word (optional)')}</legend>
        <Field req={req} name="docx" label={t('Word 文件（.docx）', 'Word file (.docx)')} type="file" errors={errors}
          hint={t('上传后将用文件内容填写正文，并识别标题、发文字号和成文日期；已填写的内容以文件为准。', 'The body, title, document number and date are filled from the file.')} />
        {/* formnovalidate: the import fills the required title, so the browser must not demand it first. */}
        <button type="submit" class="secondary" formNoValidate>{t('导入 Word 文件', 'Import the Word file')}</button>
      </fieldset>
      <Field req={req} name="categoryCode" label={t('分类', 'Category')} value={v.categoryCode} options={categoryOptions} errors={errors} required />
      <Field req={req} name="title" label={t('标题', 'Title')} value={v.title} errors={errors} required maxLength={300} />
      <Field req={req} name="documentNumber" label={t('发文字号', 'Document number')} value={v.documentNumber} errors={errors} maxLength={60}
        hint={t('如：甘科政〔2020〕13号（可输入 [ ]、( ) 或【】，保存时统一为〔〕）', 'e.g. 甘科政〔2020〕13号')} />
      <div class="grid">
        <Field req={req} name="formedOn" label={t('成文日期', 'Date formed')} type="date" value={v.formedOn} errors={errors}
          hint={t('主动公开的须在成文后20个工作日内发布（条例第二十六条）', 'Publish within 20 working days (Art. 26)')} />
        <Field req={req} name="effectiveOn" label={t('生效日期（规范性文件）', 'Effective (normative)')} type="date" value={v.effectiveOn} errors={errors} />
      </div>
      <Field req={req} name="issuer" label={t('发布机构', 'Issued by')} value={v.issuer} errors={errors} maxLength={100} hint={t('留空为本机关', 'Blank: this agency')} />
      <Field req={req} name="subjectWords" label={t('主题词', 'Subject words')} value={v.subjectWords} errors={errors} maxLength={200} />
      <Field req={req} name="summary" label={t('内容概述', 'Summary')} value={v.summary} errors={errors} multiline maxLength={1000} />
      <div class="field editor">
        <label for="f-bodyHtml">{t('正文（HTML）', 'Body (HTML)')}</label>
        <span class="hint" id="f-bodyHtml-hint">{t('可使用 <p> <h3> <strong> <ul> <ol> <table> <a> 等标签；保存时会清除脚本和不安全的内容。', 'Use <p>, <h3>, <strong>, lists, tables and links; scripts and unsafe markup are removed on save.')}</span>
        {errors?.bodyHtml ? <span class="field-error" id="f-bodyHtml-error">{errors.bodyHtml}</span> : null}
        <textarea id="f-bodyHtml" name="bodyHtml" rows={18} aria-describedby="f-bodyHtml-hint" data-editor="html">{v.bodyHtml ?? ''}</textarea>
      </div>
      <fieldset>
        <legend>{t('公开属性', 'Disclosure attribute')}</legend>
        <Field req={req} name="disclosure" label={t('公开属性', 'Attribute')} value={v.disclosure || 'proactive'} errors={errors}
          options={Object.entries(req.lang === 'en' ? DISCLOSURE_ATTRIBUTES_EN : DISCLOSURE_ATTRIBUTES).map(([value, label]) => ({ value, label }))} />
        <Field req={req} name="disclosureGround" label={t('不予主动公开的依据（条例第十四至十六条）', 'Ground (Arts. 14–16)')} value={v.disclosureGround} errors={errors}
          options={[{ value: '', label: t('（主动公开时不填）', '(none for proactive)') }, ...Object.entries(NON_DISCLOSURE_GROUNDS).map(([value, label]) => ({ value, label }))]} />
        <Field req={req} name="disclosureNote" label={t('说明', 'Note')} value={v.disclosureNote} errors={errors} maxLength={1000} />
      </fieldset>
      <fieldset>
        <legend>{t('规范性文件与政策解读', 'Normative documents and interpretations')}</legend>
        <div class="field"><label><input type="checkbox" name="isNormative" value="on" checked={v.isNormative === 'on' || v.isNormative === 'true'} /> {t('本文件是规范性文件', 'This is a normative document')}</label></div>
        <Field req={req} name="replacesRef" label={t('修订或替代的文件', 'Revises or replaces')} value={v.replacesRef} errors={errors}
          hint={t('填写原文件的索引号或发文字号；本文件发布时，原文件的有效性随之变更', 'Index or document number of the older document')} />
        <Field req={req} name="replacesAs" label={t('原文件变更为', 'The older document becomes')} value={v.replacesAs || 'revised'} errors={errors}
          options={[{ value: 'revised', label: t('已修订', 'Revised') }, { value: 'repealed', label: t('已废止', 'Repealed') }]} />
        <Field req={req} name="interpretsRef" label={t('解读的文件（政策解读填写）', 'Document interpreted')} value={v.interpretsRef} errors={errors}
          hint={t('谁起草谁解读：填写所解读文件的索引号或发文字号', 'Index or document number of the document explained')} />
        <Field req={req} name="interpretationForm" label={t('解读形式', 'Form')} value={v.interpretationForm} errors={errors}
          options={[{ value: '', label: '—' }, ...Object.entries(req.lang === 'en' ? INTERPRETATION_FORMS_EN : INTERPRETATION_FORMS).map(([value, label]) => ({ value, label }))]} />
        <Field req={req} name="videoUrl" label={t('视频链接', 'Video link')} value={v.videoUrl} errors={errors} type="url" />
      </fieldset>
      <p><button type="submit">{props.submitLabel}</button></p>
      <script src="/assets/catalogue-editor.js" defer></script>
    </form>
  );
}

/** Parses a datetime-local or ISO field, or says which field is wrong. */
export function requireField(fields: Record<string, string>, name: string, message: string): string {
  const v = (fields[name] ?? '').trim();
  if (!v) throw new InvalidInput(message, { [name]: message });
  return v;
}

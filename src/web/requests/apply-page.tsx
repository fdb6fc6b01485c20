/**
 * The public application form (Art. 29) of an agency: usable on a phone and without JavaScript. A first, separate
 * search box lists published items that may already answer the question (Art. 44), then the form itself; 422
 * re-renders it with each field's message. Every string through t().
 */
import type { FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { SearchHit } from '../../platform/search/search.ts';
import {
  APPLICANT_KINDS, APPLICANT_KINDS_EN, APPLICANT_KIND_LIST, DELIVERIES, DELIVERIES_EN, FORMATS, FORMATS_EN, ID_TYPES, ID_TYPES_EN,
} from '../../requests/request.ts';
import { ErrorSummary, Field, type FieldErrors } from '../admin/form-fields.tsx';
import { agencyNav } from '../portal/agency-nav.ts';
import { Layout } from '../shared/layout.tsx';

/** Props of the apply page. */
export interface ApplyPageProps {
  req: FastifyRequest;
  agency: Agency;
  q: string;
  related: SearchHit[] | null;
  values: Record<string, string>;
  errors?: FieldErrors;
  idempotencyKey: string;
}

const LABELS = (t: (zh: string, en: string) => string): Record<string, string> => ({
  'applicant.kind': t('申请人类型', 'Applicant type'),
  'applicant.name': t('姓名或名称', 'Name'),
  'applicant.idType': t('证件类型', 'Document type'),
  'applicant.idNumber': t('证件号码', 'Document number'),
  'applicant.creditCode': t('统一社会信用代码', 'Unified social credit code'),
  'applicant.contactName': t('联系人', 'Contact person'),
  'applicant.phone': t('联系电话', 'Phone'),
  'applicant.email': t('电子邮箱', 'Email'),
  'applicant.address': t('通信地址', 'Postal address'),
  'applicant.postcode': t('邮政编码', 'Postcode'),
  title: t('所需信息的名称', 'Name of the information'),
  documentNumber: t('文号', 'Document number'),
  description: t('所需信息的内容描述', 'Description of the information'),
  format: t('信息的形式', 'Form'),
  delivery: t('获取方式', 'How to receive it'),
  attachments: t('附件', 'Attachments'),
});

function Radios(props: { req: FastifyRequest; name: string; legend: string; options: { value: string; label: string }[]; value: string; errors?: FieldErrors }) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  return (
    <fieldset class="field radios" id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {error ? <span class="field-error" id={`${id}-error`}>{error}</span> : null}
      {props.options.map((o) => (
        <label class="radio"><input type="radio" name={props.name} value={o.value} checked={props.value === o.value} /> {o.label}</label>
      ))}
    </fieldset>
  );
}

/** The apply page. */
export function ApplyPage(p: ApplyPageProps) {
  const { req, agency } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const v = (k: string, d = '') => p.values[k] ?? d;
  const labels = LABELS(t);
  const base = `/agencies/${agency.code}`;
  const f = (name: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field req={req} name={name} label={labels[name]} value={v(name)} errors={p.errors} {...extra} />
  );
  return (
    <Layout req={req} title={t('依申请公开', 'Request information')} nav={agencyNav(agency.code, req.lang)}
      breadcrumbs={[{ href: base, label: en && agency.nameEn ? agency.nameEn : agency.name }]}>
      <h1>{t('政府信息公开申请', 'Application for government information')}</h1>
      <p>{t(`向${agency.name}申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条至第二十九条）。本机关自收到申请之日起20个工作日内答复；需要延长的，延长期限不超过20个工作日（第三十三条）。`,
        `Apply to ${agency.nameEn || agency.name} for government information (Regulations Arts. 27–29). The agency replies within 20 working days of receipt, extendable by at most 20 working days (Art. 33).`)}</p>
      <p><a href="/requests">{t('已提交申请？查询办理进度', 'Already applied? Track your application')}</a></p>

      <section class="panel" aria-labelledby="search-h">
        <h2 id="search-h">{t('第一步：先查一查已公开的信息', 'Step 1: check what is already published')}</h2>
        <form method="get" action={`${base}/apply`} class="inline-search" role="search">
          <label for="apply-q">{t('您想了解的信息', 'What are you looking for?')}</label>
          <input id="apply-q" name="q" type="search" value={p.q} maxLength={200} />
          <button type="submit" class="secondary">{t('查找', 'Search')}</button>
        </form>
        {p.related === null ? null : p.related.length ? (
          <>
            <p>{t('以下已公开的信息可能已经回答了您的问题：', 'These published items may already answer your question:')}</p>
            <ul class="list">
              {p.related.map((h) => <li><a href={h.url}>{h.title}</a>{h.documentNumber ? ` ${h.documentNumber}` : ''}<time dateTime={h.publishedOn}>{h.publishedOn}</time></li>)}
            </ul>
          </>
        ) : <p>{t('没有找到相关的已公开信息，请填写下面的申请。', 'Nothing published matches; please apply below.')}</p>}
      </section>

      <form method="post" action={`${base}/apply`} enctype="multipart/form-data" class="stacked panel" novalidate>
        <h2>{t('第二步：填写申请', 'Step 2: apply')}</h2>
        <ErrorSummary req={req} errors={p.errors} labels={labels} />
        <input type="hidden" name="idempotencyKey" value={p.idempotencyKey} />
        <fieldset>
          <legend>{t('申请人信息', 'Applicant')}</legend>
          {f('applicant.kind', { required: true, options: APPLICANT_KIND_LIST.map((k) => ({ value: k, label: k === 'natural_person' ? (en ? APPLICANT_KINDS_EN[k] : APPLICANT_KINDS[k]) : `${t('法人或其他组织', 'Organisation')}：${en ? APPLICANT_KINDS_EN[k] : APPLICANT_KINDS[k]}` })), value: v('applicant.kind', 'natural_person') })}
          {f('applicant.name', { required: true, maxLength: 100, autocomplete: 'name', hint: t('自然人填写姓名；法人或其他组织填写全称', 'Your name, or the full name of the organisation') })}
          <p class="hint">{t('自然人请填写：', 'Natural persons:')}</p>
          {f('applicant.idType', { options: [{ value: '', label: t('请选择', 'Choose') }, ...Object.keys(ID_TYPES).map((k) => ({ value: k, label: en ? ID_TYPES_EN[k as keyof typeof ID_TYPES] : ID_TYPES[k as keyof typeof ID_TYPES] }))], value: v('applicant.idType', 'resident_id') })}
          {f('applicant.idNumber', { maxLength: 40, autocomplete: 'off', hint: t('居民身份证为18位，最后一位可以是X', 'A resident ID has 18 characters; the last may be X') })}
          <p class="hint">{t('法人或其他组织请填写：', 'Organisations:')}</p>
          {f('applicant.creditCode', { maxLength: 18, autocomplete: 'off' })}
          {f('applicant.contactName', { maxLength: 50 })}
        </fieldset>
        <fieldset>
          <legend>{t('联系方式（至少填写一项）', 'Contact (at least one)')}</legend>
          {f('applicant.phone', { type: 'tel', maxLength: 30, autocomplete: 'tel', inputMode: 'tel' })}
          {f('applicant.email', { type: 'email', maxLength: 200, autocomplete: 'email' })}
          {f('applicant.address', { maxLength: 200, autocomplete: 'street-address' })}
          {f('applicant.postcode', { maxLength: 6, inputMode: 'numeric', autocomplete: 'postal-code' })}
        </fieldset>
        <fieldset>
          <legend>{t('所需信息（条例第二十九条第二款第二项）', 'The information (Art. 29)')}</legend>
          {f('title', { maxLength: 200, value: v('title', p.q) })}
          {f('documentNumber', { maxLength: 100, hint: t('例如：甘政发〔2020〕1号', 'e.g. 甘政发〔2020〕1号') })}
          {f('description', { required: true, multiline: true, maxLength: 5000, hint: t('写明信息的名称、文号或者便于查询的其他特征性描述', 'Name, number or other features that help find it') })}
        </fieldset>
        <Radios req={req} name="format" legend={labels.format} value={v('format', 'electronic')} errors={p.errors}
          options={Object.keys(FORMATS).map((k) => ({ value: k, label: en ? FORMATS_EN[k as keyof typeof FORMATS] : FORMATS[k as keyof typeof FORMATS] }))} />
        <Radios req={req} name="delivery" legend={labels.delivery} value={v('delivery', 'online')} errors={p.errors}
          options={Object.keys(DELIVERIES).map((k) => ({ value: k, label: en ? DELIVERIES_EN[k as keyof typeof DELIVERIES] : DELIVERIES[k as keyof typeof DELIVERIES] }))} />
        <div class="field">
          <label for="f-attachments">{labels.attachments}</label>
          <span class="hint" id="f-attachments-hint">{t('可选。PDF、JPG、PNG、DOC、DOCX 或 OFD，最多5个', 'Optional. PDF, JPG, PNG, DOC, DOCX or OFD, at most 5')}</span>
          {p.errors?.attachments ? <span class="field-error">{p.errors.attachments}</span> : null}
          <input id="f-attachments" type="file" name="attachments" multiple accept=".pdf,.jpg,.jpeg,.png,.doc,.docx,.ofd" aria-describedby="f-attachments-hint" />
        </div>
        <p class="hint">{t('您的证件号码、电话和地址加密保存，仅用于办理本申请。', 'Your ID number, phone and address are stored encrypted and used only for this application.')}</p>
        <button type="submit">{t('提交申请', 'Submit application')}</button>
      </form>
    </Layout>
  );
}

/** The page shown after a successful submission. */
export function SubmittedPage(p: { req: FastifyRequest; agency: Agency; trackingCode: string; dueOn: string }) {
  const t = translator(p.req.lang);
  return (
    <Layout req={p.req} title={t('申请已提交', 'Application submitted')} nav={agencyNav(p.agency.code, p.req.lang)}>
      <h1>{t('申请已提交', 'Application submitted')}</h1>
      <div class="notice ok" role="status">
        <p>{t('查询码：', 'Tracking code: ')}<strong class="tracking-code">{p.trackingCode}</strong></p>
        <p>{t('答复期限：', 'Reply due by: ')}<strong>{p.dueOn}</strong></p>
      </div>
      <p>{t('请记下查询码。凭查询码可以随时查询办理进度；撤回申请或提交补正时还需要您填写的联系电话或电子邮箱。', 'Keep the tracking code. Use it to follow your application; to withdraw or correct it you also need the phone or email you gave.')}</p>
      <p><a class="button" href={`/requests/${p.trackingCode}`}>{t('查看办理进度', 'Track this application')}</a></p>
    </Layout>
  );
}

/**
 * The public tracking page `/requests/{trackingCode}` (design.md §5.4): status, dates, due date, the public steps and
 * the reply; never personal data. The applicant withdraws or sends a correction here after proving who they are
 * with the phone or email given in the application. `/requests` is the lookup by tracking code plus phone.
 */
import type { FastifyRequest } from 'fastify';
import { translator } from '../../platform/i18n/i18n.ts';
import { PUBLIC_STATUSES, PUBLIC_STATUSES_EN } from '../../requests/request.ts';
import type { PublicRequestView } from '../../requests/request-views.ts';
import { ErrorSummary, Field, type FieldErrors } from '../admin/form-fields.tsx';
import { Layout } from '../shared/layout.tsx';

const WITHDRAWABLE = ['received', 'correction_requested', 'in_progress', 'consulting', 'extended'];

/** The tracking page. */
export function TrackingPage(p: { req: FastifyRequest; view: PublicRequestView; errors?: FieldErrors; form?: 'withdraw' | 'correction'; done?: string }) {
  const { req, view } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const status = en ? PUBLIC_STATUSES_EN[view.status] : PUBLIC_STATUSES[view.status];
  const action = `/requests/${view.trackingCode}`;
  const errs = (form: string) => (p.form === form ? p.errors : undefined);
  return (
    <Layout req={req} title={t('申请办理进度', 'Application status')}>
      <h1>{t('政府信息公开申请办理进度', 'Status of your application')}</h1>
      {p.done ? <p class="notice ok" role="status">{p.done}</p> : null}
      <dl class="meta">
        <dt>{t('查询码', 'Tracking code')}</dt><dd class="tracking-code">{view.trackingCode}</dd>
        <dt>{t('受理机关', 'Agency')}</dt><dd><a href={`/agencies/${view.agencyCode}`}>{view.agencyName}</a></dd>
        <dt>{t('当前状态', 'Status')}</dt><dd><span class={`badge status-${view.status}`} data-status={view.status}>{status}</span></dd>
        <dt>{t('提交日期', 'Submitted')}</dt><dd>{view.submittedOn}</dd>
        <dt>{t('收到申请日期', 'Received')}</dt><dd>{view.receivedOn}</dd>
        {view.dueOn ? <><dt>{t('答复期限', 'Reply due by')}</dt><dd>{view.dueOn}{view.extended ? t('（已延期）', ' (extended)') : ''}</dd></> : null}
        {view.correctionDueOn ? <><dt>{t('补正期限', 'Correction due by')}</dt><dd>{view.correctionDueOn}</dd></> : null}
        {view.repliedOn ? <><dt>{t('答复日期', 'Replied')}</dt><dd>{view.repliedOn}</dd></> : null}
      </dl>
      {view.status === 'consulting' ? <p class="notice">{t('本机关正在征求第三方或其他机关的意见，征求意见所需时间不计算在答复期限内（条例第三十三条第三款）。', 'The agency is consulting a third party or another agency; that time does not count towards the reply period (Art. 33 ¶3).')}</p> : null}
      {view.reply ? (
        <section class="panel" aria-labelledby="reply-h">
          <h2 id="reply-h">{t('答复结果', 'Reply')}</h2>
          <p><strong>{en ? view.reply.outcomeLabelEn : view.reply.outcomeLabel}</strong></p>
          <p>{t('法律依据：', 'Legal basis: ')}{view.reply.legalBasis}</p>
          {view.reply.text ? <p class="pre-line">{view.reply.text}</p> : null}
        </section>
      ) : null}
      <h2>{t('办理过程', 'Steps')}</h2>
      <ol class="timeline">
        {view.events.map((e) => <li><time dateTime={e.on}>{e.on}</time> {en ? e.labelEn : e.label}</li>)}
      </ol>

      {view.status === 'correction_requested' ? (
        <form method="post" action={`${action}/correction`} class="stacked panel">
          <h2>{t('提交补正', 'Send your correction')}</h2>
          <p>{t('请按补正告知书的要求补充或修改申请内容。', 'Add or change what the correction notice asks for.')}</p>
          <ErrorSummary req={req} errors={errs('correction')} />
          <Field req={req} name="text" label={t('补正内容', 'Correction')} multiline required maxLength={5000} errors={errs('correction')} />
          <Field req={req} name="contact" label={t('申请时填写的联系电话或电子邮箱', 'The phone or email you gave')} required maxLength={200} autocomplete="off" errors={errs('correction')} />
          <button type="submit">{t('提交补正', 'Send correction')}</button>
        </form>
      ) : null}
      {WITHDRAWABLE.includes(view.status) ? (
        <form method="post" action={`${action}/withdraw`} class="stacked panel">
          <h2>{t('撤回申请', 'Withdraw the application')}</h2>
          <ErrorSummary req={req} errors={errs('withdraw')} />
          <Field req={req} name="contact" label={t('申请时填写的联系电话或电子邮箱', 'The phone or email you gave')} required maxLength={200} autocomplete="off" errors={errs('withdraw')} />
          <div class="field"><label class="radio"><input type="checkbox" name="confirm" value="1" required /> {t('我确认撤回本申请', 'I withdraw this application')}</label>
            {errs('withdraw')?.confirm ? <span class="field-error">{errs('withdraw')!.confirm}</span> : null}</div>
          <button type="submit" class="secondary">{t('撤回申请', 'Withdraw')}</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** The lookup form: tracking code plus phone or email. */
export function LookupPage(p: { req: FastifyRequest; errors?: FieldErrors; values?: Record<string, string> }) {
  const t = translator(p.req.lang);
  return (
    <Layout req={p.req} title={t('查询申请', 'Track an application')}>
      <h1>{t('查询政府信息公开申请', 'Track an application')}</h1>
      <form method="post" action="/requests/lookup" class="stacked panel">
        <ErrorSummary req={p.req} errors={p.errors} />
        <Field req={p.req} name="trackingCode" label={t('查询码', 'Tracking code')} required maxLength={32} value={p.values?.trackingCode} errors={p.errors} autocomplete="off" />
        <Field req={p.req} name="contact" label={t('申请时填写的联系电话或电子邮箱', 'The phone or email you gave')} required maxLength={200} errors={p.errors} autocomplete="off" />
        <button type="submit">{t('查询', 'Look up')}</button>
      </form>
    </Layout>
  );
}

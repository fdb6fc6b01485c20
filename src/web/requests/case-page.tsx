/**
 * The back-office case page: the applicant (masked unless the assigned handler unmasked with a reason), the
 * application, the clocks with their step-by-step explanation (src/calendar traces), the draft reply under review,
 * letters, attachments, the timeline, and the action forms.
 */
import type { FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { traceText } from '../../calendar/trace.ts';
import type { ClockResult } from '../../calendar/clock-engine.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { CaseDetail } from '../../requests/case-service.ts';
import { formatYuan } from '../../requests/fees.ts';
import { letterHtml } from '../../requests/letter-render.ts';
import { LETTER_KINDS, LETTER_KINDS_EN } from '../../requests/letters.ts';
import { OUTCOMES, citeBases } from '../../requests/outcomes.ts';
import {
  APPLICANT_KINDS, APPLICANT_KINDS_EN, CHANNELS, CHANNELS_EN, DELIVERIES, DELIVERIES_EN, EVENT_TYPES, FORMATS, FORMATS_EN, ID_TYPES, ID_TYPES_EN,
  PUBLIC_STATUSES, PUBLIC_STATUSES_EN, STATES, STATES_EN, publicStatusOf, type ApplicantKind, type IdType,
} from '../../requests/request.ts';
import type { ApplicantView } from '../../requests/request-views.ts';
import { AdminLayout } from '../admin/admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../admin/form-fields.tsx';
import { CaseActions } from './case-actions.tsx';

function Clock(p: { req: FastifyRequest; title: string; clock: ClockResult; open?: boolean }) {
  const en = p.req.lang === 'en';
  return (
    <details class="clock" open={p.open}>
      <summary><strong>{p.title}</strong>：{p.clock.dueOn}</summary>
      <ol class="trace">{p.clock.trace.map((e) => <li><time dateTime={e.date}>{e.date}</time> {en ? traceText(e, 'en') : e.text}</li>)}</ol>
    </details>
  );
}

function Applicant(p: { req: FastifyRequest; a: ApplicantView }) {
  const t = translator(p.req.lang);
  const en = p.req.lang === 'en';
  const rows: [string, string | null][] = [
    [t('类型', 'Type'), en ? APPLICANT_KINDS_EN[p.a.kind as ApplicantKind] : APPLICANT_KINDS[p.a.kind as ApplicantKind]],
    [t('姓名或名称', 'Name'), p.a.name],
    [t('证件', 'Document'), p.a.idType ? `${(en ? ID_TYPES_EN : ID_TYPES)[p.a.idType as IdType] ?? p.a.idType} ${p.a.idNumber ?? ''}` : null],
    [t('统一社会信用代码', 'Credit code'), p.a.creditCode],
    [t('联系人', 'Contact person'), p.a.contactName],
    [t('电话', 'Phone'), p.a.phone],
    [t('电子邮箱', 'Email'), p.a.email],
    [t('通信地址', 'Address'), p.a.address ? `${p.a.address}${p.a.postcode ? ` ${p.a.postcode}` : ''}` : null],
  ];
  return <dl class={`meta applicant${p.a.masked ? ' masked' : ' unmasked'}`}>{rows.filter(([, v]) => v).map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl>;
}

/** Props of the case page. */
export interface CasePageProps {
  req: FastifyRequest;
  d: CaseDetail;
  agencies: Agency[];
  handlers: { userId: string; displayName: string }[];
  /** The applicant in full after an audited unmask. */
  unmasked?: ApplicantView;
  errors?: FieldErrors;
  failed?: string;
  notice?: string;
}

/** The case page. */
export function CasePage(p: CasePageProps) {
  const { req, d } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const r = d.request;
  const left = d.workdaysLeft;
  const concluded = ['replied', 'closed', 'withdrawn', 'abandoned'].includes(r.state);
  const handlerName = p.handlers.find((h) => h.userId === r.assigneeUserId)?.displayName;
  return (
    <AdminLayout req={req} title={`${t('申请', 'Application')} ${r.trackingCode}`} breadcrumbs={[{ href: '/admin/requests', label: t('依申请公开', 'Requests') }]}>
      <h1>{r.title || t('政府信息公开申请', 'Application')} <span class="badge" data-state={r.state}>{en ? STATES_EN[r.state] : STATES[r.state]}</span></h1>
      {p.notice ? <p class="notice ok" role="status">{p.notice}</p> : null}
      {r.isDemo ? <p class="notice warn">{t('演示数据', 'Demo data')}</p> : null}
      <dl class="meta">
        <dt>{t('查询码', 'Tracking code')}</dt><dd>{r.trackingCode}</dd>
        <dt>{t('受理机关', 'Agency')}</dt><dd>{d.agency.name}</dd>
        <dt>{t('公开状态', 'Public status')}</dt><dd>{(en ? PUBLIC_STATUSES_EN : PUBLIC_STATUSES)[publicStatusOf(r.state, Boolean(r.extensionWorkdays))]}</dd>
        <dt>{t('收到方式', 'Channel')}</dt><dd>{en ? CHANNELS_EN[r.channel] : CHANNELS[r.channel]}</dd>
        <dt>{t('收到申请日期', 'Received')}</dt><dd>{r.receivedOn}</dd>
        <dt>{t('答复期限', 'Reply due')}</dt><dd>{r.dueOn ?? t('待补正', 'waiting for correction')}{left !== null && !concluded ? (
          <span class={`badge ${left < 0 ? 'bad' : left <= 5 ? 'warn' : 'ok'}`}>{left < 0 ? t(`已逾期${-left}个工作日`, `${-left} working days overdue`) : t(`剩余${left}个工作日`, `${left} working days left`)}</span>) : null}</dd>
        <dt>{t('承办人', 'Handler')}</dt><dd>{handlerName ?? (r.assigneeUserId ? r.assigneeUserId : t('未指定', 'unassigned'))}</dd>
        {r.outcome ? <><dt>{t('处理结果', 'Outcome')}</dt><dd>{en ? OUTCOMES[r.outcome].labelEn : OUTCOMES[r.outcome].label}（{citeBases(r.outcomeBases, en ? 'en' : 'zh')}）</dd></> : null}
        {r.feeFen ? <><dt>{t('信息处理费', 'Fee')}</dt><dd>{formatYuan(r.feeFen)}{r.feePaidOn ? t(`（${r.feePaidOn}已缴）`, ` (paid ${r.feePaidOn})`) : t(`（缴费期限${r.feeDueOn}）`, ` (due ${r.feeDueOn})`)}</dd></> : null}
      </dl>

      <section class="panel" aria-labelledby="applicant-h">
        <h2 id="applicant-h">{t('申请人', 'Applicant')}</h2>
        <Applicant req={req} a={p.unmasked ?? d.applicant} />
        {p.unmasked ? <p class="notice warn">{t('已显示完整个人信息，本次查看已记入审计日志。', 'Shown in full; this view is in the audit log.')}</p> : d.canUnmask ? (
          <form method="post" action={`/admin/requests/${r.id}/unmask`} class="stacked">
            <ErrorSummary req={req} errors={p.failed === 'unmask' ? p.errors : undefined} />
            <CsrfField req={req} />
            <Field req={req} name="reason" label={t('查看完整个人信息的理由（记入审计日志）', 'Reason to see the full data (audited)')} required maxLength={500} errors={p.failed === 'unmask' ? p.errors : undefined} />
            <button type="submit" class="secondary">{t('查看完整信息', 'Show in full')}</button>
          </form>
        ) : <p class="hint">{t('个人信息已脱敏显示；仅本案承办人可以查看完整信息。', 'Personal data is masked; only the assigned handler can see it in full.')}</p>}
      </section>

      <section class="panel" aria-labelledby="req-h">
        <h2 id="req-h">{t('申请内容', 'The application')}</h2>
        <dl class="meta">
          {r.documentNumber ? <><dt>{t('文号', 'Document number')}</dt><dd>{r.documentNumber}</dd></> : null}
          <dt>{t('信息的形式', 'Form')}</dt><dd>{en ? FORMATS_EN[r.format] : FORMATS[r.format]}</dd>
          <dt>{t('获取方式', 'Delivery')}</dt><dd>{en ? DELIVERIES_EN[r.delivery] : DELIVERIES[r.delivery]}</dd>
        </dl>
        <p class="pre-line">{r.description}</p>
        {d.attachments.length ? <ul>{d.attachments.map((a) => <li><a href={`/admin/requests/${r.id}/attachments/${a.fileId}`}>{a.name}</a> ({Math.ceil(a.size / 1024)} KB)</li>)}</ul> : null}
      </section>

      <section class="panel" aria-labelledby="clocks-h">
        <h2 id="clocks-h">{t('期限及计算过程', 'Deadlines and how they were computed')}</h2>
        {d.clocks.reply ? <Clock req={req} title={t('答复期限（条例第三十三条）', 'Reply (Art. 33)')} clock={d.clocks.reply} open /> : <p>{t('等待补正：答复期限自收到补正后的申请之日起计算（条例第三十条）。', 'Waiting for the correction: the reply period starts when it arrives (Art. 30).')}</p>}
        {r.state === 'registered' || r.correctionRequestedOn ? <Clock req={req} title={t('补正告知期限（条例第三十条）', 'Correction notice (Art. 30)')} clock={d.clocks.correctionNotice} /> : null}
        {d.clocks.consultations.map((c) => <Clock req={req} title={`${c.consultation.party === 'third_party' ? t('第三方答复期限（第三十二条）', 'Third party answer (Art. 32)') : t('被征求意见机关答复期限（第三十四条）', 'Consulted agency answer (Art. 34)')}：${c.consultation.partyName}${c.consultation.answeredOn ? t(`（${c.consultation.answeredOn}已答复）`, ` (answered ${c.consultation.answeredOn})`) : ''}`} clock={c.clock} />)}
        {d.clocks.fee ? <Clock req={req} title={t('缴费期限', 'Fee payment')} clock={d.clocks.fee} /> : null}
      </section>

      {d.draftReply ? (
        <section class="panel" aria-labelledby="draft-h">
          <h2 id="draft-h">{t('答复书（审核稿）', 'Reply letter (draft for review)')}</h2>
          <div class="letter-preview" dangerouslySetInnerHTML={{ __html: letterHtml(d.draftReply) }} />
        </section>
      ) : null}

      <CaseActions req={req} d={d} agencies={p.agencies} errors={p.errors} failed={p.failed} handlers={p.handlers} />

      <section class="panel" aria-labelledby="letters-h">
        <h2 id="letters-h">{t('文书', 'Letters')}</h2>
        {d.letters.length ? (
          <div class="table-scroll" tabIndex={0}><table>
            <thead><tr><th scope="col">{t('文书', 'Letter')}</th><th scope="col">{t('文号', 'Number')}</th><th scope="col">{t('日期', 'Date')}</th><th scope="col">{t('下载', 'Download')}</th></tr></thead>
            <tbody>{d.letters.map((l) => <tr>
              <td>{en ? LETTER_KINDS_EN[l.kind as keyof typeof LETTER_KINDS] : LETTER_KINDS[l.kind as keyof typeof LETTER_KINDS]}</td><td>{l.documentNumber}</td><td>{l.issuedOn}</td>
              <td><a href={`/admin/requests/${r.id}/letters/${l.id}`}>{t('打印版', 'Print')}</a> · <a href={`/admin/requests/${r.id}/letters/${l.id}/docx`}>DOCX</a></td>
            </tr>)}</tbody>
          </table></div>
        ) : <p>{t('暂无文书。', 'No letters yet.')}</p>}
        {concluded && d.canExportDossier ? <p><a class="button secondary" href={`/admin/requests/${r.id}/dossier`}>{t('导出归档材料（ZIP）', 'Export dossier (ZIP)')}</a></p> : null}
      </section>

      <section class="panel" aria-labelledby="events-h">
        <h2 id="events-h">{t('办理过程', 'Timeline')}</h2>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('时间', 'When')}</th><th scope="col">{t('事项', 'Step')}</th><th scope="col">{t('操作人', 'By')}</th></tr></thead>
          <tbody>{d.events.map((e) => <tr><td><time dateTime={e.at}>{e.on}</time></td><td>{en ? EVENT_TYPES[e.type]?.en ?? e.type : EVENT_TYPES[e.type]?.zh ?? e.type}</td><td>{e.actorLabel}</td></tr>)}</tbody>
        </table></div>
      </section>
    </AdminLayout>
  );
}

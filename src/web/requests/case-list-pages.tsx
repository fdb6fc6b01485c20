/** Back-office list pages of requests: the case list (filters, overdue / due soon), staff registration, table 三. */
import type { FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { OUTCOMES, type Outcome } from '../../requests/outcomes.ts';
import {
  APPLICANT_KINDS, APPLICANT_KINDS_EN, APPLICANT_KIND_LIST, CHANNELS, CHANNELS_EN, DELIVERIES, DELIVERIES_EN, FORMATS, FORMATS_EN, ID_TYPES, ID_TYPES_EN, STATES, STATES_EN,
  type Delivery, type IdType, type InfoFormat, type RequestState,
} from '../../requests/request.ts';
import type { InfoRequest } from '../../requests/request-views.ts';
import type { RequestTable } from '../../requests/request-stats.ts';
import { AdminLayout } from '../admin/admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../admin/form-fields.tsx';

/** The case list. */
export function CaseListPage(p: { req: FastifyRequest; rows: InfoRequest[]; total: number; page: number; pageSize: number; filter: Record<string, unknown>; today: string; agencies: Agency[]; canRegister: boolean }) {
  const { req } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const f = p.filter as { agency?: string; state?: string; due?: string; q?: string; mine?: string };
  const qs = (over: Record<string, string | undefined>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries({ agency: f.agency, state: f.state, due: f.due, q: f.q, mine: f.mine, ...over })) if (v) u.set(k, v);
    return `/admin/requests?${u}`;
  };
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  return (
    <AdminLayout req={req} title={t('依申请公开', 'Requests')}>
      <h1>{t('政府信息公开申请', 'Applications for information')}</h1>
      <p>
        <a href={qs({ due: 'overdue', page: undefined })} class="button secondary">{t('已逾期', 'Overdue')}</a>{' '}
        <a href={qs({ due: 'soon', page: undefined })} class="button secondary">{t('5个工作日内到期', 'Due within 5 working days')}</a>{' '}
        <a href="/admin/requests?mine=1" class="button secondary">{t('我承办的', 'Mine')}</a>{' '}
        {p.canRegister ? <a href="/admin/requests/new" class="button">{t('登记申请', 'Register an application')}</a> : null}{' '}
        <a href="/admin/requests/statistics">{t('年报表三统计', 'Table 三 statistics')}</a>
      </p>
      <form method="get" action="/admin/requests" class="filters">
        <label for="fl-agency">{t('机关', 'Agency')}</label>
        <select id="fl-agency" name="agency"><option value="">{t('全部', 'All')}</option>{p.agencies.map((a) => <option value={a.code} selected={f.agency === a.code}>{a.name}</option>)}</select>
        <label for="fl-state">{t('状态', 'State')}</label>
        <select id="fl-state" name="state"><option value="">{t('全部', 'All')}</option>{(Object.keys(STATES) as RequestState[]).map((s) => <option value={s} selected={f.state === s}>{en ? STATES_EN[s] : STATES[s]}</option>)}</select>
        <label for="fl-q">{t('查询码或关键词', 'Code or words')}</label>
        <input id="fl-q" name="q" value={f.q ?? ''} maxLength={100} />
        {f.due ? <input type="hidden" name="due" value={f.due} /> : null}
        <button type="submit">{t('筛选', 'Filter')}</button>
      </form>
      <p>{t(`共 ${p.total} 件`, `${p.total} cases`)}{f.due === 'overdue' ? t('（已逾期）', ' (overdue)') : f.due === 'soon' ? t('（即将到期）', ' (due soon)') : ''}</p>
      <div class="table-scroll" tabIndex={0}><table>
        <thead><tr>
          <th scope="col">{t('查询码', 'Code')}</th><th scope="col">{t('申请事项', 'Subject')}</th><th scope="col">{t('申请人类型', 'Applicant')}</th>
          <th scope="col">{t('收到日期', 'Received')}</th><th scope="col">{t('答复期限', 'Due')}</th><th scope="col">{t('状态', 'State')}</th>
        </tr></thead>
        <tbody>{p.rows.map((r) => <tr>
          <td><a href={`/admin/requests/${r.id}`}>{r.trackingCode}</a></td>
          <td>{r.title || r.description.slice(0, 40)}</td>
          <td>{en ? APPLICANT_KINDS_EN[r.applicantKind] : APPLICANT_KINDS[r.applicantKind]}</td>
          <td>{r.receivedOn}</td>
          <td>{r.dueOn ?? '—'}{r.dueOn && r.dueOn < p.today && !['replied', 'closed', 'withdrawn', 'abandoned', 'consulting', 'correction_requested'].includes(r.state) ? <span class="badge bad">{t('逾期', 'overdue')}</span> : null}</td>
          <td>{en ? STATES_EN[r.state] : STATES[r.state]}</td>
        </tr>)}</tbody>
      </table></div>
      <nav class="pager" aria-label={t('分页', 'Pages')}>
        {p.page > 1 ? <a href={qs({ page: String(p.page - 1) })}>{t('上一页', 'Previous')}</a> : null}
        <span>{p.page} / {pages}</span>
        {p.page < pages ? <a href={qs({ page: String(p.page + 1) })}>{t('下一页', 'Next')}</a> : null}
      </nav>
    </AdminLayout>
  );
}

/** The staff registration form (Arts. 29, 31). */
export function RegisterPage(p: { req: FastifyRequest; agencies: Agency[]; values: Record<string, string>; errors?: FieldErrors; today: string }) {
  const { req } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const v = (k: string, d = '') => p.values[k] ?? d;
  const f = (name: string, label: string, extra: Record<string, unknown> = {}) => <Field req={req} name={name} label={label} value={v(name)} errors={p.errors} {...extra} />;
  return (
    <AdminLayout req={req} title={t('登记申请', 'Register an application')} breadcrumbs={[{ href: '/admin/requests', label: t('依申请公开', 'Requests') }]}>
      <h1>{t('登记政府信息公开申请', 'Register an application')}</h1>
      <p>{t('收到申请的日期按条例第三十一条确定：当面提交以提交之日，邮寄以签收之日，平常信函以确认之日，互联网渠道和传真以双方确认之日。', 'The receipt date follows Art. 31: in person the day submitted; by post the day signed for; ordinary letters the day confirmed; online and fax the day both sides confirmed.')}</p>
      <form method="post" action="/admin/requests" enctype="multipart/form-data" class="stacked panel">
        <ErrorSummary req={req} errors={p.errors} />
        <CsrfField req={req} />
        {f('agency', t('受理机关', 'Agency'), { options: p.agencies.map((a) => ({ value: a.code, label: a.name })) })}
        {f('channel', t('收到方式', 'Channel'), { options: Object.keys(CHANNELS).filter((c) => c !== 'online').map((c) => ({ value: c, label: en ? CHANNELS_EN[c as keyof typeof CHANNELS] : CHANNELS[c as keyof typeof CHANNELS] })) })}
        {f('submittedOn', t('提交（寄出）日期', 'Submitted (sent) on'), { type: 'date', value: v('submittedOn', p.today) })}
        {f('signedOn', t('签收日期（邮寄）', 'Signed for on (post)'), { type: 'date' })}
        {f('confirmedOn', t('确认日期（平常信函、传真、互联网）', 'Confirmed on (letter, fax, online)'), { type: 'date' })}
        {f('applicant.kind', t('申请人类型', 'Applicant type'), { options: APPLICANT_KIND_LIST.map((k) => ({ value: k, label: en ? APPLICANT_KINDS_EN[k] : APPLICANT_KINDS[k] })) })}
        {f('applicant.name', t('姓名或名称', 'Name'), { required: true, maxLength: 100 })}
        {f('applicant.idType', t('证件类型', 'Document type'), { options: [{ value: '', label: '—' }, ...Object.entries(ID_TYPES).map(([k, l]) => ({ value: k, label: en ? ID_TYPES_EN[k as IdType] : l }))], value: v('applicant.idType', 'resident_id') })}
        {f('applicant.idNumber', t('证件号码', 'Document number'), { maxLength: 40, autocomplete: 'off' })}
        {f('applicant.creditCode', t('统一社会信用代码', 'Credit code'), { maxLength: 18 })}
        {f('applicant.contactName', t('联系人', 'Contact person'), { maxLength: 50 })}
        {f('applicant.phone', t('联系电话', 'Phone'), { type: 'tel', maxLength: 30 })}
        {f('applicant.email', t('电子邮箱', 'Email'), { type: 'email', maxLength: 200 })}
        {f('applicant.address', t('通信地址', 'Address'), { maxLength: 200 })}
        {f('title', t('所需信息的名称', 'Name of the information'), { maxLength: 200 })}
        {f('documentNumber', t('文号', 'Document number'), { maxLength: 100 })}
        {f('description', t('内容描述', 'Description'), { multiline: true, required: true, maxLength: 5000 })}
        {f('format', t('信息的形式', 'Form'), { options: Object.entries(FORMATS).map(([k, l]) => ({ value: k, label: en ? FORMATS_EN[k as InfoFormat] : l })), value: v('format', 'paper') })}
        {f('delivery', t('获取方式', 'Delivery'), { options: Object.entries(DELIVERIES).map(([k, l]) => ({ value: k, label: en ? DELIVERIES_EN[k as Delivery] : l })), value: v('delivery', 'post') })}
        <div class="field"><label for="f-attachments">{t('扫描件等附件', 'Scans and attachments')}</label><input id="f-attachments" type="file" name="attachments" multiple /></div>
        <button type="submit">{t('登记', 'Register')}</button>
      </form>
    </AdminLayout>
  );
}

const COLUMN_LABELS = (en: boolean) => [...APPLICANT_KIND_LIST.map((k) => (en ? APPLICANT_KINDS_EN[k] : APPLICANT_KINDS[k])), en ? 'Total' : '总计'];
const ROW_LABELS: Record<string, [string, string]> = {
  new: ['一、本年新收政府信息公开申请数量', 'New applications'],
  carried_over: ['二、上年结转政府信息公开申请数量', 'Carried over'],
  other: ['（六）其他处理', 'Other handling'],
  total: ['（七）总计', 'Total results'],
  carried_forward: ['四、结转下年度继续办理', 'Carried forward'],
};

/** Table 三 computed from the cases; each number links to the cases behind it. */
export function StatisticsPage(p: { req: FastifyRequest; agencies: Agency[]; agency?: Agency; year: number; table?: RequestTable }) {
  const { req } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const label = (k: string) => (ROW_LABELS[k] ? ROW_LABELS[k][en ? 1 : 0] : en ? OUTCOMES[k as Outcome].labelEn : OUTCOMES[k as Outcome].label);
  const cols = [...APPLICANT_KIND_LIST, 'total'];
  return (
    <AdminLayout req={req} title={t('年报表三统计', 'Table 三 statistics')} breadcrumbs={[{ href: '/admin/requests', label: t('依申请公开', 'Requests') }]}>
      <h1>{t('收到和处理政府信息公开申请情况', 'Applications received and handled')}</h1>
      <form method="get" action="/admin/requests/statistics" class="filters">
        <label for="st-agency">{t('机关', 'Agency')}</label>
        <select id="st-agency" name="agency">{p.agencies.map((a) => <option value={a.code} selected={p.agency?.id === a.id}>{a.name}</option>)}</select>
        <label for="st-year">{t('年度', 'Year')}</label>
        <input id="st-year" name="year" type="number" value={String(p.year)} min={2000} max={2099} />
        <button type="submit">{t('统计', 'Count')}</button>
      </form>
      {p.table && p.agency ? (
        <div class="table-scroll" tabIndex={0}><table class="table3">
          <caption>{p.agency.name} {p.year}{t(`年（${p.table.template}年版格式）`, ` (${p.table.template} template)`)}</caption>
          <thead><tr><th scope="col">{t('项目', 'Row')}</th>{COLUMN_LABELS(en).map((c) => <th scope="col">{c}</th>)}</tr></thead>
          <tbody>{Object.entries(p.table.rows).map(([key, cells]) => <tr>
            <th scope="row">{label(key)}</th>
            {cells.map((n, i) => <td>{n > 0 ? <a href={`/admin/requests/statistics/cases?agency=${p.agency!.code}&year=${p.year}&row=${key}&col=${cols[i]}`}>{n}</a> : '0'}</td>)}
          </tr>)}</tbody>
        </table></div>
      ) : null}
    </AdminLayout>
  );
}

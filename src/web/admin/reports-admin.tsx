/**
 * Back office of the annual reports (issue 6): the overview of every agency's report for a year (a supervising office
 * sees its whole subtree, with the Art. 49 countdown), one agency-year (tables from the records with findings that
 * name the rule, cell and numbers and link to the records; narrative editing; yearly statistics; submit with
 * explanations; approve or return; publish into the catalogue; roll-up for governments), the records behind a cell,
 * the comparison of two years, and the upload page that checks a published report.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { hasPermission, type Permission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { caseIdsBehindCell } from '../../requests/request-stats.ts';
import { renderComparisonHtml } from '../../reports/render-compare.tsx';
import { ReportArticle } from '../../reports/render-html.tsx';
import { MAX_REPORT_BYTES } from '../../reports/report-decode.ts';
import { checkReportFile } from '../../reports/report-check.ts';
import { requestTrendSvg } from '../../reports/report-compare.ts';
import { TABLE3_COLUMNS } from '../../reports/report-labels.ts';
import { cellRecordsUrl } from '../../reports/report-build.ts';
import { cellLabel } from '../../reports/report-where.ts';
import {
  approveReport, currentReport, getReportView, publishReport, reportOverview, returnReport, saveNarrative, setRollUp, submitReport,
} from '../../reports/report-service.ts';
import { addStatistic, removeStatistic, statisticsOf } from '../../reports/statistic-service.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from './form-fields.tsx';
import { formValues, staffAgency } from './register-admin-parts.tsx';
import { Countdown, explanationsFrom, Findings, NarrativeForm, StateBadge, SubmitForm } from './reports-admin-parts.tsx';

function yearOf(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new NotFound('未找到该年度报告');
  return Number(text);
}

const versionOf = (v: Record<string, string>) => (/^\d+$/.test(v.version ?? '') ? Number(v.version) : undefined);

/** Registers the annual-report back office. */
export async function registerReportAdmin(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Querystring: { year?: string } }>('/admin/reports', async (req, reply) => {
    requirePrincipal(req);
    const t = translator(req.lang);
    const thisYear = Number(todayOn(ctx.clock).slice(0, 4));
    const year = /^\d{4}$/.test(req.query.year ?? '') ? Math.min(thisYear, Math.max(2019, Number(req.query.year))) : thisYear - 1;
    const rows = await reportOverview(ctx, req.principal, year);
    return sendPage(req, reply, (
      <AdminLayout req={req} title={t('年度报告', 'Annual reports')}>
        <h1>{t(`${year}年度政府信息公开工作年度报告`, `Annual reports for ${year}`)}</h1>
        <form method="get" action="/admin/reports" class="filters">
          <div class="field"><label for="fy">{t('年度', 'Year')}</label><input id="fy" name="year" value={String(year)} size={4} inputMode="numeric" /></div>
          <button type="submit">{t('查看', 'Show')}</button>
        </form>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('机构', 'Agency')}</th><th scope="col">{t('状态', 'Status')}</th><th scope="col">{t('公布期限', 'Deadline')}</th><th scope="col">{t('报送时间', 'Submitted')}</th><th scope="col">{t('违反/提示', 'Violations/warnings')}</th></tr></thead>
          <tbody>{rows.map((r) => (
            <tr>
              <th scope="row"><a href={`/admin/reports/${r.agency.code}/${year}`}>{r.agency.name}</a></th>
              <td><StateBadge req={req} state={r.state} /></td>
              <td><Countdown req={req} dueOn={r.dueOn} daysLeft={r.daysLeft} state={r.state} /></td>
              <td>{r.submittedAt?.slice(0, 10) ?? ''}</td>
              <td>{r.violations === null ? t('（报送后统计）', '(counted on submission)') : `${r.violations} / ${r.warnings}`}</td>
            </tr>
          ))}</tbody>
        </table></div>
        <p><a href="/admin/reports/check">{t('检查已发布的年度报告（上传文件）', 'Check a published report (upload)')}</a></p>
      </AdminLayout>
    ));
  });

  const reportPage = async (req: FastifyRequest, a: Agency, year: number, errors?: FieldErrors, form?: 'narrative' | 'submit' | 'return' | 'statistic', saved?: string) => {
    const t = translator(req.lang);
    const p = req.principal!;
    const [v, stats] = await Promise.all([getReportView(ctx, p, a.id, year), statisticsOf(ctx, p, a.id, year)]);
    const base = `/admin/reports/${a.code}/${year}`;
    const can = (perm: Permission) => hasPermission(p, perm, a.id);
    const editable = v.state === 'draft' || v.state === 'returned';
    const version = v.record?.version ?? null;
    return (
      <AdminLayout req={req} title={t('年度报告', 'Annual report')} breadcrumbs={[{ href: `/admin/reports?year=${year}`, label: t('年度报告', 'Annual reports') }]}>
        <h1>{a.name} · {t(`${year}年度报告`, `Annual report ${year}`)}</h1>
        {saved ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
        <dl class="meta">
          <dt>{t('状态', 'Status')}</dt><dd><StateBadge req={req} state={v.state} /></dd>
          <dt>{t('格式', 'Format')}</dt><dd>{t(`${v.report.template}年版（国办公开办函〔${v.report.template}〕${v.report.template === '2019' ? '60' : '30'}号）`, `${v.report.template} format`)}</dd>
          <dt>{t('公布期限', 'Deadline')}</dt><dd><Countdown req={req} dueOn={v.deadline.dueOn} daysLeft={v.deadline.daysLeft} state={v.state} />（{t(v.deadline.level === 'government' ? '人民政府：3月31日前' : '部门：1月31日前', v.deadline.level === 'government' ? 'governments: 31 March' : 'departments: 31 January')}，{t('条例第四十九条', 'Art. 49')}）</dd>
          {v.record?.returnComment ? <><dt>{t('退回意见', 'Returned with')}</dt><dd>{v.record.returnComment}</dd></> : null}
          {v.rolledUp ? <><dt>{t('汇总', 'Roll-up')}</dt><dd>{t('表格为本机关及所属部门数据之和', 'Tables sum this agency and the agencies under it')}</dd></> : null}
        </dl>
        <p><a href={`/admin/reports/${a.code}/compare?a=${year - 1}&b=${year}`}>{t('与上一年度对比', 'Compare with the previous year')}</a></p>
        {form === undefined || form === 'statistic' ? <ErrorSummary req={req} errors={form === 'statistic' ? errors : undefined} /> : null}
        <Findings req={req} report={v.report} findings={v.report.violations} kind="violations" />
        <Findings req={req} report={v.report} findings={v.report.warnings} kind="warnings" />

        {editable && can('reports.edit') ? <>
          <NarrativeForm req={req} action={`${base}/narrative`} narrative={v.narrative} drafted={v.drafted} version={version} errors={form === 'narrative' ? errors : undefined} />
          <section class="panel" aria-labelledby="h-stats">
            <h2 id="h-stats">{t('年度统计数据（平台无法自动统计的数字）', 'Yearly statistics (figures the platform cannot count)')}</h2>
            {stats.length ? <table>
              <thead><tr><th scope="col">{t('项目', 'Item')}</th><th scope="col">{t('数值', 'Value')}</th><th scope="col">{t('来源', 'Source')}</th><th scope="col">{t('操作', 'Action')}</th></tr></thead>
              <tbody>{stats.map((s) => <tr><td>{s.label}</td><td>{s.atLeast ? t('超过', 'over ') : ''}{s.value}{s.unit}</td><td>{s.source}</td>
                <td><form method="post" action={`${base}/statistics/${s.id}/delete`}><CsrfField req={req} /><button type="submit" class="link">{t('删除', 'Delete')}</button></form></td></tr>)}</tbody>
            </table> : <p>{t('尚未录入。', 'None entered.')}</p>}
            <form method="post" action={`${base}/statistics`} class="stacked" novalidate>
              <CsrfField req={req} />
              <Field req={req} name="label" label={t('统计项目', 'Item')} errors={form === 'statistic' ? errors : undefined} maxLength={60} hint={t('如：政务微信公众号粉丝、网上办事大厅访问量', 'e.g. WeChat followers')} />
              <Field req={req} name="value" label={t('数值', 'Value')} errors={form === 'statistic' ? errors : undefined} inputMode="numeric" maxLength={13} />
              <Field req={req} name="unit" label={t('单位', 'Unit')} errors={form === 'statistic' ? errors : undefined} maxLength={10} />
              <Field req={req} name="source" label={t('数据来源', 'Source')} errors={form === 'statistic' ? errors : undefined} maxLength={100} />
              <div class="field"><label><input type="checkbox" name="atLeast" /> {t('下限（“超过”）', 'Lower bound (“over”)')}</label></div>
              <button type="submit">{t('添加', 'Add')}</button>
            </form>
          </section>
          {v.agency.kind === 'government' ? (
            <form method="post" action={`${base}/rollup`} class="panel">
              <CsrfField req={req} />
              <input type="hidden" name="rolledUp" value={v.rolledUp ? '0' : '1'} />
              <button type="submit">{v.rolledUp ? t('不再汇总所属部门', 'Stop rolling up') : t('汇总所属部门数据（本级政府报告）', 'Roll up the departments (government report)')}</button>
            </form>
          ) : null}
          <SubmitForm req={req} action={`${base}/submit`} report={v.report} explanations={v.record?.explanations ?? {}} version={version} errors={form === 'submit' ? errors : undefined} />
        </> : null}

        {v.state === 'submitted' && can('reports.approve') ? (
          <section class="panel" aria-labelledby="h-decide">
            <h2 id="h-decide">{t('主管部门审核', 'Supervising office decision')}</h2>
            {Object.keys(v.record?.explanations ?? {}).length ? <ul>{Object.entries(v.record!.explanations).map(([k, x]) => <li><strong>{k}</strong>：{x}</li>)}</ul> : null}
            <form method="post" action={`${base}/approve`}><CsrfField req={req} /><input type="hidden" name="version" value={String(version)} /><button type="submit">{t('审核通过', 'Approve')}</button></form>
            <form method="post" action={`${base}/return`} class="stacked" novalidate>
              <CsrfField req={req} /><input type="hidden" name="version" value={String(version)} />
              <Field req={req} name="comment" label={t('退回意见', 'Comments')} multiline maxLength={2000} errors={form === 'return' ? errors : undefined} />
              <button type="submit">{t('退回修改', 'Return')}</button>
            </form>
          </section>
        ) : null}

        {v.state === 'approved' && can('reports.edit') ? (
          v.record?.publishedItemId
            ? <p class="notice">{t('已提交发布，等待审核人在“政府信息”中完成保密审查并发布。', 'Sent for publication: a reviewer publishes it in the catalogue after the confidentiality review.')} <a href={`/admin/catalogue/${v.record.publishedItemId}`}>{t('查看信息', 'Open the item')}</a></p>
            : <form method="post" action={`${base}/publish`} class="panel"><CsrfField req={req} /><input type="hidden" name="version" value={String(version)} />
              <p>{t('发布后，年度报告作为“年度报告”类政府信息进入目录，经保密审查后在门户网站、搜索和订阅中公开。', 'The report becomes an item of the catalogue (年度报告) and is published after the confidentiality review.')}</p>
              <button type="submit">{t('发布到政府信息公开目录', 'Publish into the catalogue')}</button></form>
        ) : null}

        {can('requests.read') ? ( // the case lists behind table 三 need the requests read permission (the route checks it too)
          <section class="panel" aria-labelledby="h-cells">
            <h2 id="h-cells">{t('表三各行对应的申请记录', 'Cases behind the rows of table 3')}</h2>
            <ul class="inline-list">
              {Object.entries(v.report.table3.rows).filter(([, cells]) => (cells[6] ?? 0) > 0).map(([row, cells]) => (
                <li><a href={cellRecordsUrl(a.code, year, `table3.${row}.total`)}>{cellLabel(v.report.template, `table3.${row}`)}（{cells[6]}）</a></li>
              ))}
            </ul>
          </section>
        ) : null}

        <section class="panel" aria-labelledby="h-preview">
          <h2 id="h-preview">{t('预览', 'Preview')}</h2>
          <ReportArticle report={v.report} sections={v.narrative} />
        </section>
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string; year: string }; Querystring: { saved?: string } }>('/admin/reports/:code/:year', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    return sendPage(req, reply, await reportPage(req, a, yearOf(req.params.year), undefined, undefined, req.query.saved));
  });

  type Step = (a: Agency, year: number, v: Record<string, string>, req: FastifyRequest) => Promise<unknown>;
  const post = (path: string, permission: Permission, form: 'narrative' | 'submit' | 'return' | 'statistic' | undefined, step: Step) =>
    app.post<{ Params: { code: string; year: string } }>(`/admin/reports/:code/:year/${path}`, async (req, reply) => {
      assertCsrf(req);
      const a = await staffAgency(ctx, req, req.params.code, permission);
      const year = yearOf(req.params.year);
      try {
        await step(a, year, formValues(req.body), req);
        return reply.redirect(`/admin/reports/${a.code}/${year}?saved=1`, 303);
      } catch (err) {
        return sendPage(req, reply, await reportPage(req, a, year, fieldErrorsOf(err), form), 422);
      }
    });

  post('narrative', 'reports.edit', 'narrative', (a, y, v, req) => saveNarrative(ctx, req.principal, a.id, y, v, { version: versionOf(v), ip: req.ip }));
  post('submit', 'reports.edit', 'submit', (a, y, v, req) => submitReport(ctx, req.principal, a.id, y, explanationsFrom(v), { version: versionOf(v), ip: req.ip }));
  post('approve', 'reports.approve', undefined, (a, y, v, req) => approveReport(ctx, req.principal, a.id, y, { version: versionOf(v), ip: req.ip }));
  post('return', 'reports.approve', 'return', (a, y, v, req) => returnReport(ctx, req.principal, a.id, y, v.comment ?? '', { version: versionOf(v), ip: req.ip }));
  post('publish', 'reports.edit', undefined, (a, y, v, req) => publishReport(ctx, req.principal, a.id, y, { version: versionOf(v), ip: req.ip }));
  post('rollup', 'reports.edit', undefined, (a, y, v, req) => setRollUp(ctx, req.principal, a.id, y, v.rolledUp === '1', { ip: req.ip }));
  post('statistics', 'reports.edit', 'statistic', (a, y, v, req) => addStatistic(ctx, req.principal, a.id, y, v, req.ip));
  app.post<{ Params: { code: string; year: string; id: string } }>('/admin/reports/:code/:year/statistics/:id/delete', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'reports.edit');
    const year = yearOf(req.params.year);
    await removeStatistic(ctx, req.principal, a.id, req.params.id, req.ip);
    return reply.redirect(`/admin/reports/${a.code}/${year}?saved=1`, 303);
  });

  app.get<{ Params: { code: string; year: string; where: string } }>('/admin/reports/:code/:year/cells/:where', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    const year = yearOf(req.params.year);
    const t = translator(req.lang);
    const where = req.params.where;
    const { report } = await currentReport(ctx, a.id, year);
    const label = cellLabel(report.template, where);
    const [table, row, column] = where.split('.');
    let body;
    if (table === 'table3' && row) {
      if (!hasPermission(req.principal!, 'requests.read', a.id)) throw new Forbidden('查看申请记录需要依申请公开的查阅权限');
      const ids = await caseIdsBehindCell(ctx, a.id, year, row, (TABLE3_COLUMNS as readonly string[]).includes(column ?? '') ? column : 'total', 500);
      const rows = ids.length ? await ctx.db.selectFrom('info_requests').select(['request_id', 'tracking_code', 'received_on', 'concluded_on', 'outcome', 'state'])
        .where('request_id', 'in', ids).orderBy('received_on').execute() : [];
      body = rows.length ? (
        <table><thead><tr><th scope="col">{t('查询码', 'Tracking code')}</th><th scope="col">{t('收到日期', 'Received')}</th><th scope="col">{t('办结日期', 'Concluded')}</th><th scope="col">{t('状态', 'Status')}</th></tr></thead>
          <tbody>{rows.map((r) => <tr><td><a href={`/admin/requests/${r.request_id}`}>{r.tracking_code}</a></td><td>{r.received_on}</td><td>{r.concluded_on ?? ''}</td><td>{r.outcome ?? r.state}</td></tr>)}</tbody></table>
      ) : <p>{t('该单元格没有对应的申请。', 'No cases behind this cell.')}</p>;
    } else {
      const links: Record<string, [string, string, string]> = {
        table2: [`/admin/registers/${a.code}`, '清单与公示（行政许可、处罚、强制、收费、采购）', 'Registers'],
        table4: [`/admin/registers/${a.code}`, '行政复议、行政诉讼案件登记', 'Reconsideration and litigation records'],
      };
      const catalogue: Record<string, [string, string, string]> = {
        normative_documents: [`/admin/catalogue?agency=${a.code}&category=gfxwj`, '政府信息（规范性文件）', 'Catalogue (normative documents)'],
        regulations: [`/admin/catalogue?agency=${a.code}&category=gz`, '政府信息（规章）', 'Catalogue (government rules)'],
      };
      const [href, zh, en] = (row ? catalogue[row] : undefined) ?? links[table] ?? ['/admin', '工作台', 'Dashboard'];
      body = <p>{t('该数字由以下记录统计得出：', 'This figure is counted from: ')}<a href={href}>{t(zh, en)}</a></p>;
    }
    return sendPage(req, reply, (
      <AdminLayout req={req} title={label} breadcrumbs={[{ href: `/admin/reports/${a.code}/${year}`, label: t(`${year}年度报告`, `Report ${year}`) }]}>
        <h1>{label}</h1>
        <p>{a.name} · {year}</p>
        {body}
      </AdminLayout>
    ));
  });

  app.get<{ Params: { code: string }; Querystring: { a?: string; b?: string } }>('/admin/reports/:code/compare', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    const t = translator(req.lang);
    const thisYear = Number(todayOn(ctx.clock).slice(0, 4));
    const ya = /^\d{4}$/.test(req.query.a ?? '') ? Math.max(2019, Math.min(thisYear, Number(req.query.a))) : thisYear - 2;
    const yb = /^\d{4}$/.test(req.query.b ?? '') ? Math.max(2019, Math.min(thisYear, Number(req.query.b))) : thisYear - 1;
    const [ra, rb] = await Promise.all([currentReport(ctx, a.id, ya), currentReport(ctx, a.id, yb)]);
    const years = [];
    for (let y = Math.min(ya, yb); y <= Math.max(ya, yb); y++) years.push(y);
    const trend = await Promise.all(years.map(async (y) => (await currentReport(ctx, a.id, y)).report));
    return sendPage(req, reply, (
      <AdminLayout req={req} title={t('年度对比', 'Comparison')} breadcrumbs={[{ href: `/admin/reports/${a.code}/${yb}`, label: t('年度报告', 'Annual report') }]}>
        <h1>{a.name} · {t(`${ya}年与${yb}年对比`, `${ya} compared with ${yb}`)}</h1>
        <form method="get" action={`/admin/reports/${a.code}/compare`} class="filters">
          <div class="field"><label for="fa">{t('年度', 'Year')} A</label><input id="fa" name="a" value={String(ya)} size={4} inputMode="numeric" /></div>
          <div class="field"><label for="fb">{t('年度', 'Year')} B</label><input id="fb" name="b" value={String(yb)} size={4} inputMode="numeric" /></div>
          <button type="submit">{t('对比', 'Compare')}</button>
        </form>
        {/* As an image: echarts' SVG carries style attributes, which the CSP (style-src 'self') refuses inline. */}
        <figure class="chart">
          <img src={`data:image/svg+xml;base64,${Buffer.from(requestTrendSvg(trend)).toString('base64')}`}
            alt={t(`${years[0]}—${years[years.length - 1]}年申请数量与办理结果柱状图，数字见下表`, `Requests and outcomes ${years[0]}–${years[years.length - 1]} (bar chart; the numbers are in the table below)`)} />
        </figure>
        <div class="table-scroll" tabIndex={0} dangerouslySetInnerHTML={{ __html: renderComparisonHtml(ra.report, rb.report, { onlyChanged: false, lang: req.lang }) }} />
      </AdminLayout>
    ));
  });

  const checkPage = (req: FastifyRequest, result?: Awaited<ReturnType<typeof checkReportFile>>, error?: string) => {
    const t = translator(req.lang);
    return (
      <AdminLayout req={req} title={t('检查年度报告', 'Check an annual report')} breadcrumbs={[{ href: '/admin/reports', label: t('年度报告', 'Annual reports') }]}>
        <h1>{t('检查已发布的年度报告', 'Check a published annual report')}</h1>
        <p>{t('上传纯文本、HTML、DOCX或带文字层的PDF（不超过20 MB，简体或繁体），系统读取表格并按填报规则检查。', 'Upload plain text, HTML, DOCX or PDF with a text layer (up to 20 MB); the tables are read and checked.')}</p>
        <form method="post" action="/admin/reports/check" enctype="multipart/form-data" class="panel stacked">
          <CsrfField req={req} />
          <div class="field"><label for="f-file">{t('报告文件', 'Report file')}</label>
            {error ? <span class="field-error" id="f-file-error">{error}</span> : null}
            <input id="f-file" type="file" name="file" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-file-error' : undefined} /></div>
          <button type="submit">{t('检查', 'Check')}</button>
        </form>
        {result && result.exitCode !== 2 ? <>
          <p class={`notice ${result.exitCode === 0 ? 'ok' : 'warn'}`} role="status">
            {result.report.agencyName ?? t('（未注明机关）', '(agency not stated)')}{result.report.year ?? ''} · {t(`${result.report.template}年格式`, `${result.report.template} format`)} · {t(`${result.report.violations.length}项违反，${result.report.warnings.length}项提示`, `${result.report.violations.length} violations, ${result.report.warnings.length} warnings`)}
          </p>
          <Findings req={req} report={result.report} findings={result.report.violations} kind="violations" />
          <Findings req={req} report={result.report} findings={result.report.warnings} kind="warnings" />
          <section class="panel"><h2>{t('读取的表格', 'Tables read')}</h2><ReportArticle report={result.report} sections={{}} /></section>
        </> : null}
      </AdminLayout>
    );
  };

  app.get('/admin/reports/check', async (req, reply) => {
    requirePrincipal(req);
    return sendPage(req, reply, checkPage(req));
  });

  app.post('/admin/reports/check', async (req, reply) => {
    requirePrincipal(req);
    const t = translator(req.lang);
    if (!req.isMultipart()) return sendPage(req, reply, checkPage(req, undefined, t('请选择文件', 'Choose a file')), 422);
    const file = await req.file({ limits: { fileSize: MAX_REPORT_BYTES + 1 } });
    const f = file?.fields._csrf;
    const csrf = Array.isArray(f) ? f[0] : f;
    if (!req.csrfToken || !csrf || !('value' in csrf) || csrf.value !== req.csrfToken) throw new Forbidden('表单已过期，请刷新页面后重试');
    if (!file || file.fieldname !== 'file') return sendPage(req, reply, checkPage(req, undefined, t('请选择文件', 'Choose a file')), 422);
    let data: Buffer;
    try {
      data = await file.toBuffer();
    } catch {
      return sendPage(req, reply, checkPage(req, undefined, t('文件过大，年度报告不超过20 MB', 'The file is over 20 MB')), 422);
    }
    const dir = await mkdtemp(join(tmpdir(), 'gongkai-check-'));
    try {
      const path = join(dir, 'upload');
      await writeFile(path, data);
      const result = await checkReportFile(path);
      if (result.exitCode === 2) return sendPage(req, reply, checkPage(req, undefined, result.error.message), 422);
      return sendPage(req, reply, checkPage(req, result));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

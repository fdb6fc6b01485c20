/**
 * Portal pages of the annual reports (Regulation Art. 49: reports are published): the list of an agency's published
 * reports by year, one report in the official layout, and its downloads (DOCX, XLSX, PDF, JSON, Markdown) in
 * Simplified or Traditional script (`?lang=zh-TW`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { getAgency } from '../../agencies/agency-service.ts';
import { NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { ReportArticle } from '../../reports/render-html.tsx';
import { reportTitle } from '../../reports/render-md.ts';
import { CONTENT_TYPES, renderReport, type ReportFormat } from '../../reports/report-export.ts';
import { PdfUnavailable } from '../../reports/render-pdf.ts';
import { publishedReport, syncPublication } from '../../reports/report-service.ts';
import { selectPublishedReports, selectReport, type ReportRecord } from '../../reports/report-store.ts';
import { Layout } from '../shared/layout.tsx';
import { sendCachedPage } from '../shared/page-cache-hook.ts';
import { agencyNav } from './agency-nav.ts';

const DOWNLOADS: [ReportFormat, string][] = [['docx', 'Word (DOCX)'], ['pdf', 'PDF'], ['xlsx', 'Excel (XLSX)'], ['json', 'JSON'], ['md', 'Markdown']];

function Downloads({ req, a, year }: { req: FastifyRequest; a: Agency; year: number }) {
  const t = translator(req.lang);
  const script = req.lang === 'zh-TW' ? '?lang=zh-TW' : '';
  return (
    <ul class="report-downloads" aria-label={t('下载', 'Downloads')}>
      {DOWNLOADS.map(([f, label]) => <li><a href={`/agencies/${a.code}/reports/${year}/${f}${script}`} download>{label}</a></li>)}
    </ul>
  );
}

async function published(ctx: Ctx, a: Agency): Promise<ReportRecord[]> {
  // An approved report becomes published when its catalogue item is; bring those up to date first.
  const approved = await ctx.db.selectFrom('annual_reports').select('year').where('agency_id', '=', a.id).where('state', '=', 'approved')
    .where('published_item_id', 'is not', null).execute();
  for (const r of approved) {
    const rec = await selectReport(ctx.db, a.id, Number(r.year));
    if (rec) await syncPublication(ctx, rec);
  }
  return selectPublishedReports(ctx.db, a.id);
}

/** Registers the portal pages of the annual reports. */
export async function registerReportPages(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { code: string } }>('/agencies/:code/reports', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const list = await published(ctx, a);
    const title = t('政府信息公开工作年度报告', 'Annual reports on government information disclosure');
    return sendCachedPage(req, reply, (
      <Layout req={req} title={title} nav={agencyNav(a.code, req.lang)} breadcrumbs={[{ href: `/agencies/${a.code}`, label: req.lang === 'en' && a.nameEn ? a.nameEn : a.name }]}>
        <h1>{title}</h1>
        <p>{t('依据《中华人民共和国政府信息公开条例》第四十九条，本机关于每年1月31日前（人民政府于3月31日前）公布上一年度政府信息公开工作年度报告。',
          'Under Art. 49 of the Regulation, the agency publishes its report on the previous year by 31 January (governments: 31 March).')}</p>
        {list.length ? (
          <div class="table-scroll" tabIndex={0}><table>
            <thead><tr><th scope="col">{t('年度', 'Year')}</th><th scope="col">{t('报告', 'Report')}</th><th scope="col">{t('发布日期', 'Published')}</th><th scope="col">{t('下载', 'Downloads')}</th></tr></thead>
            <tbody>{list.map((r) => (
              <tr>
                <td>{r.year}</td>
                <td><a href={`/agencies/${a.code}/reports/${r.year}`}>{r.snapshot ? reportTitle(r.snapshot) : `${a.name}${r.year}年政府信息公开工作年度报告`}</a></td>
                <td>{r.publishedOn ?? ''}</td>
                <td><Downloads req={req} a={a} year={r.year} /></td>
              </tr>
            ))}</tbody>
          </table></div>
        ) : <p class="empty">{t('尚未在本平台发布年度报告。', 'No annual report has been published on this platform yet.')}</p>}
        <p><a href={`/agencies/${a.code}/catalogue?category=ndbg`}>{t('在政府信息公开目录中查看“年度报告”类信息', 'Annual reports in the information catalogue')}</a></p>
      </Layout>
    ), { agencies: [a.id], query: [] });
  });

  const load = async (code: string, yearText: string) => {
    const a = await getAgency(ctx, code);
    if (!/^\d{4}$/.test(yearText)) throw new NotFound('未找到该年度报告');
    const r = await publishedReport(ctx, a.id, Number(yearText));
    if (!r?.snapshot) throw new NotFound(`${a.name}${yearText}年度报告尚未发布`);
    return { a, r, report: r.snapshot };
  };

  app.get<{ Params: { code: string; year: string } }>('/agencies/:code/reports/:year', async (req, reply) => {
    const { a, r, report } = await load(req.params.code, req.params.year);
    const t = translator(req.lang);
    return sendCachedPage(req, reply, (
      <Layout req={req} title={reportTitle(report)} nav={agencyNav(a.code, req.lang)}
        breadcrumbs={[{ href: `/agencies/${a.code}`, label: a.name }, { href: `/agencies/${a.code}/reports`, label: t('年度报告', 'Annual reports') }]}>
        <div class="report-toolbar">
          <Downloads req={req} a={a} year={r.year} />
          <p class="meta">{t(`发布日期：${r.publishedOn ?? ''}；格式：${report.template}年版`, `Published ${r.publishedOn ?? ''}; ${report.template} format`)}</p>
        </div>
        <ReportArticle report={report} sections={r.narrative} />
      </Layout>
    ), { agencies: [a.id], query: [] });
  });

  app.get<{ Params: { code: string; year: string; format: string }; Querystring: { lang?: string } }>('/agencies/:code/reports/:year/:format', async (req, reply) => {
    const format = req.params.format as ReportFormat;
    if (!(format in CONTENT_TYPES) || format === 'html') throw new NotFound('没有这种下载格式');
    const { a, r, report } = await load(req.params.code, req.params.year);
    const lang = req.query.lang === 'zh-TW' ? 'zh-TW' : 'zh-CN';
    const body = await renderReport(format, report, r.narrative, lang).catch((err: unknown) => {
      // 503 pdf_unavailable for the visitor; why, for the operator (stage and error line: no report text, no personal data).
      if (err instanceof PdfUnavailable) req.log.warn({ reason: err.reason, agency: a.code, year: r.year }, 'PDF export unavailable');
      throw err;
    });
    const name = `${a.code}-${r.year}-annual-report${lang === 'zh-TW' ? '-zh-TW' : ''}.${format}`;
    reply.header('content-type', CONTENT_TYPES[format]);
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.header('cache-control', 'public, max-age=300');
    return reply.send(body);
  });
}

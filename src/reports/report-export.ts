/**
 * One entry point for every rendering of a report (CLI `report build`, portal downloads): JSON (design.md §5.3),
 * HTML, Markdown, DOCX, XLSX, PDF; Simplified or Traditional script (zh-TW converts the text, never the numbers).
 */
import { localise, type Lang } from '../platform/i18n/i18n.ts';
import type { AnnualReport } from './report-format.ts';
import type { NarrativeSections } from './report-narrative.ts';
import { renderReportDocx } from './render-docx.ts';
import { renderReportHtml } from './render-html.tsx';
import { renderReportMarkdown } from './render-md.ts';
import { htmlToPdf } from './render-pdf.ts';
import { renderReportXlsx } from './render-xlsx.ts';

/** Output formats of `report build` (design.md §5.3). */
export const REPORT_FORMATS = ['json', 'html', 'md', 'docx', 'xlsx', 'pdf'] as const;
/** An output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** Formats that are binary (need --out on the CLI). */
export const BINARY_FORMATS: readonly ReportFormat[] = ['docx', 'xlsx', 'pdf'];

/** Content types of the formats. */
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Renders a report in a format and script. */
export async function renderReport(format: ReportFormat, report: AnnualReport, sections: NarrativeSections, lang: 'zh-CN' | 'zh-TW' = 'zh-CN'): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'html':
      return renderReportHtml(report, sections, { lang });
    case 'md':
      return localise(renderReportMarkdown(report, sections), lang as Lang);
    case 'docx':
      return renderReportDocx(report, sections, { lang });
    case 'xlsx':
      return renderReportXlsx(report, { lang });
    case 'pdf':
      return htmlToPdf(renderReportHtml(report, sections, { lang }));
  }
}

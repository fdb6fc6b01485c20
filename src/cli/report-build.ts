/**
 * `gongkai report build --agency <code> --year <yyyy> --format json|html|md|docx|xlsx|pdf [--lang zh-CN|zh-TW]
 * [--out FILE] [--strict]` (design.md §5.3): the agency's annual report built from the records (or, once submitted,
 * its frozen tables with the narrative staff wrote).
 */
import { writeFile } from 'node:fs/promises';
import { selectAgencyByCode } from '../agencies/agency-store.ts';
import { todayOn } from '../platform/clock.ts';
import { PdfUnavailable } from '../reports/render-pdf.ts';
import { BINARY_FORMATS, REPORT_FORMATS, renderReport, type ReportFormat } from '../reports/report-export.ts';
import { currentReport } from '../reports/report-service.ts';
import { out, say, UsageError, withContext, type Command } from './cli.ts';

export const reportBuildCommand: Command = {
  name: 'report build',
  summary: '由业务记录生成政府信息公开工作年度报告 / build an annual report from the records',
  help: [
    'Usage: gongkai report build --agency <code> --year <yyyy> --format json|html|md|docx|xlsx|pdf',
    '                            [--lang zh-CN|zh-TW] [--out FILE] [--strict]',
    '',
    'Builds the agency\'s 政府信息公开工作年度报告 for the year from the records (2019 format for 2019–2020, 2021 format',
    'from 2021): tables 二–四 and the narrative 一–六; once the report was submitted, its frozen tables and the',
    'narrative staff wrote. json, html and md go to stdout unless --out is given; docx, xlsx and pdf need --out.',
    'PDF is printed through Chromium (/usr/bin/chromium or CHROMIUM_PATH). A summary of findings goes to stderr.',
    '',
    'Exit codes: 0 built (violations, if any, are in the JSON); 1 with --strict when there are violations;',
    '2 bad usage, unknown agency or year, or Chromium missing for PDF.',
  ].join('\n'),
  options: {
    agency: { type: 'string' }, year: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' },
    out: { type: 'string' }, strict: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
    const code = values.agency;
    if (typeof code !== 'string' || !code) throw new UsageError('需要 --agency <机构代码>');
    if (typeof values.year !== 'string' || !/^\d{4}$/.test(values.year)) throw new UsageError('需要 --year <四位年份>');
    const year = Number(values.year);
    if (year < 2019) throw new UsageError('年度报告格式自2019年度起适用，--year 不能早于2019');
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format 应为 ${REPORT_FORMATS.join('|')}`);
    const lang = (values.lang ?? 'zh-CN') as string;
    if (lang !== 'zh-CN' && lang !== 'zh-TW') throw new UsageError('--lang 应为 zh-CN 或 zh-TW');
    const file = typeof values.out === 'string' ? values.out : undefined;
    if (BINARY_FORMATS.includes(format) && !file) throw new UsageError(`${format} 格式需要 --out FILE`);
    return withContext(async (ctx) => {
      const agency = await selectAgencyByCode(ctx.db, code);
      if (!agency) throw new UsageError(`未找到机构：${code}`);
      const current = Number(todayOn(ctx.clock).slice(0, 4));
      if (year < 2019 || year > current) throw new UsageError(`年度应在2019年至${current}年之间（年度报告格式自2019年度起适用）`);
      const { report, sections } = await currentReport(ctx, agency.id, year);
      const body = await renderReport(format, report, sections, lang).catch((err: unknown) => {
        if (err instanceof PdfUnavailable) say(`PDF: ${err.reason}`); // the operator's detail; the message follows (exit 2)
        throw err;
      });
      if (file) await writeFile(file, body);
      else out(String(body).replace(/\n$/, ''));
      say(
        `${report.agencyName}${year}年度报告（${report.template}年格式）：${report.violations.length} 项违反` +
          `（${[...new Set(report.violations.map((v) => v.rule))].join('、') || '无'}），${report.warnings.length} 项提示` +
          `（${[...new Set(report.warnings.map((v) => v.rule))].join('、') || '无'}）${file ? `，已写入 ${file}` : ''}`,
      );
      return values.strict && report.violations.length ? 1 : 0;
    });
  },
};

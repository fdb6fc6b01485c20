/** `gongkai report check <FILE>` (design.md §5.3): read a published annual report and print its JSON with findings. */
import { checkReportFile } from '../reports/report-check.ts';
import { out, say, UsageError, type Command } from './cli.ts';

export const reportCheckCommand: Command = {
  name: 'report check',
  summary: '检查已发布的政府信息公开工作年度报告 / check a published annual report',
  help: [
    'Usage: gongkai report check <FILE> [--previous <FILE>]',
    '',
    'Reads a published 政府信息公开工作年度报告 (plain text, HTML, DOCX or PDF with a text layer, up to 20 MB;',
    'Simplified or Traditional) and prints the report JSON of design.md §5.3 with "violations" (R0 blank or missing',
    'cells, R1–R6 consistency rules) and "warnings" (R7, R8, N1, Y1, D1, P1) to stdout; a summary goes to stderr.',
    '  --previous <FILE>  the same agency\'s report for the year before (enables the cross-year checks R7, R8, Y1)',
    '',
    'Exit codes: 0 no violations; 1 violations found; 2 bad usage, or the file is not readable as an annual report',
    '(empty, binary, over 20 MB, unknown format, not a report).',
  ].join('\n'),
  options: { previous: { type: 'string' } },
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('需要且只需要一个文件参数：gongkai report check <FILE>');
    let previous = null;
    if (typeof values.previous === 'string') {
      const prev = await checkReportFile(values.previous);
      if (prev.exitCode === 2) {
        say(`错误: 上一年度报告 ${values.previous}：${prev.error.message}`);
        return 2;
      }
      previous = prev.report;
    }
    const res = await checkReportFile(positionals[0], { previous });
    if (res.exitCode === 2) {
      say(`错误: ${res.error.message}`);
      return 2;
    }
    out(JSON.stringify(res.report, null, 2));
    const r = res.report;
    say(
      `${r.agencyName ?? '（未注明机关）'}${r.year ?? ''}年度报告（${r.template}年格式）：` +
        `${r.violations.length} 项违反（${[...new Set(r.violations.map((v) => v.rule))].join('、') || '无'}），` +
        `${r.warnings.length} 项提示（${[...new Set(r.warnings.map((v) => v.rule))].join('、') || '无'}）`,
    );
    return res.exitCode;
  },
};

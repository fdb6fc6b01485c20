/**
 * Reading a published annual report as it is found on the web (issue 6, "Reading published reports"): bytes →
 * text (report-decode.ts) → Simplified, width-normalised text (report-normalise.ts) → sections, template, tables
 * (report-locate.ts, report-read-tables.ts) → the JSON of design.md §5.3 with its violations and warnings.
 * Blank cells stay null and become R0 violations; a file that is not a report throws ReportUnreadable.
 */
import { blankReport, templateForYear, type AnnualReport, type Finding, type Template } from './report-format.ts';
import { decodeReport, ReportUnreadable, type SourceFormat } from './report-decode.ts';
import { findHeadings, findLoose, loosePattern, type Span } from './report-locate.ts';
import type { NarrativeSections, SectionNumber } from './report-narrative.ts';
import { normaliseText, type Script } from './report-normalise.ts';
import { readTable2, readTable3, readTable4 } from './report-read-tables.ts';
import { validateReport } from './report-validate.ts';

export { ReportUnreadable, MAX_REPORT_BYTES } from './report-decode.ts';

/** A report read from a file: the report JSON (validated), its narrative sections, and how it was read. */
export interface ParsedReport {
  report: AnnualReport;
  sections: NarrativeSections;
  source: { format: SourceFormat; script: Script; templateFrom: 'labels' | 'layout' | 'year' | 'default' };
}

/** Options for reading. */
export interface ParseOptions {
  /** The previous year's report of the same agency, for the cross-year warnings (R7, R8, Y1). */
  previous?: AnnualReport | null;
}

/** Reads a report from the bytes of a file in any supported format. */
export async function parseReportBytes(bytes: Uint8Array, opts: ParseOptions = {}): Promise<ParsedReport> {
  const { text, format } = await decodeReport(bytes);
  return parseReportText(text, opts, format);
}

const MARKERS_2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '采购项目数量', '政府集中采购'];
const MARKERS_2021 = ['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额', '逾期不补正', '逾期未按收费通知'];

/** Reads a report from text (plain text, or HTML already turned into text). */
export function parseReportText(raw: string, opts: ParseOptions = {}, format: SourceFormat = 'text'): ParsedReport {
  const { text, script } = normaliseText(raw);
  const headings = findHeadings(text);
  const hasLabels = new RegExp(`${loosePattern('本年新收')}|${loosePattern('第二十条第（一）项')}|${loosePattern('结转下年度继续办理')}`).test(text);
  const headingCount = Object.values(headings).filter(Boolean).length;
  if (!/政府信息公开/.test(text) || (headingCount < 2 && !hasLabels)) {
    throw new ReportUnreadable('not_a_report', '文件不是政府信息公开工作年度报告（找不到报告的章节或表格）');
  }

  const { agencyName, year } = findTitle(text);
  const bounds = tableBounds(text, headings);
  const { template, from: templateFrom } = chooseTemplate(text, bounds, year);

  const t2 = readTable2(text, template, bounds.table2.start, bounds.table2.end);
  const t3 = readTable3(text, template, bounds.table3.start, bounds.table3.end);
  const t4 = readTable4(text, template, bounds.table4.start, bounds.table4.end);

  const report = blankReport(template, { agencyName, year });
  (report as { table2: unknown }).table2 = t2.value;
  report.table3.rows = t3.value;
  report.table4 = t4.value;

  const sections = narrativeSections(text, headings);
  const parserWarnings: Finding[] = [...t2.warnings, ...t3.warnings, ...t4.warnings];
  const validated = validateReport(report, {
    previous: opts.previous,
    narrative: [sections[1], sections[5], sections[6], bounds.preface].filter(Boolean).join('\n'),
    parserWarnings,
  });
  return { report: validated, sections, source: { format, script, templateFrom } };
}

/** Agency and year from the title “XX2019年度政府信息公开工作年度报告”, else the year from the statistical period. */
function findTitle(text: string): { agencyName: string | null; year: number | null } {
  const head = text.slice(0, 20_000);
  const title = head.match(/([\u4e00-\u9fff（）]{2,40}?)\s*(20\d{2})\s*年\s*度?\s*(?:的)?\s*政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?报\s*告/);
  if (title) return { agencyName: title[1].replace(/^(?:标题|题目|关于)/, '') || null, year: Number(title[2]) };
  const period = head.match(/统计期限?(?:为|自|是|从)?\s*(20\d{2})\s*年\s*1\s*月\s*1\s*日/);
  if (period) return { agencyName: null, year: Number(period[1]) };
  // Most-mentioned year among “20XX年” in the opening of the text (the seed has no title line).
  const counts = new Map<number, number>();
  for (const m of head.matchAll(/(20\d{2})\s*年/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  return { agencyName: null, year: best && best[1] >= 2 ? best[0] : null };
}

interface Bounds {
  table2: Span;
  table3: Span;
  table4: Span;
  preface: string;
}

/** Text spans of the three tables: between headings 二/三/四/五 where present, else around their labels. */
function tableBounds(text: string, h: ReturnType<typeof findHeadings>): Bounds {
  const at = (n: SectionNumber, side: 'start' | 'end') => h[n]?.[side] ?? null;
  const t3Start = at(3, 'end') ?? findLoose(text, '本列数据的勾稽关系', 0)?.start ?? findLoose(text, '本年新收', 0)?.start ?? text.length;
  const t4Start = at(4, 'end') ?? findLoose(text, '结转下年度继续办理', t3Start)?.end ?? text.length;
  const t2Start = at(2, 'end') ?? findLoose(text, '第二十条第（一）项', 0)?.start ?? t3Start;
  return {
    table2: { start: Math.min(t2Start, t3Start), end: at(3, 'start') ?? t3Start },
    table3: { start: t3Start, end: at(4, 'start') ?? t4Start },
    table4: { start: t4Start, end: at(5, 'start') ?? at(6, 'start') ?? text.length },
    preface: text.slice(0, h[1]?.start ?? 0),
  };
}

/** The template: from labels only one template has, else the layout (the seed's 19 rows after 部分公开), else the year. */
function chooseTemplate(text: string, b: Bounds, year: number | null): { template: Template; from: ParsedReport['source']['templateFrom'] } {
  const region = text.slice(b.table2.start, b.table3.end);
  const count = (ms: string[]) => ms.filter((m) => new RegExp(loosePattern(m)).test(region)).length;
  const v2019 = count(MARKERS_2019);
  const v2021 = count(MARKERS_2021);
  if (v2019 !== v2021) return { template: v2019 > v2021 ? '2019' : '2021', from: 'labels' };
  // A skeleton table with blank rows: 2019 has 19 rows after （二）部分公开, 2021 has 21 (domain.md §0).
  const partly = findLoose(text, '（二）部分公开', b.table3.start, b.table3.end);
  if (partly) {
    const rows = text.slice(partly.end, b.table3.end).split('\n').filter((l) => /[|\t]/.test(l)).length;
    if (rows === 19 || rows === 20) return { template: '2019', from: 'layout' };
    if (rows === 21 || rows === 22) return { template: '2021', from: 'layout' };
  }
  if (year !== null && year >= 2019) return { template: templateForYear(year), from: 'year' };
  return { template: '2021', from: 'default' };
}

/** Narrative sections 一..六: the text under each heading, for 二..四 only the text before the table. */
function narrativeSections(text: string, h: ReturnType<typeof findHeadings>): NarrativeSections {
  const out: NarrativeSections = {};
  const order = [1, 2, 3, 4, 5, 6] as const;
  for (const n of order) {
    const span = h[n];
    if (!span) continue;
    const next = order.slice(n).map((m) => h[m]).find((x): x is Span => !!x);
    let body = text.slice(span.end, next ? next.start : text.length);
    if (n >= 2 && n <= 4) {
      const tableStart = body.search(new RegExp(`${loosePattern('第二十条第')}|${loosePattern('本列数据的勾稽关系')}|${loosePattern('申请人情况')}|${loosePattern('行政复议')}\\s*[|\\t]?\\s*${loosePattern('行政诉讼')}|\\|`));
      if (tableStart >= 0) body = body.slice(0, tableStart);
    }
    out[n] = body.replace(/^[\s：:]+|[\s（(|]+$/g, '');
  }
  return out;
}

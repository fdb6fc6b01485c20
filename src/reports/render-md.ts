/**
 * Markdown rendering of an annual report: title, sections 一..六 with the generator's headings (domain.md §2.1), the
 * narrative, and tables 二..四 as GFM tables (merged cells printed once, the positions they cover left empty).
 */
import type { AnnualReport } from './report-format.ts';
import { SECTION_HEADINGS } from './report-labels.ts';
import { materialise, table2Grid, table3Grid, table4Grid, type Grid } from './report-layout.ts';
import type { NarrativeSections, SectionNumber } from './report-narrative.ts';

/** The report's title as printed: “甘肃省科学技术厅2020年政府信息公开工作年度报告”. */
export function reportTitle(report: AnnualReport): string {
  return `${report.agencyName ?? ''}${report.year ?? ''}${report.year ? '年' : ''}政府信息公开工作年度报告`;
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A grid as a GFM table; the first row is the Markdown header row. */
export function gridToMarkdown(grid: Grid): string {
  const m = materialise(grid);
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const lines = m.map((row) => line(row.map((c) => c?.text ?? '')));
  lines.splice(1, 0, line(Array(grid.columns).fill('---')));
  return lines.join('\n');
}

/** Narrative paragraphs with Markdown syntax at line starts escaped (“1.公开…” must not become a list). */
function paragraphs(text: string | undefined): string {
  if (!text) return '';
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.replace(/^(\d+)\./, '$1\\.').replace(/^([#>*+-])/, '\\$1'))
    .join('\n\n');
}

/** Renders the report (tables from `report`, text from `sections`) as Markdown. */
export function renderReportMarkdown(report: AnnualReport, sections: NarrativeSections): string {
  const tables: Partial<Record<SectionNumber, Grid>> = { 2: table2Grid(report), 3: table3Grid(report), 4: table4Grid(report) };
  const out: string[] = [`# ${reportTitle(report)}`];
  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    out.push(`## ${SECTION_HEADINGS[n]}`);
    const text = paragraphs(sections[n]);
    if (text) out.push(text);
    const grid = tables[n];
    if (grid) out.push(gridToMarkdown(grid));
  }
  return out.join('\n\n') + '\n';
}

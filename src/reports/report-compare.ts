/**
 * Comparing annual reports (issue 6 "Comparison"): two years of one agency or two agencies, cell by cell, with the
 * differences marked; and the figures of several years as a chart (echarts SVG, platform/charts).
 * Reports of different templates are compared on what both have (2021 （六）1–3 summed against 2019 （六）).
 */
import { table2Cells, table3RowKeys, type AnnualReport, type Cell } from './report-format.ts';
import { TABLE3_COLUMNS, TABLE4_CELL_NAMES } from './report-labels.ts';
import { cellLabel } from './report-where.ts';
import { renderChartSvg } from '../platform/charts/svg-chart.ts';

/** One compared cell: its path and label, the two values, and whether they differ. */
export interface CellComparison {
  where: string;
  label: string;
  a: Cell;
  b: Cell;
  /** b − a when both are known. */
  difference: number | null;
  changed: boolean;
}

const OTHER_2021 = ['other_1', 'other_2', 'other_3'];

/** Table 三 rows of a report keyed for comparison (2021 （六）1–3 also summed as `other`). */
function comparableRows(r: AnnualReport, other: AnnualReport): Record<string, Cell[]> {
  const rows: Record<string, Cell[]> = { ...r.table3.rows };
  if (r.template === '2021' && other.template === '2019') {
    rows.other = TABLE3_COLUMNS.map((_, i) => {
      const parts = OTHER_2021.map((k) => r.table3.rows[k][i]);
      return parts.some((p) => p === null) ? null : parts.reduce((s, p) => s! + p!, 0);
    });
  }
  return rows;
}

/** Every cell both reports have, in table order, with its difference (b − a). */
export function compareReports(a: AnnualReport, b: AnnualReport): CellComparison[] {
  const out: CellComparison[] = [];
  const push = (where: string, x: Cell, y: Cell) =>
    out.push({
      where,
      label: cellLabel(b.template, where) === where ? cellLabel(a.template, where) : cellLabel(b.template, where),
      a: x,
      b: y,
      difference: x !== null && y !== null ? Math.round((y - x) * 1e6) / 1e6 : null,
      changed: x !== y,
    });
  const bCells = new Map(table2Cells(b));
  for (const [where, x] of table2Cells(a)) if (bCells.has(where)) push(where, x, bCells.get(where)!);
  const ra = comparableRows(a, b);
  const rb = comparableRows(b, a);
  const keys = a.template === b.template ? table3RowKeys(a.template) : table3RowKeys('2019');
  for (const k of keys) {
    if (!ra[k] || !rb[k]) continue;
    TABLE3_COLUMNS.forEach((c, i) => push(`table3.${k}.${c}`, ra[k][i], rb[k][i]));
  }
  TABLE4_CELL_NAMES.forEach((n, i) => push(`table4.${n}`, a.table4[i], b.table4[i]));
  return out;
}

/** A bar chart (SVG) of the request figures of several years: new applications and the main outcomes. */
export function requestTrendSvg(reports: AnnualReport[]): string {
  const sorted = [...reports].sort((x, y) => (x.year ?? 0) - (y.year ?? 0));
  const total = (r: AnnualReport, keys: string[]) => keys.reduce((s, k) => s + (r.table3.rows[k]?.[6] ?? 0), 0);
  const keysOf = (r: AnnualReport, prefix: string) => table3RowKeys(r.template).filter((k) => k.startsWith(prefix));
  return renderChartSvg({
    kind: 'bar',
    categories: sorted.map((r) => `${r.year ?? ''}年`),
    series: [
      { name: '本年新收申请', values: sorted.map((r) => total(r, ['new'])) },
      { name: '予以公开', values: sorted.map((r) => total(r, ['granted'])) },
      { name: '部分公开', values: sorted.map((r) => total(r, ['partly_granted'])) },
      { name: '不予公开', values: sorted.map((r) => total(r, keysOf(r, 'withheld_'))) },
      { name: '无法提供', values: sorted.map((r) => total(r, keysOf(r, 'unavailable_'))) },
      { name: '不予处理', values: sorted.map((r) => total(r, keysOf(r, 'not_processed_'))) },
    ],
  });
}

/**
 * Names of report cells: the `where` path of a finding (`table3.carried_over.natural_person`) ↔ the official labels,
 * so messages quote the printed table (domain.md §2.2–2.4).
 */
import type { AnnualReport, Cell } from './report-format.ts';
import {
  TABLE2_SPEC,
  TABLE3_COLUMNS,
  TABLE3_COLUMN_LABELS,
  TABLE3_ROW_LABELS,
  TABLE4_CELL_NAMES,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  type Table3Column,
  type Template,
} from './report-labels.ts';

/** The official label of a Table 三 row: its L2 and L3 (or L1) text, e.g. “（三）不予公开 1.属于国家秘密”. */
export function table3RowLabel(template: Template, row: string): string {
  const entry = TABLE3_ROW_LABELS[template].find(([k]) => k === row);
  if (!entry) return row;
  const l = entry[1];
  return [l.l2 ?? l.l1, l.l3].filter(Boolean).join(' ');
}

/** The printed label of a cell or row path, e.g. `table2.licensing.decisions` → “行政许可 / 处理决定数量”. */
export function cellLabel(template: Template, where: string): string {
  const [table, row, ...rest] = where.split('.');
  if (table === 'table3' && row) {
    const label = table3RowLabel(template, row);
    const column = rest[0] as Table3Column | undefined;
    return column ? `${label} / ${TABLE3_COLUMN_LABELS[column] ?? column}` : label;
  }
  if (table === 'table4' && row) {
    const g = TABLE4_GROUPS.find((x) => x.key === row);
    const r = TABLE4_RESULTS.find((x) => x.key === rest[0]);
    const group = g ? (g.parent ? `${g.parent}（${g.label}）` : g.label) : row;
    return r ? `${group} / ${r.label}` : group;
  }
  if (table === 'table2' && row) {
    for (const block of TABLE2_SPEC[template]) {
      const spec = block.rows.find((r) => r.key === row);
      if (!spec) continue;
      const i = spec.fields.indexOf(rest[0]);
      return i >= 0 ? `${spec.label} / ${block.columns[i]}` : spec.label;
    }
  }
  return where;
}

/** The value at a cell path of a report (`table3.new.total`, `table4.reconsideration.total`, `table2.fees.change`). */
export function cellAt(report: AnnualReport, where: string): Cell | undefined {
  const [table, row, ...rest] = where.split('.');
  if (table === 'table3') {
    const cells = report.table3.rows[row];
    const i = TABLE3_COLUMNS.indexOf(rest[0] as Table3Column);
    return cells && i >= 0 ? cells[i] : undefined;
  }
  if (table === 'table4') {
    const i = TABLE4_CELL_NAMES.indexOf(`${row}.${rest[0]}`);
    return i >= 0 ? report.table4[i] : undefined;
  }
  if (table === 'table2') {
    let v: unknown = (report.table2 as unknown as Record<string, unknown>)[row];
    for (const k of rest) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v === null || typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

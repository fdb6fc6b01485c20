/**
 * The official printed layout of tables 二, 三 and 四 (domain.md §2.2–2.4) as format-neutral grids with merged cells,
 * shared by the HTML, Markdown, DOCX and XLSX renderers so all of them print the same table.
 */
import type { AnnualReport, Cell } from './report-format.ts';
import {
  TABLE2_SPEC,
  TABLE3_APPLICANT_HEADER,
  TABLE3_COLUMN_LABELS,
  TABLE3_COLUMNS,
  TABLE3_NOTE,
  TABLE3_ORG_HEADER,
  TABLE3_ROW_LABELS,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
} from './report-labels.ts';

/** One cell of a printed table. */
export interface GridCell {
  text: string;
  colspan?: number;
  rowspan?: number;
  /** A header or label cell (bold, centred) rather than a number. */
  head?: boolean;
  /** A caption row such as 第二十条第（一）项. */
  caption?: boolean;
}
/** A printed table: rows of cells as in HTML (cells covered by a span are omitted). */
export interface Grid {
  key: 'table2' | 'table3' | 'table4';
  title: string;
  columns: number;
  headerRows: number;
  /** Relative column widths in percent (sum 100). */
  widths: number[];
  rows: GridCell[][];
}

/** A number as printed: integers plain, decimals as given, blank for null (never 0). */
export function formatCell(v: Cell): string {
  return v === null ? '' : String(v);
}

const head = (text: string, extra: Partial<GridCell> = {}): GridCell => ({ text, head: true, ...extra });
const num = (v: Cell, colspan?: number): GridCell => ({ text: formatCell(v), ...(colspan && colspan > 1 ? { colspan } : {}) });

/** Table 二: one 4-column table; each block a caption row, a header row, its rows (single data column spans 3). */
export function table2Grid(report: AnnualReport): Grid {
  const rows: GridCell[][] = [];
  const t2 = report.table2 as unknown as Record<string, Record<string, unknown>>;
  for (const block of TABLE2_SPEC[report.template]) {
    rows.push([head(block.caption, { colspan: 4, caption: true })]);
    const n = block.columns.length;
    const spans = block.columns.map((_, i) => (i === n - 1 ? 4 - n : 1));
    rows.push([head('信息内容'), ...block.columns.map((c, i) => head(c, spans[i] > 1 ? { colspan: spans[i] } : {}))]);
    for (const r of block.rows) {
      const cells = r.fields.map((f, i) => {
        const v = t2[r.key][f];
        if (f === 'amount') {
          const a = v as { value: Cell; unit: string | null };
          return { text: a.value === null ? '' : `${a.value}${a.unit ?? ''}`, ...(spans[i] > 1 ? { colspan: spans[i] } : {}) };
        }
        return num(v as Cell, spans[i]);
      });
      rows.push([head(r.label), ...cells]);
    }
  }
  return { key: 'table2', title: '主动公开政府信息情况', columns: 4, headerRows: 0, widths: [28, 24, 24, 24], rows };
}

/** Table 三: the 勾稽 note over 3×3 label cells, 申请人情况 / 自然人 · 法人或其他组织 (5) · 总计, then the rows. */
export function table3Grid(report: AnnualReport): Grid {
  const rows: GridCell[][] = [
    [head(TABLE3_NOTE, { colspan: 3, rowspan: 3 }), head(TABLE3_APPLICANT_HEADER, { colspan: 7 })],
    [head(TABLE3_COLUMN_LABELS.natural_person, { rowspan: 2 }), head(TABLE3_ORG_HEADER, { colspan: 5 }), head(TABLE3_COLUMN_LABELS.total, { rowspan: 2 })],
    TABLE3_COLUMNS.slice(1, 6).map((c) => head(TABLE3_COLUMN_LABELS[c])),
  ];
  const labels = TABLE3_ROW_LABELS[report.template];
  const runLength = (i: number, level: 'l1' | 'l2') => {
    let n = 1;
    while (i + n < labels.length && labels[i + n][1][level] === labels[i][1][level] && labels[i][1][level]) n++;
    return n;
  };
  labels.forEach(([key, l], i) => {
    const row: GridCell[] = [];
    const prev = labels[i - 1]?.[1];
    if (!l.l2) row.push(head(l.l1, { colspan: 3 }));
    else {
      if (prev?.l1 !== l.l1) row.push(head(l.l1, { rowspan: runLength(i, 'l1') }));
      if (!l.l3) row.push(head(l.l2, { colspan: 2 }));
      else {
        if (prev?.l2 !== l.l2) row.push(head(l.l2, { rowspan: runLength(i, 'l2') }));
        row.push(head(l.l3));
      }
    }
    row.push(...report.table3.rows[key].map((v) => num(v)));
    rows.push(row);
  });
  return { key: 'table3', title: '收到和处理政府信息公开申请情况', columns: 10, headerRows: 3, widths: [10, 13, 21, 8, 8, 8, 8, 8, 8, 8], rows };
}

/** Table 四: 行政复议 (5) | 行政诉讼 (10: 未经复议直接起诉 5, 复议后起诉 5), then the 15 numbers. */
export function table4Grid(report: AnnualReport): Grid {
  const [recon, direct, after] = TABLE4_GROUPS;
  const results = TABLE4_RESULTS.map((r) => r.label);
  return {
    key: 'table4',
    title: '政府信息公开行政复议、行政诉讼情况',
    columns: 15,
    headerRows: 3,
    widths: Array(15).fill(100 / 15),
    rows: [
      [head(recon.label, { colspan: 5 }), head(direct.parent ?? '行政诉讼', { colspan: 10 })],
      [...results.map((r) => head(r, { rowspan: 2 })), head(direct.label, { colspan: 5 }), head(after.label, { colspan: 5 })],
      [...results.map((r) => head(r)), ...results.map((r) => head(r))],
      report.table4.map((v) => num(v)),
    ],
  };
}

/** The three grids of a report in order. */
export function reportGrids(report: AnnualReport): Grid[] {
  return [table2Grid(report), table3Grid(report), table4Grid(report)];
}

/** A grid as a full matrix: every position holds its cell's text, or null where a merged cell covers it. */
export function materialise(grid: Grid): (GridCell | null)[][] {
  const m: (GridCell | null | undefined)[][] = grid.rows.map(() => Array(grid.columns).fill(undefined));
  grid.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < grid.columns && m[r][c] !== undefined) c++;
      const rs = cell.rowspan ?? 1;
      const cs = cell.colspan ?? 1;
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) if (m[r + dr]) m[r + dr][c + dc] = dr || dc ? null : cell;
      c += cs;
    }
  });
  return m.map((row) => row.map((x) => x ?? null));
}

/**
 * XLSX rendering of an annual report (exceljs): one sheet per table in the official layout with merged cells,
 * numbers as numbers (blank cells left empty, never 0); exceljs computes no formulas, so totals are written as values.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../platform/lazy-modules.ts';
import type { AnnualReport } from './report-format.ts';
import { materialise, reportGrids, type GridCell } from './report-layout.ts';
import { reportTitle } from './render-md.ts';
import { localise, type Lang } from '../platform/i18n/i18n.ts';

const SHEET_NAMES = { table2: '表二 主动公开', table3: '表三 依申请公开', table4: '表四 复议诉讼' } as const;
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Renders tables 二, 三 and 四 as an XLSX workbook, one sheet each, with the report title above each table. */
export async function renderReportXlsx(report: AnnualReport, opts: { lang?: Lang } = {}): Promise<Buffer> {
  const text = (s: string) => localise(s, opts.lang ?? 'zh-CN');
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = report.agencyName ?? 'gongkai';
  wb.title = text(reportTitle(report));
  for (const grid of reportGrids(report)) {
    const ws = wb.addWorksheet(text(SHEET_NAMES[grid.key]), { pageSetup: { paperSize: 9, orientation: grid.columns > 10 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.columns = grid.widths.map((w) => ({ width: Math.max(6, Math.round(w * (grid.columns > 10 ? 1.4 : 0.9))) }));
    ws.mergeCells(1, 1, 1, grid.columns);
    const title = ws.getCell(1, 1);
    title.value = `${text(reportTitle(report))}：${text(grid.title)}`;
    title.font = { name: '黑体', size: 12 };
    title.alignment = { horizontal: 'center' };
    const matrix = materialise(grid);
    const origin = 2;
    grid.rows.forEach((row, r) => {
      matrix[r].forEach((cell: GridCell | null, c) => {
        const target = ws.getCell(origin + r, c + 1);
        target.border = BORDER;
        target.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        if (!cell) return;
        const m = cell.head ? null : cell.text.match(/^(-?\d+(?:\.\d+)?)(万?元)?$/);
        target.value = m ? Number(m[1]) : cell.text === '' ? null : text(cell.text);
        if (m?.[2]) target.numFmt = `General"${m[2]}"`;
        target.font = { name: cell.head ? (cell.caption ? '黑体' : '仿宋_GB2312') : 'Times New Roman', size: 10.5 };
        if ((cell.rowspan ?? 1) > 1 || (cell.colspan ?? 1) > 1) {
          ws.mergeCells(origin + r, c + 1, origin + r + (cell.rowspan ?? 1) - 1, c + (cell.colspan ?? 1));
        }
      });
    });
    ws.views = [{ state: 'frozen', ySplit: origin + grid.headerRows - 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

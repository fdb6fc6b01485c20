/**
 * DOCX rendering of an annual report (docx package) for WPS, Word and LibreOffice: named styles with the official
 * fonts (方正小标宋简体 二号 title, 黑体 三号 headings, 仿宋_GB2312 三号 body; GB/T 9704-2012 practice), A4 with 公文
 * margins, and the three tables with their merged cells intact (report-layout.ts).
 */
import {
  AlignmentType,
  Document,
  HeightRule,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { AnnualReport } from './report-format.ts';
import { SECTION_HEADINGS } from './report-labels.ts';
import { materialise, reportGrids, type Grid } from './report-layout.ts';
import type { NarrativeSections } from './report-narrative.ts';
import { reportTitle } from './render-md.ts';
import { localise, type Lang } from '../platform/i18n/i18n.ts';

const latin = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia });
/** Font sizes in half-points: 二号 22 pt, 三号 16 pt, 五号 10.5 pt. */
const SIZE = { title: 44, body: 32, table: 21 };
/** A4 text width in twips (210 mm − 28 mm − 26 mm). */
const TEXT_WIDTH = Math.round((210 - 28 - 26) * 56.7);

const STYLES = {
  default: { document: { run: { font: latin('仿宋_GB2312'), size: SIZE.body } } },
  paragraphStyles: [
    { id: 'ReportTitle', name: '年报标题', run: { font: latin('方正小标宋简体'), size: SIZE.title }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 400, line: 700 } } },
    { id: 'ReportHeading', name: '年报一级标题', run: { font: latin('黑体'), size: SIZE.body }, paragraph: { spacing: { before: 120, after: 120, line: 560 }, indent: { firstLine: 640 }, keepNext: true } },
    { id: 'ReportBody', name: '年报正文', run: { font: latin('仿宋_GB2312'), size: SIZE.body }, paragraph: { spacing: { line: 560 }, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED } },
    { id: 'ReportTable', name: '年报表格', run: { font: latin('仿宋_GB2312'), size: SIZE.table }, paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 280 } } },
  ],
};

function tableOf(grid: Grid, text: (s: string) => string): Table {
  const widths = grid.widths.map((w) => Math.floor((TEXT_WIDTH * w) / 100));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: grid.rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r < grid.headerRows,
          cantSplit: true,
          height: { value: 400, rule: HeightRule.ATLEAST },
          children: row.map(
            (c, i) =>
              new TableCell({
                columnSpan: c.colspan,
                rowSpan: c.rowspan,
                verticalAlign: VerticalAlignTable.CENTER,
                width: { size: spanWidth(widths, grid, r, i), type: WidthType.DXA },
                children: [
                  new Paragraph({
                    style: 'ReportTable',
                    children: [new TextRun({ text: text(c.text), font: c.caption ? latin('黑体') : undefined })],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

/** Width of the i-th cell of row r: the sum of the columns it covers (merged cells from rows above skipped). */
function spanWidth(widths: number[], grid: Grid, r: number, i: number): number {
  const row = materialise(grid)[r];
  let seen = -1;
  for (let c = 0; c < row.length; c++) {
    if (row[c] === null) continue;
    if (++seen === i) return widths.slice(c, c + (row[c]!.colspan ?? 1)).reduce((a, b) => a + b, 0);
  }
  return widths[0];
}

/** Renders the report as a DOCX file (Simplified by default, or Traditional). */
export async function renderReportDocx(report: AnnualReport, sections: NarrativeSections, opts: { lang?: Lang } = {}): Promise<Buffer> {
  const lang = opts.lang ?? 'zh-CN';
  const text = (s: string) => localise(s, lang);
  const grids = reportGrids(report);
  const children: (Paragraph | Table)[] = [new Paragraph({ style: 'ReportTitle', text: text(reportTitle(report)) })];
  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    children.push(new Paragraph({ style: 'ReportHeading', text: text(SECTION_HEADINGS[n]) }));
    for (const p of (sections[n] ?? '').split(/\n+/).map((x) => x.trim()).filter(Boolean)) {
      children.push(new Paragraph({ style: 'ReportBody', text: text(p) }));
    }
    if (n >= 2 && n <= 4) {
      children.push(tableOf(grids[n - 2], text));
      children.push(new Paragraph({ style: 'ReportBody', text: '' }));
    }
  }
  const doc = new Document({
    creator: report.agencyName ?? 'gongkai',
    title: text(reportTitle(report)),
    styles: STYLES,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

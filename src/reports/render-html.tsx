/**
 * HTML rendering of an annual report in the official layout (merged header cells as in domain.md §2.3–2.4),
 * printable on A4 with the 公文 page margins of GB/T 9704-2012 and the official fonts where installed
 * (方正小标宋简体 title, 黑体 headings, 仿宋_GB2312 body).
 */
import { renderToString } from 'preact-render-to-string';
import type { AnnualReport } from './report-format.ts';
import { SECTION_HEADINGS } from './report-labels.ts';
import { reportGrids, type Grid } from './report-layout.ts';
import type { NarrativeSections } from './report-narrative.ts';
import { reportTitle } from './render-md.ts';
import { htmlLang, localise, type Lang } from '../platform/i18n/i18n.ts';

/** Print stylesheet: A4, 公文 margins (top 37 mm, left 28 mm), official fonts with common fallbacks. */
export const REPORT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 1.75; color: #000; max-width: 156mm; margin: 2em auto; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "Noto Serif CJK SC", "SimSun", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; margin: 0.5em 0; }
p { text-indent: 2em; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 10.5pt; line-height: 1.4; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; font-weight: normal; }
th.caption { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }
td { font-family: "Times New Roman", "仿宋_GB2312", serif; }
@media print { body { margin: 0; max-width: none; } }
`;

/**
 * One printed table with its merged cells; header rows in <thead> so they repeat on each printed page. Column widths
 * are inline styles only in the standalone document: pages served under the CSP (style-src 'self') must not carry
 * style attributes. On a page the table sits in a keyboard-focusable scroll box (WCAG 2.1.1) for narrow screens.
 */
function GridTable({ grid, inlineWidths }: { grid: Grid; inlineWidths: boolean }) {
  const row = (cells: Grid['rows'][number], i: number) => (
    <tr key={i}>
      {cells.map((c, j) =>
        c.head ? (
          <th key={j} class={c.caption ? 'caption' : undefined} colSpan={c.colspan} rowSpan={c.rowspan} scope={c.caption ? 'colgroup' : undefined}>
            {c.text}
          </th>
        ) : (
          <td key={j} colSpan={c.colspan} rowSpan={c.rowspan}>
            {c.text}
          </td>
        ),
      )}
    </tr>
  );
  const table = (
    <table aria-label={grid.title} data-table={grid.key}>
      <colgroup>
        {grid.widths.map((w, i) => (
          <col key={i} style={inlineWidths ? `width:${w.toFixed(2)}%` : undefined} />
        ))}
      </colgroup>
      {grid.headerRows > 0 && <thead>{grid.rows.slice(0, grid.headerRows).map(row)}</thead>}
      <tbody>{grid.rows.slice(grid.headerRows).map((r, i) => row(r, i + grid.headerRows))}</tbody>
    </table>
  );
  if (inlineWidths) return table;
  return <div class="table-scroll" tabIndex={0} role="region" aria-label={grid.title}>{table}</div>;
}

function Paragraphs({ text }: { text?: string }) {
  if (!text) return null;
  const ps = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return <>{ps.map((p, i) => <p key={i}>{p}</p>)}</>;
}

/**
 * The report as an article (no <html> wrapper), for embedding in portal and back-office pages; `standalone` for the
 * printable document (inline column widths, no scroll boxes).
 */
export function ReportArticle({ report, sections, standalone = false }: { report: AnnualReport; sections: NarrativeSections; standalone?: boolean }) {
  const grids = reportGrids(report);
  return (
    <article class="annual-report">
      <h1>{reportTitle(report)}</h1>
      {([1, 2, 3, 4, 5, 6] as const).map((n) => (
        <section key={n}>
          <h2>{SECTION_HEADINGS[n]}</h2>
          <Paragraphs text={sections[n]} />
          {n >= 2 && n <= 4 && <GridTable grid={grids[n - 2]} inlineWidths={standalone} />}
        </section>
      ))}
    </article>
  );
}

/** A standalone, printable HTML document of the report, in Simplified (default) or Traditional script. */
export function renderReportHtml(report: AnnualReport, sections: NarrativeSections, opts: { lang?: Lang } = {}): string {
  const lang = opts.lang ?? 'zh-CN';
  // Only the text is converted: font family names in the stylesheet must stay as installed (黑体, not 黑體).
  const body = localise(renderToString(<ReportArticle report={report} sections={sections} standalone />), lang);
  const title = localise(escapeText(reportTitle(report)), lang);
  return (
    `<!doctype html><html lang="${htmlLang(lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
    `<style>${REPORT_CSS}</style></head><body>${body}</body></html>`
  );
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

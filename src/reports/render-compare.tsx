/**
 * Side-by-side comparison of two annual reports (two years of an agency, or two agencies) with differences marked;
 * an accessible table (the marking is also in the text: “↑3” / “↓2”), for the back office and the portal.
 */
import { renderToString } from 'preact-render-to-string';
import type { AnnualReport } from './report-format.ts';
import { compareReports, type CellComparison } from './report-compare.ts';
import { formatCell } from './report-layout.ts';

const TABLE_NAMES: Record<string, string> = { table2: '表二 主动公开', table3: '表三 依申请公开', table4: '表四 复议诉讼' };

/** Column heading for one report: “2023年” for two years of one agency, the agency (and year) otherwise. */
function heading(r: AnnualReport, other: AnnualReport): string {
  if (r.agencyName === other.agencyName) return `${r.year ?? ''}年`;
  return `${r.agencyName ?? ''}${r.year && r.year !== other.year ? `（${r.year}年）` : ''}`;
}

function difference(c: CellComparison): string {
  if (!c.changed) return '';
  if (c.difference === null) return '空白不同';
  return c.difference > 0 ? `↑${c.difference}` : `↓${-c.difference}`;
}

/** The comparison as an HTML fragment; `onlyChanged` hides equal cells. */
export function renderComparisonHtml(a: AnnualReport, b: AnnualReport, opts: { onlyChanged?: boolean } = {}): string {
  const rows = compareReports(a, b).filter((c) => !opts.onlyChanged || c.changed);
  return renderToString(
    <table class="report-comparison">
      <caption>年度报告对比：{heading(a, b)} / {heading(b, a)}</caption>
      <thead>
        <tr>
          <th scope="col">表</th>
          <th scope="col">项目</th>
          <th scope="col">{heading(a, b)}</th>
          <th scope="col">{heading(b, a)}</th>
          <th scope="col">变化</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.where} class={c.changed ? 'changed' : undefined} data-where={c.where}>
            <td>{TABLE_NAMES[c.where.split('.')[0]]}</td>
            <th scope="row">{c.label}</th>
            <td>{formatCell(c.a)}</td>
            <td>{formatCell(c.b)}</td>
            <td>{c.changed ? <mark>{difference(c)}</mark> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>,
  );
}

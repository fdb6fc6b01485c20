/**
 * Side-by-side comparison of two annual reports (two years of an agency, or two agencies) with differences marked;
 * an accessible table (the marking is also in the text: “↑3” / “↓2”), for the back office and the portal.
 */
import { renderToString } from 'preact-render-to-string';
import { translator, type Lang, type Translate } from '../platform/i18n/i18n.ts';
import type { AnnualReport } from './report-format.ts';
import { compareReports, type CellComparison } from './report-compare.ts';
import { formatCell } from './report-layout.ts';

// The statutory table names and row labels stay Chinese in every language (the official template's labels).
const TABLE_NAMES: Record<string, string> = { table2: '表二 主动公开', table3: '表三 依申请公开', table4: '表四 复议诉讼' };

/** Column heading for one report: “2023年” for two years of one agency, the agency (and year) otherwise. */
function heading(r: AnnualReport, other: AnnualReport, t: Translate): string {
  if (r.agencyName === other.agencyName) return t(`${r.year ?? ''}年`, String(r.year ?? ''));
  return `${r.agencyName ?? ''}${r.year && r.year !== other.year ? t(`（${r.year}年）`, ` (${r.year})`) : ''}`;
}

function difference(c: CellComparison, t: Translate): string {
  if (!c.changed) return '';
  if (c.difference === null) return t('空白不同', 'blank on one side');
  return c.difference > 0 ? `↑${c.difference}` : `↓${-c.difference}`;
}

/** The comparison as an HTML fragment; `onlyChanged` hides equal cells; `lang` the language of headings and caption. */
export function renderComparisonHtml(a: AnnualReport, b: AnnualReport, opts: { onlyChanged?: boolean; lang?: Lang } = {}): string {
  const rows = compareReports(a, b).filter((c) => !opts.onlyChanged || c.changed);
  const t = translator(opts.lang ?? 'zh-CN');
  return renderToString(
    <table class="report-comparison">
      <caption>{t('年度报告对比：', 'Annual reports compared: ')}{heading(a, b, t)} / {heading(b, a, t)}</caption>
      <thead>
        <tr>
          <th scope="col">{t('表', 'Table')}</th>
          <th scope="col">{t('项目', 'Item')}</th>
          <th scope="col">{heading(a, b, t)}</th>
          <th scope="col">{heading(b, a, t)}</th>
          <th scope="col">{t('变化', 'Change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.where} class={c.changed ? 'changed' : undefined} data-where={c.where}>
            <td>{TABLE_NAMES[c.where.split('.')[0]]}</td>
            <th scope="row">{c.label}</th>
            <td>{formatCell(c.a)}</td>
            <td>{formatCell(c.b)}</td>
            <td>{c.changed ? <mark>{difference(c, t)}</mark> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>,
  );
}

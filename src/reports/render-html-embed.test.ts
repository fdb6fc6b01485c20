/**
 * The report embedded in portal and back-office pages obeys the CSP (style-src 'self': no style attributes, which the
 * browser refuses) and puts each wide table in a keyboard-focusable scroll box (WCAG 2.1.1, axe
 * scrollable-region-focusable on phones); the standalone printable document keeps its official column widths.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { ReportArticle, renderReportHtml } from './render-html.tsx';
import { sampleReport } from './report-samples.test-util.ts';

for (const template of ['2019', '2021'] as const) {
  test(`embedded report (${template}): no style attributes, each table in a focusable, named scroll region`, () => {
    const html = renderToString(h(ReportArticle, { report: sampleReport(template as '2019'), sections: {} }));
    assert.doesNotMatch(html, /\sstyle=/);
    const tables = html.match(/<table\b/g) ?? [];
    const boxes = html.match(/<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+"><table\b/g) ?? [];
    assert.equal(tables.length, 3);
    assert.equal(boxes.length, tables.length);
  });

  test(`standalone report document (${template}) keeps the column widths and has no scroll boxes`, () => {
    const html = renderReportHtml(sampleReport(template as '2019'), {});
    assert.match(html, /<col style="width:\d+\.\d\d%"/);
    assert.doesNotMatch(html, /table-scroll/);
  });
}

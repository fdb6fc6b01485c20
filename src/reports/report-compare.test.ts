import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports, requestTrendSvg } from './report-compare.ts';
import { renderComparisonHtml } from './render-compare.tsx';
import { copy, row, sampleReport } from './report-samples.test-util.ts';

test('two years of one agency: every shared cell compared, differences b − a', () => {
  const a = sampleReport('2021', 2022);
  const b = copy(sampleReport('2021', 2023));
  b.table3.rows.new = row(31, 2);
  const cmp = compareReports(a, b);
  const cell = cmp.find((c) => c.where === 'table3.new.natural_person')!;
  assert.deepEqual([cell.a, cell.b, cell.difference, cell.changed], [28, 31, 3, true]);
  assert.equal(cmp.filter((c) => c.changed).length, 2, 'natural person and total');
  assert.equal(cmp.filter((c) => c.where.startsWith('table4')).length, 15);
});

test('2019 against 2021 template: （六）1–3 summed against the single （六）, template-only cells left out', () => {
  const a = sampleReport('2019', 2020);
  const b = sampleReport('2021', 2021);
  const cmp = compareReports(a, b);
  const other = cmp.find((c) => c.where === 'table3.other.total')!;
  assert.deepEqual([other.a, other.b, other.changed], [1, 1, false]);
  assert.ok(!cmp.some((c) => c.where.startsWith('table3.other_')));
  assert.ok(!cmp.some((c) => c.where.includes('procurement')), '第（九）项 exists only in 2019');
  assert.ok(cmp.some((c) => c.where === 'table2.licensing.decisions'));
});

test('comparison HTML marks the differences in text, not only by colour', () => {
  const a = sampleReport('2021', 2022);
  const b = copy(sampleReport('2021', 2023));
  b.table4[0] = 0;
  b.table4[3] = 2;
  const html = renderComparisonHtml(a, b, { onlyChanged: true });
  assert.match(html, /2022年/);
  assert.match(html, /<mark>↓1<\/mark>/);
  assert.match(html, /<mark>↑1<\/mark>/);
  assert.equal(html.match(/<tr class="changed"/g)?.length, 2);
});

test('trend chart over years is an SVG with the years as categories', () => {
  const svg = requestTrendSvg([sampleReport('2021', 2023), sampleReport('2019', 2020), sampleReport('2021', 2021)]);
  assert.match(svg, /^<svg/);
  assert.ok(svg.indexOf('2020年') < svg.indexOf('2021年') && svg.indexOf('2021年') < svg.indexOf('2023年'));
});

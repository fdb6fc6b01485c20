import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportMarkdown } from './render-md.ts';
import { renderReportHtml } from './render-html.tsx';
import { renderReportDocx } from './render-docx.ts';
import { renderReportXlsx } from './render-xlsx.ts';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { parseReportBytes, parseReportText } from './report-parse.ts';
import { copy, sampleReport } from './report-samples.test-util.ts';
import { SECTION_HEADINGS } from './report-labels.ts';
import type { AnnualReport } from './report-format.ts';
import type { NarrativeSections } from './report-narrative.ts';

const SECTIONS: NarrativeSections = {
  1: '2020年，本厅认真贯彻落实《中华人民共和国政府信息公开条例》。\n1.公开权责清单。共受理政府信息公开申请30件。',
  2: '本年制定规范性文件12件。',
  5: '一是公开内容还不够全面；二是解读形式较单一。',
  6: '本年度未收取信息处理费。',
};

const tables = (r: AnnualReport) => ({ template: r.template, table2: r.table2, table3: r.table3, table4: r.table4 });

for (const template of ['2019', '2021'] as const) {
  test(`round trip ${template}: Markdown → parse gives the same numbers, no findings`, () => {
    const r = sampleReport(template as '2019');
    const md = renderReportMarkdown(r, SECTIONS);
    for (const h of Object.values(SECTION_HEADINGS)) assert.ok(md.includes(`## ${h}`), h);
    const back = parseReportText(md);
    assert.deepEqual(tables(back.report), tables(r));
    assert.equal(back.report.agencyName, r.agencyName);
    assert.equal(back.report.year, r.year);
    assert.deepEqual(back.report.violations, []);
    assert.deepEqual(back.report.warnings, []);
  });

  test(`round trip ${template}: HTML (Simplified and Traditional) → parse gives the same numbers`, async () => {
    const r = sampleReport(template as '2019');
    for (const lang of ['zh-CN', 'zh-TW'] as const) {
      const html = renderReportHtml(r, SECTIONS, { lang });
      const back = await parseReportBytes(Buffer.from(html));
      assert.equal(back.source.format, 'html');
      assert.equal(back.source.script, lang === 'zh-TW' ? 'traditional' : 'simplified');
      assert.deepEqual(tables(back.report), tables(r), lang);
      assert.deepEqual(back.report.violations, [], lang);
    }
  });
}

test('blank cells render blank (never 0) and read back as null → R0', () => {
  const r = copy(sampleReport('2021'));
  r.table3.rows.withheld_2[3] = null;
  r.table4[6] = null;
  const back = parseReportText(renderReportMarkdown(r, SECTIONS)).report;
  assert.equal(back.table3.rows.withheld_2[3], null);
  assert.equal(back.table4[6], null);
  assert.deepEqual(back.violations.map((v) => v.where).sort(), ['table3.withheld_2.public_interest', 'table4.litigation_direct.corrected']);
});

test('HTML: merged header cells of the official layout, A4 page, official fonts, section 六 present', () => {
  const html = renderReportHtml(sampleReport('2019'), SECTIONS);
  assert.match(html, /<th colSpan="3" rowSpan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）<\/th>/i);
  assert.match(html, /<th rowSpan="20">三、本年度办理结果<\/th>/i, '2019: 三、本年度办理结果 spans 20 rows (domain.md §2.3)');
  assert.match(html, /<th rowSpan="8">（三）不予公开<\/th>/i);
  assert.match(html, /<th colSpan="10">行政诉讼<\/th>/i);
  assert.match(html, /@page \{ size: A4/);
  assert.match(html, /方正小标宋简体/);
  assert.match(html, /仿宋_GB2312/);
  assert.match(html, /六、其他需要报告的事项/);
  assert.match(renderReportHtml(sampleReport('2021'), SECTIONS), /<th rowSpan="22">三、本年度办理结果<\/th>/i);
});

test('HTML in Traditional keeps font names as installed and converts the text', () => {
  const html = renderReportHtml(sampleReport('2019'), SECTIONS, { lang: 'zh-TW' });
  assert.match(html, /"黑体"/);
  assert.match(html, /政府資訊公開|政府信息公開/);
  assert.match(html, /lang="zh-Hant-TW"/);
});

test('narrative text is escaped in HTML', () => {
  const html = renderReportHtml(sampleReport('2019'), { 1: '<script>alert(1)</script>' });
  assert.ok(!html.includes('<script>alert'));
});

test('DOCX: official font styles, tables intact; reading it back gives the same numbers', async () => {
  for (const template of ['2019', '2021'] as const) {
    const r = sampleReport(template as '2019');
    const docx = await renderReportDocx(r, SECTIONS);
    const xml = unzipSync(new Uint8Array(docx));
    const styles = strFromU8(xml['word/styles.xml']);
    assert.match(styles, /方正小标宋简体/);
    assert.match(styles, /仿宋_GB2312/);
    const body = strFromU8(xml['word/document.xml']);
    assert.equal(body.match(/<w:tbl>/g)?.length, 3, 'three tables');
    assert.match(body, /<w:gridSpan w:val="7"\/>/, '申请人情况 spans 7 columns');
    assert.match(body, /<w:vMerge w:val="restart"\/>/, 'vertical merges kept');
    const back = await parseReportBytes(docx);
    assert.equal(back.source.format, 'docx');
    assert.deepEqual(tables(back.report), tables(r));
    assert.deepEqual(back.report.violations, []);
  }
});

test('XLSX: one sheet per table, merged headers, numbers as numbers, blank cells empty', async () => {
  const r = copy(sampleReport('2021'));
  r.table3.rows.withheld_1[2] = null;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderReportXlsx(r)) as unknown as ArrayBuffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['表二 主动公开', '表三 依申请公开', '表四 复议诉讼']);
  const t3 = wb.worksheets[1];
  // Row 2..4 are the header; data rows follow in official order, values in columns D..J.
  const newRow = t3.getRow(5);
  assert.deepEqual([4, 5, 6, 7, 8, 9, 10].map((c) => newRow.getCell(c).value), r.table3.rows.new);
  const withheld1 = t3.getRow(5 + 4);
  assert.equal(withheld1.getCell(3).value, '1.属于国家秘密');
  assert.equal(withheld1.getCell(6).value, null, 'blank stays blank');
  assert.ok(t3.getCell('A2').isMerged && t3.getCell('C4').isMerged, 'the 勾稽 note spans 3×3');
  const t4 = wb.worksheets[2];
  assert.deepEqual(Array.from({ length: 15 }, (_, i) => t4.getRow(5).getCell(i + 1).value), r.table4);
});

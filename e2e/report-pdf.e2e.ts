// The annual report printed to PDF through Chromium (issue 6 "Renderings: PDF") and read back by `report check`
// (issue 6 "Reading published reports": PDF with a text layer, whose text comes with Kangxi radicals and tabs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { renderReportHtml } from '../src/reports/render-html.tsx';
import { parseReportBytes } from '../src/reports/report-parse.ts';
import { sampleReport } from '../src/reports/report-samples.test-util.ts';

describe('annual report as PDF', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const template of ['2019', '2021'] as const) {
    test(`${template} template: A4 PDF from the HTML rendering reads back with the same tables`, async () => {
      const report = sampleReport(template as '2019');
      const page = await browser.newPage();
      await page.setContent(renderReportHtml(report, { 1: '本年共受理政府信息公开申请30件。', 6: '未收取信息处理费。' }));
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      await page.close();
      const back = await parseReportBytes(pdf);
      assert.equal(back.source.format, 'pdf');
      assert.deepEqual(
        { table2: back.report.table2, table3: back.report.table3, table4: back.report.table4 },
        { table2: report.table2, table3: report.table3, table4: report.table4 },
      );
      assert.deepEqual(back.report.violations, []);
    });
  }
});

// The DOCX rendering opens in LibreOffice (issue 6 "Renderings": WPS/Word/LibreOffice): converted to PDF by soffice,
// the PDF's text layer reads back with the same tables. Skipped where LibreOffice is not installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderReportDocx } from '../src/reports/render-docx.ts';
import { parseReportBytes } from '../src/reports/report-parse.ts';
import { sampleReport } from '../src/reports/report-samples.test-util.ts';

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

test('DOCX → LibreOffice → PDF keeps the tables (2019 and 2021 templates)', { skip: !hasSoffice() && 'LibreOffice (soffice) not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-docx-'));
  for (const template of ['2019', '2021'] as const) {
    const report = sampleReport(template as '2019');
    const docx = join(dir, `report-${template}.docx`);
    writeFileSync(docx, await renderReportDocx(report, { 1: '本年共受理政府信息公开申请30件。', 6: '未收取信息处理费。' }));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 180_000 });
    const back = await parseReportBytes(readFileSync(join(dir, `report-${template}.pdf`)));
    assert.deepEqual(
      { table2: back.report.table2, table3: back.report.table3, table4: back.report.table4 },
      { table2: report.table2, table3: report.table3, table4: report.table4 },
      template,
    );
  }
});

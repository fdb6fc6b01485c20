/**
 * THE SEED ROUND TRIP (issue 6 “The seed, regenerated”; design.md §5.5): after the demo loads,
 * `gongkai report build --agency gskjt --year 2020 --format md` produces the seed report — Simplified Chinese, 2019
 * format, the template's six sections, every number the seed's narrative states (domain.md §0) present and equal to
 * the tables and the records, every table filled — and `gongkai report check` on that output exits 0.
 * The services run on both databases; the real CLI (child process) runs on SQLite, where it can open the test's file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDemo } from '../../src/demo/index.ts';
import type { DemoAgencies } from '../../src/demo/demo-agencies.ts';
import { checkReportFile } from '../../src/reports/report-check.ts';
import { currentReport } from '../../src/reports/report-service.ts';
import { renderReport } from '../../src/reports/report-export.ts';
import type { AnnualReport, AnnualReport2019 } from '../../src/reports/report-format.ts';
import { SECTION_HEADINGS, TABLE3_ROWS_2019 } from '../../src/reports/report-labels.ts';
import type { NarrativeSections } from '../../src/reports/report-narrative.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'gongkai.js');

function gongkai(args: string[], dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, GONGKAI_ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'silent', ...extra };
    delete env.DATABASE_URL;
    execFile(process.execPath, [bin, ...args], { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the seed report regenerated from the demo records (gskjt 2020)', { timeout: 600_000 }, () => {
  let ctx: TestCtx;
  let agencies: DemoAgencies;
  let report: AnnualReport2019;
  let sections: NarrativeSections;
  let md: string;

  before(async () => {
    ctx = await createTestCtx({ now: '2021-01-10T02:00:00Z' });
    agencies = await loadDemo(ctx);
    const built = await currentReport(ctx, agencies.gskjt.id, 2020);
    report = built.report as AnnualReport2019;
    sections = built.sections;
    md = String(await renderReport('md', report, sections));
  });
  after(async () => ctx?.cleanup());

  test('2019 format, Simplified Chinese, the template’s six sections in order (the seed’s five plus 六)', () => {
    assert.equal(report.template, '2019');
    assert.equal(report.agencyCode, 'gskjt');
    assert.match(md, /^# 甘肃省科学技术厅2020年政府信息公开工作年度报告/);
    let at = 0;
    for (const n of [1, 2, 3, 4, 5, 6] as const) {
      const i = md.indexOf(`## ${SECTION_HEADINGS[n]}`);
      assert.ok(i > at, `section ${n} in order`);
      at = i;
    }
    // Simplified: none of the Traditional forms the seed came with.
    for (const t of ['政府資訊', '公開', '門戶網站', '檔案', '冬粉']) assert.ok(!md.includes(t), t);
  });

  test('every number the seed’s narrative states is in the text and equals the tables and records', () => {
    const text = Object.values(sections).join('\n');
    const stated: [string, number, number][] = [
      // [excerpt, number in the text, what the tables/records say]
      ['通过政府门户网站发布信息4845条', 4845, 4845],
      ['其中主动公开文件1093件', 1093, 1093],
      ['制定规范性文件12件', 12, report.table2.normative_documents.made!],
      ['其中主动公开属性的11件', 11, 11],
      ['继续施行34件、修订5件、废止11件', 34, 34],
      ['收到政府信息公开申请2件', 2, report.table3.rows.new[6]!],
      ['予以公开2件', 2, report.table3.rows.granted[6]!],
      ['信箱来信25件', 25, 25],
      ['外国人来华工作许可519件', 519, 519],
      ['实验动物使用许可证1件', 1, 1],
    ];
    for (const [excerpt, inText, inTables] of stated) {
      assert.ok(text.includes(excerpt), `narrative states “${excerpt}”`);
      assert.equal(inText, inTables, excerpt);
    }
    assert.ok(text.includes('甘科政〔2020〕13号'));
    assert.match(text, /未被申请行政复议，未被提起行政诉讼/);
    assert.match(text, /未收取信息处理费/);
    assert.match(text, /政务微信公众号粉丝超过200000人（数据来源：/);
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.warnings.filter((w) => w.rule === 'N1'), [], 'no narrative figure disagrees with a table');
  });

  test('the tables are filled from the records: table 三 2 natural persons both 予以公开, none carried; table 四 zero', () => {
    for (const k of TABLE3_ROWS_2019) assert.ok(report.table3.rows[k].every((c) => c !== null), k);
    assert.deepEqual(report.table3.rows.new, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(report.table3.rows.carried_over, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.table3.rows.granted, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(report.table3.rows.total, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(report.table3.rows.carried_forward, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.table4, Array(15).fill(0));
    const t2 = report.table2;
    assert.deepEqual(t2.normative_documents.made, 12);
    // 520 licensing decisions = 519 work-permit cases + 1 laboratory-animal licence (domain.md §0).
    assert.equal(t2.licensing.decisions, 520);
    assert.ok(JSON.stringify(t2).indexOf('null') < 0 || t2.procurement.amount.unit !== null);
  });

  test('`gongkai report check` reads the Markdown back: exit 0, the same tables', async () => {
    const file = join(ctx.dataDir, 'gskjt-2020.md');
    writeFileSync(file, md);
    const res = await checkReportFile(file);
    assert.equal(res.exitCode, 0, res.exitCode === 2 ? res.error.message : JSON.stringify(res.report.violations));
    assert.equal(res.report!.template, '2019');
    assert.deepEqual(res.report!.table3, report.table3);
    assert.deepEqual(res.report!.table4, report.table4);
    assert.deepEqual(res.report!.table2, report.table2);
  });

  test('the real CLI: `gongkai report build … --format md` on stdout, then `gongkai report check` exits 0', { skip: onPostgres && 'the CLI opens the SQLite file of the test' }, async () => {
    const built = await gongkai(['report', 'build', '--agency', 'gskjt', '--year', '2020', '--format', 'md'], ctx.dataDir);
    assert.equal(built.code, 0, built.stderr);
    assert.equal(built.stdout, md);
    const file = join(ctx.dataDir, 'cli.md');
    writeFileSync(file, built.stdout);
    const checked = await gongkai(['report', 'check', file], ctx.dataDir);
    assert.equal(checked.code, 0, checked.stderr);
    assert.deepEqual(JSON.parse(checked.stdout).table3, report.table3);
    const json = await gongkai(['report', 'build', '--agency', 'gskjt', '--year', '2020', '--format', 'json', '--strict'], ctx.dataDir);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).table3, report.table3);
  });

  test('bad usage exits 2: unknown agency, a binary format without --out', { skip: onPostgres && 'SQLite file only' }, async () => {
    for (const args of [
      ['--agency', 'nope', '--year', '2020', '--format', 'md'],
      ['--agency', 'gskjt', '--year', '2020', '--format', 'docx'],
    ]) {
      const r = await gongkai(['report', 'build', ...args], ctx.dataDir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /错误/);
    }
    const pdf = await gongkai(['report', 'build', '--agency', 'gskjt', '--year', '2020', '--format', 'pdf', '--out', join(ctx.dataDir, 'x.pdf')], ctx.dataDir, { CHROMIUM_PATH: '/nonexistent/chromium' });
    assert.equal(pdf.code, 2, pdf.stderr);
    assert.match(pdf.stderr, /未找到Chromium/);
    // Installed but failing to start: the same exit 2, with the stage and Chromium's error line for the operator.
    const broken = join(ctx.dataDir, 'broken-chromium');
    writeFileSync(broken, '#!/bin/sh\nexit 1\n');
    chmodSync(broken, 0o755);
    const failed = await gongkai(['report', 'build', '--agency', 'gskjt', '--year', '2020', '--format', 'pdf', '--out', join(ctx.dataDir, 'y.pdf')], ctx.dataDir, { CHROMIUM_PATH: broken });
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(failed.stderr, /PDF: launch: /);
    assert.match(failed.stderr, /Chromium未能启动或运行出错/);
  });
});

/**
 * The demo publishes its annual reports through the real workflow (Regulation Art. 49; issue 6 "Workflow"): gskjt 2020
 * — the seed's report — and the busier agency's 2020–2025 are submitted, approved by the province's supervisor,
 * published into the catalogue (年度报告) and passed by the reviewer, so the portal lists them at once. The published
 * gskjt 2020 report still has the seed's figures (domain.md §0: 4845 items, 1093 proactive documents, 继续施行34件,
 * 外国人来华工作许可519件), equals a fresh build from the records, and `gongkai report check` passes on the download.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DemoAgencies } from '../../src/demo/demo-agencies.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { buildAnnualReport } from '../../src/reports/report-build.ts';
import { checkReportFile } from '../../src/reports/report-check.ts';
import type { AnnualReport2019 } from '../../src/reports/report-format.ts';
import { narrativeText } from '../../src/reports/report-narrative.ts';
import { selectPublishedReports, selectReport } from '../../src/reports/report-store.ts';
import { createTestApp } from '../support/harness.ts';

describe('the demo’s published annual reports', { timeout: 600_000 }, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencies: DemoAgencies;
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    agencies = await loadDemo(t.ctx);
  });
  after(async () => t?.cleanup());

  test('published through the workflow before the 31 January deadline (Art. 49), with a demo catalogue item each', async () => {
    const rows: [keyof DemoAgencies, number[]][] = [['gskjt', [2020]], ['busy', [2020, 2021, 2022, 2023, 2024, 2025]], ['province', []]];
    for (const [key, years] of rows) {
      const published = await selectPublishedReports(t.ctx.db, agencies[key].id);
      assert.deepEqual(published.map((r) => r.year).sort(), years, key);
      for (const r of published) {
        assert.equal(r.state, 'published');
        assert.ok(r.submittedBy && r.decidedBy && r.submittedBy !== r.decidedBy, 'submitted by the agency, approved by the supervisor');
        assert.ok(r.publishedOn! > `${r.year}-12-31` && r.publishedOn! <= `${r.year + 1}-01-31`, `${key} ${r.year} published ${r.publishedOn}`);
        const item = await t.ctx.db.selectFrom('catalogue_items').select(['category_code', 'state', 'is_demo', 'first_published_on'])
          .where('item_id', '=', r.publishedItemId!).executeTakeFirstOrThrow();
        assert.deepEqual(item, { category_code: 'ndbg', state: 'published', is_demo: 1, first_published_on: r.publishedOn });
      }
    }
    assert.equal((await selectReport(t.ctx.db, agencies.gskjt.id, 2020))!.publishedOn, '2021-01-22');
  });

  test('the published gskjt 2020 report has the seed’s figures and equals a fresh build from the records', async () => {
    const r = (await selectReport(t.ctx.db, agencies.gskjt.id, 2020))!;
    const report = r.snapshot as AnnualReport2019;
    const text = narrativeText(r.narrative);
    for (const excerpt of ['通过政府门户网站发布信息4845条', '其中主动公开文件1093件', '继续施行34件、修订5件、废止11件', '外国人来华工作许可519件', '收到政府信息公开申请2件']) {
      assert.ok(text.includes(excerpt), excerpt);
    }
    assert.equal(report.table2.normative_documents.made, 12);
    assert.equal(report.table2.licensing.decisions, 520);
    assert.deepEqual(report.table3.rows.granted, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(report.violations, []);
    const fresh = (await buildAnnualReport(t.ctx, agencies.gskjt.id, 2020)).report as AnnualReport2019;
    assert.deepEqual([report.table2, report.table3, report.table4], [fresh.table2, fresh.table3, fresh.table4]);
  });

  test('the portal lists the reports, shows gskjt 2020, and `gongkai report check` passes on its Markdown download', async () => {
    const list = await t.app.inject({ url: '/agencies/gskjt/reports' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /甘肃省科学技术厅2020年政府信息公开工作年度报告/);
    assert.ok(list.body.includes('2021-01-22'));
    assert.doesNotMatch(list.body, /尚未在本平台发布年度报告/);
    const busy = await t.app.inject({ url: '/agencies/lzzrzy/reports' });
    for (const y of [2020, 2025]) assert.ok(busy.body.includes(`/agencies/lzzrzy/reports/${y}`), `lzzrzy ${y}`);
    const page = await t.app.inject({ url: '/agencies/gskjt/reports/2020' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /4845/);
    const md = await t.app.inject({ url: '/agencies/gskjt/reports/2020/md' });
    assert.equal(md.statusCode, 200);
    const file = join(t.ctx.dataDir, 'published-gskjt-2020.md');
    writeFileSync(file, md.body);
    const res = await checkReportFile(file);
    assert.equal(res.exitCode, 0, res.exitCode === 2 ? res.error.message : JSON.stringify(res.report.violations));
    const published = (await selectReport(t.ctx.db, agencies.gskjt.id, 2020))!.snapshot!;
    assert.deepEqual([res.report!.table2, res.report!.table3, res.report!.table4], [published.table2, published.table3, published.table4]);
  });
});

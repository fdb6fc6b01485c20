/**
 * The annual report built from the records and its workflow (issue 6), on both databases: tables from the cases,
 * P1 for 部分公开 without a withheld-part record, findings linked to the records; narrative edits never touch the
 * tables; submit (violations block, warnings need explanations) freezes the tables; return / approve by the
 * supervising office (reports.approve); publish through the catalogue's services (保密审查 by a reviewer, Art. 17);
 * roll-up of departments into the government's report.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Principal } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { approveItem, publishItem } from '../../src/catalogue/workflow-service.ts';
import { buildAnnualReport } from '../../src/reports/report-build.ts';
import type { AnnualReport2021 } from '../../src/reports/report-format.ts';
import {
  approveReport, currentReport, getReportView, publishedReport, publishReport, returnReport, saveNarrative, setRollUp, submitReport, warningKey,
} from '../../src/reports/report-service.ts';
import { addStatistic } from '../../src/reports/statistic-service.ts';
import { staff } from '../support/catalogue-factories.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { insertCases } from '../support/report-factories.ts';

describe('annual report: build and workflow', () => {
  let ctx: TestCtx;
  let gov: Agency;
  let dept: Agency;
  let other: Agency;
  let editor: Principal;
  let reviewer: Principal;
  let supervisor: Principal;

  before(async () => {
    ctx = await createTestCtx({ now: '2022-01-05T02:00:00Z' });
    gov = await makeAgency(ctx, { kind: 'government', name: '某某市人民政府' });
    dept = await makeAgency(ctx, { parentId: gov.id, name: '某某市科学技术局' });
    other = await makeAgency(ctx, { parentId: gov.id, name: '某某市自然资源局' });
    editor = staff(dept.id, 'editor');
    reviewer = staff(dept.id, 'reviewer');
    supervisor = { ...staff(gov.id, 'supervisor'), supervisedAgencyIds: [gov.id, dept.id, other.id] };
    await insertCases(ctx, dept.id, [
      { receivedOn: '2020-12-20' }, // carried over into 2021, concluded in 2021
      { receivedOn: '2021-02-01', outcome: 'granted', concludedOn: '2021-02-20' },
      { kind: 'commercial', receivedOn: '2021-03-01', outcome: 'partly_granted', concludedOn: '2021-03-20', withheldParts: [] },
      { receivedOn: '2021-12-28' }, // carried forward
    ]);
    await ctx.db.updateTable('info_requests').set({ outcome: 'unavailable_1', concluded_on: '2021-01-15', concluded_year: 2021, state: 'closed' })
      .where('received_on', '=', '2020-12-20').execute();
    await insertCases(ctx, other.id, [{ receivedOn: '2021-05-05', outcome: 'granted', concludedOn: '2021-05-06' }]);
  });
  after(async () => ctx?.cleanup());

  test('tables from the records in the 2021 format; P1 names the case; every finding links to the records', async () => {
    const { report } = await buildAnnualReport(ctx, dept.id, 2021);
    const r = report as AnnualReport2021;
    assert.equal(r.template, '2021');
    assert.deepEqual(r.table3.rows.new, [2, 1, 0, 0, 0, 0, 3]);
    assert.deepEqual(r.table3.rows.carried_over, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(r.table3.rows.granted, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(r.table3.rows.partly_granted, [0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(r.table3.rows.unavailable_1, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(r.table3.rows.carried_forward, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(r.table4, Array(15).fill(0));
    assert.deepEqual(r.violations, []);
    const p1 = r.warnings.find((w) => w.rule === 'P1');
    assert.ok(p1, 'P1: 部分公开 without a record of the withheld part (Art. 37)');
    assert.equal(p1.records?.[0].kind, 'request');
    for (const f of [...r.violations, ...r.warnings]) assert.ok(f.records?.length, `${f.rule} links to records`);
  });

  test('editing the narrative never changes the tables; N1 catches a figure that disagrees', async () => {
    const before = (await getReportView(ctx, editor, dept.id, 2021)).report;
    await saveNarrative(ctx, editor, dept.id, 2021, { 1: '（二）依申请公开。全年共收到政府信息公开申请9件。', 6: '本年度未收取信息处理费。', table3: 'x' });
    const v = await getReportView(ctx, editor, dept.id, 2021);
    assert.deepEqual(v.report.table3, before.table3);
    assert.deepEqual(v.report.table2, before.table2);
    assert.equal(v.narrative[1], '（二）依申请公开。全年共收到政府信息公开申请9件。');
    assert.ok(v.narrative[5], 'an untouched section keeps the drafted text');
    assert.ok(v.report.warnings.some((w) => w.rule === 'N1'), 'N1: 9 stated, the table says 3');
    await assert.rejects(saveNarrative(ctx, editor, dept.id, 2021, { 2: 'x'.repeat(20_001) }), { code: 'invalid_input' });
    await assert.rejects(saveNarrative(ctx, reviewer, dept.id, 2021, { 1: '无权修改' }), { code: 'forbidden' });
  });

  test('submit needs an explanation of every warning, then freezes the tables', async () => {
    await saveNarrative(ctx, editor, dept.id, 2021, { 1: '' });
    const v = await getReportView(ctx, editor, dept.id, 2021);
    assert.ok(v.report.warnings.length > 0);
    await assert.rejects(submitReport(ctx, editor, dept.id, 2021, {}), (e: { code: string; details: { fields: Record<string, string> } }) =>
      e.code === 'explanations_required' && Object.keys(e.details.fields).includes(warningKey(v.report.warnings[0])));
    const explanations = Object.fromEntries(v.report.warnings.map((w) => [warningKey(w), '该申请不予公开部分的说明已在答复书中载明，记录补录中。']));
    const rec = await submitReport(ctx, editor, dept.id, 2021, explanations);
    assert.equal(rec.state, 'submitted');
    await insertCases(ctx, dept.id, [{ receivedOn: '2021-06-01', outcome: 'granted', concludedOn: '2021-06-02' }]);
    assert.deepEqual((await currentReport(ctx, dept.id, 2021)).report.table3.rows.new, [2, 1, 0, 0, 0, 0, 3], 'frozen after submission');
    await assert.rejects(saveNarrative(ctx, editor, dept.id, 2021, { 1: '改' }), { code: 'invalid_transition' });
  });

  test('the supervising office returns with comments (required) and approves; an editor cannot approve', async () => {
    await assert.rejects(approveReport(ctx, editor, dept.id, 2021), { code: 'forbidden' });
    await assert.rejects(returnReport(ctx, supervisor, dept.id, 2021, '  '), { code: 'invalid_input' });
    const returned = await returnReport(ctx, supervisor, dept.id, 2021, '请核实部分公开案件的不予公开部分记录。');
    assert.equal(returned.state, 'returned');
    assert.equal(returned.snapshot, null);
    assert.deepEqual((await currentReport(ctx, dept.id, 2021)).report.table3.rows.new, [3, 1, 0, 0, 0, 0, 4], 'unfrozen: the records again');
    const v = await getReportView(ctx, editor, dept.id, 2021);
    const explanations = Object.fromEntries(v.report.warnings.map((w) => [warningKey(w), '已核实。']));
    await submitReport(ctx, editor, dept.id, 2021, explanations);
    const approved = await approveReport(ctx, supervisor, dept.id, 2021);
    assert.equal(approved.state, 'approved');
  });

  test('publishing goes through the catalogue: published once the reviewer publishes the 年度报告 item', async () => {
    const rec = await publishReport(ctx, editor, dept.id, 2021);
    assert.equal(rec.state, 'approved');
    assert.ok(rec.publishedItemId);
    assert.equal(await publishedReport(ctx, dept.id, 2021), undefined);
    const item = await ctx.db.selectFrom('catalogue_items').select(['category_code', 'state', 'title']).where('item_id', '=', rec.publishedItemId!).executeTakeFirstOrThrow();
    assert.deepEqual(item, { category_code: 'ndbg', state: 'submitted', title: '某某市科学技术局2021年政府信息公开工作年度报告' });
    await approveItem(ctx, reviewer, rec.publishedItemId!, { confidentialityChecked: true });
    await publishItem(ctx, reviewer, rec.publishedItemId!);
    const pub = await publishedReport(ctx, dept.id, 2021);
    assert.equal(pub?.state, 'published');
    assert.equal(pub?.publishedOn, '2022-01-05');
    assert.deepEqual(pub?.snapshot?.table3.rows.new, [3, 1, 0, 0, 0, 0, 4]);
  });

  test('a government rolls its departments up into its own report (sum of the tables)', async () => {
    const govEditor = staff(gov.id, 'editor');
    await assert.rejects(setRollUp(ctx, editor, dept.id, 2021, true), { code: 'invalid_input' });
    await setRollUp(ctx, govEditor, gov.id, 2021, true);
    const v = await getReportView(ctx, govEditor, gov.id, 2021);
    assert.equal(v.rolledUp, true);
    // dept (frozen snapshot: 3 + 1 new) + other (1 new) + the government's own (none).
    assert.deepEqual(v.report.table3.rows.new, [4, 1, 0, 0, 0, 0, 5]);
    assert.equal(v.deadline.level, 'government');
    assert.equal(v.deadline.dueOn, '2022-03-31');
  });

  test('yearly statistics are entered with their source and appear in the narrative', async () => {
    await assert.rejects(addStatistic(ctx, editor, other.id, 2021, { label: '政务微信公众号粉丝', value: '5', unit: '人', source: '后台' }), { code: 'forbidden' });
    await assert.rejects(addStatistic(ctx, staff(other.id, 'editor'), other.id, 2021, { label: '粉丝', value: '-1', unit: '人', source: '' }), { code: 'invalid_input' });
    await addStatistic(ctx, staff(other.id, 'editor'), other.id, 2021, { label: '政务微信公众号粉丝', value: '52000', unit: '人', source: '微信公众平台后台统计' });
    const v = await getReportView(ctx, staff(other.id, 'editor'), other.id, 2021);
    assert.match(v.narrative[1]!, /政务微信公众号粉丝52000人（数据来源：微信公众平台后台统计）/);
    assert.equal(v.deadline.dueOn, '2022-01-31');
  });
});

// The public lists' counts come from catalogue_published_counts, kept by triggers (migration 0751). Through publish,
// revision into another category and year, republication and withdrawal, every count the portal shows must equal a
// direct count of the live copies, on both engines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countByCategory, countByYear, listPublished } from '../../src/catalogue/catalogue-query.ts';
import { editItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, reviseItem, submitItem, withdrawItem } from '../../src/catalogue/workflow-service.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';

async function direct(ctx: TestCtx, agencyId: string) {
  const rows = await ctx.db.selectFrom('catalogue_published').select(['kind', 'category_code', 'published_on'])
    .where('agency_id', '=', agencyId).execute();
  const byCategory = new Map<string, number>();
  const byYear = new Map<number, number>();
  for (const r of rows) {
    byCategory.set(r.category_code, (byCategory.get(r.category_code) ?? 0) + 1);
    if (r.kind === 'document') byYear.set(Number(r.published_on.slice(0, 4)), (byYear.get(Number(r.published_on.slice(0, 4))) ?? 0) + 1);
  }
  return { rows, byCategory, byYear };
}

async function assertCountsMatch(ctx: TestCtx, agencyId: string, step: string) {
  const d = await direct(ctx, agencyId);
  assert.deepEqual(await countByCategory(ctx, agencyId), d.byCategory, `${step}: per category`);
  assert.deepEqual(new Map((await countByYear(ctx, agencyId, 'document')).map((y) => [y.year, y.count])), d.byYear, `${step}: per year`);
  for (const year of [2020, 2021]) {
    const inYear = d.rows.filter((r) => r.published_on.startsWith(String(year)));
    const expected = new Map<string, number>();
    for (const r of inYear) expected.set(r.category_code, (expected.get(r.category_code) ?? 0) + 1);
    assert.deepEqual(await countByCategory(ctx, agencyId, year), expected, `${step}: per category in ${year}`);
    const list = await listPublished(ctx, { agencyIds: [agencyId], kind: 'document', year, page: 1, pageSize: 2 });
    assert.equal(list.total, inYear.filter((r) => r.kind === 'document').length, `${step}: list total in ${year}`);
  }
  for (const code of ['qtwj', 'gfxwj', 'zwdt']) {
    const list = await listPublished(ctx, { agencyIds: [agencyId], categoryCodes: [code], page: 1, pageSize: 2 });
    assert.equal(list.total, d.byCategory.get(code) ?? 0, `${step}: list total of ${code}`);
  }
}

test('list counts follow publication, revision, republication and withdrawal', async (t) => {
  const ctx = await createTestCtx({ now: '2020-11-02T02:00:00Z' });
  t.after(() => ctx.cleanup());
  const agency = await makeAgency(ctx, { code: 'cnt' });
  const other = await makeAgency(ctx, { code: 'cnt2' });
  const editor = staff(agency.id, 'editor');
  const reviewer = staff(agency.id, 'reviewer');
  await assertCountsMatch(ctx, agency.id, 'empty');

  const items = [];
  for (const [i, categoryCode] of ['qtwj', 'qtwj', 'zwdt', 'qtwj'].entries()) {
    items.push(await publishedItem(ctx, editor, reviewer, agency.id, { categoryCode, title: `通知第${i}号`, documentNumber: `甘科政〔2020〕${i + 1}号` }));
  }
  await publishedItem(ctx, staff(other.id, 'editor'), staff(other.id, 'reviewer'), other.id, { title: '另一机关的通知', documentNumber: '甘其他〔2020〕1号' });
  await assertCountsMatch(ctx, agency.id, 'after publishing');

  // A revision moves a live item to another category; republished the next year, its live copy changes year too.
  ctx.clock.set('2021-02-03T02:00:00Z');
  const moved = items[0];
  const draft = await reviseItem(ctx, editor, moved.id);
  await editItem(ctx, editor, moved.id, { ...itemFields({ categoryCode: 'zwdt', title: '通知第0号（改为动态）', documentNumber: '' }), version: draft.version });
  await assertCountsMatch(ctx, agency.id, 'after editing the draft (live copy unchanged)');
  await submitItem(ctx, editor, moved.id);
  await approveItem(ctx, reviewer, moved.id, { confidentialityChecked: true });
  await publishItem(ctx, reviewer, moved.id);
  await assertCountsMatch(ctx, agency.id, 'after republication');
  const now = await countByCategory(ctx, agency.id);
  assert.equal(now.get('zwdt'), 2, 'the revised item moved to 政务动态');
  assert.equal(now.get('qtwj'), 2);

  await withdrawItem(ctx, reviewer, items[1].id, '内容有误，已撤回');
  await assertCountsMatch(ctx, agency.id, 'after withdrawal');
  assert.equal((await countByCategory(ctx, other.id)).get('qtwj'), 1, 'the other agency keeps its own count');
});

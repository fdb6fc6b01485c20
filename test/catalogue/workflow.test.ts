/** The publishing workflow: transitions table-driven from every state, own-draft rule, 保密审查, locking, versions. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ITEM_STATES, TRANSITIONS, canTransition, type ItemAction, type ItemState } from '../../src/catalogue/catalogue.ts';
import { selectVersions } from '../../src/catalogue/catalogue-store.ts';
import { createItem, editItem } from '../../src/catalogue/item-service.ts';
import {
  approveItem, publishItem, rejectItem, releaseScheduledItems, reviseItem, scheduleItem, submitItem, withdrawItem,
} from '../../src/catalogue/workflow-service.ts';
import { ConflictOr } from './helpers.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';

// Each row: state, action, allowed? (the workflow: draft → submitted → approved → published/scheduled,
// reject with comment, withdraw with explanation, revise into a new version).
const TABLE: [ItemState, ItemAction, boolean][] = [
  ['draft', 'submit', true], ['draft', 'approve', false], ['draft', 'publish', false], ['draft', 'withdraw', false],
  ['submitted', 'approve', true], ['submitted', 'reject', true], ['submitted', 'publish', false], ['submitted', 'submit', false],
  ['approved', 'publish', true], ['approved', 'schedule', true], ['approved', 'reject', true], ['approved', 'approve', false],
  ['scheduled', 'release', true], ['scheduled', 'unschedule', true], ['scheduled', 'withdraw', true], ['scheduled', 'publish', false],
  ['published', 'withdraw', true], ['published', 'revise', true], ['published', 'publish', false], ['published', 'reject', false],
  ['withdrawn', 'publish', false], ['withdrawn', 'revise', false], ['withdrawn', 'submit', false], ['withdrawn', 'withdraw', false],
];

describe('transition table', () => {
  for (const [state, action, allowed] of TABLE) {
    it(`${state} --${action}--> ${allowed ? TRANSITIONS[action].to : 'refused'}`, () => {
      assert.equal(canTransition(state, action), allowed);
    });
  }
  it('every target is a known state', () => {
    for (const t of Object.values(TRANSITIONS)) assert.ok(t.to in ITEM_STATES);
  });
});

describe('workflow service', () => {
  let ctx: TestCtx;
  let agencyId: string;
  const p = { editor: staff('', 'editor'), reviewer: staff('', 'reviewer'), other: staff('', 'editor') };
  before(async () => {
    ctx = await createTestCtx({ now: '2020-09-28T02:00:00Z' });
    agencyId = (await makeAgency(ctx, { orgCode: '11620000013902999X' })).id;
    p.editor = staff(agencyId, 'editor');
    p.reviewer = staff(agencyId, 'reviewer');
    p.other = staff((await makeAgency(ctx)).id, 'editor', 'reviewer');
  });
  after(() => ctx.cleanup());

  it('takes a draft to published with an index number and version 1', async () => {
    const item = await publishedItem(ctx, p.editor, p.reviewer, agencyId);
    assert.equal(item.state, 'published');
    assert.equal(item.indexNumber, '11620000013902999X/2020-00001');
    assert.equal(item.liveVersion, 1);
    assert.equal(item.publishedOn, '2020-09-28');
    assert.equal(item.documentNumber, '甘科政〔2020〕5号');
    assert.equal(item.publicationDueOn, '2020-09-28', 'Art. 26: 20 working days after 2020-09-01 (Sunday 09-27 is a 调休 working day)');
  });

  it('refuses approval by the author even with the reviewer role', async () => {
    const both = staff(agencyId, 'editor', 'reviewer');
    const d = await createItem(ctx, both, agencyId, itemFields());
    await submitItem(ctx, both, d.id);
    await assert.rejects(approveItem(ctx, both, d.id, { confidentialityChecked: true }), { code: 'forbidden' });
    await approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: true });
  });

  it('requires the 保密审查 to be confirmed (Art. 17)', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields());
    await submitItem(ctx, p.editor, d.id);
    await assert.rejects(approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: false }), { code: 'invalid_input' });
    const a = await approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: true, comment: '同意' });
    assert.equal(a.confidentialityChecked, true);
    assert.equal(a.confidentialityBy, p.reviewer.userId);
  });

  it('rejects with a required comment back to draft', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields());
    await submitItem(ctx, p.editor, d.id);
    await assert.rejects(rejectItem(ctx, p.reviewer, d.id, '  '), { code: 'invalid_input' });
    const r = await rejectItem(ctx, p.reviewer, d.id, '请补充附件');
    assert.equal(r.state, 'draft');
    assert.equal(r.rejectComment, '请补充附件');
  });

  it('refuses invalid transitions with 409 invalid_transition', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields());
    await assert.rejects(publishItem(ctx, p.reviewer, d.id), { code: 'invalid_transition' });
  });

  it('hides other agencies’ items (404) and checks permissions', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields());
    await assert.rejects(submitItem(ctx, p.other, d.id), { code: 'not_found' });
    await assert.rejects(createItem(ctx, p.reviewer, agencyId, itemFields()), { code: 'forbidden' });
  });

  it('detects concurrent edits (optimistic locking) and returns the other side for merging', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields());
    await editItem(ctx, p.editor, d.id, itemFields({ title: '第一位编辑的标题', version: d.version }));
    const err = await ConflictOr(editItem(ctx, p.editor, d.id, itemFields({ title: '第二位编辑的标题', version: d.version })));
    assert.equal(err.code, 'version_conflict');
    assert.deepEqual((err.details as { theirs: Record<string, unknown> }).theirs.title, '第一位编辑的标题');
  });

  it('revising a published item keeps it public and publishes version 2', async () => {
    const item = await publishedItem(ctx, p.editor, p.reviewer, agencyId);
    const draft = await reviseItem(ctx, p.editor, item.id);
    assert.equal(draft.state, 'draft');
    const live = await ctx.db.selectFrom('catalogue_published').select('title').where('item_id', '=', item.id).executeTakeFirst();
    assert.ok(live, 'the published version stays public while the revision is drafted');
    await editItem(ctx, p.editor, item.id, itemFields({ title: '关于开展2020年度科技统计工作的通知（修订）', version: draft.version }));
    await submitItem(ctx, p.editor, item.id);
    await approveItem(ctx, p.reviewer, item.id, { confidentialityChecked: true });
    const v2 = await publishItem(ctx, p.reviewer, item.id, { changeNote: '更正标题' });
    assert.equal(v2.liveVersion, 2);
    assert.equal(v2.indexNumber, item.indexNumber, 'the index number never changes');
    const versions = await selectVersions(ctx.db, item.id);
    assert.deepEqual(versions.map((v) => v.version_no), [2, 1]);
    assert.equal(versions[1].title, '关于开展2020年度科技统计工作的通知');
  });

  it('schedules and releases at the time', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields());
    await submitItem(ctx, p.editor, d.id);
    await approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: true });
    await assert.rejects(scheduleItem(ctx, p.reviewer, d.id, '2020-09-01T09:00'), { code: 'invalid_input' });
    const s = await scheduleItem(ctx, p.reviewer, d.id, '2020-09-29T09:00');
    assert.equal(s.scheduledFor, '2020-09-29T01:00:00.000Z');
    assert.equal(await releaseScheduledItems(ctx), 0);
    ctx.clock.set('2020-09-29T01:00:01Z');
    assert.equal(await releaseScheduledItems(ctx), 1);
    ctx.clock.set('2020-09-28T02:00:00Z');
  });

  it('withdraws with a public explanation and removes the live copy', async () => {
    const item = await publishedItem(ctx, p.editor, p.reviewer, agencyId);
    await assert.rejects(withdrawItem(ctx, p.reviewer, item.id, ''), { code: 'invalid_input' });
    const w = await withdrawItem(ctx, p.reviewer, item.id, '该文件内容有误，已重新发布');
    assert.equal(w.state, 'withdrawn');
    const live = await ctx.db.selectFrom('catalogue_published').select('item_id').where('item_id', '=', item.id).executeTakeFirst();
    assert.equal(live, undefined);
  });

  it('audits every step', async () => {
    const item = await publishedItem(ctx, p.editor, p.reviewer, agencyId);
    const actions = (await ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', item.id).orderBy('seq').execute()).map((r) => r.action);
    assert.deepEqual(actions, ['catalogue.create', 'catalogue.submit', 'catalogue.approve', 'catalogue.publish']);
  });

  it('blocks publication of text with personal data unless acknowledged', async () => {
    const d = await createItem(ctx, p.editor, agencyId, itemFields({ bodyHtml: '<p>联系人手机 13912345678</p>' }));
    await submitItem(ctx, p.editor, d.id);
    await assert.rejects(approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: true }), { code: 'personal_data_found' });
    await approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: true, personalDataAcknowledged: true });
  });

  it('does not publish 依申请公开 items and requires a ground (Arts. 14–16)', async () => {
    await assert.rejects(createItem(ctx, p.editor, agencyId, itemFields({ disclosure: 'on_request' })), { code: 'invalid_input' });
    const d = await createItem(ctx, p.editor, agencyId, itemFields({ disclosure: 'on_request', disclosureGround: 'art16_process' }));
    assert.equal(d.nextReviewOn, '2021-09-01', 'Art. 18 re-review a year after it was formed');
    await submitItem(ctx, p.editor, d.id);
    await approveItem(ctx, p.reviewer, d.id, { confidentialityChecked: true });
    await assert.rejects(publishItem(ctx, p.reviewer, d.id), { code: 'invalid_transition' });
  });
});

/**
 * Art. 44 end to end: cases concluded through the requests services feed the catalogue's register of requested
 * information; information disclosed to several applicants (予以公开 Art. 36（二）, 部分公开 Art. 37) becomes a
 * suggestion to publish proactively on the catalogue's oversight page, with a link that drafts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { residentIdCheckChar } from '../../src/platform/privacy/pii-scan.ts';
import { disclosureSuggestions } from '../../src/catalogue/request-signals.ts';
import { approveDecision, recordDecision, sendReply } from '../../src/requests/decision-service.ts';
import { requestedTopic } from '../../src/requests/requested-information.ts';
import { acceptRequest } from '../../src/requests/workflow-service.ts';
import { loginAs } from '../support/auth.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestApp } from '../support/harness.ts';
import { actor, PHONE, principal, submitCase, VALID_ID } from '../support/request-factories.ts';

describe('Art. 44: information disclosed to several applicants is suggested for proactive disclosure', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agency: Agency;
  let handler: Principal;
  let reviewer: Principal;
  before(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    agency = await makeAgency(t.ctx, { code: 'kjt', name: '甘肃省科学技术厅', shortName: '甘科技' });
    handler = principal(agency.id, ['case_handler'], 'handler');
    reviewer = principal(agency.id, ['reviewer'], 'reviewer');
    const editor = staff(agency.id, 'editor');
    const catReviewer = staff(agency.id, 'reviewer');
    // Already proactively disclosed in the catalogue, and held only for disclosure on request.
    await publishedItem(t.ctx, editor, catReviewer, agency.id, itemFields({ title: '已主动公开的通知', documentNumber: '甘科政〔2020〕5号' }));
    await createItem(t.ctx, editor, agency.id, itemFields({ title: '依申请公开的批复', documentNumber: '甘科政〔2020〕9号', disclosure: 'on_request', disclosureGround: 'specific_scope' }));
  });
  after(() => t.cleanup());

  /** A valid resident ID number of applicant `n` (GB 11643 check character). */
  const idOf = (n: number) => {
    const first17 = `62010219900101${String(n).padStart(3, '0')}`;
    return first17 + residentIdCheckChar(first17);
  };

  /** One application by applicant `n` (each `n` a different person), taken through accept → decide → 会签 → reply. */
  async function conclude(n: number, over: Record<string, unknown>, decision: Record<string, unknown>) {
    const c = await submitCase(t.ctx, 'kjt', over, { name: `申请人${n}`, idNumber: idOf(n) });
    await acceptRequest(t.ctx, handler, actor(handler), c.id);
    await recordDecision(t.ctx, handler, actor(handler), c.id, { facts: '经审查，依法作出处理。', ...decision });
    await approveDecision(t.ctx, reviewer, actor(reviewer), c.id);
    return sendReply(t.ctx, handler, actor(handler), c.id);
  }
  const suggestions = () => disclosureSuggestions(t.ctx, staff(agency.id, 'editor'), agency.id);

  const granted = { outcome: 'granted', bases: ['art36_2'] };
  const partly = { outcome: 'partly_granted', bases: ['art37'], withheld: [{ what: '专家个人信息', ground: 'withheld_4' }] };
  // [case, applications (the same information), decision, suggested with count?]
  const ROWS: [string, Record<string, unknown>[], Record<string, unknown>, number | null][] = [
    ['予以公开 twice (Art. 36（二）, Art. 44: 多个申请人)', [{ title: '2020年度科技计划项目立项清单' }, { title: '2020年度科技计划项目立项清单' }], granted, 2],
    ['部分公开 three times (Art. 37 区分处理; the disclosable part counts)', [{ title: '重点实验室评估结果' }, { title: '重点实验室评估结果' }, { title: '重点实验室 评估结果。' }], partly, 3],
    ['one application only: not yet 多个申请人', [{ title: '某一次性申请的信息' }], granted, null],
    ['予以公开 resting on Art. 36（一） only: already proactively disclosed', [{ title: '已公开的政策汇编' }, { title: '已公开的政策汇编' }], { outcome: 'granted', bases: ['art36_1'] }, null],
    ['不予公开 (Art. 15 third-party rights): not information that may be disclosed', [{ title: '企业申报材料' }, { title: '企业申报材料' }], { outcome: 'withheld_4', bases: ['art15'] }, null],
    ['无法提供 (Art. 36（四）): nothing disclosed', [{ title: '不存在的会议纪要' }, { title: '不存在的会议纪要' }], { outcome: 'unavailable_1', bases: ['art36_4'] }, null],
    ['the 发文字号 names an item already published 主动公开', [{ title: '通知原文', documentNumber: '甘科政〔2020〕5号' }, { title: '那份通知', documentNumber: '甘科政〔2020〕5号' }], granted, null],
  ];

  let n = 0;
  for (const [name, applications, decision, count] of ROWS) {
    it(name, async () => {
      for (const a of applications) await conclude(++n, { description: `申请公开${String(a.title)}，用于研究。`, documentNumber: '', ...a }, decision);
      const found = (await suggestions()).find((s) => s.topic === String(applications[0].title));
      assert.equal(found?.requestCount ?? null, count);
    });
  }

  it('the same applicant given the same information twice counts once (多个申请人)', async () => {
    const same = ++n;
    await conclude(same, { title: '科技奖励评审细则', documentNumber: '', description: '申请公开评审细则。' }, granted);
    await conclude(same, { title: '科技奖励 评审细则', documentNumber: '', description: '再次申请公开评审细则。' }, granted);
    assert.equal((await suggestions()).find((x) => x.topic === '科技奖励评审细则'), undefined, 'one person, no suggestion yet');
    await conclude(++n, { title: '科技奖励评审细则', documentNumber: '', description: '申请公开评审细则。' }, granted);
    assert.equal((await suggestions()).find((x) => x.topic === '科技奖励评审细则')?.requestCount, 2, 'a second person');
  });

  it('applications naming the same 发文字号 are the same information, linked to its catalogue item', async () => {
    await conclude(++n, { title: '省科技厅关于某事项的批复', documentNumber: '甘科政〔2020〕9号', description: '申请公开该批复全文。' }, granted);
    await conclude(++n, { title: '9号文件', documentNumber: '甘科政 〔2020〕 9号', description: '申请公开甘科政〔2020〕9号。' }, granted);
    const s = (await suggestions()).find((x) => x.topic === '省科技厅关于某事项的批复');
    assert.equal(s?.requestCount, 2);
    const item = await t.ctx.db.selectFrom('catalogue_items').select('item_id').where('document_number', '=', '甘科政〔2020〕9号').executeTakeFirstOrThrow();
    assert.equal(s?.itemId, item.item_id);
  });

  it('the register’s topic carries no personal data (a reply with it is refused anyway; this is the second guard)', () => {
    assert.equal(requestedTopic({ title: `关于${VALID_ID}名下项目的信息`, description: '' }).includes(VALID_ID), false);
    assert.equal(requestedTopic({ title: '', description: `请提供  ${PHONE} 相关的\n登记信息` }).includes(PHONE), false);
    assert.equal(requestedTopic({ title: '', description: '请提供  2020年度\n登记信息' }), '请提供 2020年度 登记信息');
  });

  it('the oversight page lists the suggestion with a link that drafts it for proactive disclosure', async () => {
    const s = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'editor' }, { agencyId: agency.id, role: 'reviewer' }] });
    const page = await t.app.inject({ method: 'GET', url: '/admin/catalogue/oversight?agency=kjt', headers: s.headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2020年度科技计划项目立项清单 · 2次申请/);
    assert.match(page.body, /重点实验室评估结果 · 3次申请/);
    const href = `/admin/catalogue/new?agency=kjt&amp;title=${encodeURIComponent('2020年度科技计划项目立项清单')}`;
    assert.ok(page.body.includes(href), 'draft link');
    const draft = await t.app.inject({ method: 'GET', url: href.replace('&amp;', '&'), headers: s.headers });
    assert.equal(draft.statusCode, 200);
    assert.match(draft.body, /value="2020年度科技计划项目立项清单"/);
    assert.ok(!page.body.includes('某一次性申请的信息'), 'a single application is no suggestion');
  });
});

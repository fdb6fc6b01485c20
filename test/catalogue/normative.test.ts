/** Normative documents: validity links on revision, the clean-up campaign, 谁起草谁解读 tracking, annual-report facts. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validityBanner, type CatalogueItem } from '../../src/catalogue/catalogue.ts';
import { countCatalogueFacts } from '../../src/catalogue/catalogue-facts.ts';
import { selectItem } from '../../src/catalogue/catalogue-store.ts';
import {
  cleanupEntries, decideCleanup, draftCleanupAnnouncement, getCleanup, openCleanup, tallyCleanup,
} from '../../src/catalogue/cleanup-service.ts';
import { getPublished, itemLinks } from '../../src/catalogue/catalogue-query.ts';
import { missingInterpretations } from '../../src/catalogue/oversight-service.ts';
import { approveItem, publishItem, submitItem } from '../../src/catalogue/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { publishedItem, staff } from '../support/catalogue-factories.ts';

describe('normative documents', () => {
  let ctx: TestCtx;
  let agencyId: string;
  let editor: ReturnType<typeof staff>;
  let reviewer: ReturnType<typeof staff>;
  const normative = (title: string, dn: string, formedOn: string, over: Record<string, unknown> = {}) => publishedItem(ctx, editor, reviewer, agencyId, {
    categoryCode: 'gfxwj', title, documentNumber: dn, formedOn, ...over,
  });
  before(async () => {
    ctx = await createTestCtx({ now: '2020-03-02T02:00:00Z' });
    agencyId = (await makeAgency(ctx)).id;
    editor = staff(agencyId, 'editor');
    reviewer = staff(agencyId, 'reviewer');
  });
  after(() => ctx.cleanup());

  it('publishing a revision marks the older document 已修订 with a link both ways', async () => {
    const old = await normative('甘肃省科技企业孵化器管理办法', '甘科高〔2016〕3号', '2016-05-01');
    const revised = await normative('甘肃省科技企业孵化器管理办法', '甘科高〔2020〕2号', '2020-02-20', { replacesRef: old.indexNumber, effectiveOn: '2020-03-01' });
    const o = (await selectItem(ctx.db, old.id))!;
    assert.equal(o.validity, 'revised');
    assert.equal(o.supersededById, revised.id);
    assert.equal(o.validityChangedOn, '2020-03-01');
    assert.equal(o.liveVersion, 2, 'the validity change is a new published version');
    const live = await getPublished(ctx, o.publicId);
    assert.equal(live.validity, 'revised');
    assert.ok(validityBanner(live)?.zh.includes('已修订'));
    const links = await itemLinks(ctx, live);
    assert.equal(links.supersededBy?.id, revised.id);
    const back = await itemLinks(ctx, await getPublished(ctx, revised.publicId));
    assert.deepEqual(back.supersedes.map((s) => s.id), [old.id]);
  });

  it('refuses to let a non-normative document replace a normative one', async () => {
    const old = await normative('甘肃省科技特派员管理办法', '甘科农〔2017〕1号', '2017-03-01');
    await assert.rejects(publishedItem(ctx, editor, reviewer, agencyId, { categoryCode: 'qtwj', replacesRef: old.publicId }), { code: 'invalid_input' });
  });

  it('tracks normative documents without an interpretation until one is published (谁起草谁解读)', async () => {
    const doc = await normative('甘肃省临床医学研究中心管理办法', '甘科社〔2020〕4号', '2020-02-25');
    let missing = await missingInterpretations(ctx, reviewer, agencyId);
    assert.ok(missing.some((m) => m.item.id === doc.id));
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', doc.id).where('action', '=', 'catalogue.interpretation_missing').execute();
    assert.equal(audit.length, 1, 'the gap is flagged when the document is published');
    const interp = await publishedItem(ctx, editor, reviewer, agencyId, {
      categoryCode: 'zcjd', title: '《甘肃省临床医学研究中心管理办法》政策解读', documentNumber: '', interpretsRef: doc.documentNumber, interpretationForm: 'qa',
    });
    missing = await missingInterpretations(ctx, reviewer, agencyId);
    assert.ok(!missing.some((m) => m.item.id === doc.id));
    const links = await itemLinks(ctx, await getPublished(ctx, doc.publicId));
    assert.deepEqual(links.interpretations.map((i) => i.id), [interp.id]);
  });

  it('runs a clean-up campaign: decisions, announcement, repeals applied on publication', async () => {
    const docs: CatalogueItem[] = [];
    for (let i = 1; i <= 5; i++) docs.push(await normative(`甘肃省科技管理办法第${i}号（测试）`, `甘科规〔2018〕${i}号`, `2018-0${i}-10`));
    const c = await openCleanup(ctx, editor, agencyId, { title: '2020年行政规范性文件清理', coversFrom: '2018-01-01' });
    const entries = await cleanupEntries(ctx, editor, c.id);
    const ours = entries.filter((e) => docs.some((d) => d.id === e.item.id));
    assert.equal(ours.length, 5);
    await assert.rejects(draftCleanupAnnouncement(ctx, editor, c.id, { title: '关于公布行政规范性文件清理结果的公告', documentNumber: '甘科政〔2020〕13号', formedOn: '2020-03-02' }), { code: 'invalid_input' });
    const decisions = ['continue', 'continue', 'revise', 'repeal', 'repeal'];
    for (const e of entries) {
      const i = docs.findIndex((d) => d.id === e.item.id);
      await decideCleanup(ctx, editor, c.id, e.item.id, i >= 0 ? decisions[i] : 'continue');
    }
    await assert.rejects(decideCleanup(ctx, editor, c.id, docs[0].id, 'abolish'), { code: 'invalid_input' });
    const t = tallyCleanup(await cleanupEntries(ctx, editor, c.id));
    assert.equal(t.repeal, 2);
    assert.equal(t.undecided, 0);
    const ann = await draftCleanupAnnouncement(ctx, editor, c.id, { title: '关于公布行政规范性文件清理结果的公告', documentNumber: '甘科政[2020]13号', formedOn: '2020-03-02' });
    assert.equal(ann.documentNumber, '甘科政〔2020〕13号');
    assert.match(ann.bodyHtml, /废止的2件/);
    await submitItem(ctx, editor, ann.id);
    await approveItem(ctx, reviewer, ann.id, { confidentialityChecked: true });
    await publishItem(ctx, reviewer, ann.id);
    assert.equal((await selectItem(ctx.db, docs[3].id))!.validity, 'repealed');
    assert.equal((await selectItem(ctx.db, docs[4].id))!.supersededById, ann.id);
    assert.equal((await selectItem(ctx.db, docs[2].id))!.validity, 'valid', 'to-be-revised documents stay in force until revised');
    assert.equal((await getCleanup(ctx, editor, c.id)).state, 'announced');
    await assert.rejects(decideCleanup(ctx, editor, c.id, docs[0].id, 'repeal'), { code: 'cleanup_closed' });
    const facts = await countCatalogueFacts(ctx, agencyId, 2020);
    assert.equal(facts.normativeDocuments.repealed, 2);
  });

  it('counts facts for the annual report from the records', async () => {
    const a = (await makeAgency(ctx)).id;
    const e = staff(a, 'editor');
    const r = staff(a, 'reviewer');
    await publishedItem(ctx, e, r, a, { categoryCode: 'gfxwj', title: '甲办法', documentNumber: '', formedOn: '2020-02-20' });
    await publishedItem(ctx, e, r, a, { categoryCode: 'gfxwj', title: '乙办法', documentNumber: '', formedOn: '2020-01-20' });
    await publishedItem(ctx, e, r, a, { categoryCode: 'zwdt', title: '厅领导调研科技工作', documentNumber: '', formedOn: '' });
    const withheld = await (await import('../../src/catalogue/item-service.ts')).createItem(ctx, e, a, {
      categoryCode: 'gfxwj', title: '丙办法', formedOn: '2020-02-05', disclosure: 'on_request', disclosureGround: 'specific_scope', bodyHtml: '<p>正文</p>',
    });
    await submitItem(ctx, e, withheld.id);
    await approveItem(ctx, r, withheld.id, { confidentialityChecked: true });
    const f = await countCatalogueFacts(ctx, a, 2020);
    assert.deepEqual(f.normativeDocuments, { made: 3, madeProactive: 2, published: 2, repealed: 0, revised: 0, inForce: 3, totalPublic: 2 });
    assert.deepEqual(f.rules, { made: 0, madeProactive: 0, published: 0, repealed: 0, revised: 0, inForce: 0, totalPublic: 0 }, 'a department has no 规章');
    assert.equal(f.itemsPublished, 3);
    assert.equal(f.proactiveDocuments, 2);
    assert.equal(f.newsItems, 1);
    assert.equal(f.timeliness.published, 2);
    assert.equal(f.timeliness.onTime, 1, 'Art. 26: formed 2020-01-20, due in February after the Spring Festival; published 03-02 is late');
  });
});

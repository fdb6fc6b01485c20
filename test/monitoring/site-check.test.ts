import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CATEGORIES } from '../../src/catalogue/categories.ts';
import { reviseItem, withdrawItem } from '../../src/catalogue/workflow-service.ts';
import { createItem, editItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, submitItem } from '../../src/catalogue/workflow-service.ts';
import { checkBeforePublish, runSiteCheck } from '../../src/monitoring/monitoring-service.ts';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';

describe('website health checks end to end (issue: website health, "Done when")', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let external: Server;
  let externalBase = '';
  let base = '';
  before(async () => {
    external = createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end('x');
    });
    await new Promise<void>((r) => external.listen(0, '127.0.0.1', () => r()));
    externalBase = `http://127.0.0.1:${(external.address() as AddressInfo).port}`;
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    external.close();
    await t.cleanup();
  });

  it('a portal with a dead internal link, a dead external link, an empty column, a stale column and an unmasked ID yields exactly those findings, and fixing them clears them', async () => {
    const { ctx } = t;
    const agency = await makeAgency(ctx, { code: 'hc' });
    const editor = staff(agency.id, 'editor');
    const reviewer = staff(agency.id, 'reviewer');
    const top = DEFAULT_CATEGORIES.filter((c) => c.parent === null);
    // Every top-level column gets a fresh item, except 规划计划 (left empty) and 工作动态 (last updated 2 months ago).
    ctx.clock.set('2026-09-20T02:00:00Z');
    const staleNews = await publishedItem(ctx, editor, reviewer, agency.id, itemFields({ categoryCode: 'gzdt', title: '工作动态：九月', documentNumber: '' }));
    ctx.clock.set('2026-11-25T02:00:00Z');
    let n = 0;
    for (const c of top) {
      if (c.code === 'ghjh' || c.code === 'gzdt') continue;
      await publishedItem(ctx, editor, reviewer, agency.id, itemFields({ categoryCode: c.code, title: `${c.zh}测试信息`, documentNumber: `甘测〔2026〕${++n}号` }));
    }
    const broken = await publishedItem(ctx, editor, reviewer, agency.id, itemFields({
      categoryCode: 'qtwj', title: '含链接的文件', documentNumber: `甘测〔2026〕${++n}号`,
      bodyHtml: `<p>见<a href="/agencies/hc/no-such-page">内部说明</a>和<a href="${externalBase}/missing">外部附件</a>。</p>`,
    }));
    // The reviewer overrides the pre-publication warning (a mistake the nightly check must still catch).
    const leaky = await createItem(ctx, editor, agency.id, itemFields({
      categoryCode: 'qtwj', title: '公示名单', documentNumber: `甘测〔2026〕${++n}号`, bodyHtml: '<p>申请人张三，身份证号码11010519491231002X。</p>',
    }));
    await submitItem(ctx, editor, leaky.id);
    await approveItem(ctx, reviewer, leaky.id, { confidentialityChecked: true, personalDataAcknowledged: true });
    await publishItem(ctx, reviewer, leaky.id);
    ctx.clock.set('2026-11-27T02:00:00Z');

    const first = await runSiteCheck(ctx, 'hc', { baseUrl: base, trigger: 'manual', crawl: { retries: 0 } });
    const open = await ctx.db.selectFrom('site_findings').selectAll().where('status', '=', 'open').orderBy('kind').execute();
    assert.deepEqual(open.map((f) => [f.kind, f.indicator]), [
      ['column_empty', 'columns_not_updated'],
      ['column_stale', 'columns_not_updated'],
      ['dead_link_external', 'usability'],
      ['dead_link_internal', 'usability'],
      ['pii_exposed', 'security'],
    ]);
    assert.equal(open.find((f) => f.kind === 'column_empty')!.place, '规划计划');
    assert.equal(open.find((f) => f.kind === 'column_stale')!.place, '工作动态');
    const internal = open.find((f) => f.kind === 'dead_link_internal')!;
    assert.equal(internal.place, '内部说明');
    assert.equal(internal.page, `${base}/documents/${broken.publicId}`);
    assert.ok(!open.find((f) => f.kind === 'pii_exposed')!.detail.includes('19491231'), 'the finding itself masks the number');
    assert.equal(first.standing.security, 'fail');

    // Fix everything: fill the empty column, update the stale one, mend the links, withdraw the leaky page.
    ctx.clock.set('2026-11-28T02:00:00Z');
    await publishedItem(ctx, editor, reviewer, agency.id, itemFields({ categoryCode: 'ghjh', title: '十四五科技创新规划', documentNumber: `甘测〔2026〕${++n}号` }));
    await publishedItem(ctx, editor, reviewer, agency.id, itemFields({ categoryCode: 'gzdt', title: '工作动态：十一月', documentNumber: '' }));
    const revised = await reviseItem(ctx, editor, broken.id);
    await editItem(ctx, editor, broken.id, itemFields({ version: revised.version, categoryCode: 'qtwj', title: '含链接的文件', documentNumber: broken.documentNumber, bodyHtml: `<p>见<a href="/agencies/hc">首页</a>和<a href="${externalBase}/ok">外部附件</a>。</p>` }));
    await submitItem(ctx, editor, broken.id);
    await approveItem(ctx, reviewer, broken.id, { confidentialityChecked: true });
    await publishItem(ctx, reviewer, broken.id);
    await withdrawItem(ctx, reviewer, leaky.id, '含个人信息，已撤回');
    assert.ok(staleNews.publicId);

    const second = await runSiteCheck(ctx, 'hc', { baseUrl: base, trigger: 'manual', crawl: { retries: 0 } });
    assert.equal(second.stillOpen, 0, JSON.stringify(await ctx.db.selectFrom('site_findings').select(['kind', 'place', 'detail']).where('status', '=', 'open').execute()));
    assert.equal(second.resolved, 5);
    assert.equal(second.standing.security, 'pass');
  });

  it('the pre-publication gate warns about dead links and unmasked personal data', async () => {
    const w = await checkBeforePublish(`<p>联系电话 13812345678</p><a href="${externalBase}/missing">附件</a><a href="${externalBase}/ok">好</a>`);
    assert.deepEqual(w.map((x) => x.kind).sort(), ['dead_link', 'personal_data']);
    assert.ok(!w.some((x) => x.message.includes('13812345678')), 'warnings show the number masked');
  });
});

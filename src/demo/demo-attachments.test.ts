/**
 * The demo's catalogue attachments: items of gskjt and lzzrzy published through the real services with generated Word
 * and Excel files, listed on the item pages and downloadable over HTTP as the files that were attached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { createTestApp } from '../../test/support/harness.ts';
import { loadAccountDemo } from './demo-accounts.ts';
import { loadAgencyDemo, type DemoAgencies } from './demo-agencies.ts';
import { loadAttachmentDemo } from './demo-attachments.ts';

describe('demo catalogue attachments', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agencies: DemoAgencies;
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
    agencies = await loadAgencyDemo(t.ctx);
    await loadAccountDemo(t.ctx, agencies, () => {});
    await loadAttachmentDemo(t.ctx, agencies);
  });
  after(() => t?.cleanup());

  const itemsOf = (agencyId: string) => t.ctx.db.selectFrom('catalogue_items').select(['item_id', 'public_id', 'title', 'state', 'is_demo', 'first_published_on'])
    .where('agency_id', '=', agencyId).orderBy('created_at').execute();

  it('publishes demo items with attachments for gskjt and lzzrzy, through the workflow, marked demo', async () => {
    for (const [key, count] of [['gskjt', 2], ['busy', 2]] as const) {
      const items = await itemsOf(agencies[key].id);
      assert.equal(items.length, count, key);
      for (const i of items) {
        assert.equal(i.state, 'published');
        assert.equal(i.is_demo, 1);
        assert.match(i.title, /演示/);
        assert.equal(i.first_published_on, '2026-11-27');
        const files = await t.ctx.db.selectFrom('catalogue_attachments').select(['name', 'extracted_text']).where('item_id', '=', i.item_id).execute();
        assert.ok(files.length >= 1, i.title);
        for (const f of files.filter((x) => x.name.endsWith('.docx'))) assert.ok(f.extracted_text.includes('演示'), `${f.name}: text extracted for search`);
      }
      const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('agency_id', '=', agencies[key].id).where('action', '=', 'catalogue.attach').execute();
      assert.ok(audit.length >= count, 'attached through the audited service');
    }
  });

  it('lists the attachments on the item page and downloads them as real Word and Excel files', async () => {
    const [notice] = await itemsOf(agencies.gskjt.id);
    const page = await t.app.inject(`/documents/${notice.public_id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2 id="att-h">附件<\/h2>/);
    const links = [...page.body.matchAll(/<a href="(\/documents\/[a-z0-9]+\/files\/[0-9A-Z]{26})">([^<]+)<\/a>/g)].map((m) => ({ href: m[1], name: m[2] }));
    assert.deepEqual(links.map((l) => l.name), ['附件1：省级科技计划项目申报书（演示）.docx', '附件2：项目申报汇总表（演示）.xlsx']);

    const docx = await t.app.inject(links[0].href);
    assert.equal(docx.statusCode, 200);
    assert.equal(docx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(String(docx.headers['content-disposition']), /^attachment; filename\*=UTF-8''/);
    assert.ok(String(docx.headers['content-disposition']).includes(encodeURIComponent('附件1：省级科技计划项目申报书（演示）.docx')));
    const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
    assert.match(text, /省级科技计划项目申报书（演示）/);
    assert.match(text, /项目负责人/);

    const xlsx = await t.app.inject(links[1].href);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('汇总表')!;
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['序号', '项目名称', '申报单位', '申请资金（万元）']);
    assert.equal(ws.getRow(2).getCell(4).value, 80);

    const [plan] = await itemsOf(agencies.busy.id);
    const busyPage = await t.app.inject(`/documents/${plan.public_id}?lang=en`);
    assert.match(busyPage.body, /<h2 id="att-h">Attachments<\/h2>/);
    assert.match(busyPage.body, /国有建设用地供应计划地块表（演示）\.xlsx/);
  });
});

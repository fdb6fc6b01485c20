/** Uploads checked by content, text extraction, Word import with prefill, and the rich-text sanitiser on item bodies. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph, AlignmentType } from 'docx';
import { addAttachment, listAttachments, removeAttachment } from '../../src/catalogue/attachment-service.ts';
import { checkUpload, detectType, extractText } from '../../src/catalogue/attachment-files.ts';
import { importDocx } from '../../src/catalogue/docx-import.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, reviseItem, submitItem } from '../../src/catalogue/workflow-service.ts';
import { publishedAttachments } from '../../src/catalogue/catalogue-query.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { itemFields, staff, tinyPdf } from '../support/catalogue-factories.ts';

async function officialDocx(): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [
    new Paragraph({ text: '甘肃省科学技术厅文件', alignment: AlignmentType.CENTER }),
    new Paragraph({ text: '甘科政[2020]13号', alignment: AlignmentType.CENTER }),
    new Paragraph({ text: '关于公布行政规范性文件清理结果的公告', alignment: AlignmentType.CENTER }),
    new Paragraph({ text: '根据工作安排，现将清理结果公告如下。' }),
    new Paragraph({ text: '2020年6月22日' }),
  ] }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

describe('files', () => {
  let ctx: TestCtx;
  let agencyId: string;
  before(async () => {
    ctx = await createTestCtx();
    agencyId = (await makeAgency(ctx)).id;
  });
  after(() => ctx.cleanup());

  it('detects types by content, not by name', async () => {
    assert.equal(detectType(tinyPdf('hello')), 'pdf');
    assert.equal(detectType(await officialDocx()), 'docx');
    assert.equal(detectType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'png');
    assert.equal(detectType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')), undefined);
    assert.equal(detectType(Buffer.from('MZ\x90\x00')), undefined);
    assert.throws(() => checkUpload('report.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 1000), { code: 'invalid_input' });
    assert.throws(() => checkUpload('x.svg', Buffer.from('<svg/>'), 1000), { code: 'invalid_input' });
    assert.throws(() => checkUpload('big.pdf', tinyPdf('x'), 10), { code: 'invalid_input' });
    assert.equal(checkUpload('../../etc/passwd', tinyPdf('x'), 10_000).name, 'passwd.pdf');
  });

  it('extracts text from PDF and DOCX', async () => {
    assert.match(await extractText('pdf', tinyPdf('Science Department 2020')), /Science Department 2020/);
    assert.match(await extractText('docx', await officialDocx()), /清理结果公告如下/);
  });

  it('imports a Word file with title, 发文字号 (official form) and 成文日期 prefilled', async () => {
    const r = await importDocx('公告.docx', await officialDocx(), 1_000_000);
    assert.equal(r.title, '关于公布行政规范性文件清理结果的公告');
    assert.equal(r.documentNumber, '甘科政〔2020〕13号');
    assert.equal(r.formedOn, '2020-06-22');
    assert.match(r.bodyHtml, /现将清理结果公告如下/);
    assert.doesNotMatch(r.bodyHtml, /甘科政\[2020\]13号/);
    await assert.rejects(importDocx('x.docx', tinyPdf('x'), 1_000_000), { code: 'invalid_input' });
  });

  it('attachments follow versions: a removal in a revision stays public until it is published', async () => {
    const editor = staff(agencyId, 'editor');
    const reviewer = staff(agencyId, 'reviewer');
    const d = await createItem(ctx, editor, agencyId, itemFields({ bodyHtml: '' }));
    await assert.rejects(submitItem(ctx, editor, d.id), { code: 'invalid_input' }, 'a document needs a body or an attachment');
    const a = await addAttachment(ctx, editor, d.id, { name: '附件1.pdf', bytes: tinyPdf('Annex one') });
    assert.equal(a.hasText, true);
    await submitItem(ctx, editor, d.id);
    await approveItem(ctx, reviewer, d.id, { confidentialityChecked: true });
    await publishItem(ctx, reviewer, d.id);
    assert.equal((await publishedAttachments(ctx, d.id)).length, 1);
    await reviseItem(ctx, editor, d.id);
    await removeAttachment(ctx, editor, d.id, a.id);
    assert.equal((await listAttachments(ctx, editor, d.id)).length, 0);
    assert.equal((await publishedAttachments(ctx, d.id)).length, 1, 'still public in the published version');
    await addAttachment(ctx, editor, d.id, { name: '附件2.pdf', bytes: tinyPdf('Annex two') });
    await submitItem(ctx, editor, d.id);
    await approveItem(ctx, reviewer, d.id, { confidentialityChecked: true });
    await publishItem(ctx, reviewer, d.id);
    assert.deepEqual((await publishedAttachments(ctx, d.id)).map((x) => x.name), ['附件2.pdf']);
  });

  it('sanitises bodies: script, on* handlers, javascript: links, SVG, style, iframes', async () => {
    const editor = staff(agencyId, 'editor');
    const d = await createItem(ctx, editor, agencyId, itemFields({ bodyHtml: [
      '<p onclick="steal()">正文<script>alert(1)</script></p>', '<a href="javascript:alert(1)">坏链接</a>', '<a href="JaVaScRiPt:alert(1)">x</a>',
      '<svg><script>alert(1)</script><circle onload="x()"/></svg>', '<img src="x" onerror="alert(1)">', '<iframe src="https://evil.example"></iframe>',
      '<p style="background:url(javascript:alert(1))">样式</p>', '<a href="https://www.gov.cn/">政府网</a>', '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    ].join('') }));
    const html = d.bodyHtml;
    for (const bad of [/<script/i, /onclick/i, /onerror/i, /onload/i, /javascript:/i, /<svg/i, /<iframe/i, /style=/i, /<math/i]) assert.doesNotMatch(html, bad);
    assert.match(html, /<a href="https:\/\/www.gov.cn\/" rel="noopener noreferrer">政府网<\/a>/);
    assert.match(html, /正文/);
  });
});

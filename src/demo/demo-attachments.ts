/**
 * Demo catalogue items with attachments (附件): a few notices of gskjt and lzzrzy whose forms and tables are Word and
 * Excel files generated at load time (docx, exceljs), taken through the catalogue's real services by the demo staff —
 * draft, `addAttachment` (type check by content, text extraction for search and the personal-data scan), submit,
 * 保密审查 (Art. 17) and publish — so item pages list downloadable attachments. Titles, dates of the files' contents,
 * project names and figures are INVENTED and marked 演示; the items are marked demo.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { addAttachment } from '../catalogue/attachment-service.ts';
import { createItem } from '../catalogue/item-service.ts';
import { approveItem, publishItem, submitItem } from '../catalogue/workflow-service.ts';
import { todayOn } from '../platform/clock.ts';
import { loadExcelJS } from '../platform/lazy-modules.ts';
import type { Ctx } from '../platform/context.ts';
import type { DemoAgencies } from './demo-agencies.ts';
import { demoStaff } from './demo-reports.ts';

/** A Word form: a title, a few paragraphs and a two-column table of fields to fill in. */
async function wordForm(title: string, intro: string[], rows: [string, string][]): Promise<Buffer> {
  const cell = (text: string, bold = false) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const doc = new Document({
    creator: 'gongkai（演示）',
    title,
    sections: [{
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: title, bold: true, size: 36 })] }),
        ...intro.map((p) => new Paragraph({ children: [new TextRun(p)] })),
        new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: rows.map(([k, v]) => new TableRow({ children: [cell(k, true), cell(v)] })) }),
        new Paragraph({ children: [new TextRun('（本文件为演示数据）')] }),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}

/** An Excel table: a sheet with a bold header row and the rows given. */
async function excelTable(sheet: string, header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const ExcelJS = await loadExcelJS(); // on first use, not when the server starts (lazy-modules.ts)
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai（演示）';
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.addRow(['（演示数据）']);
  ws.columns.forEach((c) => { c.width = 22; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One demo item with its attachments. */
interface DemoAttachedItem {
  agency: keyof DemoAgencies;
  editor: string;
  reviewer: string;
  /** `{year}` in the document number becomes the load date's year. */
  fields: { categoryCode: string; title: string; documentNumber?: string; bodyHtml: string };
  files: () => Promise<{ name: string; bytes: Buffer }[]>;
}

const ITEMS: DemoAttachedItem[] = [
  {
    agency: 'gskjt', editor: 'kjt.editor', reviewer: 'kjt.reviewer',
    fields: {
      categoryCode: 'kjxm', title: '关于组织申报省级科技计划项目的通知（演示）', documentNumber: '甘科演计〔{year}〕1号',
      bodyHtml: '<p>各市州科技局，各有关单位：</p><p>现组织申报省级科技计划项目。请申报单位填写项目申报书（附件1），由推荐单位汇总填写项目汇总表（附件2）后报送。（演示）</p>',
    },
    files: async () => [
      { name: '附件1：省级科技计划项目申报书（演示）.docx', bytes: await wordForm('省级科技计划项目申报书（演示）', ['填写说明：请如实填写各项内容，不涉及国家秘密。'], [
        ['项目名称', ''], ['申报单位', ''], ['项目负责人', ''], ['联系电话', ''], ['实施期限', '    年  月至    年  月'], ['申请省级财政资金（万元）', ''],
      ]) },
      { name: '附件2：项目申报汇总表（演示）.xlsx', bytes: await excelTable('汇总表', ['序号', '项目名称', '申报单位', '申请资金（万元）'], [
        [1, '演示项目：旱区节水灌溉技术集成示范', '演示农业科学研究院', 80], [2, '演示项目：新能源储能材料中试', '演示新材料有限公司', 120],
      ]) },
    ],
  },
  {
    agency: 'gskjt', editor: 'kjt.editor', reviewer: 'kjt.reviewer',
    fields: {
      categoryCode: 'tjxx', title: '全省技术合同登记情况统计表（演示）',
      bodyHtml: '<p>现将全省技术合同登记情况公布如下，详见附件。（演示）</p>',
    },
    files: async () => [
      { name: '技术合同登记情况统计表（演示）.xlsx', bytes: await excelTable('技术合同登记', ['市州', '合同数（项）', '成交额（万元）'], [
        ['演示市', 412, 56_210], ['演示州', 187, 20_430], ['演示县', 96, 8_750],
      ]) },
    ],
  },
  {
    agency: 'busy', editor: 'zrzy.editor', reviewer: 'zrzy.reviewer',
    fields: {
      categoryCode: 'ghjh', title: '演示市国有建设用地供应计划（演示）',
      bodyHtml: '<p>根据土地利用年度计划，编制本年度国有建设用地供应计划，供应地块见附件。（演示）</p>',
    },
    files: async () => [
      { name: '国有建设用地供应计划地块表（演示）.xlsx', bytes: await excelTable('供应地块', ['地块编号', '位置', '用途', '面积（公顷）', '供应方式'], [
        ['YS-2026-01', '演示区演示路以东', '工业用地', 3.2, '挂牌出让'], ['YS-2026-02', '演示新区纬三路以南', '住宅用地', 5.6, '拍卖出让'],
        ['YS-2026-03', '演示县城北片区', '公共管理与公共服务用地', 1.4, '划拨'],
      ]) },
    ],
  },
  {
    agency: 'busy', editor: 'zrzy.editor', reviewer: 'zrzy.reviewer',
    fields: {
      categoryCode: 'zjyj', title: '关于公开征求国土空间规划意见的公告（演示）',
      bodyHtml: '<p>为提高规划编制的科学性，现公开征求社会公众意见。请填写意见反馈表（见附件）后通过政民互动栏目提交。（演示）</p>',
    },
    files: async () => [
      { name: '意见反馈表（演示）.docx', bytes: await wordForm('国土空间规划意见反馈表（演示）', ['请在下表中填写意见建议，可另附页。'], [
        ['意见涉及的章节', ''], ['意见建议', ''], ['理由', ''],
      ]) },
    ],
  },
];

/**
 * Creates the demo items with attachments through the catalogue's services, published today (load date): after the
 * demo's published annual reports, so their figures stay those of the records they were built from.
 */
export async function loadAttachmentDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  const today = todayOn(ctx.clock);
  for (const x of ITEMS) {
    const agencyId = agencies[x.agency].id;
    const [editor, reviewer] = await Promise.all([demoStaff(ctx, x.editor), demoStaff(ctx, x.reviewer)]);
    const documentNumber = x.fields.documentNumber?.replace('{year}', today.slice(0, 4));
    const draft = await createItem(ctx, editor, agencyId, { ...x.fields, documentNumber, formedOn: today, disclosure: 'proactive', subjectWords: '演示 附件' });
    await ctx.db.updateTable('catalogue_items').set({ is_demo: 1 }).where('item_id', '=', draft.id).execute();
    for (const f of await x.files()) await addAttachment(ctx, editor, draft.id, f);
    await submitItem(ctx, editor, draft.id);
    await approveItem(ctx, reviewer, draft.id, { confidentialityChecked: true });
    await publishItem(ctx, reviewer, draft.id);
  }
}

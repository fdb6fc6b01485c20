/** Bulk import: validated row by row with row/column errors, nothing half-imported, attachments from a zip. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { importCatalogue, type ImportError } from '../../src/catalogue/bulk-import.ts';
import { parseCsv } from '../../src/catalogue/spreadsheet.ts';
import { DomainError } from '../../src/errors.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { staff, tinyPdf } from '../support/catalogue-factories.ts';

const HEADER = '索引号,标题,发文字号,分类,成文日期,发布日期,公开属性,不予公开依据,有效性,正文,附件';

async function failure(p: Promise<unknown>): Promise<ImportError[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError && e.code === 'import_failed') return (e.details as { errors: ImportError[] }).errors;
    throw e;
  }
  throw new Error('expected import_failed');
}

describe('bulk import', () => {
  let ctx: TestCtx;
  let agencyId: string;
  let importer: ReturnType<typeof staff>;
  const count = async () => Number((await ctx.db.selectFrom('catalogue_items').select((eb) => eb.fn.countAll<number>().as('n')).where('agency_id', '=', agencyId).executeTakeFirstOrThrow()).n);
  before(async () => {
    ctx = await createTestCtx({ now: '2021-03-01T02:00:00Z' });
    agencyId = (await makeAgency(ctx, { orgCode: '000014349' })).id;
    importer = staff(agencyId, 'editor', 'reviewer');
  });
  after(() => ctx.cleanup());

  it('parses CSV with quotes, doubled quotes and CRLF', () => {
    assert.deepEqual(parseCsv('a,"b,c","d ""e"""\r\n1,2,3'), [['a', 'b,c', 'd "e"'], ['1', '2', '3']]);
  });

  it('reports every bad row and column and imports nothing', async () => {
    const csv = [
      HEADER,
      '000014349/2019-00007,甘肃省科技奖励办法,甘科政[2019]3号,规范性文件,2019-03-01,2019-03-05,主动公开,,有效,第一条,',
      ',,甘科〔2019〕,不存在的分类,2019-13-01,,主动公开,,,,',
      ',内部资料,,其他文件,2019-04-01,,依申请公开,,,,',
      '000014349/2019-00007,重复索引号,,其他文件,2019-05-01,2019-05-02,,,,,',
      ',附件缺失,,其他文件,2019-06-01,2019-06-02,,,,,不存在.pdf',
    ].join('\n');
    const errors = await failure(importCatalogue(ctx, importer, agencyId, { name: 'x.csv', bytes: Buffer.from(csv) }));
    const at = (row: number, column: string) => errors.find((e) => e.row === row && e.column === column);
    assert.ok(at(3, '标题'));
    assert.ok(at(3, '发文字号'));
    assert.ok(at(3, '分类'));
    assert.ok(at(3, '成文日期'));
    assert.ok(at(4, '不予公开依据'));
    assert.match(at(5, '索引号')!.message, /与第2行重复/);
    assert.match(at(6, '附件')!.message, /不存在\.pdf/);
    assert.ok(!errors.some((e) => e.row === 2), 'the good row has no errors');
    assert.equal(await count(), 0, 'nothing half-imported');
  });

  it('imports XLSX rows with a zip of attachments, keeping carried-over index numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(HEADER.split(','));
    ws.addRow(['000014349/2019-00007', '甘肃省科技奖励办法', '甘科政[2019]3号', '规范性文件', new Date(Date.UTC(2019, 2, 1)), '2019-03-05', '主动公开', '', '有效', '<p>第一条</p><script>x</script>', '办法.pdf']);
    ws.addRow(['', '2019年度部门决算', '', '部门决算', '2019-08-01', '2019-08-05', '', '', '', '决算说明', '']);
    ws.addRow(['', '内部测算资料', '', '其他文件', '2019-04-01', '', '不予公开', '过程性', '', '', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const zip = zipSync({ 'docs/办法.pdf': tinyPdf('Award rules') });
    const r = await importCatalogue(ctx, importer, agencyId, { name: 'catalogue.xlsx', bytes: xlsx }, { name: 'files.zip', bytes: zip });
    assert.deepEqual(r, { imported: 3, published: 2, attachments: 1 });
    const rows = await ctx.db.selectFrom('catalogue_items').select(['title', 'index_number', 'document_number', 'state', 'body_html', 'disclosure_ground']).where('agency_id', '=', agencyId).orderBy('title').execute();
    const award = rows.find((x) => x.title === '甘肃省科技奖励办法')!;
    assert.equal(award.index_number, '000014349/2019-00007');
    assert.equal(award.document_number, '甘科政〔2019〕3号');
    assert.doesNotMatch(award.body_html, /script/);
    assert.equal(rows.find((x) => x.title === '2019年度部门决算')!.index_number, '000014349/2019-00008', 'generated numbers continue after imported ones');
    assert.equal(rows.find((x) => x.title === '内部测算资料')!.state, 'approved');
    assert.equal(rows.find((x) => x.title === '内部测算资料')!.disclosure_ground, 'art16_process');
    const live = await ctx.db.selectFrom('catalogue_published').select('body_text').where('title', '=', '甘肃省科技奖励办法').executeTakeFirstOrThrow();
    assert.match(live.body_text, /Award rules/, 'attachment text is searchable');
  });

  it('needs the reviewer permission', async () => {
    await assert.rejects(importCatalogue(ctx, staff(agencyId, 'editor'), agencyId, { name: 'x.csv', bytes: Buffer.from(HEADER) }), { code: 'forbidden' });
  });
});

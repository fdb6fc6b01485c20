import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { InvalidInput } from '../errors.ts';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { makeAgency } from '../../test/support/factories.ts';
import { powerItem, staffAt } from '../../test/support/registers-factories.ts';
import { applyPowerImport, listPowerItems } from './power-service.ts';
import { exportPowerWorkbook, parsePowerWorkbook, POWER_SHEETS } from './power-xlsx.ts';

async function problemsOf(p: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof InvalidInput, String(err));
    return err.fields;
  }
  assert.fail('expected the workbook to be rejected');
}

async function workbookWith(edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportPowerWorkbook([powerItem({ code: 'A-1' }), powerItem({ code: 'A-2', kind: 'penalty' })], 't')) as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('power list spreadsheet', () => {
  let ctx: TestCtx;
  before(async () => { ctx = await createTestCtx({ now: '2020-06-01T02:00:00Z' }); });
  after(() => ctx.cleanup());

  it('round-trips every field of every item through export and import', async () => {
    const a = await makeAgency(ctx);
    const b = await makeAgency(ctx);
    const items = [
      powerItem({ code: 'X-1', name: '名称含 <script>alert(1)</script> 与 "引号"', scope: '多行\n第二行' }),
      powerItem({ code: 'X-2', kind: 'other', legalBasis: [], steps: [], supervisionPhone: '', accountability: '' }),
      powerItem({ code: 'X-3', kind: 'inspection', effectiveOn: '2019-07-15' }),
    ];
    await applyPowerImport(ctx, staffAt(a.id, 'editor'), a.id, items);
    const before = await listPowerItems(ctx, a.id);
    const file = await exportPowerWorkbook(before, 'a');
    const parsed = await parsePowerWorkbook(file);
    const strip = (xs: typeof items) => xs.map((i) => ({
      code: i.code, kind: i.kind, name: i.name, implementingBody: i.implementingBody, scope: i.scope, legalBasis: i.legalBasis,
      steps: i.steps, supervisionChannel: i.supervisionChannel, supervisionPhone: i.supervisionPhone, accountability: i.accountability,
      effectiveOn: i.effectiveOn,
    }));
    assert.deepEqual(strip(parsed), strip(items.sort((x, y) => x.code.localeCompare(y.code))));
    const r = await applyPowerImport(ctx, staffAt(b.id, 'editor'), b.id, parsed);
    assert.deepEqual(r, { created: 3, updated: 0, unchanged: 0, repealed: 0 });
    assert.deepEqual(strip(await listPowerItems(ctx, b.id)), strip(before));
    // Importing the same sheet again changes nothing.
    assert.deepEqual(await applyPowerImport(ctx, staffAt(b.id, 'editor'), b.id, parsed), { created: 0, updated: 0, unchanged: 3, repealed: 0 });
  });

  it('rejects wrong columns naming the row and column', async () => {
    const file = await workbookWith((wb) => { wb.getWorksheet(POWER_SHEETS.items.name)!.getCell('C1').value = '名称'; });
    const f = await problemsOf(parsePowerWorkbook(file));
    assert.match(f['权责事项!C1'], /第1行 C列：表头应为“事项名称”，实际为“名称”/);
  });

  it('rejects a missing sheet and extra columns', async () => {
    const file = await workbookWith((wb) => {
      wb.removeWorksheet(wb.getWorksheet(POWER_SHEETS.steps.name)!.id);
      wb.getWorksheet(POWER_SHEETS.items.name)!.getCell('J1').value = '备注';
    });
    const f = await problemsOf(parsePowerWorkbook(file));
    assert.match(f['办理流程'], /缺少工作表/);
    assert.match(f['权责事项!J1'], /多余的列“备注”/);
  });

  it('rejects merged cells naming the range', async () => {
    const file = await workbookWith((wb) => { wb.getWorksheet(POWER_SHEETS.items.name)!.mergeCells('C2:D2'); });
    const f = await problemsOf(parsePowerWorkbook(file));
    assert.match(f['权责事项!C2'], /合并单元格 C2:D2/);
  });

  const badValues: [string, (wb: ExcelJS.Workbook) => void, string, RegExp][] = [
    ['unknown kind', (wb) => { wb.getWorksheet('权责事项')!.getCell('B3').value = '行政审批'; }, '权责事项!B3', /事项类别“行政审批”无效/],
    ['impossible date', (wb) => { wb.getWorksheet('权责事项')!.getCell('I2').value = '2020-02-30'; }, '权责事项!I2', /日期不存在/],
    ['empty name', (wb) => { wb.getWorksheet('权责事项')!.getCell('C2').value = ''; }, '权责事项!C2', /请填写事项名称/],
    ['duplicate code', (wb) => { wb.getWorksheet('权责事项')!.getCell('A3').value = 'A-1'; }, '权责事项!A3', /与第2行重复/],
    ['formula', (wb) => { wb.getWorksheet('权责事项')!.getCell('D2').value = { formula: 'A1&B1', result: 'x' } as ExcelJS.CellFormulaValue; }, '权责事项!D2', /不接受公式/],
    ['garbled text', (wb) => { wb.getWorksheet('权责事项')!.getCell('E2').value = '��ʡ�Ƽ���'; }, '权责事项!E2', /乱码/],
    ['bad phone', (wb) => { wb.getWorksheet('权责事项')!.getCell('G2').value = 'call me'; }, '权责事项!G2', /电话号码/],
    ['basis for unknown item', (wb) => { wb.getWorksheet('法律依据')!.getCell('A2').value = 'NOPE'; }, '法律依据!A2', /不在“权责事项”表中/],
    ['bad step number', (wb) => { wb.getWorksheet('办理流程')!.getCell('B2').value = '第一步'; }, '办理流程!B2', /序号应为正整数/],
    ['empty law name', (wb) => { wb.getWorksheet('法律依据')!.getCell('C2').value = ''; }, '法律依据!C2', /请填写法律法规名称/],
  ];
  for (const [label, edit, key, re] of badValues) {
    it(`rejects ${label} at ${key}`, async () => {
      const f = await problemsOf(parsePowerWorkbook(await workbookWith(edit)));
      assert.match(f[key] ?? JSON.stringify(f), re);
    });
  }

  it('rejects files that are not xlsx (csv, xls, garbage)', async () => {
    for (const data of [Buffer.from('事项编码,事项类别\nA,行政许可\n'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), Buffer.from('PK\u0003\u0004garbage')]) {
      const f = await problemsOf(parsePowerWorkbook(data));
      assert.ok(f.file);
    }
  });

  it('writes nothing when any row is bad', async () => {
    const a = await makeAgency(ctx);
    const file = await workbookWith((wb) => { wb.getWorksheet('权责事项')!.getCell('B3').value = '不存在'; });
    await problemsOf(parsePowerWorkbook(file).then((rows) => applyPowerImport(ctx, staffAt(a.id, 'editor'), a.id, rows)));
    assert.equal((await listPowerItems(ctx, a.id)).length, 0);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Forbidden, InvalidInput } from '../errors.ts';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { makeAgency } from '../../test/support/factories.ts';
import { powerItem, staffAt } from '../../test/support/registers-factories.ts';
import { applyPowerImport, listPowerItems, repealPowerItem, savePowerItem } from './power-service.ts';
import { countRegisterFacts, countTable4, fenTo10kYuan } from './register-facts.ts';
import { resultAtYearEnd, table4Cells } from './registers.ts';
import {
  listPublishedEnforcementDecisions, recordEnforcementDecision, recordFeeCollection, recordLicensingDecision, recordProcurement,
  saveDisclosureCase, addFeeItem, listFeeItems,
} from './registers-service.ts';

describe('table 二 counts from the registers (domain.md §2.2)', () => {
  let ctx: TestCtx;
  before(async () => { ctx = await createTestCtx({ now: '2021-03-01T02:00:00Z' }); });
  after(() => ctx.cleanup());

  it('counts items in force at both year ends, decisions, fees and procurement in both templates', async () => {
    const a = await makeAgency(ctx);
    const ed = staffAt(a.id, 'editor');
    await applyPowerImport(ctx, ed, a.id, [
      powerItem({ code: 'L1', kind: 'licensing', effectiveOn: '2019-01-01' }),
      powerItem({ code: 'L2', kind: 'licensing', effectiveOn: '2019-06-01' }),
      powerItem({ code: 'L3', kind: 'licensing', effectiveOn: '2020-05-01' }), // new in 2020
      powerItem({ code: 'P1', kind: 'penalty', effectiveOn: '2018-01-01' }),
      powerItem({ code: 'C1', kind: 'coercion', effectiveOn: '2018-01-01' }),
      powerItem({ code: 'O1', kind: 'inspection', effectiveOn: '2018-01-01' }),
      powerItem({ code: 'O2', kind: 'reward', effectiveOn: '2018-01-01' }),
      powerItem({ code: 'F1', kind: 'levy', effectiveOn: '2018-01-01' }), // counts nowhere in （五）（六）
      powerItem({ code: 'X1', kind: 'licensing', effectiveOn: '2021-01-01' }), // after the year
    ]);
    await repealPowerItem(ctx, ed, a.id, 'L1', '2020-07-01');
    await repealPowerItem(ctx, ed, a.id, 'O2', '2021-01-01'); // repealed after the year end: still in force on 12-31
    // Licensing: 1 issue + aggregate of 5 renewals + 1 cancellation in 2020; an issue in 2019; 3 inspections (其他对外管理服务事项).
    await recordLicensingDecision(ctx, ed, a.id, { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '兰州大学', decidedOn: '2020-04-02', published: 'on' });
    await recordLicensingDecision(ctx, ed, a.id, { licenceType: '外国人来华工作许可证', action: 'renew', holderKind: 'aggregate', caseCount: '5', decidedOn: '2020-06-30' });
    await recordLicensingDecision(ctx, ed, a.id, { licenceType: '实验动物使用许可证', action: 'cancel', holderKind: 'organisation', holderName: '某公司', decidedOn: '2020-12-31' });
    await recordLicensingDecision(ctx, ed, a.id, { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '甲单位', decidedOn: '2019-12-31' });
    await recordLicensingDecision(ctx, ed, a.id, { licenceType: '实验动物生产许可证', action: 'inspect', holderKind: 'aggregate', caseCount: '3', decidedOn: '2020-09-01' });
    await recordEnforcementDecision(ctx, ed, a.id, { kind: 'penalty', partyKind: 'natural_person', partyName: '李四', measure: '警告', decidedOn: '2020-05-05', published: 'on' });
    await recordEnforcementDecision(ctx, ed, a.id, { kind: 'penalty', partyKind: 'organisation', partyName: '某科技公司', measure: '罚款', amountYuan: '5000', decidedOn: '2020-08-05' });
    await recordEnforcementDecision(ctx, ed, a.id, { kind: 'coercion', partyKind: 'organisation', partyName: '某科技公司', measure: '查封', decidedOn: '2021-01-05' });
    await addFeeItem(ctx, ed, a.id, { name: '甲收费', legalBasis: '依据', standard: '每件10元', inForceFrom: '2015-01-01', inForceUntil: '2020-06-30' });
    await addFeeItem(ctx, ed, a.id, { name: '乙收费', legalBasis: '依据', standard: '每件20元', inForceFrom: '2015-01-01' });
    const fees = await listFeeItems(ctx, a.id);
    await recordFeeCollection(ctx, ed, a.id, fees[0].id, { year: '2020', amountYuan: '12345.67' });
    await recordFeeCollection(ctx, ed, a.id, fees[1].id, { year: '2020', amountYuan: '100000' });
    await recordFeeCollection(ctx, ed, a.id, fees[1].id, { year: '2019', amountYuan: '999' });
    await recordProcurement(ctx, ed, a.id, { name: '办公设备', amountYuan: '160596.40', contractedOn: '2020-03-01' });
    await recordProcurement(ctx, ed, a.id, { name: '网站运维', amountYuan: '89000', contractedOn: '2020-11-01' });
    await recordProcurement(ctx, ed, a.id, { name: '往年项目', amountYuan: '1', contractedOn: '2019-11-01' });

    const f = await countRegisterFacts(ctx, a.id, 2020);
    assert.deepEqual(f['2019'], {
      licensing: { previousYear: 2, change: 0, decisions: 7 }, // L1, L2 → L2, L3; 1 + 5 + 1
      other_services: { previousYear: 2, change: 0, decisions: 3 },
      penalties: { previousYear: 1, change: 0, decisions: 2 },
      coercion: { previousYear: 1, change: 0, decisions: 0 },
      fees: { previousYear: 2, change: -1 },
      procurement: { projects: 2, amount: { value: 24.9596, unit: '万元' } },
    });
    assert.deepEqual(f['2021'], {
      licensing: { decisions: 7 }, penalties: { decisions: 2 }, coercion: { decisions: 0 }, fees: { amount10kYuan: 11.2346 },
    });
    // The public list stands on today (2021-03-01): L2, L3, X1 licensing; O2 repealed.
    assert.deepEqual((await listPowerItems(ctx, a.id, { kind: 'licensing' })).map((i) => i.code), ['L2', 'L3', 'X1']);
    assert.deepEqual((await listPowerItems(ctx, a.id, { on: '2019-12-31', kind: 'licensing' })).map((i) => i.code), ['L1', 'L2']);
  });

  it('keeps natural persons out of published decisions', async () => {
    const a = await makeAgency(ctx);
    const ed = staffAt(a.id, 'editor');
    await recordEnforcementDecision(ctx, ed, a.id, { kind: 'penalty', partyKind: 'natural_person', partyName: '张三丰', measure: '警告', decidedOn: '2020-05-05', published: 'on' });
    const row = await ctx.db.selectFrom('enforcement_decisions').select('party_name').where('agency_id', '=', a.id).executeTakeFirstOrThrow();
    assert.match(row.party_name, /^v1:/);
    const pub = await listPublishedEnforcementDecisions(ctx, a.id);
    assert.equal(pub.rows[0].partyName, '张**');
    await assert.rejects(recordLicensingDecision(ctx, ed, a.id, { licenceType: '外国人来华工作许可证', action: 'issue', holderKind: 'natural_person', holderName: 'John Smith', decidedOn: '2020-01-02' }),
      (e: unknown) => e instanceof InvalidInput && !!e.fields.holderName);
  });

  it('refuses edits without the registers permission and bad values with field messages', async () => {
    const a = await makeAgency(ctx);
    await assert.rejects(savePowerItem(ctx, staffAt(a.id, 'case_handler'), a.id, powerItem()), Forbidden);
    await assert.rejects(savePowerItem(ctx, staffAt(a.id, 'editor'), a.id, { ...powerItem(), kind: 'bogus', effectiveOn: '2020-13-01' }),
      (e: unknown) => e instanceof InvalidInput && !!e.fields.kind && !!e.fields.effectiveOn);
    await assert.rejects(recordProcurement(ctx, staffAt(a.id, 'editor'), a.id, { name: 'x', amountYuan: '1.234', contractedOn: '2020-01-01' }),
      (e: unknown) => e instanceof InvalidInput && !!e.fields.amountYuan);
  });

  it('converts fen to 万元', () => {
    assert.equal(fenTo10kYuan(0), 0);
    assert.equal(fenTo10kYuan(1_000_000), 1);
    assert.equal(fenTo10kYuan(16_059_640), 16.0596);
  });
});

describe('table 四 (domain.md §2.4)', () => {
  let ctx: TestCtx;
  before(async () => { ctx = await createTestCtx({ now: '2021-03-01T02:00:00Z' }); });
  after(() => ctx.cleanup());

  it('counts cases filed in the year by group and result at year end; R5 holds', async () => {
    const a = await makeAgency(ctx);
    const ed = staffAt(a.id, 'editor');
    const add = (kind: string, filedOn: string, result: string, concludedOn?: string) =>
      saveDisclosureCase(ctx, ed, a.id, undefined, { kind, filedOn, result, concludedOn: concludedOn ?? '', requestRef: '' });
    await add('reconsideration', '2020-02-01', 'upheld', '2020-04-01');
    await add('reconsideration', '2020-03-01', 'corrected', '2020-05-01');
    await add('reconsideration', '2020-11-01', 'upheld', '2021-01-20'); // concluded after the year: 尚未审结 for 2020
    await add('litigation_direct', '2020-06-01', 'pending');
    await add('litigation_after', '2020-07-01', 'other', '2020-12-31');
    await add('litigation_after', '2019-07-01', 'upheld', '2020-02-01'); // filed in 2019: not in 2020's table
    const cells = await countTable4(ctx, a.id, 2020);
    assert.deepEqual(cells, [1, 1, 0, 1, 3, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]);
    for (let g = 0; g < 3; g++) assert.equal(cells[g * 5 + 4], cells.slice(g * 5, g * 5 + 4).reduce((x, y) => x + y, 0));
    assert.deepEqual(await countTable4(ctx, (await makeAgency(ctx)).id, 2020), Array(15).fill(0));
  });

  it('validates dates and results', async () => {
    const a = await makeAgency(ctx);
    const ed = staffAt(a.id, 'editor');
    const bad: [Record<string, string>, string][] = [
      [{ kind: 'reconsideration', filedOn: '2020-02-01', result: 'upheld', concludedOn: '' }, 'concludedOn'],
      [{ kind: 'reconsideration', filedOn: '2020-02-01', result: 'pending', concludedOn: '2020-03-01' }, 'concludedOn'],
      [{ kind: 'reconsideration', filedOn: '2020-02-01', result: 'upheld', concludedOn: '2020-01-01' }, 'concludedOn'],
      [{ kind: 'appeal', filedOn: '2020-02-01', result: 'upheld', concludedOn: '2020-03-01' }, 'kind'],
      [{ kind: 'reconsideration', filedOn: '2020-02-01', result: 'pending', requestRef: '<script>' }, 'requestRef'],
    ];
    for (const [raw, field] of bad) {
      await assert.rejects(saveDisclosureCase(ctx, ed, a.id, undefined, raw), (e: unknown) => e instanceof InvalidInput && !!e.fields[field], JSON.stringify(raw));
    }
  });

  it('takes the result at year end (pure)', () => {
    assert.equal(resultAtYearEnd({ result: 'upheld', concludedOn: '2020-12-31' }, 2020), 'upheld');
    assert.equal(resultAtYearEnd({ result: 'upheld', concludedOn: '2021-01-01' }, 2020), 'pending');
    assert.deepEqual(table4Cells([], 2020), Array(15).fill(0));
  });
});

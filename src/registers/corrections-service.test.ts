/**
 * Corrections of register records on a real database: edits with optimistic locking and their audit entries, and
 * withdrawal instead of deletion with its effect on public lists, notices and the table 二 figures
 * (docs/decisions/0008; 国办发〔2018〕118号: 行政执法决定被依法撤销、确认违法或者要求重新作出的，应当及时从信息公示平台撤下原行政执法决定信息).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { makeAgency } from '../../test/support/factories.ts';
import { staffAt } from '../../test/support/registers-factories.ts';
import type { Agency } from '../agencies/agency.ts';
import {
  editEnforcementDecision, editFeeItem, editLicensingDecision, listWithdrawalNotices, withdrawRegisterRecord,
} from './corrections-service.ts';
import { selectEnforcementDecision, selectLicensingDecision } from './corrections-store.ts';
import { countRegisterFacts } from './register-facts.ts';
import type { WithdrawalReason } from './registers.ts';
import {
  addFeeItem, licensingSummary, listFeeItems, listLicensingNotices, listPublishedEnforcementDecisions, recordEnforcementDecision,
  recordLicensingDecision,
} from './registers-service.ts';
import { selectFeeItems } from './registers-store.ts';

const LAB = { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '兰州大学', licenceNumber: 'SYXK（甘）2020-0007', decidedOn: '2020-04-02', published: 'on' };
const BATCH = { licenceType: '外国人来华工作许可证', action: 'renew', holderKind: 'aggregate', caseCount: '5', decidedOn: '2020-06-30' };

describe('corrections of register records', () => {
  let ctx: TestCtx;
  let a: Agency;
  let other: Agency;
  const ed = () => staffAt(a.id, 'editor');
  const changes: string[] = [];
  const audits = (action: string) => ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  before(async () => {
    ctx = await createTestCtx({ now: '2021-01-20T02:00:00Z' });
    ctx.events.on('content.changed', (e) => changes.push(`${e.agencyId}:${e.reason}`));
  });
  beforeEach(async () => {
    a = await makeAgency(ctx);
    other = await makeAgency(ctx);
    changes.length = 0;
  });
  after(() => ctx.cleanup());

  it('corrects a published licensing decision: counts and list follow, marked 更正, audited by field name, cache told', async () => {
    const d = await recordLicensingDecision(ctx, ed(), a.id, BATCH);
    const lab = await recordLicensingDecision(ctx, ed(), a.id, LAB);
    assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].licensing.decisions, 6);
    const edited = await editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '8', version: '1' });
    assert.equal(edited.version, 2);
    assert.equal(edited.correctedOn, null, 'an unpublished batch is corrected silently');
    assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].licensing.decisions, 9);
    const pub = await editLicensingDecision(ctx, ed(), a.id, lab.id, { ...LAB, holderName: '兰州大学第一医院', version: '1' });
    assert.equal(pub.correctedOn, '2021-01-20');
    assert.equal((await listLicensingNotices(ctx, a.id)).rows[0].holderName, '兰州大学第一医院');
    const rows = await audits('licensing.edit');
    assert.deepEqual(rows.filter((r) => r.object_id === d.id).map((r) => JSON.parse(r.summary)), [{ changed: ['caseCount'], version: 2 }]);
    assert.ok(rows.every((r) => !r.summary.includes('兰州大学')));
    assert.deepEqual(changes.filter((c) => c.endsWith('licensing.edit')), [`${a.id}:licensing.edit`, `${a.id}:licensing.edit`]);
  });

  it('refuses a stale version with 409 version_conflict and changes nothing; unchanged input writes nothing', async () => {
    const d = await recordLicensingDecision(ctx, ed(), a.id, BATCH);
    await editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '6', version: '1' });
    const before = (await audits('licensing.edit')).length;
    await assert.rejects(editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '7', version: '1' }),
      (e: { code: string; details: { currentVersion: number } }) => e.code === 'version_conflict' && e.details.currentVersion === 2);
    assert.equal((await selectLicensingDecision(ctx.db, a.id, d.id))!.caseCount, 6);
    const same = await editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '6', version: '2' });
    assert.equal(same.version, 2);
    assert.equal((await audits('licensing.edit')).length, before);
    await assert.rejects(editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '0', version: '2' }), { code: 'invalid_input' });
    await assert.rejects(editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '6' }), { code: 'invalid_input' });
  });

  it('lets exactly one of two simultaneous edits of the same version through', async () => {
    const d = await recordLicensingDecision(ctx, ed(), a.id, BATCH);
    const results = await Promise.allSettled([
      editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '11', version: '1' }),
      editLicensingDecision(ctx, ed(), a.id, d.id, { ...BATCH, caseCount: '12', version: '1' }),
      withdrawRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { reason: 'entry_error', note: '同时撤回的尝试', version: '1' }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'version_conflict');
    const after = (await selectLicensingDecision(ctx.db, a.id, d.id))!;
    assert.equal(after.version, 2);
    const edits = (await audits('licensing.edit')).filter((r) => r.object_id === d.id).length + (await audits('licensing.withdraw')).filter((r) => r.object_id === d.id).length;
    assert.equal(edits, 1, 'one audit entry for the one change');
  });

  it('checks permission and agency in the service', async () => {
    const d = await recordLicensingDecision(ctx, ed(), a.id, BATCH);
    for (const p of [staffAt(a.id, 'reviewer'), staffAt(a.id, 'auditor'), staffAt(other.id, 'editor')]) {
      await assert.rejects(editLicensingDecision(ctx, p, a.id, d.id, { ...BATCH, version: '1' }), { code: 'forbidden' });
      await assert.rejects(withdrawRegisterRecord(ctx, p, 'licensing', a.id, d.id, { reason: 'entry_error', note: '重复登记了', version: '1' }), { code: 'forbidden' });
    }
    // Another agency's editor naming its own agency finds nothing.
    await assert.rejects(editLicensingDecision(ctx, staffAt(other.id, 'editor'), other.id, d.id, { ...BATCH, version: '1' }), { code: 'not_found' });
    await assert.rejects(withdrawRegisterRecord(ctx, staffAt(other.id, 'editor'), 'licensing', other.id, d.id, { reason: 'entry_error', note: '重复登记了', version: '1' }), { code: 'not_found' });
  });

  // Withdrawal rule table (registers.ts WITHDRAWAL_REASONS; docs/decisions/0008):
  //   entry_error → off the public list, out of table 二 (it never was a decision);
  //   revoked     → off the public list (国办发〔2018〕118号 撤下原行政执法决定信息), still counted in its year (it was made).
  // Both leave a public notice when the decision had been published.
  const rows: { reason: WithdrawalReason; counted: boolean }[] = [
    { reason: 'entry_error', counted: false },
    { reason: 'revoked', counted: true },
  ];
  for (const row of rows) {
    it(`withdraws a published penalty as ${row.reason}: off the portal, notice left, table 二 ${row.counted ? 'keeps' : 'drops'} it`, async () => {
      const d = await recordEnforcementDecision(ctx, ed(), a.id, { kind: 'penalty', documentNumber: '甘科罚〔2020〕3号', partyKind: 'natural_person', partyName: '李四光', measure: '警告', decidedOn: '2020-05-05', published: 'on' });
      assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].penalties.decisions, 1);
      await assert.rejects(withdrawRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { reason: row.reason, note: '', version: '1' }), { code: 'invalid_input' });
      await withdrawRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { reason: row.reason, note: '甘政复〔2020〕9号撤销；当事人李四光', version: '1' });
      assert.equal((await listPublishedEnforcementDecisions(ctx, a.id)).total, 0);
      assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].penalties.decisions, row.counted ? 1 : 0);
      assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2021'].penalties.decisions, row.counted ? 1 : 0);
      const notices = await listWithdrawalNotices(ctx, a.id, 'enforcement');
      assert.deepEqual(notices, [{ decidedOn: '2020-05-05', what: 'penalty', reference: '甘科罚〔2020〕3号', action: 'penalty', withdrawnOn: '2021-01-20', reason: row.reason }]);
      const stored = (await selectEnforcementDecision(ctx.db, a.id, d.id))!;
      assert.deepEqual(stored.withdrawal, { on: '2021-01-20', reason: row.reason, note: '甘政复〔2020〕9号撤销；当事人李四光' });
      const [entry] = (await audits('enforcement_decision.withdraw')).filter((r) => r.object_id === d.id);
      assert.deepEqual(JSON.parse(entry.summary), { reason: row.reason, wasPublished: true, version: 2 });
      assert.equal(entry.agency_id, a.id);
      await assert.rejects(withdrawRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { reason: row.reason, note: '再撤一次试试', version: '2' }), { code: 'invalid_transition' });
      await assert.rejects(editEnforcementDecision(ctx, ed(), a.id, d.id, { kind: 'penalty', partyKind: 'organisation', partyName: '某公司', measure: '警告', decidedOn: '2020-05-05', version: '2' }), { code: 'invalid_transition' });
      assert.ok(changes.includes(`${a.id}:enforcement_decision.withdraw`));
    });
  }

  it('withdraws an unpublished licensing batch entered twice: counts drop, no public notice', async () => {
    const d = await recordLicensingDecision(ctx, ed(), a.id, BATCH);
    await recordLicensingDecision(ctx, ed(), a.id, BATCH);
    assert.equal((await licensingSummary(ctx, a.id, 2020))[0].cases, 10);
    await assert.rejects(withdrawRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { reason: 'entry_error', note: '与另一条重复', version: '7' }), { code: 'version_conflict' });
    await withdrawRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { reason: 'entry_error', note: '与另一条重复', version: '1' });
    assert.equal((await licensingSummary(ctx, a.id, 2020))[0].cases, 5);
    assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].licensing.decisions, 5);
    assert.deepEqual(await listWithdrawalNotices(ctx, a.id, 'licensing'), []);
  });

  it('keeps a natural person’s name encrypted through an edit: empty keeps it, a new one replaces it', async () => {
    const input = { kind: 'penalty', partyKind: 'natural_person', partyName: '王小二', measure: '警告', decidedOn: '2020-05-05', published: 'on' };
    const d = await recordEnforcementDecision(ctx, ed(), a.id, input);
    const kept = await editEnforcementDecision(ctx, ed(), a.id, d.id, { ...input, partyName: '', measure: '警告并处罚款', amountYuan: '200', version: '1' });
    assert.equal(ctx.cipher.decrypt(kept.partyName), '王小二');
    assert.equal(kept.correctedOn, '2021-01-20');
    const [edit] = (await audits('enforcement_decision.edit')).filter((r) => r.object_id === d.id);
    assert.deepEqual(JSON.parse(edit.summary).changed, ['measure', 'amountFen']);
    const renamed = await editEnforcementDecision(ctx, ed(), a.id, d.id, { ...input, partyName: '王晓二', measure: '警告并处罚款', amountYuan: '200', version: '2' });
    assert.notEqual(renamed.partyName, '王晓二', 'stored sealed');
    assert.equal(ctx.cipher.decrypt(renamed.partyName), '王晓二');
    assert.equal((await listPublishedEnforcementDecisions(ctx, a.id)).rows[0].partyName, '王**');
    await assert.rejects(editEnforcementDecision(ctx, ed(), a.id, d.id, { ...input, partyKind: 'organisation', partyName: '', version: '3' }), { code: 'invalid_input' });
  });

  it('corrects a fee item and withdraws one entered in error (a stopped fee keeps its history instead)', async () => {
    await addFeeItem(ctx, ed(), a.id, { name: '甲收费', legalBasis: '依据', standard: '每件10元', inForceFrom: '2015-01-01' });
    await addFeeItem(ctx, ed(), a.id, { name: '误录收费', legalBasis: '依据', standard: '每件20元', inForceFrom: '2015-01-01' });
    const [fee, wrong] = await selectFeeItems(ctx.db, a.id);
    assert.deepEqual((await countRegisterFacts(ctx, a.id, 2020))['2019'].fees, { previousYear: 2, change: 0 });
    const stopped = await editFeeItem(ctx, ed(), a.id, fee.id, { name: '甲收费', legalBasis: '依据', standard: '每件10元', inForceFrom: '2015-01-01', inForceUntil: '2020-06-30', version: '1' });
    assert.equal(stopped.correctedOn, '2021-01-20');
    assert.deepEqual((await countRegisterFacts(ctx, a.id, 2020))['2019'].fees, { previousYear: 2, change: -1 });
    await assert.rejects(withdrawRegisterRecord(ctx, ed(), 'fee', a.id, wrong.id, { reason: 'revoked', note: '不再收费了', version: '1' }), (e: { fields: Record<string, string> }) => /停止日期/.test(e.fields.reason));
    await withdrawRegisterRecord(ctx, ed(), 'fee', a.id, wrong.id, { reason: 'entry_error', note: '本机关无此收费项目', version: '1' });
    assert.deepEqual((await listFeeItems(ctx, a.id)).map((f) => f.name), ['甲收费']);
    assert.deepEqual((await countRegisterFacts(ctx, a.id, 2020))['2019'].fees, { previousYear: 1, change: -1 });
    assert.equal((await selectFeeItems(ctx.db, a.id, { includeWithdrawn: true })).length, 2, 'kept for the record');
  });
});

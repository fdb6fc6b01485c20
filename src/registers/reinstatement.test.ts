/**
 * Reinstatement (恢复) of a register record withdrawn by mistake (docs/decisions/0008, addendum), on a real database:
 * the record returns to the public lists (when published) and to the table 二 figures, the portal's withdrawal
 * notice goes, the change is audited in its transaction without the staff note, and `content.changed` is emitted.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { makeAgency } from '../../test/support/factories.ts';
import { staffAt } from '../../test/support/registers-factories.ts';
import type { Agency } from '../agencies/agency.ts';
import { editLicensingDecision, listWithdrawalNotices, reinstateRegisterRecord, withdrawRegisterRecord } from './corrections-service.ts';
import { selectEnforcementDecision, selectFeeItem, selectLicensingDecision } from './corrections-store.ts';
import { countRegisterFacts } from './register-facts.ts';
import type { WithdrawalReason } from './registers.ts';
import {
  addFeeItem, listFeeItems, listLicensingNotices, listPublishedEnforcementDecisions, recordEnforcementDecision, recordLicensingDecision,
} from './registers-service.ts';
import { selectFeeItems } from './registers-store.ts';

const LAB = { licenceType: '实验动物使用许可证', action: 'issue', holderKind: 'organisation', holderName: '兰州大学', licenceNumber: 'SYXK（甘）2020-0011', decidedOn: '2020-04-02', published: 'on' };
const PENALTY = { kind: 'penalty', documentNumber: '甘科罚〔2020〕8号', partyKind: 'natural_person', partyName: '周八', measure: '警告', decidedOn: '2020-05-05', published: 'on' };

describe('reinstating withdrawn register records', () => {
  let ctx: TestCtx;
  let a: Agency;
  const ed = () => staffAt(a.id, 'editor');
  const changes: string[] = [];
  const audits = (action: string, id: string) => ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('object_id', '=', id).execute();
  before(async () => {
    ctx = await createTestCtx({ now: '2021-01-20T02:00:00Z' });
    ctx.events.on('content.changed', (e) => changes.push(`${e.agencyId}:${e.reason}`));
  });
  beforeEach(async () => {
    a = await makeAgency(ctx);
  });
  after(() => ctx.cleanup());

  // Whatever the withdrawal's reason, reinstatement undoes it: the record is public again (it was published) and
  // counts again in 处理决定数量 (domain.md §2.2; an entry_error withdrawal had taken it out, a revoked one had not).
  const rows: { reason: WithdrawalReason; countedWhileWithdrawn: number }[] = [
    { reason: 'entry_error', countedWhileWithdrawn: 0 },
    { reason: 'revoked', countedWhileWithdrawn: 1 },
  ];
  for (const row of rows) {
    it(`reinstates a published penalty withdrawn as ${row.reason}: public again, notice gone, counted, audited`, async () => {
      const d = await recordEnforcementDecision(ctx, ed(), a.id, PENALTY);
      await withdrawRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { reason: row.reason, note: '误操作：撤回了周八的决定', version: '1' });
      assert.equal((await listPublishedEnforcementDecisions(ctx, a.id)).total, 0);
      assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].penalties.decisions, row.countedWhileWithdrawn);
      assert.equal((await listWithdrawalNotices(ctx, a.id, 'enforcement')).length, 1);

      await assert.rejects(reinstateRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { version: '1' }), { code: 'version_conflict' });
      changes.length = 0;
      await reinstateRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { version: '2' }, '10.0.0.9');

      const stored = (await selectEnforcementDecision(ctx.db, a.id, d.id))!;
      assert.equal(stored.withdrawal, null);
      assert.equal(stored.version, 3);
      assert.equal(stored.published, true);
      assert.equal((await listPublishedEnforcementDecisions(ctx, a.id)).total, 1);
      assert.deepEqual(await listWithdrawalNotices(ctx, a.id, 'enforcement'), []);
      assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].penalties.decisions, 1);
      const [entry] = await audits('enforcement_decision.reinstate', d.id);
      assert.deepEqual(JSON.parse(entry.summary), { withdrawnOn: '2021-01-20', reason: row.reason, published: true, version: 3 });
      assert.equal(entry.agency_id, a.id);
      assert.doesNotMatch(entry.summary, /周八|误操作/, 'no staff note and no name in the audit log');
      assert.deepEqual(changes, [`${a.id}:enforcement_decision.reinstate`]);
      // Back to its state before: reinstating again is refused, and it can be withdrawn again.
      await assert.rejects(reinstateRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { version: '3' }), { code: 'invalid_transition' });
      await withdrawRegisterRecord(ctx, ed(), 'enforcement', a.id, d.id, { reason: 'entry_error', note: '这次确实重复了', version: '3' });
      assert.equal((await listPublishedEnforcementDecisions(ctx, a.id)).total, 0);
    });
  }

  it('reinstates a licensing decision and a fee item; the records can be edited again', async () => {
    const d = await recordLicensingDecision(ctx, ed(), a.id, LAB);
    await withdrawRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { reason: 'entry_error', note: '看错了行', version: '1' });
    assert.equal((await listLicensingNotices(ctx, a.id)).total, 0);
    await reinstateRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { version: '2' });
    assert.equal((await listLicensingNotices(ctx, a.id)).total, 1);
    assert.equal((await countRegisterFacts(ctx, a.id, 2020))['2019'].licensing.decisions, 1);
    const edited = await editLicensingDecision(ctx, ed(), a.id, d.id, { ...LAB, holderName: '兰州大学第一医院', version: '3' });
    assert.equal(edited.holderName, '兰州大学第一医院');
    assert.equal((await selectLicensingDecision(ctx.db, a.id, d.id))!.version, 4);

    await addFeeItem(ctx, ed(), a.id, { name: '乙收费', legalBasis: '依据', standard: '每件10元', inForceFrom: '2015-01-01' });
    const [fee] = await selectFeeItems(ctx.db, a.id);
    await withdrawRegisterRecord(ctx, ed(), 'fee', a.id, fee.id, { reason: 'entry_error', note: '误以为重复', version: '1' });
    assert.deepEqual((await countRegisterFacts(ctx, a.id, 2020))['2019'].fees, { previousYear: 0, change: 0 });
    await reinstateRegisterRecord(ctx, ed(), 'fee', a.id, fee.id, { version: '2' });
    assert.deepEqual((await listFeeItems(ctx, a.id)).map((f) => f.name), ['乙收费']);
    assert.deepEqual((await countRegisterFacts(ctx, a.id, 2020))['2019'].fees, { previousYear: 1, change: 0 });
    assert.equal((await selectFeeItem(ctx.db, a.id, fee.id))!.withdrawal, null);
    assert.equal((await audits('fee_item.reinstate', fee.id)).length, 1);
  });

  it('checks permission, agency, state and input in the service, and writes nothing when refused', async () => {
    const other = await makeAgency(ctx);
    const d = await recordLicensingDecision(ctx, ed(), a.id, LAB);
    await assert.rejects(reinstateRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { version: '1' }), { code: 'invalid_transition' });
    await withdrawRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, { reason: 'entry_error', note: '看错了行', version: '1' });
    for (const p of [staffAt(a.id, 'auditor'), staffAt(a.id, 'reviewer'), staffAt(a.id, 'case_handler'), staffAt(other.id, 'editor'), undefined]) {
      await assert.rejects(reinstateRegisterRecord(ctx, p, 'licensing', a.id, d.id, { version: '2' }), { code: 'forbidden' });
    }
    await assert.rejects(reinstateRegisterRecord(ctx, staffAt(other.id, 'editor'), 'licensing', other.id, d.id, { version: '2' }), { code: 'not_found' });
    await assert.rejects(reinstateRegisterRecord(ctx, ed(), 'licensing', a.id, d.id, {}), { code: 'invalid_input' });
    await assert.rejects(reinstateRegisterRecord(ctx, ed(), 'licensing', a.id, 'nonexistent', { version: '2' }), { code: 'not_found' });
    const stored = (await selectLicensingDecision(ctx.db, a.id, d.id))!;
    assert.equal(stored.version, 2);
    assert.equal(stored.withdrawal?.reason, 'entry_error');
    assert.equal((await audits('licensing.reinstate', d.id)).length, 0);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { getCase, unmaskApplicant } from '../../src/requests/case-service.ts';
import { approveDecision, closeRequest, recordDecision, returnDecision, sendReply } from '../../src/requests/decision-service.ts';
import { trackRequest } from '../../src/requests/request-service.ts';
import { selectEvents, selectLetters, selectRequestById } from '../../src/requests/request-store.ts';
import {
  abandonForNoCorrection, acceptRequest, endConsultation, extendDeadline, lapseForNonPayment, recordCorrection, recordPayment,
  recordWithdrawal, requestCorrection, sendFeeNotice, startConsultation, submitCorrectionOnline, transferRequest, withdrawOnline,
} from '../../src/requests/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { actor, principal, PHONE, submitCase } from '../support/request-factories.ts';

const at = (d: string) => `${d}T02:00:00Z`;

describe('case workflow (Arts. 30–45)', () => {
  let ctx: TestCtx;
  let agency: Agency;
  let other: Agency;
  let handler: Principal;
  let reviewer: Principal;
  before(async () => {
    ctx = await createTestCtx({ now: at('2021-11-01') });
    const gov = await makeAgency(ctx, { code: 'gov', name: '甘肃省人民政府', kind: 'government' });
    agency = await makeAgency(ctx, { code: 'kjt', name: '甘肃省科学技术厅', shortName: '甘科技', parentId: gov.id });
    other = await makeAgency(ctx, { code: 'zrzy', name: '兰州市自然资源局', shortName: '兰自然资源' });
    handler = principal(agency.id, ['case_handler'], 'handler');
    reviewer = principal(agency.id, ['reviewer'], 'reviewer');
  });
  after(() => ctx.cleanup());

  const fresh = async (on = '2021-11-01', over: Record<string, unknown> = {}) => {
    ctx.clock.set(at(on));
    return submitCase(ctx, 'kjt', over);
  };
  const H = () => actor(handler);

  describe('reply clock paths (calendar from src/calendar; November 2021 has no holidays)', () => {
    const rows: { name: string; steps: (id: string) => Promise<unknown>; dueOn: string | null }[] = [
      { name: 'plain: 20 working days after receipt (Art. 33 ¶2)', steps: async () => {}, dueOn: '2021-11-29' },
      {
        name: '补正: the clock restarts from the corrected application (Art. 30)', dueOn: '2021-12-13',
        steps: async (id) => {
          ctx.clock.set(at('2021-11-02'));
          await requestCorrection(ctx, handler, H(), id, { notes: '请写明所需信息的年份' });
          ctx.clock.set(at('2021-11-15'));
          await recordCorrection(ctx, handler, H(), id, { text: '所需信息为2020年度' });
        },
      },
      {
        name: 'consultation: its working days do not count (Art. 33 ¶3)', dueOn: '2021-12-06',
        steps: async (id) => {
          await acceptRequest(ctx, handler, H(), id);
          ctx.clock.set(at('2021-11-03'));
          await startConsultation(ctx, handler, H(), id, { party: 'third_party', partyName: '某某公司' });
          ctx.clock.set(at('2021-11-09'));
          await endConsultation(ctx, handler, H(), id, { opinion: 'agree' });
        },
      },
      {
        name: 'extension by 10 working days (Art. 33 ¶2)', dueOn: '2021-12-13',
        steps: async (id) => {
          await acceptRequest(ctx, handler, H(), id);
          await extendDeadline(ctx, handler, H(), id, { workdays: 10, approver: '王主任', reason: '申请内容涉及多个处室' });
        },
      },
      {
        name: 'while waiting for 补正 there is no reply due date (Art. 30)', dueOn: null,
        steps: async (id) => requestCorrection(ctx, handler, H(), id, { notes: '请写明所需信息的年份' }),
      },
    ];
    for (const row of rows) {
      it(row.name, async () => {
        const c = await fresh();
        await row.steps(c.id);
        const r = await selectRequestById(ctx.db, c.id);
        assert.equal(r!.dueOn, row.dueOn);
      });
    }

    it('fee payment: 20 working days after the 收费通知 (domain.md §3.4); the reply clock keeps running', async () => {
      const c = await fresh('2021-11-01', {}, );
      ctx.clock.set(at('2021-11-10'));
      await acceptRequest(ctx, handler, H(), c.id);
      await sendFeeNotice(ctx, handler, H(), c.id, { mode: 'per_volume', pages: 150 });
      const r = (await selectRequestById(ctx.db, c.id))!;
      assert.equal(r.state, 'awaiting_fee');
      assert.equal(r.feeDueOn, '2021-12-08');
      assert.equal(r.feeFen, 170000); // 70 × 10元 + 50 × 20元 (measures Art. 5)
      assert.equal(r.dueOn, '2021-11-29');
      const detail = await getCase(ctx, handler, c.id);
      assert.equal(detail.clocks.fee?.dueOn, '2021-12-08');
      assert.ok(detail.clocks.reply!.trace.length > 2);
    });
  });

  describe('steps the law does not allow: clear error, no state change', () => {
    const rows: { name: string; setup: (id: string) => Promise<unknown>; act: (id: string) => Promise<unknown>; code: string }[] = [
      { name: 'deciding during 补正 (Art. 30)', code: 'invalid_transition',
        setup: (id) => requestCorrection(ctx, handler, H(), id, { notes: '请写明年份' }),
        act: (id) => recordDecision(ctx, handler, H(), id, { outcome: 'granted', bases: ['art36_2'], facts: '经审查可以公开' }) },
      { name: 'a second 补正 (Art. 30: 一次性告知)', code: 'invalid_transition',
        setup: async (id) => { await requestCorrection(ctx, handler, H(), id, { notes: '请写明年份' }); await recordCorrection(ctx, handler, H(), id, { text: '2020年' }); },
        act: (id) => requestCorrection(ctx, handler, H(), id, { notes: '再次补正' }) },
      { name: '补正 after 7 working days (Art. 30)', code: 'correction_notice_late',
        setup: async () => ctx.clock.set(at('2021-11-11')),
        act: (id) => requestCorrection(ctx, handler, H(), id, { notes: '请写明年份' }) },
      { name: 'extending twice (Art. 33 ¶2)', code: 'invalid_transition',
        setup: async (id) => { await acceptRequest(ctx, handler, H(), id); await extendDeadline(ctx, handler, H(), id, { workdays: 5, approver: '王主任', reason: '情况复杂' }); },
        act: (id) => extendDeadline(ctx, handler, H(), id, { workdays: 5, approver: '王主任', reason: '情况复杂' }) },
      { name: 'extending by 21 working days (Art. 33 ¶2: at most 20)', code: 'invalid_input',
        setup: (id) => acceptRequest(ctx, handler, H(), id),
        act: (id) => extendDeadline(ctx, handler, H(), id, { workdays: 21, approver: '王主任', reason: '情况复杂' }) },
      { name: 'extending after the period ran out (Art. 33 ¶2)', code: 'extension_late',
        setup: async (id) => { await acceptRequest(ctx, handler, H(), id); ctx.clock.set(at('2021-11-30')); },
        act: (id) => extendDeadline(ctx, handler, H(), id, { workdays: 5, approver: '王主任', reason: '情况复杂' }) },
      { name: 'deciding during a consultation (Art. 33 ¶3)', code: 'invalid_transition',
        setup: async (id) => { await acceptRequest(ctx, handler, H(), id); await startConsultation(ctx, handler, H(), id, { party: 'agency', partyName: '省财政厅' }); },
        act: (id) => recordDecision(ctx, handler, H(), id, { outcome: 'granted', bases: ['art36_2'], facts: '经审查可以公开' }) },
      { name: '部分公开 without the withheld parts (Art. 37)', code: 'invalid_input',
        setup: (id) => acceptRequest(ctx, handler, H(), id),
        act: (id) => recordDecision(ctx, handler, H(), id, { outcome: 'partly_granted', bases: ['art37'], facts: '部分内容涉及商业秘密' }) },
      { name: 'a legal basis that does not fit the outcome', code: 'basis_mismatch',
        setup: (id) => acceptRequest(ctx, handler, H(), id),
        act: (id) => recordDecision(ctx, handler, H(), id, { outcome: 'withheld_1', bases: ['art38'], facts: '属于国家秘密' }) },
      { name: '“补正后仍不明确” without a 补正 (Art. 30)', code: 'invalid_input',
        setup: (id) => acceptRequest(ctx, handler, H(), id),
        act: (id) => recordDecision(ctx, handler, H(), id, { outcome: 'unavailable_3', bases: ['art30'], facts: '内容仍不明确' }) },
      { name: 'sending the reply before review (会签)', code: 'invalid_transition',
        setup: async (id) => { await acceptRequest(ctx, handler, H(), id); await recordDecision(ctx, handler, H(), id, { outcome: 'granted', bases: ['art36_2'], facts: '经审查可以公开' }); },
        act: (id) => sendReply(ctx, handler, H(), id) },
      { name: 'the decider approving their own decision (会签)', code: 'review_by_decider',
        setup: async (id) => { await acceptRequest(ctx, handler, H(), id); await recordDecision(ctx, handler, H(), id, { outcome: 'granted', bases: ['art36_2'], facts: '经审查可以公开' }); },
        act: (id) => approveDecision(ctx, { ...handler, grants: [...handler.grants, { agencyId: agency.id, role: 'reviewer' }] }, H(), id) },
      { name: 'ending a consultation that was never started', code: 'invalid_transition',
        setup: (id) => acceptRequest(ctx, handler, H(), id),
        act: (id) => endConsultation(ctx, handler, H(), id, { opinion: 'agree' }) },
      { name: 'abandoning before the correction period ends (Art. 30)', code: 'period_not_expired',
        setup: (id) => requestCorrection(ctx, handler, H(), id, { notes: '请写明年份' }),
        act: (id) => abandonForNoCorrection(ctx, { actor: H(), principal: handler }, id) },
      { name: 'fee lapse before 20 working days (§3.4)', code: 'period_not_expired',
        setup: async (id) => { await acceptRequest(ctx, handler, H(), id); await sendFeeNotice(ctx, handler, H(), id, { mode: 'per_volume', pages: 40 }); },
        act: (id) => lapseForNonPayment(ctx, { actor: H(), principal: handler }, id) },
      { name: 'a fee below the free quota (measures Art. 5: ≤ 30 pages free)', code: 'fee_not_due',
        setup: (id) => acceptRequest(ctx, handler, H(), id),
        act: (id) => sendFeeNotice(ctx, handler, H(), id, { mode: 'per_volume', pages: 30 }) },
      { name: 'a reviewer handling the case (requests.handle)', code: 'forbidden',
        setup: async () => {},
        act: (id) => acceptRequest(ctx, reviewer, actor(reviewer), id) },
      { name: 'a handler of another agency', code: 'forbidden',
        setup: async () => {},
        act: (id) => acceptRequest(ctx, principal(other.id, ['case_handler']), H(), id) },
    ];
    for (const row of rows) {
      it(`refuses ${row.name}`, async () => {
        const c = await fresh();
        await row.setup(c.id);
        const before = (await selectRequestById(ctx.db, c.id))!;
        const events = (await selectEvents(ctx.db, c.id)).length;
        await assert.rejects(row.act(c.id), (err: { code: string }) => {
          assert.equal(err.code, row.code);
          return true;
        });
        const after = (await selectRequestById(ctx.db, c.id))!;
        assert.equal(after.state, before.state);
        assert.equal(after.version, before.version);
        assert.equal((await selectEvents(ctx.db, c.id)).length, events);
      });
    }
  });

  it('runs the whole path: 补正 → corrected → consulted → extended → 部分公开 → 会签 → reply → archive', async () => {
    const c = await fresh();
    const seen: string[] = [(await trackRequest(ctx, c.trackingCode)).status];
    ctx.clock.set(at('2021-11-03'));
    await requestCorrection(ctx, handler, H(), c.id, { notes: '请写明所需信息的年份和项目类别' });
    seen.push((await trackRequest(ctx, c.trackingCode)).status);
    ctx.clock.set(at('2021-11-05'));
    await submitCorrectionOnline(ctx, c.trackingCode, PHONE, { text: '2020年度重点研发计划' });
    seen.push((await trackRequest(ctx, c.trackingCode)).status);
    await startConsultation(ctx, handler, H(), c.id, { party: 'third_party', partyName: '兰州某某科技有限公司' });
    seen.push((await trackRequest(ctx, c.trackingCode)).status);
    ctx.clock.set(at('2021-11-12'));
    await endConsultation(ctx, handler, H(), c.id, { opinion: 'object', note: '涉及商业秘密' });
    await extendDeadline(ctx, handler, H(), c.id, { workdays: 10, approver: '王主任', reason: '需要区分处理' });
    seen.push((await trackRequest(ctx, c.trackingCode)).status);
    await recordDecision(ctx, handler, H(), c.id, {
      outcome: 'partly_granted', bases: ['art37'], facts: '项目清单可以公开；第三方不同意公开其技术参数，且理由合理。',
      withheld: [{ what: '第5项至第8项的技术参数', ground: 'withheld_4' }],
    });
    await returnDecision(ctx, reviewer, actor(reviewer), c.id, { note: '请补充事实' });
    await recordDecision(ctx, handler, H(), c.id, {
      outcome: 'partly_granted', bases: ['art37'], facts: '项目清单可以公开；第三方（某某公司）不同意公开其技术参数，且理由合理。',
      withheld: [{ what: '第5项至第8项的技术参数', ground: 'withheld_4' }],
    });
    await approveDecision(ctx, reviewer, actor(reviewer), c.id);
    ctx.clock.set(at('2021-11-22'));
    const replied = await sendReply(ctx, handler, H(), c.id);
    seen.push((await trackRequest(ctx, c.trackingCode)).status);
    await closeRequest(ctx, handler, H(), c.id);
    seen.push((await trackRequest(ctx, c.trackingCode)).status);

    assert.deepEqual(seen, ['received', 'correction_requested', 'in_progress', 'consulting', 'extended', 'replied', 'closed']);
    assert.equal(replied.outcome, 'partly_granted');
    assert.equal(replied.concludedOn, '2021-11-22');
    const letters = await selectLetters(ctx.db, c.id);
    assert.deepEqual(letters.map((l) => l.kind), ['correction_notice', 'consultation', 'extension_notice', 'reply']);
    const numbers = letters.map((l) => Number(/^甘科技依申〔2021〕(\d+)号$/.exec(l.document_number)?.[1]));
    assert.ok(numbers.every((n, k) => n > 0 && (k === 0 || n > numbers[k - 1])), `numbers in order: ${numbers}`);
    const reply = JSON.parse(letters[3].content);
    assert.match(reply.remedy, /60日内向甘肃省人民政府申请行政复议/);
    assert.match(reply.remedy, /6个月内向人民法院提起行政诉讼/);
    assert.deepEqual(reply.items, ['第5项至第8项的技术参数（保护第三方合法权益）']);
    // The consultation letter never names the applicant (Art. 32 protects both sides).
    assert.ok(!letters[1].content.includes('张三'));
    const view = await trackRequest(ctx, c.trackingCode);
    assert.equal(view.reply?.outcome, 'partly_granted');
    assert.ok(view.events.some((e) => e.type === 'extend'));
    assert.ok(!view.events.some((e) => e.type === 'decide'), 'internal review steps stay internal');
  });

  it('refuses to send a reply whose facts contain an ID number or a mobile number (personal-data scan)', async () => {
    const c = await fresh();
    await acceptRequest(ctx, handler, H(), c.id);
    await recordDecision(ctx, handler, H(), c.id, { outcome: 'granted', bases: ['art36_2'], facts: '申请人身份证号620102199803151238，联系电话13800138000。' });
    await approveDecision(ctx, reviewer, actor(reviewer), c.id);
    await assert.rejects(sendReply(ctx, handler, H(), c.id), { code: 'personal_data_found' });
    assert.equal((await selectRequestById(ctx.db, c.id))!.state, 'approved');
    assert.equal((await selectLetters(ctx.db, c.id)).length, 0);
  });

  it('ends without a reply: no correction (其他处理1), no payment (其他处理2), withdrawal (其他处理3)', async () => {
    const a = await fresh();
    await requestCorrection(ctx, handler, H(), a.id, { notes: '请写明年份', periodWorkdays: 5 });
    ctx.clock.set(at('2021-11-09'));
    const abandoned = await abandonForNoCorrection(ctx, { actor: H(), principal: handler }, a.id);
    assert.deepEqual([abandoned.state, abandoned.outcome], ['abandoned', 'other_1']);

    const b = await fresh();
    await acceptRequest(ctx, handler, H(), b.id);
    await sendFeeNotice(ctx, handler, H(), b.id, { mode: 'per_volume', pages: 31 });
    ctx.clock.set(at('2021-11-30'));
    const lapsed = await lapseForNonPayment(ctx, { actor: H(), principal: handler }, b.id);
    assert.deepEqual([lapsed.state, lapsed.outcome], ['abandoned', 'other_2']);

    const c = await fresh();
    await assert.rejects(withdrawOnline(ctx, c.trackingCode, '13900000000'), { code: 'not_found' });
    const w = await withdrawOnline(ctx, c.trackingCode, PHONE);
    assert.deepEqual([w.state, w.outcome, w.concludedOn], ['withdrawn', 'other_3', '2021-11-01']);
    assert.equal((await trackRequest(ctx, c.trackingCode)).status, 'withdrawn');

    const d = await fresh();
    await acceptRequest(ctx, handler, H(), d.id);
    const w2 = await recordWithdrawal(ctx, handler, H(), d.id, { channel: 'letter' });
    assert.equal(w2.state, 'withdrawn');
  });

  it('counts fees per applicant per natural month (measures Art. 4): the 11th request costs 100元', async () => {
    ctx.clock.set(at('2021-11-15'));
    const cases = [];
    for (let i = 0; i < 11; i++) cases.push(await submitCase(ctx, 'kjt', {}, { idNumber: '620102200001015678' }));
    await acceptRequest(ctx, handler, H(), cases[9].id);
    await assert.rejects(sendFeeNotice(ctx, handler, H(), cases[9].id, { mode: 'per_request' }), { code: 'fee_not_due' });
    await acceptRequest(ctx, handler, H(), cases[10].id);
    const r = await sendFeeNotice(ctx, handler, H(), cases[10].id, { mode: 'per_request' });
    assert.deepEqual([r.feeUnits, r.feeFen], [11, 10000]);
    const paid = await recordPayment(ctx, handler, H(), r.id, {});
    assert.equal(paid.state, 'in_progress');
  });

  it('transfers a case to another agency, whose clock starts on the day of transfer', async () => {
    const c = await fresh();
    ctx.clock.set(at('2021-11-03'));
    const t = await transferRequest(ctx, handler, H(), c.id, { agency: 'zrzy', reason: '该信息由自然资源部门制作' });
    assert.equal(t.agencyId, other.id);
    assert.equal(t.receivedOn, '2021-11-03');
    assert.equal(t.state, 'registered');
    assert.equal(t.dueOn, '2021-12-01');
    await assert.rejects(acceptRequest(ctx, handler, H(), c.id), { code: 'forbidden' });
  });

  it('masks the applicant; only the assigned handler unmasks, with a reason, and it is audited', async () => {
    const c = await fresh();
    const page = await getCase(ctx, reviewer, c.id);
    assert.equal(page.applicant.idNumber, '620102********1238');
    assert.equal(page.applicant.phone, '138****8000');
    assert.equal(page.canUnmask, false);
    await assert.rejects(unmaskApplicant(ctx, handler, H(), c.id, { reason: '核实申请人身份' }), { code: 'forbidden' });
    await acceptRequest(ctx, handler, H(), c.id);
    await recordDecision(ctx, handler, H(), c.id, { outcome: 'granted', bases: ['art36_2'], facts: '经审查可以公开' });
    await assert.rejects(unmaskApplicant(ctx, handler, H(), c.id, { reason: '' }), { code: 'invalid_input' });
    const full = await unmaskApplicant(ctx, handler, H(), c.id, { reason: '邮寄答复需要地址' });
    assert.equal(full.idNumber, '620102199803151238');
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('object_id', '=', c.id).where('action', '=', 'request.unmask').execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0].summary, /邮寄答复需要地址/);
    assert.ok(!audit[0].summary.includes('620102199803151238'));
    await assert.rejects(getCase(ctx, principal(other.id, ['case_handler']), c.id), { code: 'not_found' });
  });
});

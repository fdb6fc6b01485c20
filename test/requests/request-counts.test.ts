// The case counts of migration 0310 (table 三 of domain.md §2.3 summed from per-year counts, issue 9) held to a
// direct count of the cases: through the real workflow (submission, decision, late and timely replies, transfer to
// another agency, withdrawal), through random direct writes to info_requests (inserts, conclusions, reopening, kind
// and agency changes, due-date changes, deletes), and after a corrupted summary is rebuilt. Runs on SQLite and, with
// DATABASE_URL, on PostgreSQL (the triggers differ per engine).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Agency } from '../../src/agencies/agency.ts';
import { OUTCOME_LIST } from '../../src/requests/outcomes.ts';
import { approveDecision, recordDecision, sendReply } from '../../src/requests/decision-service.ts';
import { checkRequestCounts, countLateReplies, rebuildRequestCounts } from '../../src/requests/request-counts.ts';
import { caseIdsBehindCell, countRequestTable, countRequestTableFromCases, TABLE3_COLUMNS } from '../../src/requests/request-stats.ts';
import { APPLICANT_KIND_LIST } from '../../src/requests/request.ts';
import { acceptRequest, transferRequest, withdrawOnline } from '../../src/requests/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { insertCases } from '../support/report-factories.ts';
import { actor, organisation, PHONE, principal, submitCase } from '../support/request-factories.ts';

const at = (d: string) => `${d}T02:00:00Z`;

/** Replies after the due date counted from the cases (the narrative's figure before migration 0310). */
async function lateRepliesFromCases(ctx: TestCtx, agencyId: string, year: number): Promise<number> {
  const r = await ctx.db.selectFrom('info_requests').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('concluded_year', '=', year).where('agency_id', '=', agencyId)
    .where('replied_on', 'is not', null).where('due_on', 'is not', null).whereRef('replied_on', '>', 'due_on').executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Asserts that the summary equals the cases for every agency and year given: cells, the ids behind them (and, with
 * `eachCell`, the one-cell drill-down query for every cell) and late replies.
 */
async function assertAgrees(ctx: TestCtx, agencyIds: string[], years: number[], eachCell = false): Promise<void> {
  assert.deepEqual(await checkRequestCounts(ctx), []);
  for (const id of agencyIds) {
    for (const year of years) {
      const summed = await countRequestTable(ctx, id, year);
      const direct = await countRequestTableFromCases(ctx, id, year);
      assert.deepEqual(summed.rows, direct.rows, `table 三 of ${id} in ${year}`);
      for (const [key, cells] of Object.entries(summed.rows)) {
        assert.equal(summed.cases?.[key]?.total?.length ?? 0, cells[6], `ids behind ${key} of ${id} in ${year}`);
        for (const [c, kind] of APPLICANT_KIND_LIST.entries()) assert.equal(summed.cases?.[key]?.[kind]?.length ?? 0, cells[c], `ids behind ${key}/${kind}`);
        if (!eachCell) continue;
        for (const col of TABLE3_COLUMNS) {
          assert.deepEqual(await caseIdsBehindCell(ctx, id, year, key, col), summed.cases?.[key]?.[col] ?? [], `drill-down ${key}/${col} of ${id} in ${year}`);
        }
      }
      assert.equal(await countLateReplies(ctx.db, id, year), await lateRepliesFromCases(ctx, id, year), `late replies of ${id} in ${year}`);
    }
  }
}

describe('table 三 from the case counts (migration 0310)', () => {
  let ctx: TestCtx;
  let a: Agency;
  let b: Agency;
  before(async () => {
    ctx = await createTestCtx({ now: at('2021-11-02') });
    a = await makeAgency(ctx, { code: 'kjt', shortName: '甘科技' });
    b = await makeAgency(ctx, { code: 'zrzy', shortName: '自然资源' });
  });
  after(() => ctx.cleanup());

  it('follows the real workflow: replies on time and late, transfer, withdrawal, carry-over into the next year', async () => {
    const handler = principal(a.id, ['case_handler'], 'h');
    const reviewer = principal(a.id, ['reviewer'], 'r');
    const reply = async (id: string, outcome: string, bases: string[], on: string) => {
      ctx.clock.set(at(on));
      await recordDecision(ctx, handler, actor(handler), id, { outcome, bases, facts: '经审查，依法作出答复。' });
      await approveDecision(ctx, reviewer, actor(reviewer), id);
      await sendReply(ctx, handler, actor(handler), id);
    };
    ctx.clock.set(at('2021-11-02'));
    const onTime = await submitCase(ctx, 'kjt');
    const late = await submitCase(ctx, 'kjt', { delivery: 'online' }, organisation('commercial'));
    const moved = await submitCase(ctx, 'kjt');
    const withdrawn = await submitCase(ctx, 'kjt');
    for (const c of [onTime, late, moved]) await acceptRequest(ctx, handler, actor(handler), c.id);
    await assertAgrees(ctx, [a.id, b.id], [2021]);

    await reply(onTime.id, 'granted', ['art36_2'], '2021-11-10');
    await transferRequest(ctx, handler, actor(handler), moved.id, { agency: 'zrzy', reason: '该信息由自然资源厅制作和保存' });
    await withdrawOnline(ctx, withdrawn.trackingCode, PHONE);
    ctx.clock.set(at('2021-12-31'));
    const carried = await submitCase(ctx, 'kjt', {}, organisation('research'));
    await assertAgrees(ctx, [a.id, b.id], [2021, 2022]);
    const t2021 = await countRequestTable(ctx, a.id, 2021, { withCases: false });
    assert.deepEqual(t2021.rows.new, [2, 1, 1, 0, 0, 0, 4], 'the transferred case is no longer counted here');
    assert.deepEqual(t2021.rows.carried_forward, [0, 1, 1, 0, 0, 0, 2]);
    assert.equal((await countRequestTable(ctx, b.id, 2021, { withCases: false })).rows.new[6], 1, 'the transferred case counts at the receiving agency');

    // The company's reply goes out after its due date (Art. 33: 20 working days), in 2022; the research institute's too.
    await reply(late.id, 'withheld_4', ['art15', 'art36_3'], '2022-01-20');
    await acceptRequest(ctx, handler, actor(handler), carried.id);
    await reply(carried.id, 'unavailable_2', ['art38'], '2022-03-01');
    await assertAgrees(ctx, [a.id, b.id], [2021, 2022], true);
    assert.equal(await countLateReplies(ctx.db, a.id, 2022), 2);
    assert.equal(await countLateReplies(ctx.db, a.id, 2021), 0);
    const t2022 = await countRequestTable(ctx, a.id, 2022, { withCases: false });
    assert.deepEqual(t2022.rows.carried_over, [0, 1, 1, 0, 0, 0, 2]);
    assert.deepEqual(t2022.rows.carried_forward, [0, 0, 0, 0, 0, 0, 0]);
  });

  it('agrees with the cases after random inserts, conclusions, reopenings, moves, due-date changes and deletes', async () => {
    const years = [2019, 2020, 2021, 2022];
    const date = (y: number, d: number) => `${y}-${String(1 + (d % 12)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}`;
    const caseArb = fc.record({
      kind: fc.constantFrom(...APPLICANT_KIND_LIST), received: fc.constantFrom(...years), day: fc.nat(400),
      outcome: fc.option(fc.constantFrom(...OUTCOME_LIST), { nil: undefined }), after: fc.nat(2),
    });
    const opArb = fc.record({
      pick: fc.nat(), op: fc.constantFrom('conclude', 'reopen', 'kind', 'move', 'due', 'reply', 'delete'),
      outcome: fc.constantFrom(...OUTCOME_LIST), year: fc.constantFrom(...years), day: fc.nat(400), kind: fc.constantFrom(...APPLICANT_KIND_LIST),
    });
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 25 }), fc.array(opArb, { maxLength: 15 }), async (cases, ops) => {
      run++;
      const x = await makeAgency(ctx, { code: `rx${run}` });
      const y = await makeAgency(ctx, { code: `ry${run}` });
      const ids = await insertCases(ctx, x.id, cases.map((c) => {
        const concluded = c.outcome ? date(Math.min(c.received + c.after, 2022), c.day) : undefined;
        return { kind: c.kind, receivedOn: date(c.received, c.day), outcome: c.outcome, concludedOn: concluded && concluded < date(c.received, c.day) ? date(c.received, c.day) : concluded };
      }));
      for (const o of ops) {
        const id = ids[o.pick % ids.length];
        const q = ctx.db.updateTable('info_requests').where('request_id', '=', id);
        if (o.op === 'conclude') await q.set({ outcome: o.outcome, concluded_on: date(o.year, o.day), concluded_year: o.year }).execute();
        if (o.op === 'reopen') await q.set({ outcome: null, concluded_on: null, concluded_year: null, replied_on: null }).execute();
        if (o.op === 'kind') await q.set({ applicant_kind: o.kind }).execute();
        if (o.op === 'move') await q.set({ agency_id: y.id, received_year: o.year }).execute();
        if (o.op === 'due') await q.set({ due_on: date(o.year, o.day) }).execute();
        if (o.op === 'reply') await q.set({ replied_on: date(o.year, o.day) }).execute();
        if (o.op === 'delete') await ctx.db.deleteFrom('info_requests').where('request_id', '=', id).execute();
      }
      await assertAgrees(ctx, [x.id, y.id], years);
    }), { numRuns: 12, seed: 20261127 });
  });

  it('leaves the counts alone when a due date moves without changing whether the reply was late (migration 0311)', async () => {
    const [open, replied] = await insertCases(ctx, b.id, [{ receivedOn: '2023-06-01' }, { receivedOn: '2023-06-01', outcome: 'granted', concludedOn: '2023-06-10' }]);
    await ctx.db.updateTable('info_requests').set({ due_on: '2023-06-29' }).where('request_id', 'in', [open, replied]).execute();
    // Without their rows, a trigger that still wrote them would bring them back (and lock them on PostgreSQL).
    const rowsOf = () => ctx.db.selectFrom('info_request_counts').select(['concluded_year', 'late', 'n'])
      .where('agency_id', '=', b.id).where('received_year', '=', 2023).orderBy('concluded_year').execute();
    await ctx.db.deleteFrom('info_request_counts').where('agency_id', '=', b.id).where('received_year', '=', 2023).execute();
    await ctx.db.updateTable('info_requests').set({ due_on: '2023-07-03' }).where('request_id', 'in', [open, replied]).execute();
    assert.deepEqual(await rowsOf(), []);
    await ctx.db.updateTable('info_requests').set({ due_on: '2023-06-05' }).where('request_id', '=', replied).execute(); // now late
    assert.deepEqual(await rowsOf(), [{ concluded_year: 2023, late: 1, n: 1 }]);
    await rebuildRequestCounts(ctx);
    await assertAgrees(ctx, [b.id], [2023]);
  });

  it('rebuilds a corrupted summary from the cases', async () => {
    await insertCases(ctx, a.id, [{ receivedOn: '2020-05-06', outcome: 'granted', concludedOn: '2020-05-20' }, { receivedOn: '2020-12-30' }]);
    await ctx.db.updateTable('info_request_counts').set((eb) => ({ n: eb('n', '+', 5) })).where('agency_id', '=', a.id).execute();
    await ctx.db.deleteFrom('info_request_counts').where('agency_id', '=', b.id).execute();
    const wrong = await checkRequestCounts(ctx);
    assert.ok(wrong.some((m) => m.agencyId === a.id && m.stored === m.counted + 5));
    assert.ok(wrong.some((m) => m.agencyId === b.id && m.stored === 0 && m.counted > 0));
    assert.ok(await rebuildRequestCounts(ctx) > 0);
    await assertAgrees(ctx, [a.id, b.id], [2020, 2021, 2022], true);
    assert.deepEqual(await caseIdsBehindCell(ctx, a.id, 2021, 'no_such_row', 'total'), []);
    assert.deepEqual(await caseIdsBehindCell(ctx, a.id, 2021, 'new', 'no_such_column'), []);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadAgencyDemo, type DemoAgencies } from '../../src/demo/demo-agencies.ts';
import { BUSY_YEARS, loadRequestDemo } from '../../src/demo/demo-requests.ts';
import { table3RowKeys } from '../../src/requests/outcomes.ts';
import { countRequestTable } from '../../src/requests/request-stats.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';

describe('requests demo (design.md §5.5)', () => {
  let ctx: TestCtx;
  let agencies: DemoAgencies;
  before(async () => {
    ctx = await createTestCtx({ now: '2026-11-20T02:00:00Z' });
    agencies = await loadAgencyDemo(ctx);
    const t0 = Date.now();
    await loadRequestDemo(ctx, agencies);
    const ms = Date.now() - t0;
    assert.ok(ms < 60_000, `demo took ${ms} ms`);
  });
  after(() => ctx.cleanup());

  it('gskjt 2020: two applications by natural persons, both granted in time (seed narrative)', async () => {
    const t = await countRequestTable(ctx, agencies.gskjt.id, 2020);
    assert.deepEqual(t.rows.new, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(t.rows.granted, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(t.rows.total, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(t.rows.carried_forward, [0, 0, 0, 0, 0, 0, 0]);
    const rows = await ctx.db.selectFrom('info_requests').select(['replied_on', 'due_on', 'state']).where('agency_id', '=', agencies.gskjt.id).execute();
    for (const r of rows) {
      assert.equal(r.state, 'closed');
      assert.ok(r.replied_on! <= r.due_on!, 'answered in time');
    }
  });

  it('lzzrzy: hundreds a year, every table 三 row non-zero every year, R1 per column, carry-over consistent (R7)', async () => {
    let previous: Awaited<ReturnType<typeof countRequestTable>> | undefined;
    for (const year of BUSY_YEARS) {
      const t = await countRequestTable(ctx, agencies.busy.id, year, { withCases: false });
      assert.ok(t.rows.new[6] >= 300, `${year}: ${t.rows.new[6]} new`);
      for (const key of table3RowKeys(t.template)) {
        if (key === 'carried_over' && year === BUSY_YEARS[0]) continue;
        assert.ok(t.rows[key][6] > 0, `${year} row ${key} is zero`);
      }
      for (let c = 0; c < 7; c++) assert.equal(t.rows.new[c] + t.rows.carried_over[c], t.rows.total[c] + t.rows.carried_forward[c], `R1 ${year} col ${c}`);
      if (previous) assert.deepEqual(t.rows.carried_over, previous.rows.carried_forward, `R7 ${year}`);
      previous = t;
    }
    for (const kind of ['natural_person', 'commercial', 'research', 'public_interest', 'legal_services', 'other_org']) {
      const n = await ctx.db.selectFrom('info_requests').select('request_id').where('agency_id', '=', agencies.busy.id).where('applicant_kind', '=', kind).limit(1).execute();
      assert.equal(n.length, 1, kind);
    }
  });

  it('covers every clock path and leaves open cases for the due lists', async () => {
    const busy = agencies.busy.id;
    const count = async (col: 'corrected_on' | 'extended_on' | 'fee_notice_on' | 'fee_paid_on') =>
      (await ctx.db.selectFrom('info_requests').select('request_id').where('agency_id', '=', busy).where(col, 'is not', null).execute()).length;
    assert.ok((await count('corrected_on')) > 10);
    assert.ok((await count('extended_on')) > 10);
    assert.ok((await count('fee_notice_on')) > 5);
    assert.ok((await count('fee_paid_on')) > 0);
    const consults = await ctx.db.selectFrom('request_consultations').select('consultation_id').execute();
    assert.ok(consults.length > 10);
    const open = await ctx.db.selectFrom('info_requests').select('state').where('agency_id', '=', busy).where('concluded_on', 'is', null).execute();
    assert.ok(new Set(open.map((o) => o.state)).size >= 5);
    const letters = await ctx.db.selectFrom('request_letters').select('document_number').where('agency_id', '=', busy).execute();
    assert.equal(new Set(letters.map((l) => l.document_number)).size, letters.length);
  });
});

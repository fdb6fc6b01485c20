import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { letterStatisticsOf, listPublishedLetters } from '../mailbox/letter-service.ts';
import { listPublishedSolicitations } from '../mailbox/solicitation-service.ts';
import { listWithdrawalNotices } from '../registers/corrections-service.ts';
import { listPowerItems } from '../registers/power-service.ts';
import { listPublishedEnforcementDecisions } from '../registers/registers-service.ts';
import { countRegisterFacts, countTable4 } from '../registers/register-facts.ts';
import { loadAgencyDemo, type DemoAgencies } from './demo-agencies.ts';
import { loadMailboxDemo } from './demo-mailbox.ts';
import { loadRegistersDemo } from './demo-registers.ts';

describe('registers and mailbox demo (design.md §5.5, seed narrative)', () => {
  let ctx: TestCtx;
  let agencies: DemoAgencies;
  before(async () => {
    ctx = await createTestCtx({ now: '2021-01-20T02:00:00Z' });
    agencies = await loadAgencyDemo(ctx);
    await loadRegistersDemo(ctx, agencies);
    await loadMailboxDemo(ctx, agencies);
  });
  after(() => ctx.cleanup());

  it('publishes 40 power items for gskjt in 2020', async () => {
    assert.equal((await listPowerItems(ctx, agencies.gskjt.id, { on: '2020-12-31' })).length, 40);
  });

  it('gives table 二 the seed’s licensing figures and table 四 zeros for gskjt 2020', async () => {
    const f = await countRegisterFacts(ctx, agencies.gskjt.id, 2020);
    assert.equal(f['2019'].licensing.decisions, 1 + 519); // 1 lab-animal use licence + 519 work-permit cases
    assert.equal(f['2019'].other_services.decisions, 5 + 15); // annual inspections
    assert.deepEqual(f['2019'].licensing, { previousYear: 4, change: 0, decisions: 520 });
    assert.equal(f['2019'].other_services.change, 2); // two 认定 items added in 2020
    assert.deepEqual(f['2019'].fees, { previousYear: 0, change: 0 });
    assert.equal(f['2021'].fees.amount10kYuan, 0);
    assert.equal(f['2019'].procurement.projects, 5);
    assert.deepEqual(await countTable4(ctx, agencies.gskjt.id, 2020), Array(15).fill(0));
  });

  it('has 25 letters in 2020 for gskjt, all answered on time', async () => {
    const s = await letterStatisticsOf(ctx, agencies.gskjt.id, 2020);
    assert.equal(s.received, 25);
    assert.equal(s.replyRate, 100);
    assert.equal(s.onTimeRate, 100);
    assert.ok((await listPublishedLetters(ctx, agencies.gskjt.id)).total > 0);
  });

  it('has the 六稳六保 solicitation with its summary', async () => {
    const [s] = await listPublishedSolicitations(ctx, agencies.gskjt.id);
    assert.match(s.title, /六稳.*六保/);
    assert.deepEqual([s.counts.received, s.counts.accepted, s.counts.adopted], [8, 7, 5]);
    assert.ok(s.summaryPublishedOn);
  });

  it('gives the busy agency cases, penalties and fees', async () => {
    const t4 = await countTable4(ctx, agencies.busy.id, 2020);
    assert.ok(t4[4] + t4[9] + t4[14] > 0);
    const f = await countRegisterFacts(ctx, agencies.busy.id, 2021);
    assert.ok(f['2021'].penalties.decisions > 0);
    assert.ok(f['2021'].fees.amount10kYuan > 0);
    assert.equal(f['2019'].fees.change, -1); // 土地复垦费 stopped 2021-06-30
  });

  it('shows the busy agency’s revoked 2021 penalty as a withdrawal notice, still counted in 2021', async () => {
    const notices = await listWithdrawalNotices(ctx, agencies.busy.id, 'enforcement');
    assert.equal(notices.length, 1);
    assert.deepEqual([notices[0].reason, notices[0].withdrawnOn, notices[0].decidedOn.slice(0, 4)], ['revoked', '2021-08-02', '2021']);
    const published = await listPublishedEnforcementDecisions(ctx, agencies.busy.id, undefined, 1, 100);
    assert.ok(!published.rows.some((d) => d.documentNumber === notices[0].reference));
    const f = await countRegisterFacts(ctx, agencies.busy.id, 2021);
    assert.equal(f['2021'].penalties.decisions + f['2021'].coercion.decisions, 4 + (2021 % 3));
  });
});

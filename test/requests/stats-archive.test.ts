import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { anonymiseExpiredApplicants, exportDossier } from '../../src/requests/archive-service.ts';
import { approveDecision, closeRequest, recordDecision, sendReply } from '../../src/requests/decision-service.ts';
import { sendDeadlineReminders } from '../../src/requests/reminders.ts';
import { countRequestTable } from '../../src/requests/request-stats.ts';
import { selectRequestById } from '../../src/requests/request-store.ts';
import { acceptRequest, withdrawOnline } from '../../src/requests/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { actor, organisation, principal, PHONE, submitCase } from '../support/request-factories.ts';

const at = (d: string) => `${d}T02:00:00Z`;

describe('table 三 statistics, archive and retention', () => {
  let ctx: TestCtx;
  let agency: Agency;
  let handler: Principal;
  let reviewer: Principal;
  const ids: Record<string, string> = {};
  before(async () => {
    ctx = await createTestCtx({ now: at('2020-11-02') });
    agency = await makeAgency(ctx, { code: 'kjt', shortName: '甘科技' });
    handler = principal(agency.id, ['case_handler'], 'h');
    reviewer = principal(agency.id, ['reviewer'], 'r');
    const decideAndSend = async (id: string, outcome: string, bases: string[], on: string) => {
      ctx.clock.set(at(on));
      await acceptRequest(ctx, handler, actor(handler), id);
      await recordDecision(ctx, handler, actor(handler), id, { outcome, bases, facts: '经审查，依法作出答复。' });
      await approveDecision(ctx, reviewer, actor(reviewer), id);
      await sendReply(ctx, handler, actor(handler), id);
    };
    // 2020: a natural person granted; a company withheld (third party); a research institute carried over into 2021.
    ids.granted = (await submitCase(ctx, 'kjt')).id;
    await decideAndSend(ids.granted, 'granted', ['art36_2'], '2020-11-10');
    ctx.clock.set(at('2020-11-02'));
    ids.withheld = (await submitCase(ctx, 'kjt', { delivery: 'online' }, organisation('commercial'))).id;
    await decideAndSend(ids.withheld, 'withheld_4', ['art15', 'art36_3'], '2020-11-20');
    ctx.clock.set(at('2020-12-28'));
    ids.carried = (await submitCase(ctx, 'kjt', { delivery: 'online' }, organisation('research'))).id;
    // 2021: the carried case is answered (部分 → unavailable_2); a new natural-person application is withdrawn.
    await decideAndSend(ids.carried, 'unavailable_2', ['art38'], '2021-01-15');
    ctx.clock.set(at('2021-03-01'));
    const w = await submitCase(ctx, 'kjt');
    ids.withdrawn = w.id;
    await withdrawOnline(ctx, w.trackingCode, PHONE);
  });
  after(() => ctx.cleanup());

  it('counts 2020 (2019 template): new, outcomes, carried forward; R1 holds per column', async () => {
    const t = await countRequestTable(ctx, agency.id, 2020);
    assert.equal(t.template, '2019');
    assert.deepEqual(t.rows.new, [1, 1, 1, 0, 0, 0, 3]);
    assert.deepEqual(t.rows.carried_over, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(t.rows.granted, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(t.rows.withheld_4, [0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(t.rows.total, [1, 1, 0, 0, 0, 0, 2]);
    assert.deepEqual(t.rows.carried_forward, [0, 0, 1, 0, 0, 0, 1]);
    assert.ok('other' in t.rows && !('other_1' in t.rows));
    for (let c = 0; c < 7; c++) assert.equal(t.rows.new[c] + t.rows.carried_over[c], t.rows.total[c] + t.rows.carried_forward[c], `R1 column ${c}`);
    assert.deepEqual(t.cases?.withheld_4?.commercial, [ids.withheld]);
    assert.deepEqual(t.cases?.carried_forward?.research, [ids.carried]);
  });

  it('counts 2021 (2021 template): the carry-over is answered, a withdrawal counts as 其他处理 3', async () => {
    const t = await countRequestTable(ctx, agency.id, 2021);
    assert.equal(t.template, '2021');
    assert.deepEqual(t.rows.carried_over, [0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual(t.rows.new, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(t.rows.unavailable_2, [0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual(t.rows.other_3, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(t.rows.carried_forward, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(t.cases?.other_3?.total, [ids.withdrawn]);
    for (const [key, cells] of Object.entries(t.rows)) {
      assert.equal(cells[6], cells.slice(0, 6).reduce((a, b) => a + b, 0), `R2 ${key}`);
      assert.equal(cells[6], t.cases?.[key]?.total?.length ?? 0, `ids behind ${key}`);
    }
  });

  it('exports a closed case as a dossier with a manifest, and audits it', async () => {
    ctx.clock.set(at('2021-03-02'));
    await closeRequest(ctx, handler, actor(handler), ids.granted);
    await assert.rejects(exportDossier(ctx, reviewer, actor(reviewer), ids.granted), { code: 'forbidden' });
    const d = await exportDossier(ctx, handler, actor(handler), ids.granted);
    const files = unzipSync(new Uint8Array(d.bytes));
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    assert.ok(manifest.files.some((f: { path: string }) => f.path === 'application.json'));
    assert.ok(Object.keys(files).some((p) => p.startsWith('letters/') && p.endsWith('-reply.docx')));
    assert.equal(JSON.parse(strFromU8(files['application.json'])).applicant.idNumber, '620102199803151238');
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', ids.granted).where('action', '=', 'request.export').execute();
    assert.equal(audit.length, 1);
  });

  it('anonymises applicants after the retention period and keeps the statistics', async () => {
    await ctx.db.insertInto('settings').values({ agency_id: agency.id, key: 'requests.retention_years', value: '3', updated_at: at('2021-01-01') }).execute();
    ctx.clock.set(at('2023-11-05'));
    assert.equal(await anonymiseExpiredApplicants(ctx), 0);
    ctx.clock.set(at('2023-11-25'));
    assert.equal(await anonymiseExpiredApplicants(ctx), 2); // the 2020-11-10 and 2020-11-20 replies
    const r = (await selectRequestById(ctx.db, ids.granted))!;
    assert.equal(r.applicantName, '（已匿名）');
    assert.equal(r.idNumberSealed, null);
    assert.equal(r.phoneSealed, null);
    assert.equal(r.outcome, 'granted');
    const t = await countRequestTable(ctx, agency.id, 2020, { withCases: false });
    assert.deepEqual(t.rows.total, [1, 1, 0, 0, 0, 0, 2]);
  });

  it('reminds handlers of due-soon cases once a day', async () => {
    ctx.clock.set(at('2023-12-01'));
    const c = await submitCase(ctx, 'kjt');
    await acceptRequest(ctx, handler, actor(handler), c.id);
    ctx.clock.set(at('2023-12-26'));
    const run = await sendDeadlineReminders(ctx);
    assert.deepEqual(run, { emails: 1, cases: 1 });
    assert.deepEqual(await sendDeadlineReminders(ctx), { emails: 0, cases: 0 });
  });
});

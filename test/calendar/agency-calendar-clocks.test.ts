/**
 * Every module counts working days on the calendar of the agency concerned (`calendarFor(ctx, agencyId)`: national
 * notices, the local rest and working days of the agency and its ancestors, its counting rule; domain.md §3.3, §6):
 * the catalogue's Art. 26 publication clock, the reply clock of disclosure requests (Art. 33), mailbox letters and the
 * website-health findings' due dates. One agency gets a local rest day (2026-11-30, a Monday; November 2026 has no national
 * holiday); its sibling without local days is the control.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { addLocalDays } from '../../src/calendar/calendar-service.ts';
import { BulkCatalogue } from '../../src/catalogue/bulk-writer.ts';
import { loadCategoryTree } from '../../src/catalogue/catalogue-settings.ts';
import { selectItem } from '../../src/catalogue/catalogue-store.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { publicationClock, recordReview } from '../../src/catalogue/oversight-service.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { submitLetter } from '../../src/mailbox/letter-service.ts';
import { runSiteCheck } from '../../src/monitoring/monitoring-service.ts';
import { getCase, listCases } from '../../src/requests/case-service.ts';
import { sendDeadlineReminders } from '../../src/requests/reminders.ts';
import { acceptRequest, extendDeadline } from '../../src/requests/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';
import { actor, principal, submitCase } from '../support/request-factories.ts';

const LOCAL_REST_DAY = '2026-11-30';

describe('per-agency calendars in the catalogue and monitoring', () => {
  let ctx: TestCtx;
  let local: Agency;
  let control: Agency;
  let site: Server;
  let base = '';
  before(async () => {
    ctx = await createTestCtx({ now: '2026-11-27T02:00:00Z' }); // Friday
    const gov = await makeAgency(ctx, { code: 'gov', kind: 'government', name: '某省人民政府' });
    local = await makeAgency(ctx, { code: 'loc', parentId: gov.id, name: '有本地放假日的厅' });
    control = await makeAgency(ctx, { code: 'ctl', parentId: gov.id, name: '没有本地放假日的厅' });
    await addLocalDays(ctx, staff(local.id, 'admin'), { agencyId: local.id, kind: 'rest', days: `${LOCAL_REST_DAY} 本地纪念日` });
    // A stand-in portal: every page answers 200, so the only findings are the empty columns of a new agency.
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><p>x</p></body></html>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    site?.close();
    await ctx?.cleanup();
  });

  // [agency, formed on, due on, why]
  const ART26: [() => Agency, string, string, string][] = [
    [() => control, '2026-11-02', '2026-11-30', 'Art. 26: 20 working days from 11-03 (Civil Code Art. 201: the start day does not count)'],
    [() => local, '2026-11-02', '2026-12-01', 'Art. 26 on the agency calendar: its local rest day 11-30 is not a working day'],
    [() => control, '2026-11-06', '2026-12-04', 'Art. 26: 20 working days from 11-09'],
    [() => local, '2026-11-06', '2026-12-07', 'Art. 26 on the agency calendar: one more working day after the local rest day'],
  ];

  describe('the Art. 26 publication clock (drafted through the service)', () => {
    for (const [agency, formedOn, dueOn, why] of ART26) {
      it(`${formedOn} → ${dueOn}: ${why}`, async () => {
        const a = agency();
        const item = await createItem(ctx, staff(a.id, 'editor'), a.id, itemFields({ formedOn, documentNumber: '' }));
        assert.equal(item.publicationDueOn, dueOn);
      });
    }
  });

  it('the Art. 26 clock of bulk-loaded items (import, demo) uses the agency calendar too', async () => {
    const ids: Record<string, string> = {};
    for (const a of [local, control]) {
      const w = new BulkCatalogue(a, await loadCategoryTree(ctx.db, a.id));
      ids[a.code] = w.add({ category: 'qtwj', title: '批量导入的文件', formedOn: '2026-11-02', publishedOn: null, bodyHtml: '<p>正文</p>', state: 'draft' });
      await w.write(ctx, { isDemo: false, actor: SYSTEM_ACTOR, action: 'catalogue.import' });
    }
    assert.equal((await selectItem(ctx.db, ids.ctl))!.publicationDueOn, '2026-11-30');
    assert.equal((await selectItem(ctx.db, ids.loc))!.publicationDueOn, '2026-12-01');
  });

  it('the oversight list counts the working days left on the agency calendar (Art. 26)', async () => {
    // Today is Friday 11-27. Control: due Monday 11-30, one working day left. Local: Monday is a rest day, due
    // Tuesday 12-01, still one working day left (Tuesday itself); the due date moved, the count did not shrink.
    const [ctl] = (await publicationClock(ctx, staff(control.id, 'editor'), control.id)).filter((c) => c.item.formedOn === '2026-11-02');
    const [loc] = (await publicationClock(ctx, staff(local.id, 'editor'), local.id)).filter((c) => c.item.formedOn === '2026-11-02');
    assert.deepEqual([ctl.dueOn, ctl.workdaysLeft], ['2026-11-30', 1]);
    assert.deepEqual([loc.dueOn, loc.workdaysLeft], ['2026-12-01', 1]);
  });

  it('a disclosure request’s reply clock runs on the agency calendar: receipt (Art. 33) and extension (Art. 33 ¶2)', async () => {
    // [agency, due after receipt on Monday 11-02, due after a 10-working-day extension on Friday 11-27]
    const ROWS: [Agency, string, string][] = [[control, '2026-11-30', '2026-12-14'], [local, '2026-12-01', '2026-12-15']];
    for (const [a, dueOn, extendedDueOn] of ROWS) {
      ctx.clock.set('2026-11-02T02:00:00Z');
      const c = await submitCase(ctx, a.code, { documentNumber: '' });
      assert.equal(c.dueOn, dueOn, `${a.code}: 20 working days after receipt`);
      const handler = principal(a.id, ['case_handler']);
      await acceptRequest(ctx, handler, actor(handler), c.id);
      ctx.clock.set('2026-11-27T02:00:00Z');
      const extended = await extendDeadline(ctx, handler, actor(handler), c.id, { workdays: 10, approver: '王主任', reason: '需要调取多个处室的档案' });
      assert.equal(extended.dueOn, extendedDueOn, `${a.code}: extended by 10 working days`);
    }
  });

  it('deadline reminders, the “due soon” list and the case page count working days on each agency’s calendar', async () => {
    ctx.clock.set('2026-11-27T02:00:00Z');
    const ids: Record<string, string> = {};
    for (const a of [control, local]) {
      await ctx.db.updateTable('agencies').set({ email: `${a.code}@example.gov.cn` }).where('agency_id', '=', a.id).execute();
      const c = await submitCase(ctx, a.code, { documentNumber: '' });
      const handler = principal(a.id, ['case_handler']);
      await acceptRequest(ctx, handler, actor(handler), c.id);
      await ctx.db.updateTable('info_requests').set({ due_on: '2026-12-03' }).where('request_id', '=', c.id).execute();
      ids[a.code] = c.id;
    }
    await sendDeadlineReminders(ctx);
    const reminded = await ctx.db.selectFrom('request_events').select('request_id').where('type', '=', 'reminder')
      .where('request_id', 'in', Object.values(ids)).execute();
    // Control: Friday + 3 working days = Wednesday 12-02, so 12-03 is not yet due soon; local: Monday is a rest day,
    // the horizon is Thursday 12-03.
    assert.deepEqual(reminded.map((r) => r.request_id), [ids.loc]);

    // The back office counts the same way: “due soon” (5 working days: control up to Friday 12-04, local up to
    // Monday 12-07) and the working days left on the case page.
    await ctx.db.updateTable('info_requests').set({ due_on: '2026-12-07' }).where('request_id', 'in', Object.values(ids)).execute();
    const both = principal(control.id, ['case_handler']);
    both.grants.push({ agencyId: local.id, role: 'case_handler' });
    const soon = await listCases(ctx, both, { due: 'soon' }, []);
    assert.deepEqual(soon.rows.map((r) => r.id).filter((id) => Object.values(ids).includes(id)), [ids.loc]);
    assert.equal((await getCase(ctx, both, ids.ctl)).workdaysLeft, 6, '11-30 … 12-04 and 12-07');
    assert.equal((await getCase(ctx, both, ids.loc)).workdaysLeft, 5, 'Monday 11-30 is the local rest day');
  });

  it('a mailbox letter is due 10 working days after receipt on the agency calendar (厅长信箱 reply period)', async () => {
    ctx.clock.set('2026-11-27T02:00:00Z');
    const ROWS: [Agency, string][] = [[control, '2026-12-11'], [local, '2026-12-14']];
    for (const [a, dueOn] of ROWS) {
      const { body } = await submitLetter(ctx, a.code, { subject: '关于办事时间的咨询', question: '请问周一是否对外办公？', name: '咨询人', phone: '13800138000' });
      assert.equal((body as { dueOn: string }).dueOn, dueOn, a.code);
    }
  });

  it('a calendar change recomputes the Art. 26 deadline of unpublished documents from the day their clock started', async () => {
    const gov = (await ctx.db.selectFrom('agencies').select('agency_id').where('code', '=', 'gov').executeTakeFirstOrThrow()).agency_id;
    const rec = await makeAgency(ctx, { code: 'rec', parentId: gov, name: '重算测试厅' });
    const editor = staff(rec.id, 'editor');
    const reviewer = staff(rec.id, 'reviewer');
    const formed = await createItem(ctx, editor, rec.id, itemFields({ title: '成文起算', formedOn: '2026-11-02', documentNumber: '' }));
    const published = await publishedItem(ctx, editor, reviewer, rec.id, itemFields({ title: '已发布', formedOn: '2026-11-02', documentNumber: '' }));
    const held = await createItem(ctx, editor, rec.id, itemFields({ title: '转为主动公开', formedOn: '2026-10-08', documentNumber: '', disclosure: 'on_request', disclosureGround: 'specific_scope' }));
    const changed = await recordReview(ctx, reviewer, held.id, { outcome: 'disclose', note: '多人申请，转为主动公开' });
    // [item, due before, due after a local rest day on Monday 12-14, why]
    const ROWS: [string, string, string, string][] = [
      [formed.id, '2026-11-30', '2026-11-30', 'Art. 26 from 成文日期 11-02: the new rest day is after the deadline'],
      [changed.id, '2026-12-25', '2026-12-28', 'Art. 26 “变更之日” 11-27 (Art. 18 review): 12-14 is inside its 20 working days'],
      [published.id, '2026-11-30', '2026-11-30', 'published: the clock has stopped'],
    ];
    for (const [id, before] of ROWS) assert.equal((await selectItem(ctx.db, id))!.publicationDueOn, before);
    const { recomputed } = await addLocalDays(ctx, staff(rec.id, 'admin'), { agencyId: rec.id, kind: 'rest', days: '2026-12-14 本地纪念日' });
    for (const [id, , after, why] of ROWS) assert.equal((await selectItem(ctx.db, id))!.publicationDueOn, after, why);
    assert.ok(recomputed.changed >= 1);
    const audit = await ctx.db.selectFrom('audit_log').select(['object_id', 'summary']).where('action', '=', 'catalogue.due_recomputed').execute();
    assert.deepEqual(audit.map((a) => a.object_id), [changed.id]);
    assert.match(String(audit[0].summary), /2026-12-25.*2026-12-28/);
  });

  it('website-health findings are due 2 (单项否决) or 5 working days after they are found, on the agency calendar', async () => {
    const dues: Record<string, Map<string, string>> = {};
    for (const a of [local, control]) {
      await runSiteCheck(ctx, a.code, { baseUrl: base, trigger: 'manual', crawl: { retries: 0 } });
      const rows = await ctx.db.selectFrom('site_findings').select(['severity', 'due_on']).where('agency_id', '=', a.id).execute();
      assert.ok(rows.length > 0, 'a new agency’s empty columns are findings');
      dues[a.code] = new Map(rows.map((r) => [r.severity, r.due_on!]));
    }
    // [severity, control, local]: from Friday 11-27; the local rest day Monday 11-30 pushes both by one working day.
    const ROWS: [string, string, string][] = [['veto', '2026-12-01', '2026-12-02'], ['score', '2026-12-04', '2026-12-07']];
    let checked = 0;
    for (const [severity, ctl, loc] of ROWS) {
      if (!dues.ctl.has(severity)) continue;
      checked++;
      assert.equal(dues.ctl.get(severity), ctl, `${severity} at the control agency`);
      assert.equal(dues.loc.get(severity), loc, `${severity} at the agency with the local rest day`);
    }
    assert.ok(checked > 0 && [...dues.ctl.keys()].every((k) => k === 'veto' || k === 'score'), [...dues.ctl.keys()].join());
  });
});

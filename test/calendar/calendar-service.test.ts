/**
 * The calendar's storage and administrators' changes on a real database (SQLite, or PostgreSQL when DATABASE_URL
 * is set): the seed answers until a notice is entered, notices and local days override it down the agency tree,
 * every change is audited, and open clocks are recomputed through the registered clock sources.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Principal, Role } from '../../src/accounts/principal.ts';
import type { Agency } from '../../src/agencies/agency.ts';
import { InvalidCalendarInput } from '../../src/calendar/calendar-input.ts';
import {
  addLocalDays,
  removeLocalDay,
  replaceYearNotice,
  setCountingRule,
  withdrawYearNotice,
} from '../../src/calendar/calendar-service.ts';
import { calendarFor, computeAgencyClock } from '../../src/calendar/calendar-snapshot.ts';
import { registerClockSource, unregisterClockSource, type OpenClockRecord, type RecomputeCause } from '../../src/calendar/clock-sources.ts';
import type { DeadlineChange } from '../../src/calendar/recompute.ts';
import { Forbidden, NotFound } from '../../src/errors.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';

function staff(grants: { agencyId: string; role: Role }[], username = 'calendar.admin'): Principal {
  return { userId: `u-${username}`, username, displayName: username, grants, supervisedAgencyIds: [] };
}

const NOTICE_2027 = {
  year: '2027',
  title: '国务院办公厅关于2027年部分节假日安排的通知',
  documentNumber: '国办发明电〔2026〕8号',
  restDays: '2027-01-01..2027-01-03 元旦\n2027-02-05..2027-02-12 春节',
  workdays: '2027-02-14 春节\n2027-02-20 春节',
};

async function auditActions(ctx: TestCtx): Promise<string[]> {
  const rows = await ctx.db.selectFrom('audit_log').select(['action', 'summary']).orderBy('seq').execute();
  return rows.map((r) => r.action);
}

describe('calendar service', () => {
  let ctx: TestCtx;
  let root: Agency;
  let child: Agency;
  let grandchild: Agency;
  let other: Agency;
  let rootAdmin: Principal;
  let childAdmin: Principal;

  before(async () => {
    ctx = await createTestCtx();
    root = await makeAgency(ctx, { kind: 'government' as Agency['kind'] });
    child = await makeAgency(ctx, { parentId: root.id });
    grandchild = await makeAgency(ctx, { parentId: child.id });
    other = await makeAgency(ctx, { parentId: root.id });
    rootAdmin = staff([{ agencyId: root.id, role: 'admin' }], 'root.admin');
    childAdmin = staff([{ agencyId: child.id, role: 'admin' }], 'child.admin');
  });
  after(() => ctx.cleanup());

  test('the seed answers without any stored entry', async () => {
    const national = await calendarFor(ctx, null);
    assert.equal(national.isWorkday('2020-10-10'), true);
    assert.equal(national.isAnnounced(2026), true);
    assert.equal(national.isAnnounced(2027), false);
    const atChild = await calendarFor(ctx, child.id);
    assert.equal(atChild.addWorkdays('2020-09-28', 20), '2020-11-02'); // Art. 33
  });

  test('an unknown agency is NotFound', async () => {
    await assert.rejects(calendarFor(ctx, 'no-such-agency'), NotFound);
  });

  test('only an administrator of a top-level agency enters national notices', async () => {
    await assert.rejects(replaceYearNotice(ctx, childAdmin, NOTICE_2027), Forbidden);
    await assert.rejects(replaceYearNotice(ctx, staff([{ agencyId: root.id, role: 'editor' }]), NOTICE_2027), Forbidden);
    await assert.rejects(replaceYearNotice(ctx, undefined, NOTICE_2027), Forbidden);
    assert.equal((await calendarFor(ctx, null)).isAnnounced(2027), false);
  });

  test('bad notice input: every field named, in Chinese and English, nothing written', async () => {
    const before = (await auditActions(ctx)).length;
    await assert.rejects(
      replaceYearNotice(ctx, rootAdmin, { year: '27', title: '', restDays: '2027-02-29 春节\n', workdays: 'next Saturday' }),
      (err: unknown) => {
        assert.ok(err instanceof InvalidCalendarInput);
        assert.deepEqual(Object.keys(err.fields).sort(), ['restDays', 'title', 'workdays', 'year']);
        assert.match(err.fields.restDays, /第1行/);
        assert.match(err.fieldsEn.restDays, /Line 1/);
        return true;
      },
    );
    await assert.rejects(
      replaceYearNotice(ctx, rootAdmin, { ...NOTICE_2027, workdays: '2027-01-02 元旦' }),
      (err: unknown) => err instanceof InvalidCalendarInput && /既是放假日又是上班日/.test(err.fields.workdays),
    );
    // A day another year's notice already arranges (2026 国庆节) cannot be claimed by the 2027 notice.
    await assert.rejects(
      replaceYearNotice(ctx, rootAdmin, { ...NOTICE_2027, restDays: `${NOTICE_2027.restDays}\n2026-10-01 国庆节` }),
      (err: unknown) => err instanceof InvalidCalendarInput && /2026/.test(err.fields._),
    );
    assert.equal((await auditActions(ctx)).length, before);
    assert.equal((await calendarFor(ctx, null)).isAnnounced(2027), false);
  });

  describe('with a registered clock source', () => {
    const clocks: OpenClockRecord[] = [];
    const applied: { changes: readonly DeadlineChange<string>[]; cause: RecomputeCause }[] = [];
    let failApply = false;
    before(() => {
      registerClockSource('test-cases', {
        async listOpenClocks(_ctx, agencyIds) {
          return clocks.filter((c) => agencyIds.includes(c.agencyId));
        },
        async applyRecomputed(_ctx, changes, cause) {
          if (failApply) throw new Error('case store unavailable');
          applied.push({ changes, cause });
        },
      });
      clocks.push(
        { id: 'late-2026', agencyId: grandchild.id, input: { clock: 'reply', received: '2026-12-15' } },
        { id: 'early-2026', agencyId: grandchild.id, input: { clock: 'reply', received: '2026-03-02' } },
        { id: 'other-branch', agencyId: other.id, input: { clock: 'reply', received: '2020-09-28' } },
        { id: 'mailbox', agencyId: child.id, input: { clock: 'mailbox_reply', received: '2020-09-28', workdays: 15 } },
        { id: 'broken', agencyId: child.id, input: { clock: 'reply', received: '2026-02-30' } },
      );
    });
    after(() => unregisterClockSource('test-cases'));
    afterEach(() => {
      applied.length = 0;
      failApply = false;
    });

    test('entering next year\'s notice: audited, cached calendars rebuilt, moved clocks handed back with the reason', async () => {
      const provisional = await computeAgencyClock(ctx, grandchild.id, { clock: 'reply', received: '2026-12-15' });
      assert.ok(provisional.warnings.length > 0);
      const { recomputed } = await replaceYearNotice(ctx, rootAdmin, NOTICE_2027, '203.0.113.5');
      assert.deepEqual(recomputed, { checked: 5, changed: 1, skipped: 1 });
      assert.equal(applied.length, 1);
      const [change] = applied[0].changes;
      assert.equal(change.id, 'late-2026');
      assert.equal(change.oldDueOn, provisional.dueOn);
      assert.notEqual(change.newDueOn, change.oldDueOn);
      assert.match(change.reason.text, /2027年节假日安排已录入/);
      assert.equal(applied[0].cause.action, 'calendar.notice.replace');
      assert.equal(applied[0].cause.actor.label, 'root.admin');

      const national = await calendarFor(ctx, null);
      assert.equal(national.isAnnounced(2027), true);
      assert.equal(national.isWorkday('2027-02-08'), false);
      assert.equal(national.isWorkday('2027-02-20'), true);
      assert.match(national.listYear(2027).notice ?? '', /国办发明电〔2026〕8号/);
      const now = await computeAgencyClock(ctx, grandchild.id, { clock: 'reply', received: '2026-12-15' });
      assert.equal(now.dueOn, change.newDueOn);
      assert.equal(now.warnings.length, 0);

      const row = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
      assert.equal(row.action, 'calendar.notice.replace');
      assert.equal(row.ip, '203.0.113.5');
      assert.deepEqual(JSON.parse(row.summary), {
        year: 2027, title: NOTICE_2027.title, documentNumber: NOTICE_2027.documentNumber, restDays: 11, workdays: 2, clocksChanged: 1,
      });
    });

    test('a failing clock source rolls the calendar change back', async () => {
      failApply = true;
      const before = (await auditActions(ctx)).length;
      await assert.rejects(
        replaceYearNotice(ctx, rootAdmin, { ...NOTICE_2027, restDays: '2027-01-01..2027-01-04 元旦\n2027-02-05..2027-02-12 春节' }),
        /case store unavailable/,
      );
      assert.equal((await auditActions(ctx)).length, before);
      assert.equal((await calendarFor(ctx, null)).isWorkday('2027-01-04'), true); // the Monday stays a working day
    });

    test('local days apply to the agency\'s subtree only and move only its clocks', async () => {
      await assert.rejects(
        addLocalDays(ctx, childAdmin, { agencyId: other.id, kind: 'rest', days: '2020-10-12 本地节日' }),
        Forbidden,
      );
      const { added, recomputed } = await addLocalDays(ctx, childAdmin, {
        agencyId: child.id,
        kind: 'rest',
        days: '2020-10-12..2020-10-13 本地节日（测试）',
      });
      assert.equal(added, 2);
      assert.equal(recomputed.changed, 1); // the mailbox letter at the child; the other branch is untouched
      assert.equal(applied[0].changes[0].id, 'mailbox');
      assert.equal((await calendarFor(ctx, grandchild.id)).isWorkday('2020-10-12'), false);
      assert.equal((await calendarFor(ctx, child.id)).isWorkday('2020-10-13'), false);
      assert.equal((await calendarFor(ctx, other.id)).isWorkday('2020-10-12'), true);
      assert.equal((await calendarFor(ctx, root.id)).isWorkday('2020-10-12'), true);
      assert.equal((await calendarFor(ctx, child.id)).dayInfo('2020-10-12').scope, child.id);

      await removeLocalDay(ctx, childAdmin, child.id, '2020-10-13');
      assert.equal((await calendarFor(ctx, grandchild.id)).isWorkday('2020-10-13'), true);
      await assert.rejects(removeLocalDay(ctx, childAdmin, child.id, '2020-10-13'), NotFound);
      const actions = await auditActions(ctx);
      assert.deepEqual(actions.slice(-2), ['calendar.local.add', 'calendar.local.remove']);
    });

    test('bad local-day input is a field error', async () => {
      await assert.rejects(
        addLocalDays(ctx, childAdmin, { agencyId: child.id, kind: 'holiday', days: '2020-10-20..2020-10-19 x' }),
        (err: unknown) => err instanceof InvalidCalendarInput && Boolean(err.fields.kind) && /早于/.test(err.fields.days),
      );
    });

    test('the counting rule is inherited down the tree and can be reset', async () => {
      const { counting } = await setCountingRule(ctx, childAdmin, child.id, 'start_day_counts');
      assert.equal(counting, 'start_day_counts');
      assert.equal((await calendarFor(ctx, grandchild.id)).counting, 'start_day_counts');
      assert.equal((await calendarFor(ctx, other.id)).counting, 'after_start');
      await assert.rejects(setCountingRule(ctx, childAdmin, child.id, 'sometimes'), InvalidCalendarInput);
      await setCountingRule(ctx, childAdmin, child.id, 'inherit');
      assert.equal((await calendarFor(ctx, grandchild.id)).counting, 'after_start');
    });

    test('withdrawing an entered notice makes the year unannounced again (and a seed year cannot be withdrawn)', async () => {
      await assert.rejects(withdrawYearNotice(ctx, rootAdmin, 2026), NotFound);
      const recomputed = await withdrawYearNotice(ctx, rootAdmin, 2027);
      assert.equal(recomputed.changed, 1);
      assert.match(applied[0].changes[0].reason.text, /2027年节假日安排已撤销/);
      assert.equal((await calendarFor(ctx, null)).isAnnounced(2027), false);
    });
  });
});

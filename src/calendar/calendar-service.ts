/**
 * Administrators' use cases of the calendar (issue 3): enter or replace a year's national notice, withdraw one,
 * add or remove local rest/working days for an agency subtree, set an agency's counting rule. Every change is
 * validated (validateCalendarData), audited in the same transaction, and recomputes every open clock of the affected
 * agencies through the registered clock sources (clock-sources.ts), which record the moved due dates as events.
 *
 * Who may: a national notice applies everywhere, so it needs `calendar.edit` at a top-level agency; local days and
 * the counting rule need `calendar.edit` at the agency whose subtree they apply to.
 */
import { actorOf, agenciesWithPermission, assertPermission, hasPermission, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import type { Actor } from '../audit/audit.ts';
import { Forbidden, InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { lockForTransaction, type DB } from '../platform/db/database.ts';
import { validateCalendarData } from './calendar-data.ts';
import {
  InvalidCalendarInput,
  parseCountingRule,
  parseLocalDaysForm,
  parseNoticeForm,
  type LocalDaysForm,
  type NoticeForm,
  type NoticeInput,
} from './calendar-input.ts';
import {
  calendarOf,
  invalidateCalendarCache,
  loadCalendarSnapshot,
  subtreeOf,
  type CalendarSnapshot,
} from './calendar-snapshot.ts';
import {
  deleteCountingRule,
  deleteLocalDay,
  deleteNotice,
  replaceNotice,
  upsertCountingRule,
  upsertLocalDays,
} from './calendar-store.ts';
import type { Calendar, CountingRule } from './calendar.ts';
import { clockSources, type RecomputeCause } from './clock-sources.ts';
import { clockSpec } from './clocks.ts';
import { lookupIsoDate, type IsoDate } from './dates.ts';
import { recomputeDeadlines, type OpenClock } from './recompute.ts';

/** What a calendar change did to open clocks. */
export interface RecomputeSummary {
  /** Open clocks looked at. */
  checked: number;
  /** Clocks whose due date moved (recorded as events by their modules). */
  changed: number;
  /** Stored clocks whose inputs no longer validate (left untouched; their module should look at them). */
  skipped: number;
}

/** The top-level agencies, where national notices are administered. */
function rootsOf(snapshot: CalendarSnapshot): string[] {
  return [...snapshot.parents].filter(([, parent]) => parent === null).map(([id]) => id);
}

/** True when the principal may enter national notices (calendar.edit at a top-level agency). */
export function mayEditNationalCalendar(p: Principal | undefined, snapshot: CalendarSnapshot): boolean {
  return Boolean(p) && rootsOf(snapshot).some((id) => hasPermission(p!, 'calendar.edit', id));
}

/** The agencies where the principal may set local days and the counting rule. */
export function calendarAgenciesOf(p: Principal | undefined): string[] {
  return p ? agenciesWithPermission(p, 'calendar.edit') : [];
}

/**
 * Recomputes the open clocks of `agencyIds` from the `before` calendar to the `after` one and hands the moved ones
 * to their modules (inside the caller's transaction: `ctx.db` is the transaction).
 */
export async function recomputeOpenClocks(
  ctx: Ctx,
  before: CalendarSnapshot,
  after: CalendarSnapshot,
  agencyIds: readonly string[],
  cause: RecomputeCause,
): Promise<RecomputeSummary> {
  const summary: RecomputeSummary = { checked: 0, changed: 0, skipped: 0 };
  const memoBefore = new Map<string, Calendar>();
  const memoAfter = new Map<string, Calendar>();
  for (const source of clockSources().values()) {
    const open = await source.listOpenClocks(ctx, agencyIds);
    const byAgency = new Map<string, OpenClock<string>[]>();
    for (const clock of open) {
      summary.checked++;
      try {
        clockSpec(clock.input);
      } catch (err) {
        if (!(err instanceof InvalidInput)) throw err;
        summary.skipped++;
        continue;
      }
      const list = byAgency.get(clock.agencyId) ?? [];
      list.push({ id: clock.id, input: clock.input });
      byAgency.set(clock.agencyId, list);
    }
    const changes = [];
    for (const [agencyId, clocks] of byAgency) {
      const known = after.parents.has(agencyId) ? agencyId : null;
      changes.push(...recomputeDeadlines(clocks, calendarOf(before, known, memoBefore), calendarOf(after, known, memoAfter)));
    }
    if (changes.length) await source.applyRecomputed(ctx, changes, cause);
    summary.changed += changes.length;
  }
  return summary;
}

interface Change {
  actor: Actor;
  action: string;
  objectType: string;
  objectId: string;
  /** The agency the audit entry belongs to (null: national). */
  agencyId: string | null;
  /** Chinese one-line description, for the clock events. */
  description: string;
  auditSummary: Record<string, unknown>;
  /** Agencies whose clocks may move: all, or a subtree. */
  affected: 'all' | string;
  write(trx: DB, before: CalendarSnapshot): Promise<void>;
}

/** Runs one calendar change: lock, write, validate, recompute, audit; then drops the cache and cached pages. */
async function changeCalendar(ctx: Ctx, change: Change): Promise<RecomputeSummary> {
  const at = ctx.clock.now();
  const summary = await ctx.db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, ctx.dialect, 'calendar');
    const before = await loadCalendarSnapshot(trx);
    await change.write(trx, before);
    const after = await loadCalendarSnapshot(trx);
    try {
      validateCalendarData(after.data);
    } catch (err) {
      if (!(err instanceof InvalidInput) || err instanceof InvalidCalendarInput) throw err;
      throw new InvalidCalendarInput({
        _: { zh: err.message, en: 'Some days conflict with another year\'s notice already in force' },
      });
    }
    const agencyIds = change.affected === 'all' ? [...after.parents.keys()] : subtreeOf(after.parents, change.affected);
    const cause: RecomputeCause = { action: change.action, summary: change.description, actor: change.actor, at };
    const recomputed = await recomputeOpenClocks({ ...ctx, db: trx }, before, after, agencyIds, cause);
    await appendAudit(
      trx,
      ctx.dialect,
      change.actor,
      {
        action: change.action,
        objectType: change.objectType,
        objectId: change.objectId,
        agencyId: change.agencyId,
        summary: { ...change.auditSummary, clocksChanged: recomputed.changed },
      },
      at,
    );
    return recomputed;
  });
  invalidateCalendarCache(ctx);
  ctx.events.emit('content.changed', {
    agencyId: change.affected === 'all' ? null : change.affected,
    reason: 'calendar',
  });
  return summary;
}

async function assertNational(ctx: Ctx, p: Principal | undefined): Promise<Principal> {
  const snapshot = await loadCalendarSnapshot(ctx.db);
  if (!p || !mayEditNationalCalendar(p, snapshot)) {
    throw new Forbidden('只有上级机关（顶级机构）的管理员可以录入全国节假日安排');
  }
  return p;
}

/** Enters or replaces a year's national notice (title, 文号, rest days, make-up days). */
export async function replaceYearNotice(
  ctx: Ctx,
  principal: Principal | undefined,
  form: NoticeForm,
  ip?: string,
): Promise<{ notice: NoticeInput; recomputed: RecomputeSummary }> {
  const p = await assertNational(ctx, principal);
  const notice = parseNoticeForm(form);
  const recomputed = await changeCalendar(ctx, {
    actor: actorOf(p, ip),
    action: 'calendar.notice.replace',
    objectType: 'calendar_notice',
    objectId: String(notice.year),
    agencyId: null,
    description: `录入${notice.year}年节假日安排`,
    auditSummary: {
      year: notice.year,
      title: notice.title,
      documentNumber: notice.documentNumber,
      restDays: Object.keys(notice.restDays).length,
      workdays: Object.keys(notice.workdays).length,
    },
    affected: 'all',
    write: async (trx) => {
      await replaceNotice(trx, { ...notice, updatedBy: p.username }, ctx.clock.now().toISOString());
    },
  });
  return { notice, recomputed };
}

/** Withdraws an administrator's notice: the year falls back to the shipped seed, or becomes unannounced. */
export async function withdrawYearNotice(
  ctx: Ctx,
  principal: Principal | undefined,
  year: number,
  ip?: string,
): Promise<RecomputeSummary> {
  const p = await assertNational(ctx, principal);
  return changeCalendar(ctx, {
    actor: actorOf(p, ip),
    action: 'calendar.notice.withdraw',
    objectType: 'calendar_notice',
    objectId: String(year),
    agencyId: null,
    description: `撤销录入的${year}年节假日安排`,
    auditSummary: { year },
    affected: 'all',
    write: async (trx, before) => {
      if (before.notices.get(year)?.source !== 'admin') throw new NotFound(`${year}年没有录入的节假日安排`);
      await deleteNotice(trx, year);
    },
  });
}

function assertAgency(snapshot: CalendarSnapshot, agencyId: string): void {
  if (!snapshot.parents.has(agencyId)) throw new NotFound('未找到该机构');
}

/** Adds local rest or working days for an agency and its subtree (an entry on the same date is replaced). */
export async function addLocalDays(
  ctx: Ctx,
  principal: Principal | undefined,
  form: LocalDaysForm,
  ip?: string,
): Promise<{ added: number; recomputed: RecomputeSummary }> {
  const input = parseLocalDaysForm(form);
  const p = assertPermission(principal, 'calendar.edit', input.agencyId);
  const days = Object.entries(input.days).map(([date, name]) => ({ scope: input.agencyId, date, kind: input.kind, name }));
  const recomputed = await changeCalendar(ctx, {
    actor: actorOf(p, ip),
    action: 'calendar.local.add',
    objectType: 'calendar_local_days',
    objectId: input.agencyId,
    agencyId: input.agencyId,
    description: input.kind === 'rest' ? '增加本地放假日' : '增加本地上班日',
    auditSummary: { kind: input.kind, dates: Object.keys(input.days) },
    affected: input.agencyId,
    write: async (trx, before) => {
      assertAgency(before, input.agencyId);
      await upsertLocalDays(trx, days, ctx.clock.now().toISOString(), p.username);
    },
  });
  return { added: days.length, recomputed };
}

/** Removes an agency's local day. */
export async function removeLocalDay(
  ctx: Ctx,
  principal: Principal | undefined,
  agencyId: string,
  date: IsoDate,
  ip?: string,
): Promise<RecomputeSummary> {
  const p = assertPermission(principal, 'calendar.edit', agencyId);
  if (lookupIsoDate(date) === undefined) {
    throw new InvalidCalendarInput({ date: { zh: '日期无效', en: 'Invalid date' } });
  }
  return changeCalendar(ctx, {
    actor: actorOf(p, ip),
    action: 'calendar.local.remove',
    objectType: 'calendar_local_days',
    objectId: agencyId,
    agencyId,
    description: '删除本地节假日',
    auditSummary: { date },
    affected: agencyId,
    write: async (trx) => {
      if (!(await deleteLocalDay(trx, agencyId, date))) throw new NotFound(`${date} 没有本机构设置的节假日`);
    },
  });
}

/**
 * Sets how an agency counts (domain.md §3.3: Civil Code Art. 201 by default; `start_day_counts` where its practice
 * differs), for itself and the agencies under it that set none; `inherit` removes its own rule.
 */
export async function setCountingRule(
  ctx: Ctx,
  principal: Principal | undefined,
  agencyId: string,
  value: unknown,
  ip?: string,
): Promise<{ counting: CountingRule | null; recomputed: RecomputeSummary }> {
  const p = assertPermission(principal, 'calendar.edit', agencyId);
  const counting = parseCountingRule(value);
  const recomputed = await changeCalendar(ctx, {
    actor: actorOf(p, ip),
    action: 'calendar.counting.set',
    objectType: 'calendar_settings',
    objectId: agencyId,
    agencyId,
    description: '变更期限计算规则',
    auditSummary: { counting: counting ?? 'inherit' },
    affected: agencyId,
    write: async (trx, before) => {
      assertAgency(before, agencyId);
      if (counting) await upsertCountingRule(trx, agencyId, counting, ctx.clock.now().toISOString());
      else await deleteCountingRule(trx, agencyId);
    },
  });
  return { counting, recomputed };
}

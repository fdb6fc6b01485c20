/**
 * The calendar in force: the shipped seed (seed.ts, from chinese-days) with administrators' year notices replacing
 * or adding years, plus local days per agency subtree and each agency's counting rule (domain.md §3.3, §6.1).
 * `calendarFor(ctx, agencyId)` is what every module uses to compute a due date; it is cached per database and
 * rebuilt when the calendar changes in this process, and at least every {@link CALENDAR_CACHE_TTL_MS} so that a
 * change made by another app process is picked up.
 */
import { NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import type { CalendarData, YearNotice } from './calendar-data.ts';
import { buildCalendar, type Calendar, type CountingRule } from './calendar.ts';
import { selectAgencyParents, selectCountingRules, selectLocalDays, selectNotices, type StoredLocalDay } from './calendar-store.ts';
import { computeClock, type ClockInput, type ClockResult } from './clocks.ts';
import { seedCalendarData } from './seed.ts';

/** How long a cached calendar is trusted before the database is read again (changes by other processes). */
export const CALENDAR_CACHE_TTL_MS = 60_000;

/** Where a year's notice comes from. */
export interface NoticeMeta {
  year: number;
  title: string;
  /** 文号 as entered ('' for the seed, whose titles carry it). */
  documentNumber: string;
  source: 'seed' | 'admin';
  updatedAt?: string;
  updatedBy?: string;
}

/** Everything the calendars of all agencies are built from, read in one go. */
export interface CalendarSnapshot {
  /** Seed notices with stored notices replacing their years, and every local day. */
  data: CalendarData;
  notices: ReadonlyMap<number, NoticeMeta>;
  localDays: readonly StoredLocalDay[];
  /** Counting rules set per agency (inherited down the tree; the nearest one wins). */
  counting: ReadonlyMap<string, CountingRule>;
  /** Agency id → parent id. */
  parents: ReadonlyMap<string, string | null>;
}

/** The title a trace shows: the entered title with its 文号 unless the title already names it. */
function noticeTitle(title: string, documentNumber: string): string {
  return documentNumber && !title.includes(documentNumber) ? `${title}（${documentNumber}）` : title;
}

/** Reads the stored calendar and merges it over the seed (works inside a transaction). */
export async function loadCalendarSnapshot(db: DB): Promise<CalendarSnapshot> {
  const [stored, localDays, counting, parents] = await Promise.all([
    selectNotices(db),
    selectLocalDays(db),
    selectCountingRules(db),
    selectAgencyParents(db),
  ]);
  const seed = seedCalendarData();
  const byYear = new Map<number, YearNotice>(seed.notices.map((n) => [n.year, n]));
  const notices = new Map<number, NoticeMeta>(
    seed.notices.map((n) => [n.year, { year: n.year, title: n.title, documentNumber: '', source: 'seed' as const }]),
  );
  for (const s of stored) {
    byYear.set(s.year, { year: s.year, title: noticeTitle(s.title, s.documentNumber), restDays: s.restDays, workdays: s.workdays });
    notices.set(s.year, {
      year: s.year,
      title: s.title,
      documentNumber: s.documentNumber,
      source: 'admin',
      updatedAt: s.updatedAt,
      updatedBy: s.updatedBy,
    });
  }
  const data: CalendarData = {
    notices: [...byYear.values()].sort((a, b) => a.year - b.year),
    localDays: localDays.map(({ scope, date, kind, name }) => ({ scope, date, kind, name })),
  };
  return { data, notices, localDays, counting, parents };
}

/** Agency ids from the root down to the agency (a broken parent loop stops at the repeat). */
export function agencyPathOf(parents: ReadonlyMap<string, string | null>, agencyId: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null | undefined = agencyId; id && !seen.has(id); id = parents.get(id)) {
    seen.add(id);
    path.unshift(id);
  }
  return path;
}

/** The agency and every agency under it. */
export function subtreeOf(parents: ReadonlyMap<string, string | null>, agencyId: string): string[] {
  const children = new Map<string, string[]>();
  for (const [id, parent] of parents) if (parent) children.set(parent, [...(children.get(parent) ?? []), id]);
  const out: string[] = [];
  const stack = [agencyId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.includes(id)) continue;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The counting rule in force at an agency: its own, else the nearest ancestor's, else Civil Code Art. 201. */
export function countingRuleOf(snapshot: CalendarSnapshot, agencyId: string | null): CountingRule {
  const path = agencyId ? agencyPathOf(snapshot.parents, agencyId) : [];
  for (let i = path.length - 1; i >= 0; i--) {
    const rule = snapshot.counting.get(path[i]);
    if (rule) return rule;
  }
  return 'after_start';
}

/**
 * The calendar of one agency (null: the national calendar) built from a snapshot. Agencies whose path has the same
 * local scopes and counting rule share one built calendar through `memo`.
 */
export function calendarOf(snapshot: CalendarSnapshot, agencyId: string | null, memo?: Map<string, Calendar>): Calendar {
  const scopes = new Set(snapshot.localDays.map((d) => d.scope));
  const path = agencyId ? agencyPathOf(snapshot.parents, agencyId).filter((id) => scopes.has(id)) : [];
  const counting = countingRuleOf(snapshot, agencyId);
  const key = `${path.join('/')}|${counting}`;
  let calendar = memo?.get(key);
  if (!calendar) {
    calendar = buildCalendar(snapshot.data, { agencyPath: path, counting });
    memo?.set(key, calendar);
  }
  return calendar;
}

interface CacheEntry {
  loadedAt: number;
  snapshot: Promise<CalendarSnapshot>;
  calendars: Map<string, Calendar>;
}

// Keyed by the open database (not ctx.db, which a transaction replaces), so every Ctx over one database shares it.
const caches = new WeakMap<object, CacheEntry>();

function cacheEntry(ctx: Ctx, fresh = false): CacheEntry {
  const key = ctx.database ?? ctx.db;
  let entry = caches.get(key);
  if (fresh || !entry || performance.now() - entry.loadedAt > CALENDAR_CACHE_TTL_MS) {
    const snapshot = loadCalendarSnapshot(ctx.db);
    entry = { loadedAt: performance.now(), snapshot, calendars: new Map() };
    caches.set(key, entry);
    snapshot.catch(() => caches.get(key) === entry && caches.delete(key));
  }
  return entry;
}

/** Forgets the cached calendars of this database (called after every calendar or agency-tree change). */
export function invalidateCalendarCache(ctx: Ctx): void {
  caches.delete(ctx.database ?? ctx.db);
}

/** The cached snapshot of the calendar in force. */
export async function calendarSnapshot(ctx: Ctx): Promise<CalendarSnapshot> {
  return cacheEntry(ctx).snapshot;
}

/**
 * The calendar in force at an agency (national notices, local days of the agency and its ancestors, its counting
 * rule); `null` gives the national calendar. Throws NotFound for an unknown agency.
 */
export async function calendarFor(ctx: Ctx, agencyId: string | null): Promise<Calendar> {
  let entry = cacheEntry(ctx);
  let snapshot = await entry.snapshot;
  if (agencyId !== null && !snapshot.parents.has(agencyId)) {
    entry = cacheEntry(ctx, true); // a new agency since the cache was filled
    snapshot = await entry.snapshot;
    if (!snapshot.parents.has(agencyId)) throw new NotFound('未找到该机构');
  }
  return calendarOf(snapshot, agencyId, entry.calendars);
}

/** Any clock's due date and trace under an agency's calendar (what case pages show with `<DeadlineTrace>`). */
export async function computeAgencyClock(ctx: Ctx, agencyId: string | null, input: ClockInput): Promise<ClockResult> {
  return computeClock(input, await calendarFor(ctx, agencyId));
}

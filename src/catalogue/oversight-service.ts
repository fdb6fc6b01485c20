/**
 * Oversight lists for the back office: the Art. 26 clock (due soon, overdue, on-time rate), 谁起草谁解读 tracking of
 * normative documents published without an interpretation, and the Art. 18 periodic re-review of information not
 * proactively disclosed.
 */
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { calendarFor } from '../calendar/calendar-snapshot.ts';
import { Conflict, InvalidInput } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import type { CatalogueItem } from './catalogue.ts';
import { selectItem, toItem, updateItem } from './catalogue-store.ts';
import { readCatalogueSettings } from './catalogue-settings.ts';
import { addMonths, getItemForStaff, publicationDueOn } from './item-service.ts';

/** An unpublished proactive document and where it stands against its Art. 26 deadline. */
export interface ClockEntry {
  item: CatalogueItem;
  dueOn: string;
  /** Working days left (0 = due today, negative = overdue by that many). */
  workdaysLeft: number;
  status: 'overdue' | 'due_soon' | 'on_track';
}

/** Working days from `today` to `due` (negative when past) on an agency's calendar. */
export function workdaysBetween(today: string, due: string, cal: Calendar): number {
  if (due >= today) return cal.countWorkdays(today, due) - (cal.isWorkday(today) ? 1 : 0);
  return -(cal.countWorkdays(due, today) - (cal.isWorkday(due) ? 1 : 0));
}

/** Unpublished proactive documents with their Art. 26 status, most urgent first. */
export async function publicationClock(ctx: Ctx, principal: Principal | undefined, agencyId: string): Promise<ClockEntry[]> {
  assertPermission(principal, 'content.read', agencyId);
  const settings = await readCatalogueSettings(ctx.db, agencyId);
  const today = todayOn(ctx.clock);
  const calendar = await calendarFor(ctx, agencyId);
  const rows = await ctx.db.selectFrom('catalogue_items').selectAll()
    .where('agency_id', '=', agencyId).where('kind', '=', 'document').where('disclosure', '=', 'proactive')
    .where('state', 'in', ['draft', 'submitted', 'approved', 'scheduled']).where('live_version', 'is', null)
    .where('publication_due_on', 'is not', null).orderBy('publication_due_on').limit(500).execute();
  return rows.map((r) => {
    const item = toItem(r);
    const left = workdaysBetween(today, item.publicationDueOn!, calendar);
    return { item, dueOn: item.publicationDueOn!, workdaysLeft: left, status: left < 0 ? 'overdue' : left <= settings.dueSoonWorkdays ? 'due_soon' : 'on_track' };
  });
}

/** Art. 26 performance for a year: documents first published that year, and how many by their deadline. */
export async function onTimeRate(ctx: Ctx, agencyId: string, year: number): Promise<{ published: number; onTime: number; late: number; rate: number | null }> {
  const rows = await ctx.db.selectFrom('catalogue_items').select(['first_published_on', 'publication_due_on'])
    .where('agency_id', '=', agencyId).where('kind', '=', 'document').where('disclosure', '=', 'proactive')
    .where('first_published_on', '>=', `${year}-01-01`).where('first_published_on', '<', `${year + 1}-01-01`)
    .where('publication_due_on', 'is not', null).execute();
  const onTime = rows.filter((r) => r.first_published_on! <= r.publication_due_on!).length;
  return { published: rows.length, onTime, late: rows.length - onTime, rate: rows.length ? onTime / rows.length : null };
}

/** A normative document published without a published interpretation (谁起草谁解读). */
export interface MissingInterpretation {
  item: CatalogueItem;
  /** Days since publication. */
  daysWaiting: number;
  /** An interpretation being drafted for it, if any. */
  draftId: string | null;
}

/** Normative documents in force and published, with no published interpretation linked, oldest first. */
export async function missingInterpretations(ctx: Ctx, principal: Principal | undefined, agencyId: string): Promise<MissingInterpretation[]> {
  assertPermission(principal, 'content.read', agencyId);
  const rows = await ctx.db.selectFrom('catalogue_items as i').selectAll('i')
    .where('i.agency_id', '=', agencyId).where('i.is_normative', '=', 1).where('i.live_version', 'is not', null)
    .where('i.state', '!=', 'withdrawn').where('i.validity', '=', 'valid')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('catalogue_published as p').select('p.item_id').whereRef('p.interprets_id', '=', 'i.item_id'))))
    .orderBy('i.first_published_on').limit(500).execute();
  const drafts = await ctx.db.selectFrom('catalogue_items').select(['item_id', 'interprets_id'])
    .where('agency_id', '=', agencyId).where('interprets_id', 'in', rows.length ? rows.map((r) => r.item_id) : [''])
    .where('state', 'in', ['draft', 'submitted', 'approved', 'scheduled']).execute();
  const today = Date.parse(todayOn(ctx.clock));
  return rows.map((r) => ({
    item: toItem(r),
    daysWaiting: Math.round((today - Date.parse(r.first_published_on!)) / 86_400_000),
    draftId: drafts.find((d) => d.interprets_id === r.item_id)?.item_id ?? null,
  }));
}

/** Items not proactively disclosed whose Art. 18 re-review falls within `withinDays`, earliest first. */
export async function reviewsDue(ctx: Ctx, principal: Principal | undefined, agencyId: string, withinDays = 30): Promise<CatalogueItem[]> {
  assertPermission(principal, 'content.read', agencyId);
  const until = new Date(Date.parse(todayOn(ctx.clock)) + withinDays * 86_400_000).toISOString().slice(0, 10);
  const rows = await ctx.db.selectFrom('catalogue_items').selectAll()
    .where('agency_id', '=', agencyId).where('disclosure', '!=', 'proactive').where('state', '!=', 'withdrawn')
    .where('next_review_on', '<=', until).orderBy('next_review_on').limit(500).execute();
  return rows.map(toItem);
}

/**
 * Records an Art. 18 re-review: keep the attribute (next review scheduled) or change it to 主动公开, which starts the
 * Art. 26 clock again from today (信息“变更”) and sends the item back to review for publication.
 */
export async function recordReview(ctx: Ctx, principal: Principal | undefined, itemId: string, input: { outcome: 'keep' | 'disclose'; note: string; version?: number }, ip?: string): Promise<CatalogueItem> {
  const item = await getItemForStaff(ctx, principal, itemId);
  const p = assertPermission(principal, 'content.review', item.agencyId);
  if (item.disclosure === 'proactive') throw new Conflict('该信息已主动公开，无需审查', undefined, 'not_reviewable');
  if (input.outcome !== 'keep' && input.outcome !== 'disclose') throw new InvalidInput('请选择审查结论', { outcome: '维持或转为主动公开' });
  const note = input.note.trim();
  if (note.length < 2) throw new InvalidInput('请填写审查意见', { note: '请说明理由' });
  const today = todayOn(ctx.clock);
  const settings = await readCatalogueSettings(ctx.db, item.agencyId);
  const dueOnChange = item.kind === 'document' ? publicationDueOn(today, await calendarFor(ctx, item.agencyId), { changed: true }) : null;
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const set = input.outcome === 'keep'
      ? { last_reviewed_on: today, next_review_on: addMonths(today, settings.reviewMonths), updated_at: now }
      : {
          last_reviewed_on: today, next_review_on: null, disclosure: 'proactive', disclosure_ground: null,
          disclosure_note: note.slice(0, 1000), publication_due_on: dueOnChange,
          publication_clock_from: item.kind === 'document' ? today : null,
          state: item.state === 'draft' ? 'draft' : 'submitted', confidentiality_checked: 0, updated_at: now,
        };
    if (!(await updateItem(trx, item.id, input.version ?? item.version, set))) throw new Conflict('该信息已被他人处理，请刷新后重试', undefined, 'version_conflict');
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'catalogue.review_disclosure', objectType: 'catalogue_item', objectId: item.id, agencyId: item.agencyId, summary: { outcome: input.outcome } }, ctx.clock.now());
  });
  return (await selectItem(ctx.db, item.id))!;
}

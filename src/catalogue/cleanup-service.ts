/**
 * 规范性文件清理 (clean-up of normative documents; seed: 2015年以来, 继续施行34件、修订5件、废止11件, announced by
 * 甘科政〔2020〕13号): open a campaign over an agency's documents in force, record a decision per document, draft the
 * 清理结果公告 as an ordinary catalogue item, and apply the repeals when that announcement is published.
 */
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import type { Actor } from '../audit/audit.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { CLEANUP_DECISIONS, type CatalogueItem, type CleanupDecision } from './catalogue.ts';
import { insertVersions, liveRowOf, selectItem, toItem, upsertLive } from './catalogue-store.ts';
import { ruleCategoryCodes } from './catalogue-settings.ts';
import { createItem } from './item-service.ts';

/** A campaign with its progress. */
export interface Cleanup {
  id: string;
  agencyId: string;
  title: string;
  coversFrom: string;
  state: 'open' | 'announced';
  announcementItemId: string | null;
  createdAt: string;
  announcedAt: string | null;
}

/** A document in a campaign with its decision (if made). */
export interface CleanupEntry {
  item: CatalogueItem;
  decision: CleanupDecision | null;
  note: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Opens a campaign covering normative documents formed on or after `coversFrom` (content.draft). */
export async function openCleanup(ctx: Ctx, principal: Principal | undefined, agencyId: string, input: { title: string; coversFrom: string }, ip?: string): Promise<Cleanup> {
  const p = assertPermission(principal, 'content.draft', agencyId);
  const title = input.title.trim();
  if (title.length < 4) throw new InvalidInput('请填写清理工作名称', { title: '至少4个字' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.coversFrom)) throw new InvalidInput('请填写清理范围的起始日期', { coversFrom: '日期格式应为 YYYY-MM-DD' });
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('catalogue_cleanups').values({
      cleanup_id: id, agency_id: agencyId, title, covers_from: input.coversFrom, state: 'open', announcement_item_id: null,
      created_by: p.userId, created_at: now, announced_at: null,
    }).execute();
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'catalogue.cleanup.open', objectType: 'catalogue_cleanup', objectId: id, agencyId, summary: { coversFrom: input.coversFrom } }, ctx.clock.now());
  });
  return getCleanup(ctx, principal, id);
}

/** A campaign (content.read at its agency). */
export async function getCleanup(ctx: Ctx, principal: Principal | undefined, id: string): Promise<Cleanup> {
  const r = await ctx.db.selectFrom('catalogue_cleanups').selectAll().where('cleanup_id', '=', id).executeTakeFirst();
  if (!r) throw new NotFound('未找到该清理工作');
  assertPermission(principal, 'content.read', r.agency_id);
  return {
    id: r.cleanup_id, agencyId: r.agency_id, title: r.title, coversFrom: r.covers_from, state: r.state as Cleanup['state'],
    announcementItemId: r.announcement_item_id, createdAt: r.created_at, announcedAt: r.announced_at,
  };
}

/** Campaigns of an agency, newest first. */
export async function listCleanups(ctx: Ctx, principal: Principal | undefined, agencyId: string): Promise<Cleanup[]> {
  assertPermission(principal, 'content.read', agencyId);
  const rows = await ctx.db.selectFrom('catalogue_cleanups').select('cleanup_id').where('agency_id', '=', agencyId).orderBy('created_at', 'desc').execute();
  return Promise.all(rows.map((r) => getCleanup(ctx, principal, r.cleanup_id)));
}

/**
 * The documents a campaign covers: published normative documents (not 规章) of the agency formed since `coversFrom`
 * that were in force when it opened, plus any already decided.
 */
export async function cleanupEntries(ctx: Ctx, principal: Principal | undefined, id: string): Promise<CleanupEntry[]> {
  const c = await getCleanup(ctx, principal, id);
  const decisions = await ctx.db.selectFrom('catalogue_cleanup_decisions').selectAll().where('cleanup_id', '=', id).execute();
  const decided = new Map(decisions.map((d) => [d.item_id, d]));
  const rows = await ctx.db.selectFrom('catalogue_items').selectAll()
    .where('agency_id', '=', c.agencyId).where('is_normative', '=', 1).where('live_version', 'is not', null)
    .where('state', '!=', 'withdrawn')
    // 规章 are cleaned up by the government's own 规章清理, not in a 规范性文件 campaign.
    .where('category_code', 'not in', await ruleCategoryCodes(ctx.db, c.agencyId))
    .where((eb) => eb.or([
      eb.and([eb('formed_on', '>=', c.coversFrom), eb('validity', '=', 'valid'), eb('first_published_on', '<=', c.createdAt.slice(0, 10))]),
      eb('item_id', 'in', decisions.length ? decisions.map((d) => d.item_id) : ['']),
    ]))
    .orderBy('formed_on').orderBy('item_id').execute();
  return rows.map((r) => ({ item: toItem(r), decision: (decided.get(r.item_id)?.decision as CleanupDecision) ?? null, note: decided.get(r.item_id)?.note ?? '' }));
}

/** Records (or changes) the decision on one document while the campaign is open. */
export async function decideCleanup(ctx: Ctx, principal: Principal | undefined, id: string, itemId: string, decision: string, note = '', ip?: string): Promise<void> {
  const c = await getCleanup(ctx, principal, id);
  const p = assertPermission(principal, 'content.draft', c.agencyId);
  if (c.state !== 'open') throw new Conflict('清理结果已公布，不能再修改决定', undefined, 'cleanup_closed');
  if (!(decision in CLEANUP_DECISIONS)) throw new InvalidInput('请选择清理决定', { decision: '继续施行、修订或废止' });
  const entries = await cleanupEntries(ctx, principal, id);
  if (!entries.some((e) => e.item.id === itemId)) throw new NotFound('该文件不在本次清理范围内');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('catalogue_cleanup_decisions').values({ cleanup_id: id, item_id: itemId, decision, note: note.trim().slice(0, 500), decided_by: p.userId, decided_at: now })
      .onConflict((oc) => oc.columns(['cleanup_id', 'item_id']).doUpdateSet({ decision, note: note.trim().slice(0, 500), decided_by: p.userId, decided_at: now })).execute();
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'catalogue.cleanup.decide', objectType: 'catalogue_cleanup', objectId: id, agencyId: c.agencyId, summary: { itemId, decision } }, ctx.clock.now());
  });
}

/** What the announcement needs of an entry. */
export type AnnouncedEntry = { item: Pick<CatalogueItem, 'title' | 'documentNumber'>; decision: CleanupDecision | null };

/** Counts of decisions in a campaign. */
export function tallyCleanup(entries: AnnouncedEntry[]): Record<CleanupDecision | 'undecided', number> {
  const t = { continue: 0, revise: 0, repeal: 0, undecided: 0 };
  for (const e of entries) t[e.decision ?? 'undecided']++;
  return t;
}

/** The body of the 清理结果公告: the three lists with titles and document numbers. */
export function announcementBody(entries: AnnouncedEntry[], title: string): string {
  const t = tallyCleanup(entries);
  const list = (d: CleanupDecision) => entries.filter((e) => e.decision === d)
    .map((e, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(e.item.title)}</td><td>${escapeHtml(e.item.documentNumber ?? '')}</td></tr>`).join('');
  const table = (d: CleanupDecision, n: number) => `<h3>${CLEANUP_DECISIONS[d]}的行政规范性文件目录（${n}件）</h3>` +
    `<table><thead><tr><th scope="col">序号</th><th scope="col">文件名称</th><th scope="col">文号</th></tr></thead><tbody>${list(d)}</tbody></table>`;
  return `<p>根据${escapeHtml(title)}工作安排，现将清理结果公告如下：决定继续施行的${t.continue}件，修订的${t.revise}件，废止的${t.repeal}件。` +
    '废止的文件自本公告发布之日起停止执行；决定修订的文件在修订完成前继续施行。</p>' +
    table('continue', t.continue) + table('revise', t.revise) + table('repeal', t.repeal);
}

/**
 * Drafts the 清理结果公告 (every document must have a decision) as a catalogue item linked to the campaign; it then
 * goes through the ordinary review. Publishing it applies the repeals (applyCleanupOnPublish).
 */
export async function draftCleanupAnnouncement(ctx: Ctx, principal: Principal | undefined, id: string, input: { title: string; documentNumber: string; formedOn: string }, ip?: string): Promise<CatalogueItem> {
  const c = await getCleanup(ctx, principal, id);
  if (c.state !== 'open') throw new Conflict('清理结果已公布', undefined, 'cleanup_closed');
  if (c.announcementItemId) {
    const existing = await selectItem(ctx.db, c.announcementItemId);
    if (existing && existing.state !== 'withdrawn') throw new Conflict('已起草清理结果公告', { itemId: existing.id }, 'announcement_exists');
  }
  const entries = await cleanupEntries(ctx, principal, id);
  const t = tallyCleanup(entries);
  if (!entries.length) throw new InvalidInput('清理范围内没有文件', { coversFrom: '请调整清理范围' });
  if (t.undecided) throw new InvalidInput(`还有${t.undecided}件文件未作出清理决定`, { decision: '请逐件作出决定' });
  const item = await createItem(ctx, principal, c.agencyId, {
    categoryCode: 'qtwj', title: input.title, documentNumber: input.documentNumber, formedOn: input.formedOn,
    bodyHtml: announcementBody(entries, c.title), disclosure: 'proactive', subjectWords: '规范性文件 清理',
  }, ip);
  await ctx.db.updateTable('catalogue_cleanups').set({ announcement_item_id: item.id }).where('cleanup_id', '=', id).execute();
  return item;
}

/** When a campaign's announcement is published: repeal the documents decided so, close the campaign. Same transaction. */
export async function applyCleanupOnPublish(trx: DB, ctx: Ctx, actor: Actor, announcementId: string, on: string, by: string | null): Promise<string[]> {
  const c = await trx.selectFrom('catalogue_cleanups').selectAll().where('announcement_item_id', '=', announcementId).where('state', '=', 'open').executeTakeFirst();
  if (!c) return [];
  const repeals = await trx.selectFrom('catalogue_cleanup_decisions').select('item_id').where('cleanup_id', '=', c.cleanup_id).where('decision', '=', 'repeal').execute();
  const now = ctx.clock.now().toISOString();
  const changed: string[] = [];
  for (const { item_id } of repeals) {
    const old = await selectItem(trx, item_id);
    if (!old || old.validity !== 'valid') continue;
    await trx.updateTable('catalogue_items').set({ validity: 'repealed', validity_changed_on: on, superseded_by_id: announcementId, version: old.version + 1, updated_at: now })
      .where('item_id', '=', old.id).execute();
    if (old.liveVersion) {
      const next = { ...old, validity: 'repealed', validityChangedOn: on, supersededById: announcementId } as CatalogueItem;
      const live = await trx.selectFrom('catalogue_published').select('body_text').where('item_id', '=', old.id).executeTakeFirst();
      if (live) {
        const versionNo = old.liveVersion + 1;
        await upsertLive(trx, [liveRowOf(next, live.body_text, versionNo, now)]);
        await insertVersions(trx, [{ itemId: old.id, versionNo, item: next, changeNote: '经规范性文件清理决定废止', at: now, by }]);
        await trx.updateTable('catalogue_items').set({ live_version: versionNo }).where('item_id', '=', old.id).execute();
      }
    }
    changed.push(old.id);
  }
  await trx.updateTable('catalogue_cleanups').set({ state: 'announced', announced_at: now }).where('cleanup_id', '=', c.cleanup_id).execute();
  await appendAudit(trx, ctx.dialect, actor, { action: 'catalogue.cleanup.announce', objectType: 'catalogue_cleanup', objectId: c.cleanup_id, agencyId: c.agency_id, summary: { repealed: changed.length } }, ctx.clock.now());
  return changed;
}

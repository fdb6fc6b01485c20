/**
 * What the public reads: the live copies only (catalogue_published), so withdrawn and unpublished items can never
 * leak into pages, feeds, the sitemap or the API. Lists are newest first and paginated; counts by year and category.
 */
import { sql } from 'kysely';
import { NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { ItemKind, PublishedItem } from './catalogue.ts';
import { containsPattern, selectLiveByIds, selectLiveByPublicId, toPublished } from './catalogue-store.ts';

/** Filters of a public list. */
export interface PublicListFilter {
  agencyIds?: string[];
  categoryCodes?: string[];
  year?: number;
  kind?: ItemKind;
  /** Title / 发文字号 contains (the fallback when no search index answers). */
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * The columns of list views and links: everything but the bodies. Decoding a long Chinese body into a JS string
 * costs more than the indexed lookup itself, and lists never show it.
 */
const LIST_COLUMNS = [
  'item_id', 'public_id', 'agency_id', 'kind', 'category_code', 'index_number', 'title', 'document_number', 'issuer',
  'subject_words', 'summary', 'formed_on', 'published_on', 'is_normative', 'validity', 'effective_on', 'validity_changed_on',
  'superseded_by_id', 'interprets_id', 'interpretation_form', 'video_url', 'version_no', 'is_demo', 'updated_at',
] as const;
const NO_BODY = [sql<string>`''`.as('body_html'), sql<string>`''`.as('body_text')];

/** A page of published items without bodies. */
export async function listPublished(ctx: Ctx, f: PublicListFilter): Promise<{ items: PublishedItem[]; total: number }> {
  let q = ctx.db.selectFrom('catalogue_published');
  if (f.agencyIds) q = q.where('agency_id', 'in', f.agencyIds.length ? f.agencyIds : ['']);
  if (f.categoryCodes) q = q.where('category_code', 'in', f.categoryCodes.length ? f.categoryCodes : ['']);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.year) q = q.where('published_on', '>=', `${f.year}-01-01`).where('published_on', '<', `${f.year + 1}-01-01`);
  if (f.q?.trim()) {
    const like = containsPattern(f.q.trim());
    q = q.where((eb) => eb.or([eb('title', 'like', like), eb('document_number', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    q.select(LIST_COLUMNS).select(NO_BODY)
      .orderBy('published_on', 'desc').orderBy('item_id', 'desc')
      .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    f.q?.trim() ? q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : countPublished(ctx, f),
  ]);
  return { items: rows.map(toPublished), total: Number(count.n) };
}

/** Published items per year (newest year first). */
export async function countByYear(ctx: Ctx, agencyId: string, kind?: ItemKind): Promise<{ year: number; count: number }[]> {
  let q = ctx.db.selectFrom('catalogue_published_counts').where('agency_id', '=', agencyId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.select(['year', (eb) => eb.fn.sum<number>('n').as('n')]).groupBy('year').execute();
  return rows.filter((r) => Number(r.n) > 0).map((r) => ({ year: Number(r.year), count: Number(r.n) })).sort((a, b) => b.year - a.year);
}

/** Published items per category (optionally within a year). */
export async function countByCategory(ctx: Ctx, agencyId: string, year?: number): Promise<Map<string, number>> {
  let q = ctx.db.selectFrom('catalogue_published_counts').where('agency_id', '=', agencyId);
  if (year) q = q.where('year', '=', String(year));
  const rows = await q.select(['category_code', (eb) => eb.fn.sum<number>('n').as('n')]).groupBy('category_code').execute();
  return new Map(rows.filter((r) => Number(r.n) > 0).map((r) => [r.category_code, Number(r.n)]));
}

/**
 * The number of published items a list filter (without a text filter) selects, from the per-(agency, kind, category,
 * year) counts that triggers keep (migration 0751): a few rows instead of every index entry of the agency.
 */
async function countPublished(ctx: Ctx, f: PublicListFilter): Promise<{ n: number }> {
  let q = ctx.db.selectFrom('catalogue_published_counts');
  if (f.agencyIds) q = q.where('agency_id', 'in', f.agencyIds.length ? f.agencyIds : ['']);
  if (f.categoryCodes) q = q.where('category_code', 'in', f.categoryCodes.length ? f.categoryCodes : ['']);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.year) q = q.where('year', '=', String(f.year));
  const r = await q.select((eb) => eb.fn.sum<number>('n').as('n')).executeTakeFirst();
  return { n: Number(r?.n ?? 0) };
}

/** A published item by public id, or NotFound. */
export async function getPublished(ctx: Ctx, publicId: string): Promise<PublishedItem> {
  const item = /^[a-z0-9]{8,32}$/.test(publicId) ? await selectLiveByPublicId(ctx.db, publicId) : undefined;
  if (!item) throw new NotFound('未找到该信息，或该信息已撤回');
  return item;
}

/** The public notice of a withdrawn item (its explanation), if the id names one. */
export async function findWithdrawal(ctx: Ctx, publicId: string): Promise<{ withdrawnOn: string; reason: string } | undefined> {
  if (!/^[a-z0-9]{8,32}$/.test(publicId)) return undefined;
  const r = await ctx.db.selectFrom('catalogue_items').select(['withdrawn_at', 'withdrawal_reason'])
    .where('public_id', '=', publicId).where('state', '=', 'withdrawn').executeTakeFirst();
  return r?.withdrawn_at ? { withdrawnOn: r.withdrawn_at.slice(0, 10), reason: r.withdrawal_reason } : undefined;
}

/** Links around an item page: its interpretations, the document it explains, what replaced it, what it replaced, related. */
export interface ItemLinks {
  interpretations: PublishedItem[];
  interprets?: PublishedItem;
  supersededBy?: PublishedItem;
  supersedes: PublishedItem[];
  related: PublishedItem[];
}

/** Loads the links of an item page (published items only). */
export async function itemLinks(ctx: Ctx, item: PublishedItem): Promise<ItemLinks> {
  const base = ctx.db.selectFrom('catalogue_published').select(LIST_COLUMNS).select(NO_BODY);
  const [interpretations, interprets, supersededBy, supersedes, related] = await Promise.all([
    base.where('interprets_id', '=', item.id).orderBy('published_on', 'desc').limit(10).execute(),
    item.interpretsId ? base.where('item_id', '=', item.interpretsId).executeTakeFirst() : undefined,
    item.supersededById ? base.where('item_id', '=', item.supersededById).executeTakeFirst() : undefined,
    base.where('superseded_by_id', '=', item.id).limit(10).execute(),
    base.where('agency_id', '=', item.agencyId).where('category_code', '=', item.categoryCode).where('item_id', '!=', item.id)
      .orderBy('published_on', 'desc').orderBy('item_id', 'desc').limit(5).execute(),
  ]);
  return {
    interpretations: interpretations.map(toPublished),
    interprets: interprets ? toPublished(interprets) : undefined,
    supersededBy: supersededBy ? toPublished(supersededBy) : undefined,
    supersedes: supersedes.map(toPublished),
    related: related.map(toPublished),
  };
}

/** Attachments of a published item (metadata only). */
export async function publishedAttachments(ctx: Ctx, itemId: string) {
  return ctx.db.selectFrom('catalogue_attachments').select(['attachment_id', 'name', 'content_type', 'size'])
    .where('item_id', '=', itemId).where('state', 'in', ['live', 'removing']).orderBy('sort_order').orderBy('created_at').execute();
}

/** One attachment's bytes, only while its item is published. */
export async function publishedAttachmentFile(ctx: Ctx, publicId: string, attachmentId: string): Promise<{ name: string; contentType: string; bytes: Buffer }> {
  const r = await ctx.db.selectFrom('catalogue_attachments as a')
    .innerJoin('catalogue_published as p', 'p.item_id', 'a.item_id')
    .innerJoin('stored_files as f', 'f.file_id', 'a.file_id')
    .select(['a.name', 'a.content_type', 'f.storage_key'])
    .where('p.public_id', '=', publicId).where('a.attachment_id', '=', attachmentId).where('a.state', 'in', ['live', 'removing']).executeTakeFirst();
  if (!r) throw new NotFound('未找到该附件');
  return { name: r.name, contentType: r.content_type, bytes: await ctx.files.get(r.storage_key) };
}

/** The newest items of several columns, `n` each (agency home page). */
export async function latestByCategory(ctx: Ctx, agencyId: string, codes: readonly string[], n: number): Promise<Map<string, PublishedItem[]>> {
  const out = new Map<string, PublishedItem[]>();
  await Promise.all(codes.map(async (code) => {
    const rows = await ctx.db.selectFrom('catalogue_published').select(LIST_COLUMNS).select(NO_BODY)
      .where('agency_id', '=', agencyId).where('category_code', '=', code)
      .orderBy('published_on', 'desc').orderBy('item_id', 'desc').limit(n).execute();
    out.set(code, rows.map(toPublished));
  }));
  return out;
}

/** Public ids and dates for the sitemap, newest first (the sitemap protocol allows 50,000 URLs per file). */
export async function sitemapEntries(ctx: Ctx, limit = 49_000): Promise<{ publicId: string; publishedOn: string; updatedAt: string }[]> {
  const rows = await ctx.db.selectFrom('catalogue_published').select(['public_id', 'published_on', 'updated_at'])
    .orderBy('published_on', 'desc').limit(limit).execute();
  return rows.map((r) => ({ publicId: r.public_id, publishedOn: r.published_on, updatedAt: r.updated_at }));
}

/** Published items by item id, in no particular order (unpublished ids are skipped). */
export function publishedByIds(ctx: Ctx, ids: string[]): Promise<PublishedItem[]> {
  return selectLiveByIds(ctx.db, ids);
}

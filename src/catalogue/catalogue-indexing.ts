/**
 * What the search index receives of a published item (the contract with src/platform/search: `SearchDocument`).
 * Only the live, public copy is ever indexed; withdrawn items are removed. No personal data beyond what was published.
 */
import type { Ctx } from '../platform/context.ts';
import type { SearchDocument, SearchIndex } from '../platform/search/search.ts';
import { searchIndexFor } from '../platform/search/search-index.ts';
import { VALIDITY, type PublishedItem } from './catalogue.ts';
import { toPublished } from './catalogue-store.ts';
import { loadCategoryTree } from './catalogue-settings.ts';

/** A published item with the names the index shows beside it. */
export interface IndexableItem extends PublishedItem {
  agencyCode: string;
  agencyName: string;
  categoryName: string;
}

/** The public URL of an item page. */
export function documentUrl(publicId: string): string {
  return `/documents/${publicId}`;
}

/** The search document of a published item: plain text title and body (with attachment text), metadata, URL. */
export function documentForIndex(item: IndexableItem): SearchDocument {
  return {
    id: item.id,
    agencyId: item.agencyId,
    agencyCode: item.agencyCode,
    agencyName: item.agencyName,
    title: item.title,
    body: item.bodyText,
    documentNumber: item.documentNumber ?? '',
    categoryCode: item.categoryCode,
    categoryName: item.categoryName,
    publishedOn: item.publishedOn,
    validity: item.validity ? VALIDITY[item.validity] : '',
    url: documentUrl(item.publicId),
    kind: item.kind,
  };
}

/** Loads indexable items by id (unpublished ids are skipped). */
export async function loadIndexableItems(ctx: Ctx, ids: string[]): Promise<IndexableItem[]> {
  const out: IndexableItem[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db.selectFrom('catalogue_published as p').innerJoin('agencies as a', 'a.agency_id', 'p.agency_id')
      .selectAll('p').select(['a.code as agency_code', 'a.name as agency_name'])
      .where('p.item_id', 'in', ids.slice(i, i + 500)).execute();
    out.push(...(await withNames(ctx, rows)));
  }
  return out;
}

async function withNames(ctx: Ctx, rows: (Parameters<typeof toPublished>[0] & { agency_code: string; agency_name: string })[]): Promise<IndexableItem[]> {
  const trees = new Map<string, Awaited<ReturnType<typeof loadCategoryTree>>>();
  const out: IndexableItem[] = [];
  for (const r of rows) {
    let tree = trees.get(r.agency_id);
    if (!tree) trees.set(r.agency_id, (tree = await loadCategoryTree(ctx.db, r.agency_id)));
    out.push({ ...toPublished(r), agencyCode: r.agency_code, agencyName: r.agency_name, categoryName: tree.label(r.category_code, 'zh-CN') });
  }
  return out;
}

/** Every published item in batches, oldest publication first (so the index's rowid order follows publication). */
export async function* allIndexableItems(ctx: Ctx, batch = 1000): AsyncGenerator<IndexableItem[]> {
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await ctx.db.selectFrom('catalogue_published as p').innerJoin('agencies as a', 'a.agency_id', 'p.agency_id')
      .selectAll('p').select(['a.code as agency_code', 'a.name as agency_name'])
      .where((eb) => eb.or([eb('p.published_on', '>', after[0]), eb.and([eb('p.published_on', '=', after[0]), eb('p.item_id', '>', after[1])])]))
      .orderBy('p.published_on').orderBy('p.item_id').limit(batch).execute();
    if (!rows.length) return;
    yield await withNames(ctx, rows);
    const last = rows[rows.length - 1];
    after = [last.published_on, last.item_id];
  }
}

/**
 * Brings the search index in step after a commit: upserts the live copies of `upserted`, removes `removed` (and any
 * upserted id that is no longer public). The index is derived data: a failure is logged, never lost content, and
 * `rebuildCatalogueIndex` repairs it.
 */
export async function syncSearchIndex(ctx: Ctx, ids: { upserted?: string[]; removed?: string[] }, index: SearchIndex = searchIndexFor(ctx)): Promise<void> {
  try {
    for (const id of ids.removed ?? []) await index.remove(id);
    const upserted = ids.upserted ?? [];
    if (upserted.length) {
      const items = await loadIndexableItems(ctx, upserted);
      const live = new Set(items.map((i) => i.id));
      if (items.length) await index.upsertMany(items.map(documentForIndex));
      for (const id of upserted) if (!live.has(id)) await index.remove(id);
    }
  } catch (err) {
    console.error('search index update failed', err);
  }
}

/** Re-indexes the whole catalogue (after a bulk load or to repair the index). */
export async function rebuildCatalogueIndex(ctx: Ctx, index: SearchIndex = searchIndexFor(ctx)): Promise<number> {
  let n = 0;
  for await (const items of allIndexableItems(ctx)) {
    await index.upsertMany(items.map(documentForIndex));
    n += items.length;
  }
  return n;
}

/**
 * Telling the rest of the platform that public catalogue content changed: the page cache (content.changed), any
 * listener (catalogue.changed with the item ids), and the search index, which is updated before the call returns so
 * a published item is findable at once.
 */
import type { Ctx } from '../platform/context.ts';
import { syncSearchIndex } from './catalogue-indexing.ts';

/** Emits the events and updates the search index after a commit. */
export async function notifyCatalogueChanged(ctx: Ctx, agencyId: string, ids: { upserted?: string[]; removed?: string[] }, reason: string): Promise<void> {
  ctx.events.emit('content.changed', { agencyId, reason });
  ctx.events.emit('catalogue.changed', { agencyId, upserted: ids.upserted ?? [], removed: ids.removed ?? [] });
  await syncSearchIndex(ctx, ids);
}

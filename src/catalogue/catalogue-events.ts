/**
 * Telling the rest of the platform that public catalogue content changed: the page cache (content.changed) and the
 * search index (catalogue.changed with the item ids to upsert or remove; see catalogue-indexing.ts).
 */
import type { Ctx } from '../platform/context.ts';

/** Emits the events after a commit. */
export function notifyCatalogueChanged(ctx: Ctx, agencyId: string, ids: { upserted?: string[]; removed?: string[] }, reason: string): void {
  ctx.events.emit('content.changed', { agencyId, reason });
  ctx.events.emit('catalogue.changed', { agencyId, upserted: ids.upserted ?? [], removed: ids.removed ?? [] });
}

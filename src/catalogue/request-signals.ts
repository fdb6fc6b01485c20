/**
 * Art. 44: information requested repeatedly through disclosure applications may be moved into 主动公开. The requests
 * module counts here every reply that discloses information (src/requests/requested-information.ts); staff see the
 * topics asked for at least twice as suggestions on the oversight page.
 */
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { toSimplified } from '../platform/i18n/i18n.ts';
import { newId } from '../platform/ids.ts';
import { parseDocumentNumber } from './document-number.ts';

/** What an application asked for. */
export interface RequestedInformation {
  agencyId: string;
  /** The information's name or description as the applicant wrote it (no personal data). */
  topic: string;
  documentNumber?: string;
  /** The catalogue item it matched, if any. */
  itemId?: string;
}

/** The key that makes two applications “the same information”: the 发文字号, else the normalised description. */
export function topicKey(r: Pick<RequestedInformation, 'topic' | 'documentNumber'>): string {
  const dn = r.documentNumber ? parseDocumentNumber(r.documentNumber, { tolerant: true }) : undefined;
  if (dn?.ok) return `dn:${dn.value.text}`;
  return `t:${toSimplified(r.topic).toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '').slice(0, 120)}`;
}

/** Counts one application (call inside the requests module's transaction: pass its trx as `db`). */
export async function recordRequestedInformation(db: DB, r: RequestedInformation, at: string): Promise<void> {
  const key = topicKey(r);
  if (key.length <= 2) return;
  await db.insertInto('catalogue_request_signals').values({
    signal_id: newId(), agency_id: r.agencyId, topic_key: key, topic: r.topic.trim().slice(0, 300), item_id: r.itemId ?? null,
    request_count: 1, first_at: at, last_at: at, status: 'open',
  }).onConflict((oc) => oc.columns(['agency_id', 'topic_key']).doUpdateSet((eb) => ({
    request_count: eb('catalogue_request_signals.request_count', '+', 1), last_at: at,
  }))).execute();
}

/** A suggestion to disclose proactively. */
export interface DisclosureSuggestion {
  id: string;
  topic: string;
  itemId: string | null;
  requestCount: number;
  lastAt: string;
}

/** Topics asked for at least `minCount` times and not yet handled, most asked first. */
export async function disclosureSuggestions(ctx: Ctx, principal: Principal | undefined, agencyId: string, minCount = 2): Promise<DisclosureSuggestion[]> {
  assertPermission(principal, 'content.read', agencyId);
  const rows = await ctx.db.selectFrom('catalogue_request_signals').selectAll()
    .where('agency_id', '=', agencyId).where('status', '=', 'open').where('request_count', '>=', minCount)
    .orderBy('request_count', 'desc').orderBy('last_at', 'desc').limit(200).execute();
  return rows.map((r) => ({ id: r.signal_id, topic: r.topic, itemId: r.item_id, requestCount: r.request_count, lastAt: r.last_at }));
}

/** Marks a suggestion handled: 'published' (moved into 主动公开) or 'dismissed'. */
export async function closeSuggestion(ctx: Ctx, principal: Principal | undefined, id: string, status: 'published' | 'dismissed', ip?: string): Promise<void> {
  const r = await ctx.db.selectFrom('catalogue_request_signals').select(['agency_id']).where('signal_id', '=', id).executeTakeFirst();
  if (!r) throw new NotFound();
  const p = assertPermission(principal, 'content.review', r.agency_id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('catalogue_request_signals').set({ status }).where('signal_id', '=', id).execute();
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'catalogue.suggestion', objectType: 'catalogue_request_signal', objectId: id, agencyId: r.agency_id, summary: { status } }, ctx.clock.now());
  });
}

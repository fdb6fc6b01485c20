/**
 * Art. 44: 多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围.
 * When a reply discloses information (予以公开 Art. 36（二） / 部分公开 Art. 37), the case is counted in the catalogue's
 * register of requested information (catalogue/request-signals.ts); topics asked for repeatedly become suggestions to
 * publish proactively on the catalogue's oversight page. Information already proactively disclosed (Art. 36（一）, or
 * the 发文字号 names an item published 主动公开) is not counted: there is nothing left to move. An applicant who is given
 * the same information again is counted once (the article speaks of several applicants).
 */
import { resolveItemRef } from '../catalogue/item-refs.ts';
import { recordRequestedInformation, topicKey } from '../catalogue/request-signals.ts';
import type { DB } from '../platform/db/database.ts';
import { redactPersonalData } from '../platform/privacy/pii-scan.ts';
import type { Outcome } from './outcomes.ts';
import type { InfoRequest } from './request-store.ts';

/** True when a concluded case disclosed information that may not yet be proactively disclosed (Art. 44). */
export function countsTowardsArt44(outcome: Outcome | null, bases: readonly string[]): boolean {
  if (outcome !== 'granted' && outcome !== 'partly_granted') return false;
  // 予以公开 resting only on Art. 36（一） (已经主动公开的, 告知获取方式) is information already public.
  return !(outcome === 'granted' && bases.length > 0 && bases.every((b) => b === 'art36_1'));
}

/** What the case asked for, as the register shows it: the title, else the start of the description, with no personal data. */
export function requestedTopic(r: Pick<InfoRequest, 'title' | 'description'>): string {
  const text = (r.title.trim() || r.description.replace(/\s+/g, ' ').trim().slice(0, 80)).slice(0, 300);
  return redactPersonalData(text);
}

/** True when the same applicant was already given the same information by this agency (多个申请人: count people once). */
async function askedBefore(db: DB, r: InfoRequest, key: string): Promise<boolean> {
  if (!r.applicantKey) return false;
  const earlier = await db.selectFrom('info_requests').select(['title', 'description', 'document_number'])
    .where('agency_id', '=', r.agencyId).where('applicant_key', '=', r.applicantKey).where('request_id', '!=', r.id)
    .where('outcome', 'in', ['granted', 'partly_granted']).where('replied_on', 'is not', null).execute();
  return earlier.some((e) => topicKey({ topic: requestedTopic(e), documentNumber: e.document_number || undefined }) === key);
}

/**
 * Counts a case that concludes with information disclosed (call in the reply's transaction, `db` = its trx). Returns
 * true when it was counted.
 */
export async function countRequestedInformation(db: DB, r: InfoRequest, outcome: Outcome, bases: readonly string[], at: string): Promise<boolean> {
  if (!countsTowardsArt44(outcome, bases)) return false;
  const item = r.documentNumber ? await resolveItemRef(db, r.agencyId, r.documentNumber) : undefined;
  if (item && item.liveVersion && item.disclosure === 'proactive' && item.state === 'published') return false;
  const asked = { topic: requestedTopic(r), documentNumber: r.documentNumber || undefined };
  if (await askedBefore(db, r, topicKey(asked))) return false;
  await recordRequestedInformation(db, { agencyId: r.agencyId, ...asked, itemId: item?.id }, at);
  return true;
}

/**
 * Writes demo catalogue items in bulk: items are described in memory (ids known up front so links can be made), then
 * index numbers are assigned in publication order and the rows of items, live copies and versions are inserted in
 * chunks inside one transaction. Fast enough to load tens of thousands of items in seconds.
 */
import type { Insertable } from 'kysely';
import type { Agency } from '../agencies/agency.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import type { CatalogueItem, DisclosureAttribute, InterpretationForm, ItemState, NonDisclosureGround, Validity } from '../catalogue/catalogue.ts';
import { insertItems, insertVersions, liveRowOf, reserveIndexSerials, toItem, upsertLive } from '../catalogue/catalogue-store.ts';
import type { CatalogueItemsTable } from '../catalogue/catalogue-tables.ts';
import { DEFAULT_CATEGORIES } from '../catalogue/categories.ts';
import { formatIndexNumber, DEFAULT_INDEX_PATTERN } from '../catalogue/index-number.ts';
import { addMonths, newPublicId, publicationDueOn } from '../catalogue/item-service.ts';
import type { Ctx } from '../platform/context.ts';
import { toPlainText } from '../platform/html/sanitize.ts';
import { newId } from '../platform/ids.ts';

/** A demo item before it is written. */
export interface DemoItem {
  id: string;
  category: string;
  title: string;
  documentNumber?: string;
  formedOn: string | null;
  publishedOn: string | null;
  bodyHtml: string;
  summary?: string;
  subjectWords?: string;
  disclosure?: DisclosureAttribute;
  ground?: NonDisclosureGround;
  state?: ItemState;
  isNormative?: boolean;
  validity?: Validity;
  effectiveOn?: string;
  validityChangedOn?: string;
  supersededById?: string;
  replacesId?: string;
  interpretsId?: string;
  interpretationForm?: InterpretationForm;
  /** A later published version (e.g. the validity change when superseded). */
  secondVersionNote?: string;
}

/** A small deterministic PRNG (mulberry32), so the demo is the same every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kindOf = new Map(DEFAULT_CATEGORIES.map((c) => [c.code, c.kind]));

/** Collects demo items of one agency and writes them. */
export class DemoCatalogue {
  readonly items: DemoItem[] = [];
  constructor(readonly agency: Agency) {}

  /** Adds an item and returns its id. */
  add(i: Omit<DemoItem, 'id'> & { id?: string }): string {
    const id = i.id ?? newId();
    this.items.push({ ...i, id });
    return id;
  }

  /** A fresh id to link items before adding them. */
  reserveId(): string {
    return newId();
  }

  /** Writes every item (one transaction), with index numbers in publication order per year; returns the count. */
  async write(ctx: Ctx): Promise<number> {
    const now = ctx.clock.now().toISOString();
    const org = this.agency.orgCode || this.agency.code;
    const published = this.items.filter((i) => i.publishedOn).sort((a, b) => (a.publishedOn! < b.publishedOn! ? -1 : a.publishedOn! > b.publishedOn! ? 1 : 0));
    const byYear = new Map<number, DemoItem[]>();
    for (const i of published) {
      const y = Number(i.publishedOn!.slice(0, 4));
      byYear.set(y, [...(byYear.get(y) ?? []), i]);
    }
    await ctx.db.transaction().execute(async (trx) => {
      const indexNumbers = new Map<string, string>();
      for (const [year, list] of byYear) {
        const first = await reserveIndexSerials(trx, this.agency.id, year, list.length);
        list.forEach((i, k) => indexNumbers.set(i.id, formatIndexNumber(DEFAULT_INDEX_PATTERN, org, i.publishedOn!, first + k)));
      }
      const rows: Insertable<CatalogueItemsTable>[] = this.items.map((i) => {
        const kind = kindOf.get(i.category) ?? 'document';
        const disclosure = i.disclosure ?? 'proactive';
        const live = i.publishedOn ? (i.secondVersionNote ? 2 : 1) : null;
        return {
          item_id: i.id, public_id: newPublicId(), agency_id: this.agency.id, kind, category_code: i.category, title: i.title,
          document_number: i.documentNumber ?? null, issuer: this.agency.name, subject_words: i.subjectWords ?? '', summary: i.summary ?? '',
          formed_on: i.formedOn, body_html: i.bodyHtml, body_text: toPlainText(i.bodyHtml), disclosure, disclosure_ground: i.ground ?? null,
          disclosure_note: '', state: i.state ?? (i.publishedOn ? 'published' : 'draft'), is_normative: i.isNormative ? 1 : 0,
          validity: i.isNormative ? (i.validity ?? 'valid') : null, effective_on: i.isNormative ? (i.effectiveOn ?? i.publishedOn) : null,
          validity_changed_on: i.validityChangedOn ?? null, superseded_by_id: i.supersededById ?? null, replaces_id: i.replacesId ?? null,
          replaces_as: i.replacesId ? 'revised' : null, interprets_id: i.interpretsId ?? null,
          interpretation_form: i.interpretsId ? (i.interpretationForm ?? 'text') : null, video_url: '',
          index_number: indexNumbers.get(i.id) ?? null, confidentiality_checked: i.publishedOn || i.state === 'approved' ? 1 : 0,
          confidentiality_at: i.publishedOn ? `${i.publishedOn}T01:00:00.000Z` : null, created_by: null, approved_by: null,
          first_published_on: i.publishedOn, published_on: i.publishedOn, live_version: live,
          publication_due_on: kind === 'document' && disclosure === 'proactive' ? publicationDueOn(i.formedOn) : null,
          next_review_on: disclosure === 'proactive' ? null : addMonths(i.formedOn ?? now.slice(0, 10), 12),
          is_demo: 1, version: 1, created_at: `${i.formedOn ?? i.publishedOn ?? now.slice(0, 10)}T00:00:00.000Z`, updated_at: now,
        };
      });
      // Links point at other items of the batch: insert without them, then set them (foreign keys).
      await insertItems(trx, rows.map((r) => ({ ...r, superseded_by_id: null, replaces_id: null, interprets_id: null })));
      for (const r of rows) {
        if (r.superseded_by_id || r.replaces_id || r.interprets_id) {
          await trx.updateTable('catalogue_items').set({ superseded_by_id: r.superseded_by_id, replaces_id: r.replaces_id, interprets_id: r.interprets_id })
            .where('item_id', '=', r.item_id).execute();
        }
      }
      const items = new Map<string, CatalogueItem>(rows.map((r) => [r.item_id as string, toItem(r as never)]));
      const pubs = published.map((d) => items.get(d.id)!);
      await upsertLive(trx, pubs.map((i) => liveRowOf(i, toPlainText(i.bodyHtml), i.liveVersion!, now)));
      const demoById = new Map(published.map((d) => [d.id, d]));
      const versions = pubs.flatMap((i) => {
        const d = demoById.get(i.id)!;
        const v1 = { itemId: i.id, versionNo: 1, item: { ...i, validity: i.isNormative ? 'valid' as const : null, supersededById: null }, changeNote: '', at: `${i.publishedOn}T02:00:00.000Z`, by: null };
        return d.secondVersionNote ? [v1, { itemId: i.id, versionNo: 2, item: i, changeNote: d.secondVersionNote, at: `${i.validityChangedOn ?? i.publishedOn}T02:00:00.000Z`, by: null }] : [v1];
      });
      await insertVersions(trx, versions);
      await appendAudit(trx, ctx.dialect, SYSTEM_ACTOR, {
        action: 'catalogue.demo_load', objectType: 'agency', objectId: this.agency.id, agencyId: this.agency.id,
        summary: { items: rows.length, published: pubs.length },
      }, ctx.clock.now());
    });
    return this.items.length;
  }
}

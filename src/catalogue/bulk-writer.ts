/**
 * Writes catalogue items in bulk (spreadsheet import, demo data): items are described in memory (ids known up front so
 * links can be made), index numbers are assigned in publication order (imported ones kept), and the rows of items,
 * live copies and versions are inserted in chunks inside one transaction — all or nothing. Tens of thousands of items
 * load in seconds.
 */
import type { Insertable } from 'kysely';
import type { Agency } from '../agencies/agency.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import { calendarOf, loadCalendarSnapshot } from '../calendar/calendar-snapshot.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import type { CatalogueItem, DisclosureAttribute, InterpretationForm, ItemState, NonDisclosureGround, Validity } from './catalogue.ts';
import { bumpIndexSerial, insertItems, insertVersions, liveRowOf, reserveIndexSerials, toItem, upsertLive } from './catalogue-store.ts';
import type { CatalogueItemsTable } from './catalogue-tables.ts';
import { readCatalogueSettings } from './catalogue-settings.ts';
import type { CategoryTree } from './categories.ts';
import { formatIndexNumber } from './index-number.ts';
import { addMonths, newPublicId, publicationDueOn } from './item-service.ts';
import { toPlainText } from '../platform/html/sanitize.ts';
import { newId } from '../platform/ids.ts';

/** An item before it is written. */
export interface BulkItem {
  id: string;
  category: string;
  /** An index number carried over from the agency's old system (kept; the counter moves past it). */
  indexNumber?: string;
  issuer?: string;
  /** Stored files to attach: ids in stored_files with their names and extracted text. */
  attachments?: { fileId: string; name: string; contentType: string; size: number; text: string }[];
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
  /** How `replacesId` is replaced: revised (default) or repealed (e.g. a decision repealing a 规章). */
  replacesAs?: 'revised' | 'repealed';
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

/** Options of a bulk write. */
export interface BulkOptions {
  isDemo: boolean;
  actor: Actor;
  /** The audit action recorded once for the batch. */
  action: string;
  createdBy?: string | null;
}

/** Collects items of one agency and writes them. */
export class BulkCatalogue {
  readonly items: BulkItem[] = [];
  constructor(readonly agency: Agency, readonly tree: CategoryTree) {}

  /** Adds an item and returns its id. */
  add(i: Omit<BulkItem, 'id'> & { id?: string }): string {
    const id = i.id ?? newId();
    this.items.push({ ...i, id });
    return id;
  }

  /** A fresh id to link items before adding them. */
  reserveId(): string {
    return newId();
  }

  /** Writes every item (one transaction, or the caller's), with index numbers in publication order per year. */
  async write(ctx: Ctx, opts: BulkOptions = { isDemo: true, actor: SYSTEM_ACTOR, action: 'catalogue.demo_load' }, db: DB = ctx.db): Promise<number> {
    if (db.isTransaction) await this.writeIn(db, ctx, opts);
    else await db.transaction().execute((trx) => this.writeIn(trx, ctx, opts));
    return this.items.length;
  }

  private async writeIn(trx: DB, ctx: Ctx, opts: BulkOptions): Promise<void> {
    const now = ctx.clock.now().toISOString();
    const org = this.agency.orgCode || this.agency.code;
    const settings = await readCatalogueSettings(trx, this.agency.id);
    // Read through the transaction (a separate read could wait on SQLite's one connection): the Art. 26 clock runs on
    // the agency's own calendar.
    const calendar = calendarOf(await loadCalendarSnapshot(trx), this.agency.id);
    const published = this.items.filter((i) => i.publishedOn).sort((a, b) => (a.publishedOn! < b.publishedOn! ? -1 : a.publishedOn! > b.publishedOn! ? 1 : 0));
    const byYear = new Map<number, BulkItem[]>();
    for (const i of published) {
      if (i.indexNumber) continue;
      const y = Number(i.publishedOn!.slice(0, 4));
      byYear.set(y, [...(byYear.get(y) ?? []), i]);
    }
    {
      const indexNumbers = new Map<string, string>();
      // Carried-over numbers first, so generated serials of the same year start after them.
      for (const i of this.items) {
        if (!i.indexNumber) continue;
        indexNumbers.set(i.id, i.indexNumber);
        const m = /(\d{4})\D{0,2}(?:\d{2})?-(\d{1,7})$/.exec(i.indexNumber);
        if (m) await bumpIndexSerial(trx, this.agency.id, Number(m[1]), Number(m[2]));
      }
      for (const [year, list] of byYear) {
        const first = await reserveIndexSerials(trx, this.agency.id, year, list.length);
        list.forEach((i, k) => indexNumbers.set(i.id, formatIndexNumber(settings.indexPattern, org, i.publishedOn!, first + k)));
      }
      const rows: Insertable<CatalogueItemsTable>[] = this.items.map((i) => {
        const kind = this.tree.get(i.category)?.kind ?? 'document';
        const disclosure = i.disclosure ?? 'proactive';
        const live = i.publishedOn ? (i.secondVersionNote ? 2 : 1) : null;
        return {
          item_id: i.id, public_id: newPublicId(), agency_id: this.agency.id, kind, category_code: i.category, title: i.title,
          document_number: i.documentNumber ?? null, issuer: i.issuer || this.agency.name, subject_words: i.subjectWords ?? '', summary: i.summary ?? '',
          formed_on: i.formedOn, body_html: i.bodyHtml, body_text: toPlainText(i.bodyHtml), disclosure, disclosure_ground: i.ground ?? null,
          disclosure_note: '', state: i.state ?? (i.publishedOn ? 'published' : 'draft'), is_normative: i.isNormative ? 1 : 0,
          validity: i.isNormative ? (i.validity ?? 'valid') : null, effective_on: i.isNormative ? (i.effectiveOn ?? i.publishedOn) : null,
          validity_changed_on: i.validityChangedOn ?? null, superseded_by_id: i.supersededById ?? null, replaces_id: i.replacesId ?? null,
          replaces_as: i.replacesId ? (i.replacesAs ?? 'revised') : null, interprets_id: i.interpretsId ?? null,
          interpretation_form: i.interpretsId ? (i.interpretationForm ?? 'text') : null, video_url: '',
          index_number: indexNumbers.get(i.id) ?? null, confidentiality_checked: i.publishedOn || i.state === 'approved' ? 1 : 0,
          confidentiality_at: i.publishedOn ? `${i.publishedOn}T01:00:00.000Z` : null, created_by: opts.createdBy ?? null, approved_by: opts.createdBy ?? null,
          first_published_on: i.publishedOn, published_on: i.publishedOn, live_version: live,
          publication_due_on: kind === 'document' && disclosure === 'proactive' ? publicationDueOn(i.formedOn, calendar) : null,
          publication_clock_from: kind === 'document' && disclosure === 'proactive' ? i.formedOn : null,
          next_review_on: disclosure === 'proactive' ? null : addMonths(i.formedOn ?? now.slice(0, 10), settings.reviewMonths),
          is_demo: opts.isDemo ? 1 : 0, version: 1, created_at: `${i.formedOn ?? i.publishedOn ?? now.slice(0, 10)}T00:00:00.000Z`, updated_at: now,
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
      const attachments = this.items.flatMap((i) => (i.attachments ?? []).map((a, k) => ({
        attachment_id: newId(), item_id: i.id, file_id: a.fileId, name: a.name, content_type: a.contentType, size: a.size,
        extracted_text: a.text, sort_order: k, created_at: now, state: i.publishedOn ? 'live' : 'draft',
      })));
      for (let k = 0; k < attachments.length; k += 200) await trx.insertInto('catalogue_attachments').values(attachments.slice(k, k + 200)).execute();
      const textOf = new Map(this.items.map((i) => [i.id, (i.attachments ?? []).map((a) => `${a.name} ${a.text}`)]));
      const items = new Map<string, CatalogueItem>(rows.map((r) => [r.item_id as string, toItem(r as never)]));
      const pubs = published.map((d) => items.get(d.id)!);
      await upsertLive(trx, pubs.map((i) => liveRowOf(i, [toPlainText(i.bodyHtml), ...(textOf.get(i.id) ?? [])].join('\n'), i.liveVersion!, now)));
      const demoById = new Map(published.map((d) => [d.id, d]));
      const versions = pubs.flatMap((i) => {
        const d = demoById.get(i.id)!;
        const v1 = { itemId: i.id, versionNo: 1, item: { ...i, validity: i.isNormative ? 'valid' as const : null, supersededById: null }, changeNote: '', at: `${i.publishedOn}T02:00:00.000Z`, by: null };
        return d.secondVersionNote ? [v1, { itemId: i.id, versionNo: 2, item: i, changeNote: d.secondVersionNote, at: `${i.validityChangedOn ?? i.publishedOn}T02:00:00.000Z`, by: null }] : [v1];
      });
      await insertVersions(trx, versions);
      await appendAudit(trx, ctx.dialect, opts.actor, {
        action: opts.action, objectType: 'agency', objectId: this.agency.id, agencyId: this.agency.id,
        summary: { items: rows.length, published: pubs.length },
      }, ctx.clock.now());
    }
  }
}

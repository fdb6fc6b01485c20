/** SQL of catalogue items: the working copy, the live published copy, versions, attachments, index counters. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import type {
  CatalogueItem, DisclosureAttribute, InterpretationForm, ItemKind, ItemState, NonDisclosureGround, PublishedItem, Validity,
} from './catalogue.ts';
import type { CatalogueItemsTable, CataloguePublishedTable } from './catalogue-tables.ts';

/** Maps an item row to the domain shape. */
export function toItem(r: Selectable<CatalogueItemsTable>): CatalogueItem {
  return {
    id: r.item_id, publicId: r.public_id, agencyId: r.agency_id, kind: r.kind as ItemKind, categoryCode: r.category_code,
    title: r.title, documentNumber: r.document_number, issuer: r.issuer, subjectWords: r.subject_words, summary: r.summary,
    formedOn: r.formed_on, bodyHtml: r.body_html, disclosure: r.disclosure as DisclosureAttribute,
    disclosureGround: r.disclosure_ground as NonDisclosureGround | null, disclosureNote: r.disclosure_note,
    state: r.state as ItemState, isNormative: r.is_normative === 1, validity: r.validity as Validity | null,
    effectiveOn: r.effective_on, validityChangedOn: r.validity_changed_on, supersededById: r.superseded_by_id,
    replacesId: r.replaces_id, replacesAs: r.replaces_as as 'revised' | 'repealed' | null,
    interpretsId: r.interprets_id, interpretationForm: r.interpretation_form as InterpretationForm | null,
    videoUrl: r.video_url, indexNumber: r.index_number, confidentialityChecked: r.confidentiality_checked === 1,
    confidentialityBy: r.confidentiality_by, confidentialityAt: r.confidentiality_at, reviewComment: r.review_comment,
    rejectComment: r.reject_comment, createdBy: r.created_by, submittedBy: r.submitted_by, approvedBy: r.approved_by,
    scheduledFor: r.scheduled_for, firstPublishedOn: r.first_published_on, publishedOn: r.published_on,
    liveVersion: r.live_version, withdrawnAt: r.withdrawn_at, withdrawalReason: r.withdrawal_reason,
    publicationDueOn: r.publication_due_on, nextReviewOn: r.next_review_on, lastReviewedOn: r.last_reviewed_on,
    isDemo: r.is_demo === 1, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Maps a live row to the public shape. */
export function toPublished(r: Selectable<CataloguePublishedTable>): PublishedItem {
  return {
    id: r.item_id, publicId: r.public_id, agencyId: r.agency_id, kind: r.kind as ItemKind, categoryCode: r.category_code,
    indexNumber: r.index_number, title: r.title, documentNumber: r.document_number, issuer: r.issuer,
    subjectWords: r.subject_words, summary: r.summary, formedOn: r.formed_on, publishedOn: r.published_on,
    bodyHtml: r.body_html, bodyText: r.body_text, isNormative: r.is_normative === 1, validity: r.validity as Validity | null,
    effectiveOn: r.effective_on, validityChangedOn: r.validity_changed_on, supersededById: r.superseded_by_id,
    interpretsId: r.interprets_id, interpretationForm: r.interpretation_form as InterpretationForm | null,
    videoUrl: r.video_url, versionNo: r.version_no, isDemo: r.is_demo === 1,
  };
}

/** Inserts item rows (one or many; the demo and bulk import insert in chunks). */
export async function insertItems(db: DB, rows: Insertable<CatalogueItemsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('catalogue_items').values(rows.slice(i, i + 200)).execute();
}

/** One item by primary key. */
export async function selectItem(db: DB, id: string): Promise<CatalogueItem | undefined> {
  const r = await db.selectFrom('catalogue_items').selectAll().where('item_id', '=', id).executeTakeFirst();
  return r ? toItem(r) : undefined;
}

/** One item by public id. */
export async function selectItemByPublicId(db: DB, publicId: string): Promise<CatalogueItem | undefined> {
  const r = await db.selectFrom('catalogue_items').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  return r ? toItem(r) : undefined;
}

/**
 * Updates an item if it is still at `version` (optimistic locking) and bumps the version; false on a lost race.
 */
export async function updateItem(db: DB, id: string, version: number, set: Updateable<CatalogueItemsTable>): Promise<boolean> {
  const res = await db
    .updateTable('catalogue_items')
    .set({ ...set, version: version + 1 })
    .where('item_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Takes the next serial of an agency's year for index numbers. Inside the publishing transaction: the row lock on
 * PostgreSQL and SQLite's single writer make concurrent publications get distinct serials; serials are never reused.
 */
export async function nextIndexSerial(db: DB, agencyId: string, year: number): Promise<number> {
  await db.insertInto('catalogue_index_counters').values({ agency_id: agencyId, year, last_serial: 0 })
    .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing()).execute();
  const r = await db.updateTable('catalogue_index_counters')
    .set((eb) => ({ last_serial: eb('last_serial', '+', 1) }))
    .where('agency_id', '=', agencyId).where('year', '=', year)
    .returning('last_serial').executeTakeFirstOrThrow();
  return Number(r.last_serial);
}

/** Reserves `count` serials at once (bulk loads); returns the first. */
export async function reserveIndexSerials(db: DB, agencyId: string, year: number, count: number): Promise<number> {
  await db.insertInto('catalogue_index_counters').values({ agency_id: agencyId, year, last_serial: 0 })
    .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing()).execute();
  const r = await db.updateTable('catalogue_index_counters')
    .set((eb) => ({ last_serial: eb('last_serial', '+', count) }))
    .where('agency_id', '=', agencyId).where('year', '=', year)
    .returning('last_serial').executeTakeFirstOrThrow();
  return Number(r.last_serial) - count + 1;
}

/** Makes an index number taken from outside (an import) count as used, so generated ones never collide with it. */
export async function bumpIndexSerial(db: DB, agencyId: string, year: number, serial: number): Promise<void> {
  await db.insertInto('catalogue_index_counters').values({ agency_id: agencyId, year, last_serial: serial })
    .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing()).execute();
  await db.updateTable('catalogue_index_counters').set({ last_serial: serial })
    .where('agency_id', '=', agencyId).where('year', '=', year).where('last_serial', '<', serial).execute();
}

/** The live copy of an item as a row, built from the working copy at publication. */
export function liveRowOf(item: CatalogueItem, bodyText: string, versionNo: number, at: string): Insertable<CataloguePublishedTable> {
  return {
    item_id: item.id, public_id: item.publicId, agency_id: item.agencyId, kind: item.kind, category_code: item.categoryCode,
    index_number: item.indexNumber, title: item.title, document_number: item.documentNumber, issuer: item.issuer,
    subject_words: item.subjectWords, summary: item.summary, formed_on: item.formedOn, published_on: item.publishedOn!,
    body_html: item.bodyHtml, body_text: bodyText, is_normative: item.isNormative ? 1 : 0, validity: item.validity,
    effective_on: item.effectiveOn, validity_changed_on: item.validityChangedOn, superseded_by_id: item.supersededById,
    interprets_id: item.interpretsId, interpretation_form: item.interpretationForm, video_url: item.videoUrl,
    version_no: versionNo, is_demo: item.isDemo ? 1 : 0, updated_at: at,
  };
}

/** Replaces the live copy of items (publish, new version) — many at once for bulk loads. */
export async function upsertLive(db: DB, rows: Insertable<CataloguePublishedTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await db.insertInto('catalogue_published').values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.column('item_id').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'), category_code: eb.ref('excluded.category_code'), index_number: eb.ref('excluded.index_number'),
        title: eb.ref('excluded.title'), document_number: eb.ref('excluded.document_number'), issuer: eb.ref('excluded.issuer'),
        subject_words: eb.ref('excluded.subject_words'), summary: eb.ref('excluded.summary'), formed_on: eb.ref('excluded.formed_on'),
        published_on: eb.ref('excluded.published_on'), body_html: eb.ref('excluded.body_html'), body_text: eb.ref('excluded.body_text'),
        is_normative: eb.ref('excluded.is_normative'), validity: eb.ref('excluded.validity'), effective_on: eb.ref('excluded.effective_on'),
        validity_changed_on: eb.ref('excluded.validity_changed_on'), superseded_by_id: eb.ref('excluded.superseded_by_id'),
        interprets_id: eb.ref('excluded.interprets_id'), interpretation_form: eb.ref('excluded.interpretation_form'),
        video_url: eb.ref('excluded.video_url'), version_no: eb.ref('excluded.version_no'), updated_at: eb.ref('excluded.updated_at'),
      })))
      .execute();
  }
}

/** Removes an item from public view (withdrawal). */
export async function deleteLive(db: DB, itemId: string): Promise<void> {
  await db.deleteFrom('catalogue_published').where('item_id', '=', itemId).execute();
}

/** Records a published version. */
export async function insertVersions(db: DB, rows: { itemId: string; versionNo: number; item: CatalogueItem; changeNote: string; at: string; by: string | null }[]): Promise<void> {
  const values = rows.map((r) => ({
    item_id: r.itemId, version_no: r.versionNo, title: r.item.title, document_number: r.item.documentNumber,
    body_html: r.item.bodyHtml, change_note: r.changeNote, published_at: r.at, published_by: r.by,
    metadata: JSON.stringify({
      categoryCode: r.item.categoryCode, issuer: r.item.issuer, subjectWords: r.item.subjectWords, summary: r.item.summary,
      formedOn: r.item.formedOn, publishedOn: r.item.publishedOn, indexNumber: r.item.indexNumber, validity: r.item.validity,
      effectiveOn: r.item.effectiveOn, supersededById: r.item.supersededById, interpretsId: r.item.interpretsId,
    }),
  }));
  for (let i = 0; i < values.length; i += 200) await db.insertInto('catalogue_versions').values(values.slice(i, i + 200)).execute();
}

/** The versions of an item, newest first (staff only). */
export async function selectVersions(db: DB, itemId: string) {
  return db.selectFrom('catalogue_versions').selectAll().where('item_id', '=', itemId).orderBy('version_no', 'desc').execute();
}

/** The live copy by public id (undefined when unpublished or withdrawn). */
export async function selectLiveByPublicId(db: DB, publicId: string): Promise<PublishedItem | undefined> {
  const r = await db.selectFrom('catalogue_published').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  return r ? toPublished(r) : undefined;
}

/** Live copies by item ids. */
export async function selectLiveByIds(db: DB, ids: string[]): Promise<PublishedItem[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('catalogue_published').selectAll().where('item_id', 'in', ids).execute();
  return rows.map(toPublished);
}

/** A LIKE pattern matching text that contains `q` (wildcards in `q` dropped: no ESCAPE clause works on both engines). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, '').slice(0, 100)}%`;
}

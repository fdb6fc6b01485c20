/** All SQL of the requests module: rows ↔ domain records (style.md). Functions take `db` first so transactions pass. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import type { Outcome, WithheldGround } from './outcomes.ts';
import type { ApplicantKind, Channel, Delivery, InfoFormat, RequestEventType, RequestState } from './request.ts';
import type { InfoRequestsTable, RequestLettersTable } from './request-tables.ts';

/** A withheld part of a partial disclosure (Art. 37). */
export interface WithheldPart {
  what: string;
  ground: WithheldGround;
}

/** A case as the services see it; personal-data fields stay sealed (`*Sealed`) until a view decrypts them. */
export interface InfoRequest {
  id: string;
  agencyId: string;
  trackingCode: string;
  channel: Channel;
  state: RequestState;
  applicantKind: ApplicantKind;
  applicantName: string;
  applicantKey: string;
  idType: string | null;
  idNumberSealed: string | null;
  creditCode: string | null;
  contactName: string | null;
  phoneSealed: string | null;
  emailSealed: string | null;
  addressSealed: string | null;
  postcode: string;
  title: string;
  documentNumber: string;
  description: string;
  format: InfoFormat;
  delivery: Delivery;
  submittedOn: string;
  receivedOn: string;
  correctionRequestedOn: string | null;
  correctionDueOn: string | null;
  correctionNotes: string;
  correctedOn: string | null;
  extensionWorkdays: number | null;
  extensionApprover: string | null;
  extendedOn: string | null;
  dueOn: string | null;
  assigneeUserId: string | null;
  outcome: Outcome | null;
  outcomeBases: string[];
  decisionFacts: string;
  withheldParts: WithheldPart[];
  decidedOn: string | null;
  decidedBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  feeMode: string | null;
  feeUnits: number | null;
  feeFen: number | null;
  feeNoticeOn: string | null;
  feeDueOn: string | null;
  feePaidOn: string | null;
  repliedOn: string | null;
  concludedOn: string | null;
  closedOn: string | null;
  replyPublic: string;
  transferredFromAgencyId: string | null;
  anonymisedAt: string | null;
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type Row = Selectable<InfoRequestsTable>;

function toRequest(r: Row): InfoRequest {
  return {
    id: r.request_id, agencyId: r.agency_id, trackingCode: r.tracking_code, channel: r.channel as Channel,
    state: r.state as RequestState, applicantKind: r.applicant_kind as ApplicantKind, applicantName: r.applicant_name,
    applicantKey: r.applicant_key, idType: r.id_type, idNumberSealed: r.id_number_enc, creditCode: r.credit_code,
    contactName: r.contact_name, phoneSealed: r.phone_enc, emailSealed: r.email_enc, addressSealed: r.address_enc,
    postcode: r.postcode, title: r.title, documentNumber: r.document_number, description: r.description,
    format: r.format as InfoFormat, delivery: r.delivery as Delivery, submittedOn: r.submitted_on, receivedOn: r.received_on,
    correctionRequestedOn: r.correction_requested_on, correctionDueOn: r.correction_due_on, correctionNotes: r.correction_notes,
    correctedOn: r.corrected_on, extensionWorkdays: r.extension_workdays, extensionApprover: r.extension_approver,
    extendedOn: r.extended_on, dueOn: r.due_on, assigneeUserId: r.assignee_user_id, outcome: r.outcome as Outcome | null,
    outcomeBases: JSON.parse(r.outcome_bases) as string[], decisionFacts: r.decision_facts,
    withheldParts: JSON.parse(r.withheld_parts) as WithheldPart[], decidedOn: r.decided_on, decidedBy: r.decided_by,
    approvedBy: r.approved_by, approvedAt: r.approved_at, feeMode: r.fee_mode, feeUnits: r.fee_units, feeFen: r.fee_fen,
    feeNoticeOn: r.fee_notice_on, feeDueOn: r.fee_due_on, feePaidOn: r.fee_paid_on, repliedOn: r.replied_on,
    concludedOn: r.concluded_on, closedOn: r.closed_on, replyPublic: r.reply_public,
    transferredFromAgencyId: r.transferred_from_agency_id, anonymisedAt: r.anonymised_at, isDemo: r.is_demo === 1,
    version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Inserts a case row. */
export async function insertRequest(db: DB, row: Insertable<InfoRequestsTable>): Promise<void> {
  await db.insertInto('info_requests').values(row).execute();
}

const COLUMN_DEFAULTS: Record<string, unknown> = {
  postcode: '', title: '', document_number: '', correction_notes: '', outcome_bases: '[]', decision_facts: '', withheld_parts: '[]',
  reply_public: '', is_demo: 0, version: 1,
};

/**
 * Inserts many case rows (demo, imports) in chunks. Rows may set different columns; a multi-row insert needs the
 * same columns in every row, so the missing ones get the column default (or null).
 */
export async function insertRequests(db: DB, rows: Insertable<InfoRequestsTable>[], chunk = 200): Promise<void> {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const full = rows.map((r) => Object.fromEntries(keys.map((k) => [k, (r as Record<string, unknown>)[k] ?? COLUMN_DEFAULTS[k] ?? null]))) as Insertable<InfoRequestsTable>[];
  for (let i = 0; i < full.length; i += chunk) await db.insertInto('info_requests').values(full.slice(i, i + chunk)).execute();
}

/** One case by primary key. */
export async function selectRequestById(db: DB, id: string): Promise<InfoRequest | undefined> {
  const r = await db.selectFrom('info_requests').selectAll().where('request_id', '=', id).executeTakeFirst();
  return r && toRequest(r);
}

/** One case by its public tracking code. */
export async function selectRequestByTrackingCode(db: DB, code: string): Promise<InfoRequest | undefined> {
  const r = await db.selectFrom('info_requests').selectAll().where('tracking_code', '=', code).executeTakeFirst();
  return r && toRequest(r);
}

/** Updates a case if its version is still `version`; returns false when someone else changed it first. */
export async function updateRequestState(db: DB, id: string, version: number, patch: Updateable<InfoRequestsTable>): Promise<boolean> {
  const r = await db
    .updateTable('info_requests')
    .set({ ...patch, version: version + 1 })
    .where('request_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A timeline event. */
export interface RequestEvent {
  id: string;
  requestId: string;
  type: RequestEventType;
  at: string;
  on: string;
  actorUserId: string | null;
  actorLabel: string;
  detail: Record<string, unknown>;
}

/** Appends a timeline event. */
export async function insertEvent(db: DB, agencyId: string, e: RequestEvent): Promise<void> {
  await db.insertInto('request_events').values({
    event_id: e.id, request_id: e.requestId, agency_id: agencyId, type: e.type, at: e.at, happened_on: e.on,
    actor_user_id: e.actorUserId, actor_label: e.actorLabel, detail: JSON.stringify(e.detail),
  }).execute();
}

/** Inserts many event rows (demo). */
export async function insertEventRows(db: DB, rows: { event_id: string; request_id: string; agency_id: string; type: string; at: string; happened_on: string; actor_user_id: string | null; actor_label: string; detail: string }[], chunk = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('request_events').values(rows.slice(i, i + chunk)).execute();
}

/** A case's timeline in order. */
export async function selectEvents(db: DB, requestId: string): Promise<RequestEvent[]> {
  const rows = await db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('event_id').execute();
  return rows.map((r) => ({
    id: r.event_id, requestId: r.request_id, type: r.type as RequestEventType, at: r.at, on: r.happened_on,
    actorUserId: r.actor_user_id, actorLabel: r.actor_label, detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/** A consultation of a third party (Art. 32) or another agency (Art. 34). */
export interface Consultation {
  id: string;
  requestId: string;
  party: 'third_party' | 'agency';
  partyName: string;
  sentOn: string;
  answerDueOn: string;
  answeredOn: string | null;
  opinion: string;
}

/** Inserts a consultation. */
export async function insertConsultation(db: DB, c: Consultation, at: string): Promise<void> {
  await db.insertInto('request_consultations').values({
    consultation_id: c.id, request_id: c.requestId, party: c.party, party_name: c.partyName, sent_on: c.sentOn,
    answer_due_on: c.answerDueOn, answered_on: c.answeredOn, opinion: c.opinion, created_at: at,
  }).execute();
}

/** Records the answer of the open consultation. */
export async function updateConsultationAnswer(db: DB, id: string, answeredOn: string, opinion: string): Promise<void> {
  await db.updateTable('request_consultations').set({ answered_on: answeredOn, opinion }).where('consultation_id', '=', id).execute();
}

/** A case's consultations in order. */
export async function selectConsultations(db: DB, requestId: string): Promise<Consultation[]> {
  const rows = await db.selectFrom('request_consultations').selectAll().where('request_id', '=', requestId).orderBy('sent_on').orderBy('consultation_id').execute();
  return rows.map((r) => ({
    id: r.consultation_id, requestId: r.request_id, party: r.party as Consultation['party'], partyName: r.party_name,
    sentOn: r.sent_on, answerDueOn: r.answer_due_on, answeredOn: r.answered_on, opinion: r.opinion,
  }));
}

/** A letter row. */
export type LetterRow = Selectable<RequestLettersTable>;

/** Inserts a letter. */
export async function insertLetter(db: DB, row: Insertable<RequestLettersTable>): Promise<void> {
  await db.insertInto('request_letters').values(row).execute();
}

/** A case's letters, oldest first. */
export async function selectLetters(db: DB, requestId: string): Promise<LetterRow[]> {
  return db.selectFrom('request_letters').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy('letter_id').execute();
}

/** One letter. */
export async function selectLetter(db: DB, letterId: string): Promise<LetterRow | undefined> {
  return db.selectFrom('request_letters').selectAll().where('letter_id', '=', letterId).executeTakeFirst();
}

/** Marks a letter sent. */
export async function updateLetterSent(db: DB, letterId: string, at: string): Promise<void> {
  await db.updateTable('request_letters').set({ status: 'sent', sent_at: at }).where('letter_id', '=', letterId).execute();
}

/** How many letters of an agency carry a document number of the year (for the next 〔year〕n号). */
export async function countLettersOfYear(db: DB, agencyId: string, year: number): Promise<number> {
  const r = await db.selectFrom('request_letters').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agency_id', '=', agencyId).where('issued_on', '>=', `${year}-01-01`).where('issued_on', '<=', `${year}-12-31`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Links a stored file to a case. */
export async function insertAttachment(db: DB, requestId: string, fileId: string, purpose: string, at: string): Promise<void> {
  await db.insertInto('request_attachments').values({ request_id: requestId, file_id: fileId, purpose, created_at: at }).execute();
}

/** A case's attachments with their file metadata. */
export async function selectAttachments(db: DB, requestId: string) {
  return db.selectFrom('request_attachments').innerJoin('stored_files', 'stored_files.file_id', 'request_attachments.file_id')
    .select(['stored_files.file_id', 'stored_files.storage_key', 'stored_files.original_name', 'stored_files.content_type',
      'stored_files.size', 'stored_files.sha256', 'request_attachments.purpose', 'request_attachments.created_at'])
    .where('request_attachments.request_id', '=', requestId).orderBy('request_attachments.created_at').execute();
}

/** Filters of the back-office case list. */
export interface RequestListFilter {
  agencyIds: string[];
  states?: RequestState[];
  /**
   * Only cases whose reply is due on or before this date (overdue), or, per group of agencies, on or before the
   * group's date (due soon: a number of working days on each agency's calendar).
   */
  dueOnOrBefore?: string | { agencyIds: string[]; date: string }[];
  assigneeUserId?: string;
  /** Tracking code prefix or a word of the title / description. */
  q?: string;
  receivedYear?: number;
  limit: number;
  offset: number;
}

/** The back-office case list, most urgent first; with the total for paging. */
export async function selectRequestList(db: DB, f: RequestListFilter): Promise<{ rows: InfoRequest[]; total: number }> {
  if (f.agencyIds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('info_requests').where('agency_id', 'in', f.agencyIds);
  if (f.states?.length) q = q.where('state', 'in', f.states);
  const due = f.dueOnOrBefore;
  if (typeof due === 'string') q = q.where('due_on', 'is not', null).where('due_on', '<=', due);
  else if (due) {
    q = q.where('due_on', 'is not', null)
      .where((eb) => eb.or(due.map((g) => eb.and([eb('agency_id', 'in', g.agencyIds), eb('due_on', '<=', g.date)]))));
  }
  if (f.assigneeUserId) q = q.where('assignee_user_id', '=', f.assigneeUserId);
  if (f.receivedYear) q = q.where('received_year', '=', f.receivedYear);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('tracking_code', '=', f.q!.toUpperCase()), eb('title', 'like', like), eb('description', 'like', like)]));
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll()
    .orderBy((eb) => eb.case().when('due_on', 'is', null).then(1).else(0).end())
    .orderBy('due_on').orderBy('received_on', 'desc').orderBy('request_id')
    .limit(f.limit).offset(f.offset).execute();
  return { rows: rows.map(toRequest), total: Number(total.n) };
}

/** How many applications the applicant filed in [from, to] (by receipt date) up to and including `requestId`'s receipt. */
export async function countApplicantRequests(db: DB, applicantKey: string, from: string, to: string): Promise<number> {
  const r = await db.selectFrom('info_requests').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('applicant_key', '=', applicantKey).where('received_on', '>=', from).where('received_on', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An idempotency record (platform table `idempotency_keys`). */
export async function selectIdempotency(db: DB, scope: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

/** Stores the response given to an idempotency key. */
export async function insertIdempotency(db: DB, row: { scope: string; key: string; request_hash: string; status: number; body: string; created_at: string }): Promise<void> {
  await db.insertInto('idempotency_keys').values(row).execute();
}

/** Cases by ids (the cases behind a table 三 cell), oldest receipt first. */
export async function selectRequestsByIds(db: DB, ids: string[]): Promise<InfoRequest[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('info_requests').selectAll().where('request_id', 'in', ids.slice(0, 1000)).orderBy('received_on').orderBy('request_id').execute();
  return rows.map(toRequest);
}

/** SQL of mailbox letters and the agency's mailbox settings. Contact details arrive and leave encrypted. */
import type { Selectable, Updateable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import { isSafeKey } from '../registers/power.ts';
import type { Letter, LetterChannel, LetterState } from './letter.ts';
import type { MailboxLettersTable } from './mailbox-tables.ts';

function toLetter(r: Selectable<MailboxLettersTable>): Letter {
  return {
    id: r.letter_id, agencyId: r.agency_id, trackingCode: r.tracking_code, channel: r.channel as LetterChannel, subject: r.subject,
    question: r.question, writerName: r.writer_name, writerPhone: r.writer_phone, writerEmail: r.writer_email,
    publishConsent: r.publish_consent === 1, state: r.status as LetterState, unitId: r.unit_id, receivedOn: r.received_on,
    replyWorkdays: r.reply_workdays, dueOn: r.due_on, reply: r.reply, repliedOn: r.replied_on, published: r.published === 1,
    publicQuestion: r.public_question, publicReply: r.public_reply, publishedOn: r.published_on,
    convertedTo: r.converted_to as Letter['convertedTo'], convertedRef: r.converted_ref, isDemo: r.is_demo === 1, version: r.version,
  };
}

/** Inserts a letter (contact fields already encrypted). */
export async function insertLetter(db: DB, l: Letter, at: string): Promise<void> {
  await db.insertInto('mailbox_letters').values({
    letter_id: l.id, agency_id: l.agencyId, tracking_code: l.trackingCode, channel: l.channel, subject: l.subject, question: l.question,
    writer_name: l.writerName, writer_phone: l.writerPhone, writer_email: l.writerEmail, publish_consent: l.publishConsent ? 1 : 0,
    status: l.state, unit_id: l.unitId, received_on: l.receivedOn, reply_workdays: l.replyWorkdays, due_on: l.dueOn, reply: l.reply,
    replied_on: l.repliedOn, published: l.published ? 1 : 0, public_question: l.publicQuestion, public_reply: l.publicReply,
    published_on: l.publishedOn, converted_to: l.convertedTo, converted_ref: l.convertedRef, is_demo: l.isDemo ? 1 : 0,
    created_at: at, updated_at: at,
  }).execute();
}

/** One letter of an agency. */
export async function selectLetter(db: DB, agencyId: string, id: string): Promise<Letter | undefined> {
  if (!isSafeKey(id)) return undefined;
  const r = await db.selectFrom('mailbox_letters').selectAll().where('agency_id', '=', agencyId).where('letter_id', '=', id).executeTakeFirst();
  return r ? toLetter(r) : undefined;
}

/** One letter by its tracking code. */
export async function selectLetterByTrackingCode(db: DB, code: string): Promise<Letter | undefined> {
  if (!isSafeKey(code)) return undefined;
  const r = await db.selectFrom('mailbox_letters').selectAll().where('tracking_code', '=', code).executeTakeFirst();
  return r ? toLetter(r) : undefined;
}

/** Filters of the staff list. */
export interface LetterFilter {
  state?: LetterState;
  year?: number;
  limit?: number;
  offset?: number;
}

/** Letters of an agency, newest first, with the total. */
export async function selectLetters(db: DB, agencyId: string, f: LetterFilter = {}): Promise<{ rows: Letter[]; total: number }> {
  let q = db.selectFrom('mailbox_letters').where('agency_id', '=', agencyId);
  if (f.state) q = q.where('status', '=', f.state);
  if (f.year) q = q.where('received_on', '>=', `${f.year}-01-01`).where('received_on', '<=', `${f.year}-12-31`);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('received_on', 'desc').orderBy('letter_id', 'desc').limit(f.limit ?? 50).offset(f.offset ?? 0).execute();
  return { rows: rows.map(toLetter), total };
}

/** The fields statistics need for the letters received in a year. */
export async function selectLetterFacts(db: DB, agencyId: string, year: number) {
  const rows = await db.selectFrom('mailbox_letters')
    .select(['status', 'replied_on', 'due_on', 'channel', 'published', 'received_on'])
    .where('agency_id', '=', agencyId).where('received_on', '>=', `${year}-01-01`).where('received_on', '<=', `${year}-12-31`).execute();
  return rows.map((r) => ({
    state: r.status as LetterState, repliedOn: r.replied_on, dueOn: r.due_on, channel: r.channel as LetterChannel,
    published: r.published === 1, receivedOn: r.received_on,
  }));
}

/** Published letters (question and reply as published), newest first. */
export async function selectPublishedLetters(db: DB, agencyId: string, limit: number, offset: number): Promise<{ rows: Letter[]; total: number }> {
  const q = db.selectFrom('mailbox_letters').where('agency_id', '=', agencyId).where('published', '=', 1);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('published_on', 'desc').orderBy('letter_id', 'desc').limit(limit).offset(offset).execute();
  return { rows: rows.map(toLetter), total };
}

/** Updates a letter if it is still at `version`; false on a lost race (optimistic locking). */
export async function updateLetter(db: DB, id: string, version: number, set: Updateable<MailboxLettersTable>, at: string): Promise<boolean> {
  const r = await db.updateTable('mailbox_letters').set({ ...set, version: version + 1, updated_at: at })
    .where('letter_id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Open letters per agency: how many, how many past their due date, how many due by `soon`. */
export async function countOpenLetters(db: DB, agencyIds: string[], today: string, soon: string) {
  if (!agencyIds.length) return [];
  const rows = await db.selectFrom('mailbox_letters')
    .select(['agency_id', 'due_on'])
    .where('agency_id', 'in', agencyIds).where('status', 'in', ['received', 'assigned']).execute();
  return agencyIds.map((id) => {
    const mine = rows.filter((r) => r.agency_id === id);
    return { agencyId: id, open: mine.length, overdue: mine.filter((r) => r.due_on < today).length, dueSoon: mine.filter((r) => r.due_on >= today && r.due_on <= soon).length };
  });
}

const WORKDAYS_KEY = 'mailbox.reply_workdays';

/** The agency's reply period in working days, if set. */
export async function selectReplyWorkdays(db: DB, agencyId: string): Promise<number | undefined> {
  const r = await db.selectFrom('settings').select('value').where('agency_id', '=', agencyId).where('key', '=', WORKDAYS_KEY).executeTakeFirst();
  return r ? Number(r.value) : undefined;
}

/** Sets the agency's reply period. */
export async function upsertReplyWorkdays(db: DB, agencyId: string, n: number, at: string): Promise<void> {
  await db.insertInto('settings').values({ agency_id: agencyId, key: WORKDAYS_KEY, value: String(n), updated_at: at })
    .onConflict((oc) => oc.columns(['agency_id', 'key']).doUpdateSet({ value: String(n), updated_at: at })).execute();
}

/** An idempotency record. */
export function selectIdempotencyRecord(db: DB, scope: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

/** Stores the answer given to an idempotency key. */
export async function insertIdempotencyRecord(db: DB, row: { scope: string; key: string; request_hash: string; status: number; body: string; created_at: string }): Promise<void> {
  await db.insertInto('idempotency_keys').values(row).execute();
}

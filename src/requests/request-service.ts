/**
 * Use cases of applicants and of registration: submit online (idempotent, design.md §5.4), register an application
 * received through another channel (Art. 31), follow it by tracking code, withdraw or send a correction online.
 */
import { createHash } from 'node:crypto';
import { assertPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyByCode, selectAgencyById } from '../agencies/agency-store.ts';
import type { Agency } from '../agencies/agency.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { PUBLIC_ACTOR, type Actor } from '../audit/audit.ts';
import { calendarOf, loadCalendarSnapshot } from '../calendar/calendar-snapshot.ts';
import { receiptDate, type ReceiptChannel } from '../calendar/clocks.ts';
import { yearOf } from '../calendar/dates.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/database.ts';
import { newId, newToken } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';
import { linkAttachments, storeAttachments, type StoredAttachment, type UploadedFile } from './attachments.ts';
import { replyDueDate } from './request-clocks.ts';
import { applicationSchema, registrationSchema, type ApplicantData, type ApplicationInput } from './request-input.ts';
import { insertEvent, insertIdempotency, insertRequest, selectEvents, selectIdempotency, selectRequestByTrackingCode, type InfoRequest } from './request-store.ts';
import type { Channel } from './request.ts';
import { publicView, type PublicRequestView } from './request-views.ts';
import './request-clock-source.ts';

const IDEMPOTENCY_SCOPE = 'requests.submit';

/** The answer of a submission (design.md §5.4: 201 `{trackingCode, dueOn}`). */
export interface SubmissionResult {
  status: number;
  body: { trackingCode: string; dueOn: string };
  /** True when an Idempotency-Key replay answered with the first submission's response. */
  replayed?: boolean;
}

/** True when an Idempotency-Key was already used for a submission (its retry creates nothing, so it is not rate-limited). */
export async function isIdempotentReplay(ctx: Ctx, key: string): Promise<boolean> {
  return Boolean(await selectIdempotency(ctx.db, IDEMPOTENCY_SCOPE, key.trim()));
}

/** Canonical JSON (sorted keys) so the same body hashes the same however its keys were ordered. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The stable identity of an applicant for per-month fee counting (a blind index: no plaintext stored). */
export function applicantKeyOf(ctx: Ctx, a: ApplicantData): string {
  return ctx.cipher.blindIndex(a.kind === 'natural_person' ? `P:${a.idType}:${a.idNumber}` : `O:${a.creditCode}`);
}

/** The sealed columns of an applicant (security.md: ID number, phone, address, email encrypted at rest). */
function sealApplicant(ctx: Ctx, a: ApplicantData) {
  const seal = (v?: string) => (v ? ctx.cipher.encrypt(v) : null);
  const natural = a.kind === 'natural_person';
  return {
    applicant_kind: a.kind,
    applicant_name: a.name,
    applicant_key: applicantKeyOf(ctx, a),
    id_type: natural ? (a.idType ?? null) : null,
    id_number_enc: natural ? seal(a.idType === 'resident_id' ? a.idNumber?.toUpperCase() : a.idNumber) : null,
    credit_code: natural ? null : (a.creditCode ?? null),
    contact_name: natural ? null : (a.contactName ?? null),
    phone_enc: seal(a.phone),
    phone_bidx: a.phone ? ctx.cipher.blindIndex(normalisePhone(a.phone)) : null,
    email_enc: seal(a.email),
    email_bidx: a.email ? ctx.cipher.blindIndex(a.email.toLowerCase()) : null,
    address_enc: seal(a.address),
    postcode: a.postcode ?? '',
  };
}

/** Phone numbers compare by digits only (`138-0000-8000` = `13800008000`). */
export function normalisePhone(p: string): string {
  return p.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
}

interface NewCase {
  agency: Agency;
  input: ApplicationInput;
  channel: Channel;
  submittedOn: string;
  receivedOn: string;
  files: StoredAttachment[];
  actor: Actor;
  eventType: 'submitted' | 'registered';
  trace?: string;
}

/** Inserts the case, its first event and its audit entry inside `trx`; returns the row's public references. */
async function insertNewCase(ctx: Ctx, trx: Ctx['db'], c: NewCase): Promise<{ id: string; trackingCode: string; dueOn: string }> {
  const at = ctx.clock.now().toISOString();
  const id = newId();
  const trackingCode = newToken(10);
  // Art. 33 on the agency's calendar, read through the transaction.
  const calendar = calendarOf(await loadCalendarSnapshot(trx), c.agency.id);
  const dueOn = replyDueDate({ state: 'registered', receivedOn: c.receivedOn, correctionRequestedOn: null, correctedOn: null, extensionWorkdays: null, extensionApprover: null }, [], c.receivedOn, calendar)!;
  await insertRequest(trx, {
    request_id: id, agency_id: c.agency.id, tracking_code: trackingCode, channel: c.channel, state: 'registered',
    ...sealApplicant(ctx, c.input.applicant as ApplicantData),
    title: c.input.title ?? '', document_number: c.input.documentNumber ?? '', description: c.input.description,
    format: c.input.format, delivery: c.input.delivery, submitted_on: c.submittedOn, received_on: c.receivedOn,
    received_year: yearOf(c.receivedOn), due_on: dueOn, created_at: at, updated_at: at,
  });
  await linkAttachments(trx, id, c.files, 'application', at);
  await insertEvent(trx, c.agency.id, {
    id: newId(), requestId: id, type: c.eventType, at, on: todayOn(ctx.clock), actorUserId: c.actor.userId,
    actorLabel: c.actor.label, detail: { channel: c.channel, receivedOn: c.receivedOn, dueOn, attachments: c.files.length, ...(c.trace ? { receiptRule: c.trace } : {}) },
  });
  await appendAudit(trx, ctx.dialect, c.actor, {
    action: `request.${c.eventType}`, objectType: 'info_request', objectId: id, agencyId: c.agency.id,
    summary: { trackingCode, channel: c.channel, applicantKind: c.input.applicant.kind, receivedOn: c.receivedOn, dueOn },
  }, ctx.clock.now());
  return { id, trackingCode, dueOn };
}

async function agencyByCode(ctx: Ctx, code: string): Promise<Agency> {
  const a = await selectAgencyByCode(ctx.db, code);
  if (!a) throw new InvalidInput('受理机关不存在', { agency: '未找到该机关' });
  return a;
}

/**
 * Submits an application online (Art. 29; receipt date = the day both sides confirm, Art. 31(3), i.e. today in
 * Asia/Shanghai). With an `Idempotency-Key`, a retry with the same body gets the first answer and creates nothing;
 * a different body under the same key is refused (`idempotency_key_reused`).
 */
export async function submitRequest(
  ctx: Ctx,
  raw: unknown,
  opts: { idempotencyKey?: string; attachments?: UploadedFile[]; actor?: Actor } = {},
): Promise<SubmissionResult> {
  const key = opts.idempotencyKey?.trim();
  if (key !== undefined && (key.length < 1 || key.length > 200)) {
    throw new InvalidInput('Idempotency-Key 长度应为1到200个字符', { 'Idempotency-Key': 'invalid' });
  }
  const hash = createHash('sha256').update(canonical(raw)).digest('hex');
  const replay = async (): Promise<SubmissionResult | undefined> => {
    if (!key) return undefined;
    const prior = await selectIdempotency(ctx.db, IDEMPOTENCY_SCOPE, key);
    if (!prior) return undefined;
    if (prior.request_hash !== hash) {
      throw new InvalidInput('该 Idempotency-Key 已用于另一份不同的申请', { 'Idempotency-Key': 'reused' }, 'idempotency_key_reused');
    }
    return { status: prior.status, body: JSON.parse(prior.body) as SubmissionResult['body'], replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const today = todayOn(ctx.clock);
  const input = parseInput(applicationSchema(today), raw);
  const agency = await agencyByCode(ctx, input.agency);
  const files = await storeAttachments(ctx, agency.id, opts.attachments ?? []);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const made = await insertNewCase(ctx, trx, {
        agency, input, channel: 'online', submittedOn: today, receivedOn: today, files,
        actor: opts.actor ?? PUBLIC_ACTOR, eventType: 'submitted',
      });
      const result: SubmissionResult = { status: 201, body: { trackingCode: made.trackingCode, dueOn: made.dueOn } };
      if (key) {
        await insertIdempotency(trx, { scope: IDEMPOTENCY_SCOPE, key, request_hash: hash, status: result.status, body: JSON.stringify(result.body), created_at: ctx.clock.now().toISOString() });
      }
      return result;
    }).then(async (result) => {
      if (input.applicant.email) await sendAcknowledgement(ctx, agency, input.applicant.email, result.body);
      return result;
    });
  } catch (err) {
    // Two retries raced: the loser's transaction rolled back; answer with the winner's response.
    if (key && isUniqueViolation(err)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw err;
  }
}

/** Emails the acknowledgement (no personal data in the subject; failures never undo the submission). */
async function sendAcknowledgement(ctx: Ctx, agency: Agency, to: string, r: { trackingCode: string; dueOn: string }): Promise<void> {
  const base = ctx.config.publicUrl ?? '';
  try {
    await ctx.mailer.send({
      to,
      subject: `${agency.name}：政府信息公开申请已收到`,
      text: [
        `您的政府信息公开申请已由${agency.name}收到。`,
        `查询码：${r.trackingCode}`,
        `答复期限：${r.dueOn}（条例第三十三条：自收到申请之日起20个工作日内答复；征求意见、补正、延期的情形除外）`,
        `查询办理进度：${base}/requests/${r.trackingCode}`,
        '',
        '请妥善保存查询码。本邮件由系统自动发送，请勿回复。',
      ].join('\n'),
    });
  } catch {
    // The case is registered; the tracking code was shown on screen. Mail delivery is retried by nobody on purpose:
    // a second acknowledgement with the same code is harmless, a lost submission is not.
  }
}

/** The receipt channel of the calendar for a registration channel (Art. 31). */
const RECEIPT_OF: Record<Channel, ReceiptChannel> = {
  online: 'online', in_person: 'in_person', post_signed: 'post_signed', letter_confirmed: 'letter_confirmed', fax: 'fax', other_online: 'online',
};

/** Staff register an application received in person, by post, fax or another online channel (Arts. 29, 31). */
export async function registerRequest(ctx: Ctx, principal: Principal, raw: unknown, actor: Actor, attachments: UploadedFile[] = []) {
  const today = todayOn(ctx.clock);
  const input = parseInput(registrationSchema(today), raw);
  const agency = await agencyByCode(ctx, input.agency);
  assertPermission(principal, 'requests.handle', agency.id);
  const dates = { submittedOn: input.submittedOn ?? (input.channel === 'in_person' ? today : undefined), signedOn: input.signedOn, confirmedOn: input.confirmedOn };
  const { receivedOn, trace } = receiptDate(RECEIPT_OF[input.channel], dates);
  if (receivedOn > today) throw new InvalidInput('收到申请的日期不能晚于今天', { receivedOn: '日期不能晚于今天' });
  const files = await storeAttachments(ctx, agency.id, attachments);
  return ctx.db.transaction().execute((trx) => insertNewCase(ctx, trx, {
    agency, input, channel: input.channel, submittedOn: dates.submittedOn ?? receivedOn, receivedOn,
    files, actor, eventType: 'registered', trace: trace[0]?.text,
  }));
}

/** A case by tracking code, or NotFound (the same answer for malformed and unknown codes). */
export async function findByTrackingCode(ctx: Ctx, code: string): Promise<InfoRequest> {
  const clean = code.trim().toUpperCase();
  const r = /^[0-9A-Z]{10,32}$/.test(clean) ? await selectRequestByTrackingCode(ctx.db, clean) : undefined;
  if (!r) throw new NotFound('未找到该申请，请核对查询码');
  return r;
}

/** The public tracking view (design.md §5.4): status, dates, the public reply; never personal data. */
export async function trackRequest(ctx: Ctx, code: string): Promise<PublicRequestView> {
  const r = await findByTrackingCode(ctx, code);
  const [agency, events] = await Promise.all([selectAgencyById(ctx.db, r.agencyId), selectEvents(ctx.db, r.id)]);
  return publicView(r, { code: agency?.code ?? '', name: agency?.name ?? '' }, events);
}

/**
 * Proves the caller is the applicant: the tracking code plus the phone number (or email) given in the application.
 * Answers NotFound for any mismatch so codes cannot be probed.
 */
export async function verifyApplicant(ctx: Ctx, code: string, contact: string): Promise<InfoRequest> {
  const r = await findByTrackingCode(ctx, code);
  const c = contact.trim();
  const row = await ctx.db.selectFrom('info_requests').select(['phone_bidx', 'email_bidx']).where('request_id', '=', r.id).executeTakeFirstOrThrow();
  const phoneOk = c.length >= 5 && row.phone_bidx !== null && row.phone_bidx === ctx.cipher.blindIndex(normalisePhone(c));
  const emailOk = c.includes('@') && row.email_bidx !== null && row.email_bidx === ctx.cipher.blindIndex(c.toLowerCase());
  if (!phoneOk && !emailOk) throw new NotFound('查询码与联系方式不匹配');
  return r;
}

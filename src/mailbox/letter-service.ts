/**
 * Use cases of the 厅长信箱 and 在线咨询: the public submits (rate-limited at the edge, idempotent here, contact details
 * encrypted), tracks with a code; staff route to a unit, reply within the agency's working-day period (calendar:
 * mailbox_reply clock), publish the question and reply when the writer agreed and the personal-data scan passes,
 * or hand the letter over as a disclosure application or a petition; statistics of reply rate and timeliness.
 */
import { createHash } from 'node:crypto';
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { getAgency } from '../agencies/agency-service.ts';
import { selectAgencyById, selectUnits } from '../agencies/agency-store.ts';
import { appendAudit } from '../audit/audit-service.ts';
import type { Actor } from '../audit/audit.ts';
import { PUBLIC_ACTOR } from '../audit/audit.ts';
import { calendarFor } from '../calendar/calendar-snapshot.ts';
import { computeMailboxReplyDeadline, MAX_MAILBOX_WORKDAYS } from '../calendar/clocks.ts';
import { Conflict, InvalidInput, InvalidTransition, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { isUniqueViolation, type DB } from '../platform/db/database.ts';
import { newId, newToken } from '../platform/ids.ts';
import { maskEmail, maskPhone, scanForPersonalData, PII_KINDS } from '../platform/privacy/pii-scan.ts';
import { parseInput } from '../platform/validation.ts';
import { text } from '../registers/power.ts';
import { maskPersonName } from '../registers/registers.ts';
import { z } from 'zod';
import './letter-clocks.ts';
import {
  CONVERSION_REPLIES, DEFAULT_REPLY_WORKDAYS, LETTER_TRANSITIONS, LetterInput, letterStatistics,
  type Letter, type LetterState, type LetterStatistics,
} from './letter.ts';
import {
  countOpenLetters, insertIdempotencyRecord, insertLetter, selectIdempotencyRecord, selectLetter, selectLetterByTrackingCode, selectLetterFacts,
  selectLetters, selectPublishedLetters, selectReplyWorkdays, updateLetter, upsertReplyWorkdays, type LetterFilter,
} from './letter-store.ts';

const IDEMPOTENCY_SCOPE = 'mailbox.submit';

/** The answer of a submission: 201 `{trackingCode, dueOn}`. */
export interface LetterSubmission {
  status: number;
  body: { trackingCode: string; dueOn: string };
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The agency's reply period in working days (default 10). */
export async function replyWorkdaysOf(ctx: Ctx, agencyId: string): Promise<number> {
  return (await selectReplyWorkdays(ctx.db, agencyId)) ?? DEFAULT_REPLY_WORKDAYS;
}

/** Staff (administrators) set the reply period; it applies to letters received from then on. */
export async function setReplyWorkdays(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<number> {
  const p = assertPermission(principal, 'settings.edit', agencyId);
  const { workdays } = parseInput(z.object({
    workdays: z.coerce.number({ error: '请填写工作日数' }).int({ error: '应为整数' }).min(1, { error: '至少1个工作日' }).max(MAX_MAILBOX_WORKDAYS, { error: `不能超过${MAX_MAILBOX_WORKDAYS}个工作日` }),
  }), raw);
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await upsertReplyWorkdays(trx, agencyId, workdays, at.toISOString());
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'mailbox.settings', objectType: 'agency', objectId: agencyId, agencyId, summary: { workdays } }, at);
  });
  return workdays;
}

/**
 * A member of the public writes. Received today (Asia/Shanghai); due `workdays` working days later. With an
 * idempotency key, a retry with the same body gets the first answer; the same key with another body is refused.
 */
export async function submitLetter(
  ctx: Ctx,
  agencyCode: string,
  raw: unknown,
  opts: { idempotencyKey?: string; actor?: Actor } = {},
): Promise<LetterSubmission> {
  const agency = await getAgency(ctx, agencyCode);
  const input = parseInput(LetterInput, raw);
  const key = opts.idempotencyKey?.trim();
  if (key !== undefined && !/^[\x21-\x7E]{1,200}$/.test(key)) {
    throw new InvalidInput('Idempotency-Key 应为1到200个可见 ASCII 字符', { 'Idempotency-Key': 'invalid' });
  }
  const hash = createHash('sha256').update(canonical({ agency: agency.code, ...input })).digest('hex');
  const replay = async (): Promise<LetterSubmission | undefined> => {
    if (!key) return undefined;
    const prior = await selectIdempotencyRecord(ctx.db, IDEMPOTENCY_SCOPE, key);
    if (!prior) return undefined;
    if (prior.request_hash !== hash) throw new InvalidInput('该 Idempotency-Key 已用于另一封不同的来信', { 'Idempotency-Key': 'reused' }, 'idempotency_key_reused');
    return { status: prior.status, body: JSON.parse(prior.body) as LetterSubmission['body'] };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const receivedOn = todayOn(ctx.clock);
  const workdays = await replyWorkdaysOf(ctx, agency.id);
  const { dueOn } = computeMailboxReplyDeadline({ received: receivedOn, workdays }, await calendarFor(ctx, agency.id));
  const letter: Letter = {
    id: newId(), agencyId: agency.id, trackingCode: newToken(10), channel: input.channel, subject: input.subject, question: input.question,
    writerName: ctx.cipher.encrypt(input.name), writerPhone: input.phone ? ctx.cipher.encrypt(input.phone) : '',
    writerEmail: input.email ? ctx.cipher.encrypt(input.email) : '', publishConsent: input.publishConsent, state: 'received', unitId: null,
    receivedOn, replyWorkdays: workdays, dueOn, reply: '', repliedOn: null, published: false, publicQuestion: '', publicReply: '',
    publishedOn: null, convertedTo: null, convertedRef: '', isDemo: false, version: 1,
  };
  const result: LetterSubmission = { status: 201, body: { trackingCode: letter.trackingCode, dueOn } };
  const at = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertLetter(trx, letter, at.toISOString());
      if (key) {
        await insertIdempotencyRecord(trx, { scope: IDEMPOTENCY_SCOPE, key, request_hash: hash, status: result.status, body: JSON.stringify(result.body), created_at: at.toISOString() });
      }
      await appendAudit(trx, ctx.dialect, opts.actor ?? PUBLIC_ACTOR, {
        action: 'mailbox.submit', objectType: 'mailbox_letter', objectId: letter.id, agencyId: agency.id, summary: { channel: letter.channel, dueOn },
      }, at);
    });
  } catch (err) {
    // A concurrent retry with the same key won the race: answer as it did.
    const raced = isUniqueViolation(err) ? await replay() : undefined;
    if (raced) return raced;
    throw err;
  }
  ctx.events.emit('content.changed', { agencyId: agency.id, reason: 'mailbox.submit' });
  return result;
}

/** What anyone holding the tracking code sees: status, dates and the reply; never contact details. */
export interface PublicLetterView {
  trackingCode: string;
  agencyId: string;
  agencyCode: string;
  channel: Letter['channel'];
  subject: string;
  state: LetterState;
  receivedOn: string;
  dueOn: string;
  repliedOn: string | null;
  reply: string;
  convertedTo: Letter['convertedTo'];
  convertedRef: string;
}

/** The writer's view by tracking code; malformed and unknown codes get the same NotFound. */
export async function trackLetter(ctx: Ctx, code: string): Promise<PublicLetterView> {
  const clean = code.trim().toUpperCase();
  const l = /^[0-9A-Z]{8,32}$/.test(clean) ? await selectLetterByTrackingCode(ctx.db, clean) : undefined;
  if (!l) throw new NotFound('未找到该来信，请核对查询码');
  const agency = await selectAgencyById(ctx.db, l.agencyId);
  return {
    trackingCode: l.trackingCode, agencyId: l.agencyId, agencyCode: agency?.code ?? '', channel: l.channel, subject: l.subject, state: l.state, receivedOn: l.receivedOn,
    dueOn: l.dueOn, repliedOn: l.repliedOn, reply: l.reply, convertedTo: l.convertedTo, convertedRef: l.convertedRef,
  };
}

/** A letter with contact details decrypted and masked (staff lists and pages). */
function masked(ctx: Ctx, l: Letter): Letter {
  const open = (s: string) => {
    if (!s) return '';
    try {
      return ctx.cipher.decrypt(s);
    } catch {
      return '';
    }
  };
  return {
    ...l,
    writerName: maskPersonName(open(l.writerName)),
    writerPhone: l.writerPhone ? maskPhone(open(l.writerPhone)) : '',
    writerEmail: l.writerEmail ? maskEmail(open(l.writerEmail)) : '',
  };
}

/** Staff list of an agency's letters (contact details masked). */
export async function listLetters(ctx: Ctx, principal: Principal | undefined, agencyId: string, f: LetterFilter = {}) {
  assertPermission(principal, 'mailbox.reply', agencyId);
  const { rows, total } = await selectLetters(ctx.db, agencyId, f);
  return { rows: rows.map((l) => masked(ctx, l)), total };
}

/** One letter for staff (contact details masked). */
export async function getLetter(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string): Promise<Letter> {
  assertPermission(principal, 'mailbox.reply', agencyId);
  const l = await selectLetter(ctx.db, agencyId, id);
  if (!l) throw new NotFound('未找到该来信');
  return masked(ctx, l);
}

const Version = z.coerce.number({ error: '缺少版本号' }).int().min(1);

/** Loads a letter, checks the action is allowed in its state, applies `set` with optimistic locking and an audit entry. */
async function transition(
  ctx: Ctx,
  p: Principal,
  agencyId: string,
  id: string,
  version: number,
  action: 'assign' | 'reply' | 'convert' | 'redirect' | 'publish' | 'unpublish',
  set: (l: Letter) => Parameters<typeof updateLetter>[3],
  ip?: string,
  summary: Record<string, unknown> = {},
): Promise<Letter> {
  const l = await selectLetter(ctx.db, agencyId, id);
  if (!l) throw new NotFound('未找到该来信');
  if (action !== 'publish' && action !== 'unpublish' && !LETTER_TRANSITIONS[l.state].includes(action)) throw new InvalidTransition(l.state, action);
  const at = ctx.clock.now();
  const changes = set(l);
  await ctx.db.transaction().execute(async (trx: DB) => {
    if (!(await updateLetter(trx, id, version, changes, at.toISOString()))) {
      throw new Conflict('该来信已被他人处理，请刷新后重试', { currentVersion: l.version }, 'version_conflict');
    }
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: `mailbox.${action}`, objectType: 'mailbox_letter', objectId: id, agencyId, summary }, at);
  });
  // Published letters and the reply statistics on the portal change with every handled letter.
  ctx.events.emit('content.changed', { agencyId, reason: `mailbox.${action}` });
  return (await selectLetter(ctx.db, agencyId, id))!;
}

/** Staff route a letter to an internal or affiliated unit of the agency. */
export async function assignLetter(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<Letter> {
  const p = assertPermission(principal, 'mailbox.reply', agencyId);
  const input = parseInput(z.object({ unitId: z.string({ error: '请选择承办单位' }).min(1, { error: '请选择承办单位' }).max(64), version: Version }), raw);
  const units = await selectUnits(ctx.db, agencyId);
  if (!units.some((u) => u.id === input.unitId)) throw new InvalidInput('承办单位无效', { unitId: '请选择本机关的处室或直属单位' });
  return transition(ctx, p, agencyId, id, input.version, 'assign', () => ({ status: 'assigned', unit_id: input.unitId }), ip, { unitId: input.unitId });
}

/** Staff reply; the writer is told by email when they left an address. */
export async function replyToLetter(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<Letter> {
  const p = assertPermission(principal, 'mailbox.reply', agencyId);
  const input = parseInput(z.object({
    reply: text(10000, '答复内容').pipe(z.string().min(5, { error: '答复内容至少5个字' })),
    version: Version,
  }), raw);
  const today = todayOn(ctx.clock);
  const l = await transition(ctx, p, agencyId, id, input.version, 'reply', () => ({ status: 'replied', reply: input.reply, replied_on: today, replied_by: p.userId }), ip);
  await notifyWriter(ctx, l);
  return l;
}

/** Staff hand a letter over as a disclosure application or a petition: the writer is answered with where it went. */
export async function convertLetter(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<Letter> {
  const p = assertPermission(principal, 'mailbox.reply', agencyId);
  const input = parseInput(z.object({
    to: z.enum(['disclosure_request', 'petition'], { error: '请选择转办方式' }),
    ref: z.string().trim().max(64, { error: '编号不能超过64个字符' }).regex(/^[0-9A-Za-z\-]*$/, { error: '编号只能包含字母、数字和“-”' }).default(''),
    version: Version,
  }), raw);
  const today = todayOn(ctx.clock);
  const l = await transition(ctx, p, agencyId, id, input.version, input.to === 'petition' ? 'redirect' : 'convert', () => ({
    status: input.to === 'petition' ? 'redirected' : 'converted', converted_to: input.to, converted_ref: input.ref.toUpperCase(),
    reply: CONVERSION_REPLIES[input.to], replied_on: today, replied_by: p.userId,
  }), ip, { to: input.to });
  await notifyWriter(ctx, l);
  return l;
}

async function notifyWriter(ctx: Ctx, l: Letter): Promise<void> {
  if (!l.writerEmail) return;
  try {
    const to = ctx.cipher.decrypt(l.writerEmail);
    await ctx.mailer.send({
      to,
      subject: '您的来信已答复',
      text: `您好：\n\n您于 ${l.receivedOn} 提交的来信“${l.subject}”已答复：\n\n${l.reply}\n\n查询码：${l.trackingCode}\n`,
    });
  } catch {
    // Mail is a courtesy: the reply stands and the writer can read it with the tracking code.
  }
}

/**
 * Staff publish a letter with its reply. Only with the writer's consent, only once answered, and only when neither
 * text contains personal data (ID numbers, mobiles, bank cards) or the writer's own name and contacts (security.md).
 */
export async function publishLetter(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<Letter> {
  const p = assertPermission(principal, 'mailbox.reply', agencyId);
  const input = parseInput(z.object({
    publicQuestion: text(5000, '公开的来信内容').pipe(z.string().min(5, { error: '至少5个字' })),
    publicReply: text(10000, '公开的答复内容').pipe(z.string().min(5, { error: '至少5个字' })),
    version: Version,
  }), raw);
  const l = await selectLetter(ctx.db, agencyId, id);
  if (!l) throw new NotFound('未找到该来信');
  if (!l.publishConsent) throw new InvalidTransition(l.state, 'publish', '来信人未同意公开，不能公开');
  if (l.state !== 'replied') throw new InvalidTransition(l.state, 'publish', '只有已答复的来信可以公开');
  const fields: Record<string, string> = {};
  const own = [l.writerName, l.writerPhone, l.writerEmail].filter(Boolean).map((s) => ctx.cipher.decrypt(s)).filter((s) => s.length >= 2);
  for (const [field, text] of [['publicQuestion', input.publicQuestion], ['publicReply', input.publicReply]] as const) {
    const findings = scanForPersonalData(text);
    if (findings.length) fields[field] = `含有个人信息：${findings.map((f) => `${PII_KINDS[f.kind]} ${f.masked}`).join('、')}，请删除后再公开`;
    else if (own.some((s) => text.includes(s))) fields[field] = '含有来信人的姓名或联系方式，请删除后再公开';
  }
  if (Object.keys(fields).length) throw new InvalidInput('公开内容未通过个人信息检查', fields, 'personal_data_found');
  const today = todayOn(ctx.clock);
  return transition(ctx, p, agencyId, id, input.version, 'publish', () => ({
    published: 1, public_question: input.publicQuestion, public_reply: input.publicReply, published_on: today,
  }), ip);
}

/** Staff withdraw a published letter from the portal. */
export async function unpublishLetter(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<Letter> {
  const p = assertPermission(principal, 'mailbox.reply', agencyId);
  const { version } = parseInput(z.object({ version: Version }), raw);
  return transition(ctx, p, agencyId, id, version, 'unpublish', () => ({ published: 0 }), ip);
}

/** Published letters of an agency: question and reply as published (no personal data). */
export async function listPublishedLetters(ctx: Ctx, agencyId: string, page = 1, pageSize = 20) {
  const { rows, total } = await selectPublishedLetters(ctx.db, agencyId, pageSize, (page - 1) * pageSize);
  return {
    total,
    rows: rows.map((l) => ({
      id: l.id, channel: l.channel, subject: l.subject, question: l.publicQuestion, reply: l.publicReply,
      receivedOn: l.receivedOn, repliedOn: l.repliedOn, publishedOn: l.publishedOn,
    })),
  };
}

/** Open letters per agency (for the staff dashboard): open, overdue, due by `soon`. */
export function openLetterCounts(ctx: Ctx, agencyIds: string[], today: string, soon: string) {
  return countOpenLetters(ctx.db, agencyIds, today, soon);
}

/** Reply-rate and timeliness statistics of a year's letters (public). */
export async function letterStatisticsOf(ctx: Ctx, agencyId: string, year: number): Promise<LetterStatistics> {
  return letterStatistics(await selectLetterFacts(ctx.db, agencyId, year), year, todayOn(ctx.clock));
}

/**
 * One-click conversion of a letter that is really a disclosure application (Regulation Art. 27) into a case of the
 * requests module: the writer's name, contacts and question are carried over from the letter (decrypted only in
 * memory), staff add the identity the Regulation requires (Art. 29(一)), and the application is registered as
 * received through another online channel on the day the letter arrived (Art. 31(三)). The letter is then answered
 * with where it went and keeps the request's tracking code.
 */
import { z } from 'zod';
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import { Conflict, InvalidInput, InvalidTransition, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { parseInput } from '../platform/validation.ts';
import { registerRequest } from '../requests/request-service.ts';
import { LETTER_TRANSITIONS, type Letter } from './letter.ts';
import { selectLetter } from './letter-store.ts';
import { convertLetter } from './letter-service.ts';

const FIELD_OF: Record<string, string> = { 'applicant.kind': 'applicantKind', 'applicant.name': 'applicantKind' };

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** What staff add to a letter to make it an application (identity fields the letter form does not ask for). */
export const LetterToRequestInput = z.object({
  applicantKind: z.string({ error: '请选择申请人类型' }).min(1, { error: '请选择申请人类型' }).max(40),
  idType: z.preprocess(blank, z.string().max(40).optional()),
  idNumber: z.preprocess(blank, z.string().max(40).optional()),
  creditCode: z.preprocess(blank, z.string().max(18).optional()),
  contactName: z.preprocess(blank, z.string().max(50).optional()),
  description: z.preprocess(blank, z.string().max(5000).optional()),
  version: z.coerce.number({ error: '缺少版本号' }).int().min(1),
});

/** Registers the letter as a disclosure application and marks the letter converted; returns the request's codes. */
export async function registerLetterAsRequest(
  ctx: Ctx,
  principal: Principal | undefined,
  agencyId: string,
  letterId: string,
  raw: unknown,
  ip?: string,
): Promise<{ letter: Letter; trackingCode: string; dueOn: string }> {
  const p = assertPermission(principal, 'mailbox.reply', agencyId);
  assertPermission(p, 'requests.handle', agencyId); // registering an application is the case handler's act
  const input = parseInput(LetterToRequestInput, raw);
  const l = await selectLetter(ctx.db, agencyId, letterId);
  if (!l) throw new NotFound('未找到该来信');
  if (!LETTER_TRANSITIONS[l.state].includes('convert')) throw new InvalidTransition(l.state, 'convert');
  if (l.version !== input.version) throw new Conflict('该来信已被他人处理，请刷新后重试', { currentVersion: l.version }, 'version_conflict');
  const agency = await selectAgencyById(ctx.db, agencyId);
  if (!agency) throw new NotFound('未找到该机构');
  const open = (s: string) => (s ? ctx.cipher.decrypt(s) : undefined);
  const email = open(l.writerEmail);
  const natural = input.applicantKind === 'natural_person';
  const registered = await registerRequest(ctx, p, {
    agency: agency.code,
    channel: 'other_online',
    confirmedOn: l.receivedOn,
    title: l.subject,
    description: input.description ?? l.question,
    format: 'electronic',
    delivery: email ? 'email' : 'online',
    applicant: {
      kind: input.applicantKind,
      name: open(l.writerName),
      ...(natural ? { idType: input.idType, idNumber: input.idNumber } : { creditCode: input.creditCode, contactName: input.contactName ?? open(l.writerName) }),
      phone: open(l.writerPhone),
      email,
    },
  }, actorOf(p, ip)).catch((err: unknown) => {
    if (!(err instanceof InvalidInput)) throw err;
    // The requests module names fields "applicant.x"; the conversion form names them without the prefix.
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(err.fields)) fields[FIELD_OF[k] ?? k.replace(/^applicant\./, '')] = v;
    throw new InvalidInput(err.message, fields, err.code);
  });
  const letter = await convertLetter(ctx, p, agencyId, letterId, { to: 'disclosure_request', ref: registered.trackingCode, version: input.version }, ip);
  return { letter, trackingCode: registered.trackingCode, dueOn: registered.dueOn };
}

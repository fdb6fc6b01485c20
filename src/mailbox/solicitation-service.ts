/**
 * Use cases of public solicitations (征集意见): staff publish a notice with open and close dates; the public sends
 * suggestions or problem clues while it is open (rate-limited at the edge; contacts encrypted); staff moderate
 * (register or refuse, mark as adopted) and publish a summary of what was received and adopted once it closes.
 */
import { z } from 'zod';
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { PUBLIC_ACTOR, type Actor } from '../audit/audit.ts';
import { InvalidInput, InvalidTransition, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { sanitizeRichText, toPlainText } from '../platform/html/sanitize.ts';
import { newId } from '../platform/ids.ts';
import { maskPhone } from '../platform/privacy/pii-scan.ts';
import { parseInput } from '../platform/validation.ts';
import { checkbox, optText, text } from '../registers/power.ts';
import { maskPersonName } from '../registers/registers.ts';
import { phaseOn, SolicitationInput, SubmissionInput, type Solicitation, type Submission } from './solicitation.ts';
import {
  insertSubmission, selectSolicitations, selectSubmissions, updateSolicitationSummary, updateSubmissionModeration, upsertSolicitation,
} from './solicitation-store.ts';

/** Published solicitations of an agency (public). */
export function listPublishedSolicitations(ctx: Ctx, agencyId: string): Promise<Solicitation[]> {
  return selectSolicitations(ctx.db, agencyId, true);
}

/** One published solicitation, or NotFound. */
export async function getPublishedSolicitation(ctx: Ctx, agencyId: string, id: string): Promise<Solicitation> {
  const s = (await selectSolicitations(ctx.db, agencyId, true)).find((x) => x.id === id);
  if (!s) throw new NotFound('未找到该征集公告');
  return s;
}

/** All solicitations of an agency for staff. */
export async function listSolicitations(ctx: Ctx, principal: Principal | undefined, agencyId: string): Promise<Solicitation[]> {
  assertPermission(principal, 'content.read', agencyId);
  return selectSolicitations(ctx.db, agencyId, false);
}

/** Staff create (no id) or edit a notice. */
export async function saveSolicitation(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string | undefined, raw: unknown, ip?: string): Promise<string> {
  const p = assertPermission(principal, 'content.draft', agencyId);
  const input = parseInput(SolicitationInput, raw);
  if (id && !(await selectSolicitations(ctx.db, agencyId, false)).some((s) => s.id === id)) throw new NotFound('未找到该征集公告');
  const body = sanitizeRichText(input.body.includes('<') ? input.body : input.body.split(/\n{2,}/).map((para) => `<p>${escapeHtml(para)}</p>`).join(''));
  const sid = id ?? newId();
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await upsertSolicitation(trx, { ...input, body, id: sid, agencyId, isDemo: false }, at.toISOString());
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'solicitation.save', objectType: 'solicitation', objectId: sid, agencyId, summary: { published: input.published } }, at);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'solicitation.save' });
  return sid;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The public sends a suggestion or clue while the notice is open. */
export async function submitToSolicitation(ctx: Ctx, agencyId: string, id: string, raw: unknown, actor: Actor = PUBLIC_ACTOR): Promise<{ receivedOn: string }> {
  const s = await getPublishedSolicitation(ctx, agencyId, id);
  const today = todayOn(ctx.clock);
  const phase = phaseOn(s, today);
  if (phase !== 'open') throw new InvalidTransition(phase, 'submit', phase === 'upcoming' ? `征集将于 ${s.opensOn} 开始` : `征集已于 ${s.closesOn} 截止`);
  const input = parseInput(SubmissionInput, raw);
  const sub = {
    id: newId(), solicitationId: id, kind: input.kind, content: input.content,
    name: input.name ? ctx.cipher.encrypt(input.name) : '', phone: input.phone ? ctx.cipher.encrypt(input.phone) : '', receivedOn: today,
  };
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await insertSubmission(trx, sub, at.toISOString());
    await appendAudit(trx, ctx.dialect, actor, { action: 'solicitation.submit', objectType: 'solicitation_submission', objectId: sub.id, agencyId, summary: { kind: sub.kind } }, at);
  });
  return { receivedOn: today };
}

/** Submissions of a solicitation for staff (contacts masked). */
export async function listSubmissions(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string): Promise<{ solicitation: Solicitation; submissions: Submission[] }> {
  assertPermission(principal, 'content.read', agencyId);
  const solicitation = (await selectSolicitations(ctx.db, agencyId, false)).find((x) => x.id === id);
  if (!solicitation) throw new NotFound('未找到该征集公告');
  const open = (s: string) => {
    try {
      return s ? ctx.cipher.decrypt(s) : '';
    } catch {
      return '';
    }
  };
  const submissions = (await selectSubmissions(ctx.db, id)).map((s) => ({
    ...s, writerName: s.writerName ? maskPersonName(open(s.writerName)) : '', writerPhone: s.writerPhone ? maskPhone(open(s.writerPhone)) : '',
  }));
  return { solicitation, submissions };
}

/** Staff moderate a submission: register (accepted) or refuse it, and mark accepted ones as adopted. */
export async function moderateSubmission(ctx: Ctx, principal: Principal | undefined, agencyId: string, solicitationId: string, submissionId: string, raw: unknown, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'content.draft', agencyId);
  const input = parseInput(z.object({
    state: z.enum(['pending', 'accepted', 'rejected'], { error: '请选择审核结果' }),
    adopted: checkbox.default(false),
    note: optText(1000, '说明'),
  }), raw);
  if (input.adopted && input.state !== 'accepted') throw new InvalidInput('只有登记的意见可以标记为采纳', { adopted: '请先选择“已采纳登记”' });
  if (!(await selectSolicitations(ctx.db, agencyId, false)).some((s) => s.id === solicitationId)) throw new NotFound('未找到该征集公告');
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateSubmissionModeration(trx, solicitationId, submissionId, input.state, input.adopted, input.note))) throw new NotFound('未找到该意见');
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'solicitation.moderate', objectType: 'solicitation_submission', objectId: submissionId, agencyId, summary: { state: input.state, adopted: input.adopted } }, at);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'solicitation.moderate' });
}

/** Staff publish the summary (征集情况反馈) after the notice closed. */
export async function publishSolicitationSummary(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'content.draft', agencyId);
  const { summary } = parseInput(z.object({ summary: text(50000, '征集情况说明').pipe(z.string().min(10, { error: '至少10个字' })) }), raw);
  const s = (await selectSolicitations(ctx.db, agencyId, false)).find((x) => x.id === id);
  if (!s) throw new NotFound('未找到该征集公告');
  const today = todayOn(ctx.clock);
  if (phaseOn(s, today) !== 'closed') throw new InvalidTransition(phaseOn(s, today), 'summarise', '征集截止后才能发布征集情况');
  const html = sanitizeRichText(summary.includes('<') ? summary : summary.split(/\n{2,}/).map((para) => `<p>${escapeHtml(para)}</p>`).join(''));
  if (!toPlainText(html)) throw new InvalidInput('征集情况说明不能为空', { summary: '请填写文字内容' });
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await updateSolicitationSummary(trx, id, html, today, at.toISOString());
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'solicitation.summary', objectType: 'solicitation', objectId: id, agencyId, summary: s.counts }, at);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'solicitation.summary' });
}

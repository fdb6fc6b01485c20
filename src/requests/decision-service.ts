/**
 * The decision and the reply: the handler records exactly one outcome of table 三 with its legal basis (Arts. 14–16,
 * 30, 35–39) and, for 部分公开, what was withheld and why (Art. 37); a reviewer other than the handler approves it
 * (会签); the reply letter is numbered, checked (legal basis, remedy, date, personal data) and sent; a reply that
 * discloses information is counted towards Art. 44 (requested-information.ts); the case is archived (Art. 45).
 */
import { z } from 'zod';
import type { Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import type { Actor } from '../audit/audit.ts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { scanForPersonalData } from '../platform/privacy/pii-scan.ts';
import { parseInput } from '../platform/validation.ts';
import { letterDocx, letterText } from './letter-render.ts';
import { replyLetter, type Letter } from './letters.ts';
import { DECIDABLE_OUTCOMES, OUTCOMES, WITHHELD_GROUNDS, isBasisAllowed, withheldGroundLabel, type Outcome } from './outcomes.ts';
import { selectRequestById, type InfoRequest } from './request-store.ts';
import { countRequestedInformation } from './requested-information.ts';
import { fullApplicant } from './request-views.ts';
import { concludePatch, issueLetter, letterFacts, runStep } from './workflow-engine.ts';

const version = z.coerce.number().int().min(1).optional();

/** A decision as the handler records it. */
export const DecisionInput = z.object({
  outcome: z.enum(DECIDABLE_OUTCOMES as [Outcome, ...Outcome[]], { error: '请选择处理结果' }),
  bases: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string()).min(1, { error: '请选择法律依据' })),
  facts: z.string().trim().min(4, { error: '请写明认定的事实和理由' }).max(5000),
  withheld: z.array(z.object({
    what: z.string().trim().min(2, { error: '请写明不予公开的内容' }).max(500),
    ground: z.enum(WITHHELD_GROUNDS, { error: '请选择不予公开的理由' }),
  })).max(20).default([]),
  version,
});

/** Records the handler's decision (from in progress or extended; never during 补正 or consultation). */
export async function recordDecision(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(DecisionInput, raw);
  const bad = input.bases.filter((b) => !isBasisAllowed(input.outcome, b));
  if (bad.length) throw new InvalidInput(`所选法律依据不适用于“${OUTCOMES[input.outcome].label}”`, { bases: bad.join(',') }, 'basis_mismatch');
  if (input.outcome === 'partly_granted' && input.withheld.length === 0) {
    throw new InvalidInput('部分公开须写明不予公开的内容及理由（条例第三十七条）', { withheld: '请至少填写一项' });
  }
  if (input.outcome !== 'partly_granted' && input.withheld.length) {
    throw new InvalidInput('只有部分公开需要填写不予公开的内容', { withheld: 'not_partial' });
  }
  return runStep(ctx, { principal, actor }, id, 'decide', {
    version: input.version,
    apply: async (s) => {
      if (s.request.assigneeUserId && s.request.assigneeUserId !== principal.userId) {
        throw new Forbidden('只有本案承办人可以作出处理决定');
      }
      if (input.outcome === 'unavailable_3' && !s.request.correctedOn) {
        throw new InvalidInput('“补正后申请内容仍不明确”只适用于经过补正的申请（条例第三十条）', { outcome: 'no_correction' });
      }
      return {
        patch: {
          outcome: input.outcome, outcome_bases: JSON.stringify(input.bases), decision_facts: input.facts,
          withheld_parts: JSON.stringify(input.withheld), decided_on: s.today, decided_by: principal.userId,
          assignee_user_id: s.request.assigneeUserId ?? principal.userId, approved_by: null, approved_at: null,
        },
        detail: { outcome: input.outcome, bases: input.bases },
      };
    },
  });
}

/** The reviewer sends the decision back to the handler. */
export async function returnDecision(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown): Promise<InfoRequest> {
  const input = parseInput(z.object({ note: z.string().trim().min(2, { error: '请写明退回意见' }).max(2000), version }), raw);
  return runStep(ctx, { principal, actor }, id, 'return_decision', {
    permission: 'requests.approve', version: input.version,
    apply: async () => ({ patch: { outcome: null, outcome_bases: '[]', decided_on: null }, detail: { note: input.note.slice(0, 200) } }),
  });
}

/** Internal review (会签): a reviewer other than the decider approves. */
export async function approveDecision(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown = {}): Promise<InfoRequest> {
  const input = parseInput(z.object({ version }), raw);
  return runStep(ctx, { principal, actor }, id, 'approve', {
    permission: 'requests.approve', version: input.version,
    apply: async (s) => {
      if (s.request.decidedBy === principal.userId) throw new Conflict('会签须由作出决定的承办人以外的审核人进行', undefined, 'review_by_decider');
      return { patch: { approved_by: principal.userId, approved_at: s.at }, detail: { outcome: s.request.outcome } };
    },
  });
}

/** The reply letter as it will read (document number assigned when sent), for review on the case page. */
export async function draftReply(ctx: Ctx, r: InfoRequest): Promise<Letter | undefined> {
  if (!r.outcome) return undefined;
  const agency = await selectAgencyById(ctx.db, r.agencyId);
  if (!agency) throw new NotFound('未找到受理机关');
  const facts = await letterFacts(ctx.db, r, agency);
  return replyLetter(facts, { outcome: r.outcome, bases: r.outcomeBases, facts: r.decisionFacts, withheld: r.withheldParts, documentNumber: '（发出时编号）', issuedOn: todayOn(ctx.clock) });
}

/**
 * Sends the approved reply: numbers the letter, refuses it without legal basis, remedy clause or date, or with
 * personal data in its text; concludes the case; emails the letter when the applicant chose email.
 */
export async function sendReply(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown = {}): Promise<InfoRequest> {
  const input = parseInput(z.object({ version }), raw);
  let sent: Letter | undefined;
  const updated = await runStep(ctx, { principal, actor }, id, 'send_reply', {
    version: input.version,
    apply: async (s) => {
      const r = s.request;
      if (!r.outcome || !r.approvedBy) throw new Conflict('决定尚未通过审核', undefined, 'not_approved');
      const facts = await letterFacts(s.trx, r, s.agency);
      sent = await issueLetter(ctx, s, actor, (n) => replyLetter(facts, { outcome: r.outcome!, bases: r.outcomeBases, facts: r.decisionFacts, withheld: r.withheldParts, documentNumber: n, issuedOn: s.today }));
      const publicText = [r.decisionFacts, ...r.withheldParts.map((w) => `不予公开：${w.what}（${withheldGroundLabel(w.ground)}）`)].join('\n');
      if (scanForPersonalData(publicText).length) throw new InvalidInput('答复内容含有个人信息，不能公开', { facts: 'personal_data' }, 'personal_data_found');
      await countRequestedInformation(s.trx, r, r.outcome, r.outcomeBases, s.at); // Art. 44
      return {
        patch: { ...concludePatch(r.outcome, r.outcomeBases, s.today), replied_on: s.today, reply_public: publicText },
        detail: { outcome: r.outcome, letter: sent.documentNumber },
      };
    },
  });
  if (sent && updated.emailSealed && (updated.delivery === 'email' || updated.delivery === 'online')) {
    const to = fullApplicant(ctx.cipher, updated).email!;
    try {
      await ctx.mailer.send({
        to, subject: `${sent.agencyName}：政府信息公开申请答复书（${sent.documentNumber}）`, text: letterText(sent),
        attachments: [{ filename: `${sent.documentNumber}.docx`, content: await letterDocx(sent), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }],
      });
    } catch {
      // The letter is issued and on record; staff can resend it or deliver it by the applicant's other contact.
    }
  }
  return updated;
}

/** Archives a replied case (Art. 45 归档). */
export async function closeRequest(ctx: Ctx, principal: Principal, actor: Actor, id: string, raw: unknown = {}): Promise<InfoRequest> {
  const input = parseInput(z.object({ version }), raw);
  return runStep(ctx, { principal, actor }, id, 'close', {
    version: input.version,
    apply: async (s) => ({ patch: { closed_on: s.today }, detail: {} }),
  });
}

/** A case by id for services that already checked access. */
export async function requireRequest(ctx: Ctx, id: string): Promise<InfoRequest> {
  const r = await selectRequestById(ctx.db, id);
  if (!r) throw new NotFound('未找到该申请');
  return r;
}

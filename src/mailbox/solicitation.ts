/**
 * Public solicitations (征集意见): a notice open between two dates for suggestions and problem clues (the seed's
 * 《关于征集“六稳”“六保”政策措施落实有关问题线索和意见建议的公告》), moderated by staff, closed with a published summary
 * of what was received and adopted. Types and rules; no I/O.
 */
import { z } from 'zod';
import { IsoDateInput, checkbox, optText, text } from '../registers/power.ts';

/** What a member of the public sends. */
export const SUBMISSION_KINDS = { suggestion: '意见建议', clue: '问题线索' } as const;
/** A submission kind. */
export type SubmissionKind = keyof typeof SUBMISSION_KINDS;
/** English labels. */
export const SUBMISSION_KINDS_EN: Record<SubmissionKind, string> = { suggestion: 'Suggestion', clue: 'Problem clue' };

/** Moderation states of a submission. */
export const SUBMISSION_STATES = { pending: '待审核', accepted: '已采纳登记', rejected: '不予登记' } as const;
/** A submission state. */
export type SubmissionState = keyof typeof SUBMISSION_STATES;
/** English labels of the submission states. */
export const SUBMISSION_STATES_EN: Record<SubmissionState, string> = { pending: 'Awaiting moderation', accepted: 'Registered', rejected: 'Not registered' };

/** Phases of a solicitation relative to today. */
export type SolicitationPhase = 'upcoming' | 'open' | 'closed';

/** The phase of a solicitation on a day (both dates inclusive). */
export function phaseOn(s: { opensOn: string; closesOn: string }, today: string): SolicitationPhase {
  if (today < s.opensOn) return 'upcoming';
  if (today > s.closesOn) return 'closed';
  return 'open';
}

/** Staff input of a solicitation notice. */
export const SolicitationInput = z.object({
  title: text(200, '标题').pipe(z.string().min(4, { error: '标题至少4个字' })),
  body: text(50000, '公告正文').pipe(z.string().min(10, { error: '正文至少10个字' })),
  opensOn: IsoDateInput,
  closesOn: IsoDateInput,
  published: checkbox.default(false),
}).refine((v) => v.closesOn >= v.opensOn, { path: ['closesOn'], message: '截止日期不能早于开始日期' });
/** Parsed solicitation input. */
export type SolicitationInput = z.infer<typeof SolicitationInput>;

/** Public input of a suggestion or clue; name and phone are optional (clues may be anonymous). */
export const SubmissionInput = z.object({
  kind: z.enum(['suggestion', 'clue'], { error: '请选择意见建议或问题线索' }),
  content: text(5000, '内容').pipe(z.string().min(5, { error: '内容至少5个字' })),
  name: optText(50, '姓名'),
  phone: z.string().trim().max(30).regex(/^[0-9+\-\s()（）]*$/, { error: '电话号码只能包含数字、空格、括号和“-”' }).default(''),
});
/** Parsed submission input. */
export type SubmissionInput = z.infer<typeof SubmissionInput>;

/** A solicitation with the counts of its submissions. */
export interface Solicitation {
  id: string;
  agencyId: string;
  title: string;
  body: string;
  opensOn: string;
  closesOn: string;
  published: boolean;
  summary: string;
  summaryPublishedOn: string | null;
  isDemo: boolean;
  counts: { received: number; accepted: number; adopted: number; suggestions: number; clues: number };
}

/** A submission as staff see it (contacts masked). */
export interface Submission {
  id: string;
  kind: SubmissionKind;
  content: string;
  writerName: string;
  writerPhone: string;
  state: SubmissionState;
  adopted: boolean;
  moderationNote: string;
  receivedOn: string;
}

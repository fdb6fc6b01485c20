/**
 * Letters to the 厅长信箱 and questions of 在线咨询: states, transitions, the public form, and the statistics rules
 * (reply rate, on time). Reply periods are working days set by the agency (calendar: mailbox_reply clock). No I/O.
 */
import { z } from 'zod';
import { checkbox, text } from '../registers/power.ts';

/** Where a letter came in. */
export const CHANNELS = {
  director_mailbox: '厅长信箱',
  consultation: '在线咨询',
} as const;
/** A channel. */
export type LetterChannel = keyof typeof CHANNELS;
/** English labels. */
export const CHANNELS_EN: Record<LetterChannel, string> = { director_mailbox: "Director's mailbox", consultation: 'Online consultation' };

/** States of a letter. */
export const LETTER_STATES = {
  received: '已收到', // waiting to be routed
  assigned: '办理中', // routed to a unit
  replied: '已答复',
  converted: '已转为政府信息公开申请', // handled under the Regulation (Arts. 27–45) instead
  redirected: '已转信访渠道', // a petition (信访), handled under the 信访工作条例
} as const;
/** A letter state. */
export type LetterState = keyof typeof LETTER_STATES;
/** English labels. */
export const LETTER_STATES_EN: Record<LetterState, string> = {
  received: 'Received', assigned: 'In progress', replied: 'Answered', converted: 'Handled as a disclosure request', redirected: 'Redirected to petitions',
};

/** What can happen to a letter in each state (the service and the staff page both read this). */
export const LETTER_TRANSITIONS: Record<LetterState, readonly ('assign' | 'reply' | 'convert' | 'redirect')[]> = {
  received: ['assign', 'reply', 'convert', 'redirect'],
  assigned: ['assign', 'reply', 'convert', 'redirect'],
  replied: [],
  converted: [],
  redirected: [],
};

/** States in which the writer has had an answer (a reply, or notice of the conversion or redirection). */
export const ANSWERED_STATES: readonly LetterState[] = ['replied', 'converted', 'redirected'];

/** Default reply period when the agency has set none (working days). */
export const DEFAULT_REPLY_WORKDAYS = 10;

const phone = z.string().trim().max(30, { error: '电话不能超过30个字符' })
  .regex(/^[0-9+\-\s()（）]*$/, { error: '电话号码只能包含数字、空格、括号和“-”' });

/** The public letter form (portal and API). Hostile strings are kept as text and rendered escaped. */
export const LetterInput = z.object({
  channel: z.enum(['director_mailbox', 'consultation'], { error: '请选择留言类型' }).default('director_mailbox'),
  subject: text(100, '标题').pipe(z.string().min(2, { error: '标题至少2个字' })),
  question: text(5000, '内容').pipe(z.string().min(5, { error: '内容至少5个字' })),
  name: text(50, '姓名'),
  phone: phone.default(''),
  email: z.union([z.literal(''), z.email({ error: '电子邮箱格式不正确' }).max(200)]).default(''),
  publishConsent: checkbox.default(false),
}).refine((v) => Boolean((v as { phone?: unknown }).phone || (v as { email?: unknown }).email), {
  path: ['phone'], message: '请至少留下电话或电子邮箱，以便答复',
  // Checked even when other fields are wrong, so the form shows every problem at once.
  when: (payload) => typeof payload.value === 'object' && payload.value !== null,
});
/** Parsed letter input. */
export type LetterInput = z.infer<typeof LetterInput>;

/** A letter as staff see it (contact details decrypted only where shown, and then masked). */
export interface Letter {
  id: string;
  agencyId: string;
  trackingCode: string;
  channel: LetterChannel;
  subject: string;
  question: string;
  writerName: string;
  writerPhone: string;
  writerEmail: string;
  publishConsent: boolean;
  state: LetterState;
  unitId: string | null;
  receivedOn: string;
  replyWorkdays: number;
  dueOn: string;
  reply: string;
  repliedOn: string | null;
  published: boolean;
  publicQuestion: string;
  publicReply: string;
  publishedOn: string | null;
  convertedTo: 'disclosure_request' | 'petition' | null;
  convertedRef: string;
  isDemo: boolean;
  version: number;
}

/** True when the letter was answered by its due date. */
export function isOnTime(l: Pick<Letter, 'state' | 'repliedOn' | 'dueOn'>): boolean {
  return ANSWERED_STATES.includes(l.state) && !!l.repliedOn && l.repliedOn <= l.dueOn;
}

/** Statistics of a year's letters. Rates are percentages with one decimal, null when nothing was received. */
export interface LetterStatistics {
  year: number;
  received: number;
  answered: number;
  answeredOnTime: number;
  open: number;
  overdue: number;
  converted: number;
  redirected: number;
  published: number;
  replyRate: number | null;
  onTimeRate: number | null;
  byChannel: Record<LetterChannel, number>;
}

/** Computes the statistics of letters received in a year, as of `today` (for what is overdue). */
export function letterStatistics(letters: Pick<Letter, 'state' | 'repliedOn' | 'dueOn' | 'channel' | 'published' | 'receivedOn'>[], year: number, today: string): LetterStatistics {
  const mine = letters.filter((l) => l.receivedOn.startsWith(`${year}-`));
  const answered = mine.filter((l) => ANSWERED_STATES.includes(l.state));
  const onTime = answered.filter(isOnTime);
  const open = mine.filter((l) => !ANSWERED_STATES.includes(l.state));
  const pct = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
  return {
    year,
    received: mine.length,
    answered: answered.length,
    answeredOnTime: onTime.length,
    open: open.length,
    overdue: open.filter((l) => l.dueOn < today).length,
    converted: mine.filter((l) => l.state === 'converted').length,
    redirected: mine.filter((l) => l.state === 'redirected').length,
    published: mine.filter((l) => l.published).length,
    replyRate: pct(answered.length, mine.length),
    onTimeRate: pct(onTime.length, answered.length),
    byChannel: {
      director_mailbox: mine.filter((l) => l.channel === 'director_mailbox').length,
      consultation: mine.filter((l) => l.channel === 'consultation').length,
    },
  };
}

/** Standard answers when a letter is handled another way (the writer is told where it went and why). */
export const CONVERSION_REPLIES = {
  disclosure_request: '您的来信属于申请获取政府信息，已按照《中华人民共和国政府信息公开条例》规定的依申请公开程序办理，我们将在法定期限内答复。',
  petition: '您反映的事项属于信访事项，已依照《信访工作条例》转本机关信访工作机构办理，后续请关注信访渠道的答复。',
} as const;

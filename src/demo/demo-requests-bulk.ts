/**
 * The busy demo agency's applications 2020–2025 plus a few open ones (design.md §5.5): several hundred a year across
 * every applicant kind, outcome and clock path (补正, consultation, extension, fees, withdrawal, carry-over), built
 * as rows and inserted in bulk. Every date comes from src/calendar; every table 三 row is non-zero in every year.
 * Applicants, subjects and facts are INVENTED (is_demo = 1); identities are valid-looking and encrypted like real ones.
 */
import type { Insertable } from 'kysely';
import type { Agency } from '../agencies/agency.ts';
import { seededRandom } from '../catalogue/bulk-writer.ts';
import { nationalCalendar } from '../calendar/calendar.ts';
import { computeConsultationDeadline, computeCorrectionNoticeDeadline, computeFeePaymentDeadline, replyDueOn } from '../calendar/clocks.ts';
import { addCalendarDays, yearOf } from '../calendar/dates.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { newId, newToken } from '../platform/ids.ts';
import { residentIdCheckChar } from '../platform/privacy/pii-scan.ts';
import { perRequestFeeFen, perVolumeFeeFen, type FeeMode } from '../requests/fees.ts';
import { consultationLetter, correctionLetter, extensionLetter, feeLetter, replyLetter, type Letter, type LetterFacts } from '../requests/letters.ts';
import { OUTCOMES, OUTCOME_LIST, type Outcome } from '../requests/outcomes.ts';
import { type ApplicantKind, type RequestEventType, type RequestState } from '../requests/request.ts';
import type { InfoRequestsTable, RequestConsultationsTable, RequestEventsTable, RequestLettersTable } from '../requests/request-tables.ts';

const SUBJECTS = [
  ['某村集体土地征收批复文件', '征地批复'], ['某地块国有建设用地使用权出让合同', '出让合同'], ['某小区规划许可证及附图', '规划许可'],
  ['某宗地不动产登记簿信息', '登记资料'], ['某矿区采矿权出让收益评估报告', '采矿权'], ['2019年度土地利用年度计划执行情况', '年度计划'],
  ['某路段拓宽工程用地预审意见', '用地预审'], ['城区控制性详细规划修改论证报告', '控规修改'], ['某项目征地补偿安置方案', '补偿方案'],
  ['耕地占补平衡指标交易记录', '占补平衡'], ['地质灾害隐患点治理项目验收材料', '地灾治理'], ['违法用地查处决定书', '执法案卷'],
] as const;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '玉兰', '志强', '海燕'];
const ORGS: Record<Exclude<ApplicantKind, 'natural_person'>, string[]> = {
  commercial: ['演示置业有限公司', '演示建设工程有限公司', '演示矿业有限责任公司', '演示房地产开发有限公司'],
  research: ['演示城市规划研究院', '演示大学土地资源研究所', '演示地质调查研究中心'],
  public_interest: ['演示环境保护志愿者协会', '演示公益法律援助中心', '演示社区发展基金会'],
  legal_services: ['演示律师事务所', '演示法律服务所', '演示律师事务所（分所）'],
  other_org: ['演示村民委员会', '演示业主委员会', '演示农民专业合作社'],
};
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function creditCode(rand: () => number, kind: string): string {
  const prefix = kind === 'commercial' ? '91' : kind === 'research' ? '12' : kind === 'legal_services' ? '31' : kind === 'public_interest' ? '52' : '54';
  let s = `${prefix}620100`;
  while (s.length < 17) s += CODE_CHARS[Math.floor(rand() * CODE_CHARS.length)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(s[i]) * CODE_WEIGHTS[i];
  return s + CODE_CHARS[(31 - (sum % 31)) % 31];
}

function residentId(rand: () => number): string {
  const y = 1955 + Math.floor(rand() * 48);
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  const body = `620102${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/** The outcome mix of decided cases (weights), before the guaranteed one of each per year. */
const OUTCOME_WEIGHTS: [Outcome, number][] = [
  ['granted', 40], ['partly_granted', 9], ['withheld_1', 1], ['withheld_2', 1], ['withheld_3', 1], ['withheld_4', 3], ['withheld_5', 2],
  ['withheld_6', 3], ['withheld_7', 2], ['withheld_8', 2], ['unavailable_1', 14], ['unavailable_2', 4], ['not_processed_1', 3],
  ['not_processed_2', 3], ['not_processed_3', 1], ['not_processed_4', 1], ['not_processed_5', 1],
];
const KIND_WEIGHTS: [ApplicantKind, number][] = [['natural_person', 58], ['commercial', 14], ['research', 5], ['public_interest', 5], ['legal_services', 10], ['other_org', 8]];

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

/** What the generator produces, ready for bulk insert. */
export interface DemoRows {
  requests: Insertable<InfoRequestsTable>[];
  events: Insertable<RequestEventsTable>[];
  consultations: Insertable<RequestConsultationsTable>[];
  letters: (Omit<Insertable<RequestLettersTable>, 'document_number' | 'content'> & { letter: (n: string) => Letter })[];
}

interface Plan {
  kind: ApplicantKind;
  outcome: Outcome | null;
  correction: 'none' | 'corrected' | 'abandoned';
  consult: boolean;
  extend: boolean;
  fee: 'none' | 'paid' | 'lapsed';
  withdraw: boolean;
  /** Stop before concluding (an open case). */
  openAt?: RequestState;
}

function planFor(rand: () => number, year: number, i: number): Plan {
  const kind = pick(rand, KIND_WEIGHTS);
  const base: Plan = { kind, outcome: null, correction: 'none', consult: false, extend: false, fee: 'none', withdraw: false };
  // The first 21 cases of a year take each outcome once, so every table 三 row is non-zero every year.
  const forced = i < OUTCOME_LIST.length ? OUTCOME_LIST[i] : undefined;
  const o = forced ?? (rand() < 0.05 ? 'other_3' : rand() < 0.05 ? 'other_1' : rand() < 0.03 && year >= 2021 ? 'other_2' : pick(rand, OUTCOME_WEIGHTS));
  if (o === 'other_1') return { ...base, outcome: o, correction: 'abandoned' };
  if (o === 'other_2') return { ...base, outcome: year >= 2021 ? o : 'other_1', ...(year >= 2021 ? { fee: 'lapsed' as const } : { correction: 'abandoned' as const }) };
  if (o === 'other_3') return { ...base, outcome: o, withdraw: true, consult: rand() < 0.2 };
  return {
    ...base, outcome: o,
    correction: o === 'unavailable_3' || rand() < 0.1 ? 'corrected' : 'none',
    consult: o === 'withheld_4' || o === 'partly_granted' ? rand() < 0.7 : rand() < 0.05,
    extend: rand() < 0.12,
    fee: year >= 2021 && rand() < 0.04 ? 'paid' : 'none',
  };
}

/** Generates the busy agency's cases for `years`, plus open cases received in the last weeks before `today`. */
export function generateBusyAgencyRequests(ctx: Ctx, agency: Agency, parent: Agency | undefined, years: number[], perYear: number, handler: { userId: string | null; label: string }, reviewerId: string | null): DemoRows {
  const rand = seededRandom(20200101);
  const cal = nationalCalendar();
  const out: DemoRows = { requests: [], events: [], consultations: [], letters: [] };
  const today = todayOn(ctx.clock);
  const wd = (d: string, n: number) => cal.addWorkdays(d, n);
  const between = (from: string, to: string) => {
    const span = Math.max(0, cal.countWorkdays(from, to) - 1);
    return span <= 0 ? from : wd(from, 1 + Math.floor(rand() * span));
  };
  const starts: { year: number; receivedOn: string; i: number; open?: RequestState }[] = [];
  for (const year of years) {
    const first = cal.isWorkday(`${year}-01-02`) ? `${year}-01-02` : wd(`${year}-01-02`, 1);
    const yearDays = cal.countWorkdays(first, `${year}-12-31`);
    for (let i = 0; i < perYear; i++) {
      // The guaranteed cases fall early in the year so they conclude in it; the rest spread over the year.
      const offset = i < OUTCOME_LIST.length ? 5 + i * 3 : Math.floor(rand() * (yearDays - 1));
      starts.push({ year, receivedOn: offset === 0 ? first : wd(first, offset), i });
    }
  }
  const openStates: RequestState[] = ['registered', 'in_progress', 'in_progress', 'correction_requested', 'consulting', 'extended', 'decided', 'approved', 'in_progress', 'registered'];
  openStates.forEach((s, k) => starts.push({ year: yearOf(today), receivedOn: backWorkdays(cal, today, 2 + k * 2), i: 1000 + k, open: s }));

  const heavyKey = ctx.cipher.blindIndex('O:demo-heavy-applicant');
  for (const s of starts) {
    const plan = planFor(rand, s.year, s.i);
    if (s.open) Object.assign(plan, openPlan(s.open));
    const id = newId();
    const received = s.receivedOn;
    const ev = (type: RequestEventType, on: string, detail: Record<string, unknown> = {}) => {
      out.events.push({ event_id: newId(), request_id: id, agency_id: agency.id, type, at: `${on}T01:${String(out.events.length % 60).padStart(2, '0')}:00.000Z`, happened_on: on, actor_user_id: type === 'submitted' ? null : handler.userId, actor_label: type === 'submitted' ? 'public' : handler.label, detail: JSON.stringify(detail) });
    };
    const [subject, short] = SUBJECTS[Math.floor(rand() * SUBJECTS.length)];
    const kind = plan.kind;
    const natural = kind === 'natural_person';
    const name = natural ? SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)] : ORGS[kind][Math.floor(rand() * ORGS[kind].length)];
    const idNumber = natural ? residentId(rand) : null;
    const code = natural ? null : creditCode(rand, kind);
    const phone = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const facts: LetterFacts = { agencyName: agency.name, reviewBody: parent?.kind === 'government' ? parent.name : undefined, trackingCode: '', applicantName: name, receivedOn: received, subject, format: '电子', delivery: '网上获取' };
    const trackingCode = newToken(10);
    facts.trackingCode = trackingCode;
    const letter = (kindName: string, on: string, build: (n: string) => Letter) => out.letters.push({ letter_id: newId(), request_id: id, agency_id: agency.id, kind: kindName, issued_on: on, status: 'sent', sent_at: `${on}T02:00:00.000Z`, created_by: handler.userId, created_at: `${on}T02:00:00.000Z`, letter: build });
    ev('submitted', received, { channel: 'online', receivedOn: received });

    let cursor = received;
    let correctionRequestedOn: string | null = null;
    let correctionDueOn: string | null = null;
    let correctedOn: string | null = null;
    let state: RequestState = 'registered';
    let concludedOn: string | null = null;
    let outcome: Outcome | null = null;
    let bases: string[] = [];
    const row: Partial<Insertable<InfoRequestsTable>> = {};
    if (plan.correction !== 'none') {
      correctionRequestedOn = between(received, computeCorrectionNoticeDeadline({ received }, cal).dueOn);
      correctionDueOn = wd(correctionRequestedOn, 15);
      ev('request_correction', correctionRequestedOn, { correctionDueOn });
      letter('correction_notice', correctionRequestedOn, (n) => correctionLetter(facts, { notes: '请写明所需信息的具体地块位置或文号', dueOn: correctionDueOn!, documentNumber: n, issuedOn: correctionRequestedOn! }));
      state = 'correction_requested';
      if (plan.correction === 'abandoned') {
        concludedOn = wd(correctionDueOn, 1 + Math.floor(rand() * 3));
        ev('abandon_correction', concludedOn, { outcome: 'other_1' });
        state = 'abandoned';
        outcome = 'other_1';
        bases = ['art30'];
      } else if (!plan.openAt || plan.openAt !== 'correction_requested') {
        correctedOn = between(correctionRequestedOn, correctionDueOn);
        ev('submit_correction', correctedOn, { correctedOn });
        cursor = correctedOn;
        state = 'in_progress';
      }
    }
    const pauses: { from: string; to: string }[] = [];
    let extension: number | null = null;
    const due = () => replyDueOn({ received, ...(correctedOn ? { corrected: correctedOn } : {}), pauses, ...(extension ? { extension } : {}) }, cal);
    if (!concludedOn && state !== 'correction_requested' && plan.openAt !== 'registered') {
      const acceptOn = wd(cursor, 1);
      ev('accept', acceptOn);
      cursor = acceptOn;
      state = 'in_progress';
      if (plan.fee !== 'none') {
        const noticeOn = wd(cursor, 2);
        const mode: FeeMode = rand() < 0.5 ? 'per_volume' : 'per_request';
        const units = mode === 'per_volume' ? 31 + Math.floor(rand() * 250) : 11 + Math.floor(rand() * 25);
        const fen = mode === 'per_volume' ? perVolumeFeeFen(units) : perRequestFeeFen(units);
        const feeDueOn = computeFeePaymentDeadline({ noticeReceived: noticeOn }, cal).dueOn;
        Object.assign(row, { fee_mode: mode, fee_units: units, fee_fen: fen, fee_notice_on: noticeOn, fee_due_on: feeDueOn });
        if (mode === 'per_request') row.applicant_key = heavyKey;
        ev('send_fee_notice', noticeOn, { mode, units, fen, feeDueOn });
        letter('fee_notice', noticeOn, (n) => feeLetter(facts, { mode, units, fen, dueOn: feeDueOn, documentNumber: n, issuedOn: noticeOn }));
        if (plan.fee === 'lapsed') {
          concludedOn = wd(feeDueOn, 1);
          ev('fee_lapse', concludedOn, { outcome: 'other_2' });
          state = 'abandoned';
          outcome = 'other_2';
          bases = ['art42_fee'];
        } else {
          const paidOn = between(noticeOn, wd(noticeOn, 6));
          row.fee_paid_on = paidOn;
          ev('record_payment', paidOn, { paidOn });
          cursor = paidOn;
        }
      }
      if (!concludedOn && plan.consult) {
        const party = rand() < 0.75 ? 'third_party' as const : 'agency' as const;
        const sentOn = wd(cursor, 1);
        const answerDueOn = computeConsultationDeadline({ received: sentOn, party }, cal).dueOn;
        const open = plan.openAt === 'consulting';
        const answeredOn = open ? null : between(sentOn, answerDueOn);
        const partyName = party === 'third_party' ? '演示相关企业' : '演示市住房和城乡建设局';
        out.consultations.push({ consultation_id: newId(), request_id: id, party, party_name: partyName, sent_on: sentOn, answer_due_on: answerDueOn, answered_on: answeredOn, opinion: answeredOn ? (plan.outcome === 'withheld_4' ? 'object' : 'agree') : '', created_at: `${sentOn}T02:00:00.000Z` });
        ev('start_consultation', sentOn, { party, sentOn, answerDueOn });
        letter('consultation', sentOn, (n) => consultationLetter(facts, { party, partyName, dueOn: answerDueOn, documentNumber: n, issuedOn: sentOn }));
        if (open) {
          pauses.push({ from: sentOn, to: today });
          state = 'consulting';
        } else {
          pauses.push({ from: sentOn, to: answeredOn! });
          ev('end_consultation', answeredOn!, { party, answeredOn });
          cursor = answeredOn!;
        }
      }
      if (!concludedOn && plan.extend && state !== 'consulting') {
        const extendOn = between(cursor, due());
        extension = 5 + Math.floor(rand() * 16);
        Object.assign(row, { extension_workdays: extension, extension_approver: '演示办公室主任', extended_on: extendOn });
        ev('extend', extendOn, { workdays: extension, dueOn: due() });
        const newDue = due();
        letter('extension_notice', extendOn, (n) => extensionLetter(facts, { workdays: extension!, newDueOn: newDue, reason: '申请内容涉及多个部门，需要调取档案', documentNumber: n, issuedOn: extendOn }));
        cursor = extendOn;
        state = 'extended';
      }
      if (!concludedOn && plan.withdraw && !plan.openAt) {
        concludedOn = between(cursor, due());
        ev('withdraw', concludedOn, { outcome: 'other_3', channel: rand() < 0.6 ? 'online' : 'letter' });
        state = 'withdrawn';
        outcome = 'other_3';
        bases = ['withdrawal'];
      }
      const stopAt = plan.openAt;
      if (!concludedOn && state !== 'consulting' && plan.outcome && stopAt !== 'in_progress' && stopAt !== 'extended') {
        const replyOn = between(cursor, due());
        const decideOn = replyOn > cursor ? backWorkdays(cal, replyOn, 1) < cursor ? cursor : backWorkdays(cal, replyOn, 1) : cursor;
        outcome = plan.outcome;
        bases = [...OUTCOMES[outcome].bases].slice(0, 1);
        const withheld = outcome === 'partly_granted' ? [{ what: '涉及第三方商业信息的附件', ground: 'withheld_4' as const }] : [];
        const factsText = outcome === 'granted' ? '经检索，该信息由本机关制作并保存，可以公开。' : `经审查，${OUTCOMES[outcome].label.split('：').pop()}。`;
        Object.assign(row, { decision_facts: factsText, withheld_parts: JSON.stringify(withheld), decided_on: decideOn, decided_by: handler.userId, approved_by: reviewerId, approved_at: `${decideOn}T06:00:00.000Z` });
        ev('decide', decideOn, { outcome, bases });
        ev('approve', decideOn, { outcome });
        state = stopAt === 'decided' ? 'decided' : stopAt === 'approved' ? 'approved' : 'replied';
        if (state === 'replied') {
          concludedOn = replyOn;
          row.replied_on = replyOn;
          row.reply_public = [factsText, ...withheld.map((w) => `不予公开：${w.what}（保护第三方合法权益）`)].join('\n');
          ev('send_reply', replyOn, { outcome });
          const o = outcome;
          letter('reply', replyOn, (n) => replyLetter(facts, { outcome: o, bases, facts: factsText, withheld, documentNumber: n, issuedOn: replyOn }));
          const closeOn = wd(replyOn, 2);
          if (closeOn < today) {
            row.closed_on = closeOn;
            ev('close', closeOn);
            state = 'closed';
          }
        }
      }
    }
    out.requests.push({
      request_id: id, agency_id: agency.id, tracking_code: trackingCode, channel: rand() < 0.8 ? 'online' : 'post_signed', state,
      applicant_kind: kind, applicant_name: name,
      id_type: natural ? 'resident_id' : null, id_number_enc: idNumber ? ctx.cipher.encrypt(idNumber) : null, credit_code: code,
      contact_name: natural ? null : '演示联系人', phone_enc: ctx.cipher.encrypt(phone), phone_bidx: ctx.cipher.blindIndex(phone),
      title: `申请公开${subject}`, description: `申请公开${subject}（${short}），用于维护自身合法权益。（演示数据）`, format: 'electronic', delivery: 'online',
      submitted_on: received, received_on: received, received_year: yearOf(received),
      correction_requested_on: correctionRequestedOn, correction_due_on: correctionDueOn, corrected_on: correctedOn,
      correction_notes: correctionRequestedOn ? '请写明所需信息的具体地块位置或文号' : '',
      due_on: state === 'correction_requested' ? null : due(), assignee_user_id: handler.userId,
      outcome, outcome_bases: JSON.stringify(bases),
      concluded_on: concludedOn, concluded_year: concludedOn ? yearOf(concludedOn) : null,
      is_demo: 1, created_at: `${received}T01:00:00.000Z`, updated_at: `${(concludedOn ?? received)}T08:00:00.000Z`,
      ...row, applicant_key: row.applicant_key ?? ctx.cipher.blindIndex(natural ? `P:resident_id:${idNumber}` : `O:${code}`),
    } as Insertable<InfoRequestsTable>);
  }
  return out;
}

function openPlan(s: RequestState): Partial<Plan> {
  switch (s) {
    case 'correction_requested': return { correction: 'corrected', openAt: s, consult: false, fee: 'none', withdraw: false, extend: false };
    case 'consulting': return { correction: 'none', openAt: s, consult: true, fee: 'none', withdraw: false, extend: false };
    case 'extended': return { correction: 'none', openAt: s, consult: false, fee: 'none', withdraw: false, extend: true };
    default: return { correction: 'none', openAt: s, consult: false, fee: 'none', withdraw: false, extend: false, outcome: s === 'decided' || s === 'approved' ? 'granted' : null };
  }
}

/** The working day `n` working days before `date` (searching back with the calendar's own counting). */
function backWorkdays(cal: ReturnType<typeof nationalCalendar>, date: string, n: number): string {
  let guess = date;
  for (let k = 0; k < n * 3 + 10 && cal.countWorkdays(guess, date) <= n; k++) guess = addCalendarDays(guess, -1);
  while (cal.countWorkdays(guess, date) > n + 1 || !cal.isWorkday(guess)) guess = addCalendarDays(guess, 1);
  return guess;
}

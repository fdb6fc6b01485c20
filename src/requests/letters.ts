/**
 * The letters of a case (政府信息公开申请答复书, 补正告知书, 延期答复告知书, 征求意见书, 收费通知): one template per kind, and
 * per outcome for replies, each with its legal basis, the facts, the remedy notice where the letter is an
 * administrative decision (行政复议 within 60 days, 行政诉讼 within 6 months), the seal placeholder and the document
 * number. `letterProblems` refuses a letter lacking its legal basis, remedy clause or date. Pure.
 */
import { InvalidInput } from '../errors.ts';
import { scanForPersonalData, PII_KINDS } from '../platform/privacy/pii-scan.ts';
import { formatYuan, FEE_MODES, type FeeMode } from './fees.ts';
import { LEGAL_BASES, OUTCOMES, citeBases, withheldGroundLabel, type LegalBasisCode, type Outcome } from './outcomes.ts';
import { DELIVERIES, FORMATS } from './request.ts';
import type { WithheldPart } from './request-store.ts';

/** Letter kinds. */
export const LETTER_KINDS = {
  reply: '政府信息公开申请答复书',
  correction_notice: '政府信息公开申请补正告知书',
  extension_notice: '政府信息公开申请延期答复告知书',
  consultation: '政府信息公开征求意见书',
  fee_notice: '政府信息公开信息处理费收费通知',
} as const;
/** A letter kind. */
export type LetterKind = keyof typeof LETTER_KINDS;
/** English names of the kinds. */
export const LETTER_KINDS_EN: Record<LetterKind, string> = {
  reply: 'Reply', correction_notice: 'Correction notice', extension_notice: 'Extension notice',
  consultation: 'Consultation letter', fee_notice: 'Fee notice',
};

/** Letters that decide on the applicant's rights and so must tell how to challenge them. */
const NEEDS_REMEDY: readonly LetterKind[] = ['reply', 'fee_notice'];

/** A letter's content, as stored (JSON) and rendered to DOCX and printable HTML. */
export interface Letter {
  kind: LetterKind;
  outcome?: Outcome;
  title: string;
  documentNumber: string;
  addressee: string;
  paragraphs: string[];
  /** Numbered items under the body (what to correct, what was withheld). */
  items: string[];
  /** Citations the letter rests on. */
  legalBasis: string[];
  remedy: string | null;
  agencyName: string;
  issuedOn: string;
  seal: string;
}

/** The case facts a letter is written from (no ID numbers or contact data go into letters). */
export interface LetterFacts {
  agencyName: string;
  /** The body that hears 行政复议 (the agency's parent government), if known. */
  reviewBody?: string;
  trackingCode: string;
  applicantName: string;
  receivedOn: string;
  subject: string;
  format: string;
  delivery: string;
  correctionRequestedOn?: string | null;
  correctedOn?: string | null;
  extensionWorkdays?: number | null;
}

/** `2020年9月28日`. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The remedy clause (《行政复议法》第二十条: 60日; 《行政诉讼法》第四十六条: 6个月). */
export function remedyClause(reviewBody?: string): string {
  const body = reviewBody ? `向${reviewBody}` : '依法';
  return `如对本答复不服，可以自收到本答复书之日起60日内${body}申请行政复议，或者自收到本答复书之日起6个月内向人民法院提起行政诉讼。`;
}

/** The application's subject inside the letter's quotation marks, without its own closing punctuation (“……清单”。, not “……清单。”。). */
function quotedSubject(subject: string): string {
  return `“${subject.trim().replace(/[。．.，,；;：:！!？?、\s]+$/u, '')}”`;
}

function opening(f: LetterFacts): string {
  let s = `${chineseDate(f.receivedOn)}，本机关收到你（单位）提出的政府信息公开申请（查询码：${f.trackingCode}），申请获取${quotedSubject(f.subject)}。`;
  if (f.correctionRequestedOn && f.correctedOn) {
    s += `本机关于${chineseDate(f.correctionRequestedOn)}告知你（单位）补正，于${chineseDate(f.correctedOn)}收到补正后的申请。`;
  }
  if (f.extensionWorkdays) s += `经本机关政府信息公开工作机构负责人同意，答复期限延长${f.extensionWorkdays}个工作日。`;
  return s;
}

const GROUP_TEXT: Record<string, (basis: string, f: LetterFacts, o: Outcome) => string> = {
  granted: (b, f) => `经审查，你（单位）申请获取的政府信息属于可以公开的政府信息。根据${b}的规定，本机关决定予以公开，现以${f.format}形式、通过${f.delivery}方式向你（单位）提供。`,
  partly_granted: (b) => `经审查，你（单位）申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。根据${b}的规定，本机关向你（单位）提供可以公开的部分，对下列内容不予公开：`,
  withheld: (b, _f, o) => `经审查，你（单位）申请获取的政府信息${OUTCOMES[o].label.replace('不予公开：', '')}。根据${b}的规定，本机关决定不予公开。`,
  unavailable: (b, _f, o) => `经审查，${OUTCOMES[o].label.replace('无法提供：', '')}。根据${b}的规定，本机关无法提供该政府信息。`,
  not_processed: (b, _f, o) => `经审查，你（单位）的申请属于“${OUTCOMES[o].label.replace('不予处理：', '')}”的情形。根据${b}的规定，本机关不予处理。`,
  other: (b, _f, o) => `${OUTCOMES[o].label.replace('其他处理：', '')}。根据${b}的规定，本机关不再处理该申请。`,
};

/** The reply letter (答复书) for an outcome. */
export function replyLetter(f: LetterFacts, d: { outcome: Outcome; bases: string[]; facts: string; withheld: WithheldPart[]; documentNumber: string; issuedOn: string }): Letter {
  const def = OUTCOMES[d.outcome];
  const basis = citeBases(d.bases);
  // Facts first, then the decision: for 部分公开 the list of withheld items follows the sentence that announces it.
  const paragraphs = [opening(f) + '现答复如下：', ...(d.facts.trim() ? [d.facts.trim()] : []), GROUP_TEXT[def.group](basis, f, d.outcome)];
  if (d.outcome === 'unavailable_1' && d.bases.includes('art36_5') && f.reviewBody) {
    paragraphs.push('该政府信息不属于本机关负责公开，请向负责公开的行政机关提出申请。');
  }
  return {
    kind: 'reply', outcome: d.outcome, title: LETTER_KINDS.reply, documentNumber: d.documentNumber, addressee: f.applicantName,
    paragraphs, items: d.outcome === 'partly_granted' ? d.withheld.map((w) => `${w.what}（${withheldGroundLabel(w.ground)}）`) : [],
    legalBasis: d.bases.filter((b): b is LegalBasisCode => b in LEGAL_BASES).map((b) => LEGAL_BASES[b].cite),
    remedy: remedyClause(f.reviewBody), agencyName: f.agencyName, issuedOn: d.issuedOn, seal: `（${f.agencyName}印章）`,
  };
}

/** 补正告知书 (Art. 30): what to correct, by when, and what happens otherwise. */
export function correctionLetter(f: LetterFacts, d: { notes: string; dueOn: string; documentNumber: string; issuedOn: string }): Letter {
  return {
    kind: 'correction_notice', title: LETTER_KINDS.correction_notice, documentNumber: d.documentNumber, addressee: f.applicantName,
    paragraphs: [
      `${chineseDate(f.receivedOn)}，本机关收到你（单位）提出的政府信息公开申请（查询码：${f.trackingCode}）。经审查，该申请内容不明确。`,
      `根据《中华人民共和国政府信息公开条例》第三十条的规定，请你（单位）于${chineseDate(d.dueOn)}前对下列内容作出补正：`,
      '答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
    ],
    items: d.notes.split(/\n+/).map((s) => s.trim()).filter(Boolean),
    legalBasis: [LEGAL_BASES.art30.cite], remedy: null, agencyName: f.agencyName, issuedOn: d.issuedOn, seal: `（${f.agencyName}印章）`,
  };
}

/** 延期答复告知书 (Art. 33 ¶2). */
export function extensionLetter(f: LetterFacts, d: { workdays: number; newDueOn: string; reason: string; documentNumber: string; issuedOn: string }): Letter {
  return {
    kind: 'extension_notice', title: LETTER_KINDS.extension_notice, documentNumber: d.documentNumber, addressee: f.applicantName,
    paragraphs: [
      `${chineseDate(f.receivedOn)}，本机关收到你（单位）提出的政府信息公开申请（查询码：${f.trackingCode}）。`,
      `${d.reason.trim() || '因申请内容复杂'}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长${d.workdays}个工作日，本机关将于${chineseDate(d.newDueOn)}前作出答复。`,
    ],
    items: [], legalBasis: [LEGAL_BASES.art33_2.cite], remedy: null, agencyName: f.agencyName, issuedOn: d.issuedOn,
    seal: `（${f.agencyName}印章）`,
  };
}

/** 征求意见书 to a third party (Art. 32) or another agency (Art. 34); never names the applicant. */
export function consultationLetter(f: LetterFacts, d: { party: 'third_party' | 'agency'; partyName: string; dueOn: string; documentNumber: string; issuedOn: string }): Letter {
  const third = d.party === 'third_party';
  return {
    kind: 'consultation', title: LETTER_KINDS.consultation, documentNumber: d.documentNumber, addressee: d.partyName,
    paragraphs: [
      `本机关收到一份政府信息公开申请，申请获取${quotedSubject(f.subject)}。${third ? '该信息的公开可能损害你（单位）的合法权益' : '该信息由本机关与你机关共同制作'}。`,
      third
        ? `根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你（单位）的意见。请于收到本意见书之日起15个工作日内（${chineseDate(d.dueOn)}前）提出书面意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知第三方。`
        : `根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求你机关的意见。请于收到本意见书之日起15个工作日内（${chineseDate(d.dueOn)}前）提出意见；逾期未提出意见的，视为同意公开。`,
    ],
    items: [], legalBasis: [third ? LEGAL_BASES.art32.cite : LEGAL_BASES.art34.cite], remedy: null, agencyName: f.agencyName,
    issuedOn: d.issuedOn, seal: `（${f.agencyName}印章）`,
  };
}

/** 收费通知 (Art. 42; fee measures Arts. 3–5, domain.md §3.4). */
export function feeLetter(f: LetterFacts, d: { mode: FeeMode; units: number; fen: number; dueOn: string; documentNumber: string; issuedOn: string }): Letter {
  const standard = d.mode === 'per_request'
    ? `按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的不收费；11—30件（含30件）的部分每件100元；31件以上的部分每10件为一档，每增加一档，收费标准提高100元/件。本件为你（单位）本月第${d.units}件申请`
    : `按量计收：30页以下（含30页）的不收费；31—100页（含100页）的部分每页10元；101—200页（含200页）的部分每页20元；201页以上的部分每页40元。本件申请所需信息共${d.units}页`;
  return {
    kind: 'fee_notice', title: LETTER_KINDS.fee_notice, documentNumber: d.documentNumber, addressee: f.applicantName,
    paragraphs: [
      `${chineseDate(f.receivedOn)}，本机关收到你（单位）提出的政府信息公开申请（查询码：${f.trackingCode}）。`,
      `根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，本申请应当收取信息处理费（${FEE_MODES[d.mode]}）。收费标准：${standard}，应缴纳信息处理费${formatYuan(d.fen)}。`,
      `请于收到本通知之日起20个工作日内（${chineseDate(d.dueOn)}前）按本通知载明的方式缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
    ],
    items: [], legalBasis: [LEGAL_BASES.art42_fee.cite],
    remedy: remedyClause(f.reviewBody).replace('本答复书', '本通知').replace('本答复', '本通知'),
    agencyName: f.agencyName, issuedOn: d.issuedOn, seal: `（${f.agencyName}印章）`,
  };
}

/** What is missing from a letter before it may go out. */
export function letterProblems(l: Letter): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!l.legalBasis.length || l.legalBasis.some((b) => !b.trim())) out.push({ field: 'legalBasis', message: '文书缺少法律依据' });
  if (NEEDS_REMEDY.includes(l.kind) && !(l.remedy && /行政复议/.test(l.remedy) && /行政诉讼/.test(l.remedy))) {
    out.push({ field: 'remedy', message: '文书缺少救济途径告知（行政复议、行政诉讼）' });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(l.issuedOn ?? '')) out.push({ field: 'issuedOn', message: '文书缺少成文日期' });
  if (!l.documentNumber.trim()) out.push({ field: 'documentNumber', message: '文书缺少文号' });
  return out;
}

/** Refuses a letter with problems or with personal data in its body (security.md "publication"). */
export function assertLetterSendable(l: Letter): void {
  const problems = letterProblems(l);
  if (problems.length) {
    throw new InvalidInput(`文书不完整，不能发出：${problems.map((p) => p.message).join('；')}`, Object.fromEntries(problems.map((p) => [p.field, p.message])), 'letter_incomplete');
  }
  const findings = scanForPersonalData([...l.paragraphs, ...l.items].join('\n'));
  if (findings.length) {
    throw new InvalidInput(
      `文书正文含有个人信息（${[...new Set(findings.map((f) => PII_KINDS[f.kind]))].join('、')}），请删除后再发出`,
      { body: findings.map((f) => f.masked).join('、') },
      'personal_data_found',
    );
  }
}

/** Readable labels for letters: the wanted form and delivery in Chinese. */
export function formatAndDelivery(format: string, delivery: string): { format: string; delivery: string } {
  return { format: FORMATS[format as keyof typeof FORMATS] ?? format, delivery: DELIVERIES[delivery as keyof typeof DELIVERIES] ?? delivery };
}

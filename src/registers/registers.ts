/**
 * The other registers of 第二十条 (Regulation Art. 20, domain.md §3.1): 行政执法主体 (who enforces, on what basis), licensing
 * decisions with their 公示 (Art. 20(五)), penalty and coercion decisions (Art. 20(六)), administrative fees (Art.
 * 20(八)), 政府集中采购 projects (Art. 20(九) in the 2019 table), and reconsideration / litigation cases about
 * disclosure (Art. 50(三), table 四). Types, states and input schemas; no I/O.
 */
import { z } from 'zod';
import { IsoDateInput, PhoneInput, checkbox, optText, text } from './power.ts';

const optDate = z.preprocess((v) => (v === '' || v === null ? undefined : v), IsoDateInput.optional());

/** Kinds of law-enforcement subject (行政执法主体类别). */
export const SUBJECT_KINDS = {
  statutory: '法定行政机关',
  authorised: '法律法规授权组织',
  entrusted: '受委托组织',
} as const;
/** A subject kind. */
export type SubjectKind = keyof typeof SUBJECT_KINDS;
/** English labels of the subject kinds. */
export const SUBJECT_KINDS_EN: Record<SubjectKind, string> = {
  statutory: 'Statutory administrative body', authorised: 'Organisation authorised by law', entrusted: 'Entrusted organisation',
};

/** Input of a law-enforcement subject. */
export const EnforcementSubjectInput = z.object({
  unitName: text(200, '单位名称'),
  subjectKind: z.enum(Object.keys(SUBJECT_KINDS) as [SubjectKind, ...SubjectKind[]], { error: '请选择主体类别' }),
  legalBasis: optText(4000, '主要执法依据'),
  powers: optText(4000, '执法职权'),
  contactPhone: PhoneInput.default(''),
  supervisionPhone: PhoneInput.default(''),
  address: optText(200, '单位地址'),
  sortOrder: z.coerce.number().int().min(0).max(9999).default(0),
});
/** Parsed subject input. */
export type EnforcementSubjectInput = z.infer<typeof EnforcementSubjectInput>;
/** A stored subject. */
export interface EnforcementSubject extends EnforcementSubjectInput {
  id: string;
  isDemo: boolean;
  updatedAt: string;
}

/** What a licensing decision does to a licence. */
export const LICENSING_ACTIONS = {
  issue: '新办发证', // counts as a 行政许可 处理决定
  renew: '延续', // 许可证延期
  change: '变更',
  cancel: '注销',
  inspect: '年检', // supervision of licensees: counted under 其他对外管理服务事项 (行政检查), not as a licensing decision
} as const;
/** A licensing action. */
export type LicensingAction = keyof typeof LICENSING_ACTIONS;
/** English labels. */
export const LICENSING_ACTIONS_EN: Record<LicensingAction, string> = {
  issue: 'Issued', renew: 'Renewed', change: 'Changed', cancel: 'Cancelled', inspect: 'Annual inspection',
};

/** Who holds the licence: an organisation (published by name), a natural person (never named), or an aggregate of cases. */
export const HOLDER_KINDS = { organisation: '法人或其他组织', natural_person: '自然人', aggregate: '汇总登记' } as const;
/** A holder kind. */
export type HolderKind = keyof typeof HOLDER_KINDS;
/** English labels of the holder kinds. */
export const HOLDER_KINDS_EN: Record<HolderKind, string> = { organisation: 'Organisation', natural_person: 'Natural person', aggregate: 'Aggregate of cases' };

/** Input of a licensing decision (or a batch of cases handled in another system, as 汇总登记). */
export const LicensingDecisionInput = z.object({
  licenceType: text(100, '许可证种类'),
  action: z.enum(Object.keys(LICENSING_ACTIONS) as [LicensingAction, ...LicensingAction[]], { error: '请选择决定类型' }),
  holderKind: z.enum(Object.keys(HOLDER_KINDS) as [HolderKind, ...HolderKind[]], { error: '请选择持证人类型' }),
  holderName: optText(200, '持证单位'),
  licenceNumber: optText(100, '许可证编号'),
  caseCount: z.coerce.number({ error: '件数应为整数' }).int({ error: '件数应为整数' }).min(1, { error: '件数至少为1' }).max(100000).default(1),
  decidedOn: IsoDateInput,
  validUntil: optDate,
  note: optText(1000, '备注'),
  published: checkbox.default(false),
}).superRefine((v, ctx) => {
  if (v.holderKind === 'organisation' && !v.holderName) ctx.addIssue({ code: 'custom', path: ['holderName'], message: '请填写持证单位名称' });
  if (v.holderKind !== 'organisation' && v.holderName) ctx.addIssue({ code: 'custom', path: ['holderName'], message: '自然人和汇总登记不填写姓名（个人信息不公示）' });
  if (v.holderKind !== 'aggregate' && v.caseCount !== 1) ctx.addIssue({ code: 'custom', path: ['caseCount'], message: '单项决定的件数为1；多件请选择“汇总登记”' });
  if (v.holderKind !== 'organisation' && v.published) ctx.addIssue({ code: 'custom', path: ['published'], message: '只有法人或其他组织的许可可以公示' });
  if (v.validUntil && v.validUntil < v.decidedOn) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: '有效期不能早于决定日期' });
});
/** Parsed licensing decision input. */
export type LicensingDecisionInput = z.infer<typeof LicensingDecisionInput>;
/** A stored licensing decision. */
export interface LicensingDecision extends Omit<LicensingDecisionInput, 'validUntil'> {
  id: string;
  validUntil: string | null;
  isDemo: boolean;
}

/** Penalty (行政处罚) or coercive measure (行政强制). */
export const ENFORCEMENT_KINDS = { penalty: '行政处罚', coercion: '行政强制' } as const;
/** An enforcement decision kind. */
export type EnforcementKind = keyof typeof ENFORCEMENT_KINDS;
/** English labels of the enforcement decision kinds. */
export const ENFORCEMENT_KINDS_EN: Record<EnforcementKind, string> = { penalty: 'Administrative penalty', coercion: 'Coercive measure' };

/** Input of a penalty or coercion decision. Natural persons' names are encrypted and shown masked (security.md). */
export const EnforcementDecisionInput = z.object({
  kind: z.enum(['penalty', 'coercion'], { error: '请选择行政处罚或行政强制' }),
  documentNumber: optText(100, '决定书文号'),
  partyKind: z.enum(['organisation', 'natural_person'], { error: '请选择当事人类型' }),
  partyName: text(200, '当事人'),
  facts: optText(4000, '违法事实'),
  legalBasis: optText(2000, '处罚依据'),
  measure: text(2000, '处理内容'),
  amountYuan: z.preprocess((v) => (v === '' || v === undefined ? '0' : String(v)),
    z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: '金额应为不超过两位小数的非负数' })),
  decidedOn: IsoDateInput,
  published: checkbox.default(false),
});
/** Parsed enforcement decision input. */
export type EnforcementDecisionInput = z.infer<typeof EnforcementDecisionInput>;
/** A stored enforcement decision; `partyName` is plaintext for staff and masked for the public. */
export interface EnforcementDecision {
  id: string;
  kind: EnforcementKind;
  documentNumber: string;
  partyKind: 'organisation' | 'natural_person';
  partyName: string;
  facts: string;
  legalBasis: string;
  measure: string;
  amountFen: number;
  decidedOn: string;
  published: boolean;
  isDemo: boolean;
}

/** "123.45" yuan → 12345 fen, exactly (no floating point). */
export function yuanToFen(s: string): number {
  const [i, f = ''] = s.split('.');
  return Number(i) * 100 + Number((f + '00').slice(0, 2));
}

/** 12345 fen → "123.45". */
export function fenToYuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
}

/** A name masked for publication: first character kept (张**). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/** Input of an administrative fee item (行政事业性收费项目). */
export const FeeItemInput = z.object({
  name: text(200, '收费项目'),
  legalBasis: text(2000, '收费依据'),
  standard: text(2000, '收费标准'),
  inForceFrom: IsoDateInput,
  inForceUntil: optDate,
}).refine((v) => !v.inForceUntil || v.inForceUntil >= v.inForceFrom, { path: ['inForceUntil'], message: '停止日期不能早于开始日期' });
/** Parsed fee item input. */
export type FeeItemInput = z.infer<typeof FeeItemInput>;
/** A stored fee item with the amounts collected per year. */
export interface FeeItem {
  id: string;
  name: string;
  legalBasis: string;
  standard: string;
  inForceFrom: string;
  inForceUntil: string | null;
  isDemo: boolean;
  collections: { year: number; amountFen: number }[];
}

/** Input of the amount collected for a fee item in a year. */
export const FeeCollectionInput = z.object({
  year: z.coerce.number({ error: '年度应为数字' }).int().min(2000, { error: '年度无效' }).max(2099, { error: '年度无效' }),
  amountYuan: z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: '金额应为不超过两位小数的非负数' }),
});

/** Input of a 政府集中采购 project. */
export const ProcurementInput = z.object({
  name: text(200, '采购项目名称'),
  method: optText(50, '采购方式'),
  amountYuan: z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, { error: '金额应为不超过两位小数的非负数' }),
  contractedOn: IsoDateInput,
});
/** A stored procurement project. */
export interface ProcurementProject {
  id: string;
  name: string;
  method: string;
  amountFen: number;
  contractedOn: string;
  isDemo: boolean;
}

/** Kinds of case about disclosure (table 四 groups, domain.md §2.4). */
export const CASE_KINDS = {
  reconsideration: '行政复议',
  litigation_direct: '未经复议直接起诉',
  litigation_after: '复议后起诉',
} as const;
/** A case kind. */
export type CaseKind = keyof typeof CASE_KINDS;
/** Results of a case (table 四 columns). */
export const CASE_RESULTS = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
} as const;
/** A case result. */
export type CaseResult = keyof typeof CASE_RESULTS;

/** Input of a reconsideration or litigation case. */
export const DisclosureCaseInput = z.object({
  kind: z.enum(Object.keys(CASE_KINDS) as [CaseKind, ...CaseKind[]], { error: '请选择案件类型' }),
  requestRef: z.string().trim().max(64, { error: '申请编号不能超过64个字符' }).regex(/^[0-9A-Za-z\-_]*$/, { error: '申请编号只能包含字母、数字和“-”' }).default(''),
  caseNumber: optText(100, '案号'),
  body: optText(200, '复议机关或人民法院'),
  filedOn: IsoDateInput,
  result: z.enum(Object.keys(CASE_RESULTS) as [CaseResult, ...CaseResult[]], { error: '请选择结果' }),
  concludedOn: optDate,
  summary: optText(4000, '案情摘要'),
}).superRefine((v, ctx) => {
  if (v.result === 'pending' && v.concludedOn) ctx.addIssue({ code: 'custom', path: ['concludedOn'], message: '尚未审结的案件不填写审结日期' });
  if (v.result !== 'pending' && !v.concludedOn) ctx.addIssue({ code: 'custom', path: ['concludedOn'], message: '请填写审结日期' });
  if (v.concludedOn && v.concludedOn < v.filedOn) ctx.addIssue({ code: 'custom', path: ['concludedOn'], message: '审结日期不能早于受理日期' });
});
/** Parsed case input. */
export type DisclosureCaseInput = z.infer<typeof DisclosureCaseInput>;
/** A stored case. */
export interface DisclosureCase {
  id: string;
  kind: CaseKind;
  requestRef: string;
  requestId: string | null;
  caseNumber: string;
  body: string;
  filedOn: string;
  result: CaseResult;
  concludedOn: string | null;
  summary: string;
  isDemo: boolean;
}

/**
 * The result a case counts under at the end of a year (table 四): cases filed in the year, with the result they have
 * on 31 December; one concluded later is 尚未审结 for that year. (Counting rule of this platform: table 四 reports
 * the cases the agency became party to in the report year, R9 in domain.md §2.6.)
 */
export function resultAtYearEnd(c: Pick<DisclosureCase, 'result' | 'concludedOn'>, year: number): CaseResult {
  if (c.result === 'pending' || !c.concludedOn || c.concludedOn > `${year}-12-31`) return 'pending';
  return c.result;
}

/** The 15 cells of table 四 from the cases filed in a year: three groups of 维持, 纠正, 其他, 未审结, 总计 (R5 holds by construction). */
export function table4Cells(cases: Pick<DisclosureCase, 'kind' | 'result' | 'concludedOn' | 'filedOn'>[], year: number): number[] {
  const kinds: CaseKind[] = ['reconsideration', 'litigation_direct', 'litigation_after'];
  const results: CaseResult[] = ['upheld', 'corrected', 'other', 'pending'];
  const cells: number[] = [];
  for (const k of kinds) {
    const mine = cases.filter((c) => c.kind === k && c.filedOn.startsWith(`${year}-`));
    const row = results.map((r) => mine.filter((c) => resultAtYearEnd(c, year) === r).length);
    cells.push(...row, row.reduce((a, b) => a + b, 0));
  }
  return cells;
}

// ── Corrections and withdrawal (docs/decisions/0008) ───────────────────────────────────────────────────────

/**
 * Why a decision or fee item leaves the public register. Records are never deleted (the audit trail and the annual
 * report must be reproducible); they are withdrawn (撤回) with one of these reasons:
 * - `entry_error`: the record never described a real decision (a duplicate, the wrong agency, invented by mistake):
 *   it leaves the public lists and every count, including the 处理决定数量 of table 二.
 * - `revoked`: the decision itself was revoked by law, confirmed unlawful, or has to be made anew (依法撤销、确认违法
 *   或者要求重新作出): the original comes off the public list, as 国办发〔2018〕118号 (行政执法公示制度) requires
 *   (“及时从信息公示平台撤下原行政执法决定信息”), but it was made in its year and still counts there in table 二.
 * Either way a record that had been published leaves a short notice (what, when decided, when withdrawn, why; no
 * party, holder or staff note) so readers who saw it know it was withdrawn rather than silently gone.
 */
export const WITHDRAWAL_REASONS = {
  entry_error: '登记有误（重复登记或与事实不符）',
  revoked: '原决定已被依法撤销、确认违法或者要求重新作出',
} as const;
/** A withdrawal reason. */
export type WithdrawalReason = keyof typeof WITHDRAWAL_REASONS;
/** English labels. */
export const WITHDRAWAL_REASONS_EN: Record<WithdrawalReason, string> = {
  entry_error: 'Recorded in error (a duplicate or wrong)',
  revoked: 'The decision was revoked, found unlawful or must be made anew',
};

/** A record's withdrawal. */
export interface Withdrawal {
  on: string;
  reason: WithdrawalReason;
  /** Staff only (may name people): never published, never in the audit log. */
  note: string;
}

/** Version, correction and withdrawal of a stored decision or fee item. */
export interface RecordState {
  version: number;
  /** The day a published record was last corrected (更正), shown next to it on the portal. */
  correctedOn: string | null;
  withdrawal: Withdrawal | null;
}

/** The kinds of record that can be withdrawn. */
export type WithdrawableKind = 'licensing' | 'enforcement' | 'fee';

/** A notice of a published record that was withdrawn: what it was and why it went; no party, holder or staff note. */
export interface WithdrawalNotice {
  decidedOn: string;
  /** 许可证种类 or 行政处罚/行政强制. */
  what: string;
  /** 许可证编号 or 决定书文号 (may be empty). */
  reference: string;
  action: LicensingAction | EnforcementKind;
  withdrawnOn: string;
  reason: WithdrawalReason;
}

/** True when a record still counts in the annual report's figures (everything except entries made in error). */
export function countsInReport(s: Pick<RecordState, 'withdrawal'>): boolean {
  return s.withdrawal?.reason !== 'entry_error';
}

/** The version a staff form carries back (optimistic locking: a stale one is refused with 409). */
export const VersionInput = z.coerce.number({ error: '缺少版本号，请刷新后重试' }).int({ error: '版本号无效' }).min(1, { error: '版本号无效' });

/** Input of a withdrawal: the reason, a note for staff (at least a few words), and the version seen. */
export const WithdrawalInput = z.object({
  reason: z.enum(Object.keys(WITHDRAWAL_REASONS) as [WithdrawalReason, ...WithdrawalReason[]], { error: '请选择撤回原因' }),
  note: text(500, '撤回说明').pipe(z.string().min(4, { error: '请说明撤回的具体情况（至少4个字）' })),
  version: VersionInput,
});

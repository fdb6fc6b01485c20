/**
 * The outcomes of an application: exactly the result rows of table 三 (domain.md §2.3), each with the legal bases it
 * may rest on (domain.md §2.6 mapping, Regulations Arts. 14–16, 30, 35–39) and its report row key (design.md §5.3).
 * Pure.
 */

/** A legal basis a decision may cite. */
export interface LegalBasis {
  code: string;
  /** The citation as it appears in letters. */
  cite: string;
  citeEn: string;
}

/** The legal bases, by code. */
export const LEGAL_BASES = {
  art36_1: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（一）项', citeEn: 'Art. 36(1) of the Regulations' },
  art36_2: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（二）项', citeEn: 'Art. 36(2)' },
  art37: { cite: '《中华人民共和国政府信息公开条例》第三十七条', citeEn: 'Art. 37' },
  art36_3: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（三）项', citeEn: 'Art. 36(3)' },
  art14_secret: { cite: '《中华人民共和国政府信息公开条例》第十四条（国家秘密）', citeEn: 'Art. 14 (state secrets)' },
  art14_law: { cite: '《中华人民共和国政府信息公开条例》第十四条（法律、行政法规禁止公开）', citeEn: 'Art. 14 (prohibited by law)' },
  art14_security: { cite: '《中华人民共和国政府信息公开条例》第十四条（危及国家安全、公共安全、经济安全、社会稳定）', citeEn: 'Art. 14 (security and stability)' },
  art15: { cite: '《中华人民共和国政府信息公开条例》第十五条', citeEn: 'Art. 15 (third-party rights)' },
  art16_1: { cite: '《中华人民共和国政府信息公开条例》第十六条第一款', citeEn: 'Art. 16 ¶1 (internal affairs)' },
  art16_2_process: { cite: '《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）', citeEn: 'Art. 16 ¶2 (process information)' },
  art16_2_enforcement: { cite: '《中华人民共和国政府信息公开条例》第十六条第二款（行政执法案卷信息）', citeEn: 'Art. 16 ¶2 (enforcement files)' },
  art36_7: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（七）项', citeEn: 'Art. 36(7)' },
  art36_4: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（四）项', citeEn: 'Art. 36(4)' },
  art36_5: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（五）项', citeEn: 'Art. 36(5)' },
  art38: { cite: '《中华人民共和国政府信息公开条例》第三十八条', citeEn: 'Art. 38' },
  art30: { cite: '《中华人民共和国政府信息公开条例》第三十条', citeEn: 'Art. 30' },
  art39_1: { cite: '《中华人民共和国政府信息公开条例》第三十九条第一款', citeEn: 'Art. 39 ¶1' },
  art36_6: { cite: '《中华人民共和国政府信息公开条例》第三十六条第（六）项', citeEn: 'Art. 36(6)' },
  art39_2: { cite: '《中华人民共和国政府信息公开条例》第三十九条第二款', citeEn: 'Art. 39 ¶2' },
  art35: { cite: '《中华人民共和国政府信息公开条例》第三十五条', citeEn: 'Art. 35' },
  art42_fee: { cite: '《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）', citeEn: 'Art. 42 and the fee measures (2020)' },
  withdrawal: { cite: '申请人主动撤回申请', citeEn: 'Withdrawal by the applicant' },
  art32: { cite: '《中华人民共和国政府信息公开条例》第三十二条', citeEn: 'Art. 32 (third-party consultation)' },
  art34: { cite: '《中华人民共和国政府信息公开条例》第三十四条', citeEn: 'Art. 34 (consultation of other agencies)' },
  art33_2: { cite: '《中华人民共和国政府信息公开条例》第三十三条第二款', citeEn: 'Art. 33 ¶2 (extension)' },
} as const satisfies Record<string, Omit<LegalBasis, 'code'>>;
/** A legal basis code. */
export type LegalBasisCode = keyof typeof LEGAL_BASES;

/** One outcome: its table 三 row, its labels and the bases it may rest on (the first is the default). */
export interface OutcomeDef {
  label: string;
  labelEn: string;
  /** The group heading of table 三: （一）…（六）. */
  group: 'granted' | 'partly_granted' | 'withheld' | 'unavailable' | 'not_processed' | 'other';
  bases: readonly LegalBasisCode[];
  /** Staff may choose it in the decision form (the `other_*` ones arise from the workflow). */
  decidable: boolean;
}

/** Every outcome, in the official row order of table 三 (domain.md §2.3; 2021 template). */
export const OUTCOMES = {
  granted: { label: '予以公开', labelEn: 'Granted', group: 'granted', bases: ['art36_2', 'art36_1'], decidable: true },
  partly_granted: { label: '部分公开', labelEn: 'Partly granted', group: 'partly_granted', bases: ['art37'], decidable: true },
  withheld_1: { label: '不予公开：属于国家秘密', labelEn: 'Withheld: state secret', group: 'withheld', bases: ['art14_secret', 'art36_3'], decidable: true },
  withheld_2: { label: '不予公开：其他法律行政法规禁止公开', labelEn: 'Withheld: prohibited by other laws', group: 'withheld', bases: ['art14_law', 'art36_3'], decidable: true },
  withheld_3: { label: '不予公开：危及“三安全一稳定”', labelEn: 'Withheld: endangers security or stability', group: 'withheld', bases: ['art14_security', 'art36_3'], decidable: true },
  withheld_4: { label: '不予公开：保护第三方合法权益', labelEn: 'Withheld: third-party rights', group: 'withheld', bases: ['art15', 'art36_3'], decidable: true },
  withheld_5: { label: '不予公开：属于三类内部事务信息', labelEn: 'Withheld: internal affairs', group: 'withheld', bases: ['art16_1', 'art36_3'], decidable: true },
  withheld_6: { label: '不予公开：属于四类过程性信息', labelEn: 'Withheld: process information', group: 'withheld', bases: ['art16_2_process', 'art36_3'], decidable: true },
  withheld_7: { label: '不予公开：属于行政执法案卷', labelEn: 'Withheld: enforcement files', group: 'withheld', bases: ['art16_2_enforcement', 'art36_3'], decidable: true },
  withheld_8: { label: '不予公开：属于行政查询事项', labelEn: 'Withheld: administrative enquiry matter', group: 'withheld', bases: ['art36_7'], decidable: true },
  unavailable_1: { label: '无法提供：本机关不掌握相关政府信息', labelEn: 'Unavailable: not held by this agency', group: 'unavailable', bases: ['art36_4', 'art36_5'], decidable: true },
  unavailable_2: { label: '无法提供：没有现成信息需要另行制作', labelEn: 'Unavailable: would have to be created', group: 'unavailable', bases: ['art38'], decidable: true },
  unavailable_3: { label: '无法提供：补正后申请内容仍不明确', labelEn: 'Unavailable: still unclear after correction', group: 'unavailable', bases: ['art30'], decidable: true },
  not_processed_1: { label: '不予处理：信访举报投诉类申请', labelEn: 'Not processed: petition or complaint', group: 'not_processed', bases: ['art39_1'], decidable: true },
  not_processed_2: { label: '不予处理：重复申请', labelEn: 'Not processed: repeated application', group: 'not_processed', bases: ['art36_6'], decidable: true },
  not_processed_3: { label: '不予处理：要求提供公开出版物', labelEn: 'Not processed: published material', group: 'not_processed', bases: ['art39_2'], decidable: true },
  not_processed_4: { label: '不予处理：无正当理由大量反复申请', labelEn: 'Not processed: excessive applications', group: 'not_processed', bases: ['art35'], decidable: true },
  not_processed_5: { label: '不予处理：要求行政机关确认或重新出具已获取信息', labelEn: 'Not processed: confirmation or re-issue requested', group: 'not_processed', bases: ['art39_1', 'art38'], decidable: true },
  other_1: { label: '其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', labelEn: 'Other: no correction in time', group: 'other', bases: ['art30'], decidable: false },
  other_2: { label: '其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', labelEn: 'Other: fee not paid in time', group: 'other', bases: ['art42_fee'], decidable: false },
  other_3: { label: '其他处理：其他', labelEn: 'Other: other (e.g. withdrawal)', group: 'other', bases: ['withdrawal'], decidable: true },
} as const satisfies Record<string, OutcomeDef>;
/** An outcome (= a 2021 table 三 row key). */
export type Outcome = keyof typeof OUTCOMES;
/** Outcomes in row order. */
export const OUTCOME_LIST = Object.keys(OUTCOMES) as Outcome[];
/** The outcomes staff choose in a decision. */
export const DECIDABLE_OUTCOMES = OUTCOME_LIST.filter((o) => OUTCOMES[o].decidable);

/** Which annual-report template a year uses (domain.md §2.0: 2021 template from the 2021 reports on). */
export function templateOfYear(year: number): '2019' | '2021' {
  return year >= 2021 ? '2021' : '2019';
}

/** The table 三 row key of an outcome for a template: `other_n` collapses to `other` in 2019 (design.md §5.3). */
export function reportRowOf(outcome: Outcome, template: '2019' | '2021'): string {
  return template === '2019' && outcome.startsWith('other_') ? 'other' : outcome;
}

/** The table 三 row keys in order, for a template (design.md §5.3). */
export function table3RowKeys(template: '2019' | '2021'): string[] {
  const outcomes = template === '2019' ? [...OUTCOME_LIST.filter((o) => !o.startsWith('other_')), 'other'] : OUTCOME_LIST;
  return ['new', 'carried_over', ...outcomes, 'total', 'carried_forward'];
}

/** True when a basis may support an outcome. */
export function isBasisAllowed(outcome: Outcome, basis: string): basis is LegalBasisCode {
  return (OUTCOMES[outcome].bases as readonly string[]).includes(basis);
}

/** The citation text of bases, joined for a letter. */
export function citeBases(codes: readonly string[], lang: 'zh' | 'en' = 'zh'): string {
  return codes
    .filter((c): c is LegalBasisCode => c in LEGAL_BASES)
    .map((c) => (lang === 'zh' ? LEGAL_BASES[c].cite : LEGAL_BASES[c].citeEn))
    .join(lang === 'zh' ? '、' : '; ');
}

/** The withheld-part grounds of a partial disclosure (Art. 37: what was not disclosed and why). */
export const WITHHELD_GROUNDS = ['withheld_1', 'withheld_2', 'withheld_3', 'withheld_4', 'withheld_5', 'withheld_6', 'withheld_7', 'withheld_8', 'not_government_info'] as const;
/** A ground for a withheld part. */
export type WithheldGround = (typeof WITHHELD_GROUNDS)[number];

/** Label of a withheld-part ground. */
export function withheldGroundLabel(g: WithheldGround, lang: 'zh' | 'en' = 'zh'): string {
  if (g === 'not_government_info') return lang === 'zh' ? '不属于政府信息' : 'Not government information';
  const o = OUTCOMES[g];
  return lang === 'zh' ? o.label.replace('不予公开：', '') : o.labelEn.replace('Withheld: ', '');
}

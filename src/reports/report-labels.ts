/**
 * The official labels of the annual report templates 《中华人民共和国政府信息公开工作年度报告格式》, as data.
 * 2019 = 国办公开办函〔2019〕60号 (reports for 2019–2020), 2021 = 国办公开办函〔2021〕30号 (reports from 2021).
 * Texts copied from domain.md §2.1–2.4; generators emit exactly these, parsers accept their variants.
 */

/** The two template versions. */
export const TEMPLATES = ['2019', '2021'] as const;
/** A template version, named by the year of its notice. */
export type Template = (typeof TEMPLATES)[number];

/** Section headings 一..六 (domain.md §2.1; the generator emits the short 五 form). */
export const SECTION_HEADINGS = {
  1: '一、总体情况',
  2: '二、主动公开政府信息情况',
  3: '三、收到和处理政府信息公开申请情况',
  4: '四、政府信息公开行政复议、行政诉讼情况',
  5: '五、存在的主要问题及改进情况',
  6: '六、其他需要报告的事项',
} as const;

/** Heading variants seen in published reports that a parser must accept (domain.md §2.1 heading note). */
export const SECTION_HEADING_VARIANTS: Record<1 | 2 | 3 | 4 | 5 | 6, readonly string[]> = {
  1: ['总体情况'],
  2: ['主动公开政府信息情况'],
  3: ['收到和处理政府信息公开申请情况'],
  4: ['政府信息公开行政复议、行政诉讼情况', '因政府信息公开工作被申请行政复议、提起行政诉讼情况', '因政府信息公开申请行政复议、提起行政诉讼的情况', '政府信息公开行政复议行政诉讼情况'],
  5: ['存在的主要问题及改进情况', '政府信息公开工作存在的主要问题及改进情况'],
  6: ['其他需要报告的事项'],
};

/** Table 三 data columns in official order (domain.md §2.3). */
export const TABLE3_COLUMNS = [
  'natural_person',
  'commercial',
  'research',
  'public_interest',
  'legal_services',
  'other_org',
  'total',
] as const;
/** One Table 三 column key. */
export type Table3Column = (typeof TABLE3_COLUMNS)[number];

/** Column labels of Table 三 (header row 2/3). */
export const TABLE3_COLUMN_LABELS: Record<Table3Column, string> = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_services: '法律服务机构',
  other_org: '其他',
  total: '总计',
};

/** The merged top-left cell of Table 三, printed verbatim (R1 stated in the table itself). */
export const TABLE3_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
/** Header over the data columns of Table 三. */
export const TABLE3_APPLICANT_HEADER = '申请人情况';
/** Header over the five organisation columns of Table 三. */
export const TABLE3_ORG_HEADER = '法人或其他组织';

/** A Table 三 row label split into its three label columns (L1 spans rows, L2, L3). */
export interface Table3RowLabel {
  l1: string;
  l2?: string;
  l3?: string;
}

const L1_RESULT = '三、本年度办理结果';
const W = '（三）不予公开';
const U = '（四）无法提供';
const N = '（五）不予处理';
const O = '（六）其他处理';

const ROWS_COMMON_HEAD: [string, Table3RowLabel][] = [
  ['new', { l1: '一、本年新收政府信息公开申请数量' }],
  ['carried_over', { l1: '二、上年结转政府信息公开申请数量' }],
  ['granted', { l1: L1_RESULT, l2: '（一）予以公开' }],
  ['partly_granted', { l1: L1_RESULT, l2: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' }],
  ['withheld_1', { l1: L1_RESULT, l2: W, l3: '1.属于国家秘密' }],
  ['withheld_2', { l1: L1_RESULT, l2: W, l3: '2.其他法律行政法规禁止公开' }],
  ['withheld_3', { l1: L1_RESULT, l2: W, l3: '3.危及“三安全一稳定”' }],
  ['withheld_4', { l1: L1_RESULT, l2: W, l3: '4.保护第三方合法权益' }],
  ['withheld_5', { l1: L1_RESULT, l2: W, l3: '5.属于三类内部事务信息' }],
  ['withheld_6', { l1: L1_RESULT, l2: W, l3: '6.属于四类过程性信息' }],
  ['withheld_7', { l1: L1_RESULT, l2: W, l3: '7.属于行政执法案卷' }],
  ['withheld_8', { l1: L1_RESULT, l2: W, l3: '8.属于行政查询事项' }],
  ['unavailable_1', { l1: L1_RESULT, l2: U, l3: '1.本机关不掌握相关政府信息' }],
  ['unavailable_2', { l1: L1_RESULT, l2: U, l3: '2.没有现成信息需要另行制作' }],
  ['unavailable_3', { l1: L1_RESULT, l2: U, l3: '3.补正后申请内容仍不明确' }],
  ['not_processed_1', { l1: L1_RESULT, l2: N, l3: '1.信访举报投诉类申请' }],
  ['not_processed_2', { l1: L1_RESULT, l2: N, l3: '2.重复申请' }],
  ['not_processed_3', { l1: L1_RESULT, l2: N, l3: '3.要求提供公开出版物' }],
  ['not_processed_4', { l1: L1_RESULT, l2: N, l3: '4.无正当理由大量反复申请' }],
  ['not_processed_5', { l1: L1_RESULT, l2: N, l3: '5.要求行政机关确认或重新出具已获取信息' }],
];
const ROWS_COMMON_TAIL: [string, Table3RowLabel][] = [
  ['total', { l1: L1_RESULT, l2: '（七）总计' }],
  ['carried_forward', { l1: '四、结转下年度继续办理' }],
];

/** Table 三 row keys of the 2019 template, in official order (design.md §5.3). */
export const TABLE3_ROWS_2019 = [
  ...ROWS_COMMON_HEAD.map(([k]) => k),
  'other',
  ...ROWS_COMMON_TAIL.map(([k]) => k),
] as const;
/** Table 三 row keys of the 2021 template, in official order (design.md §5.3). */
export const TABLE3_ROWS_2021 = [
  ...ROWS_COMMON_HEAD.map(([k]) => k),
  'other_1',
  'other_2',
  'other_3',
  ...ROWS_COMMON_TAIL.map(([k]) => k),
] as const;

/** Labels of every Table 三 row, per template, in official order. */
export const TABLE3_ROW_LABELS: Record<Template, ReadonlyArray<readonly [string, Table3RowLabel]>> = {
  '2019': [...ROWS_COMMON_HEAD, ['other', { l1: L1_RESULT, l2: O }], ...ROWS_COMMON_TAIL],
  '2021': [
    ...ROWS_COMMON_HEAD,
    ['other_1', { l1: L1_RESULT, l2: O, l3: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请' }],
    ['other_2', { l1: L1_RESULT, l2: O, l3: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请' }],
    ['other_3', { l1: L1_RESULT, l2: O, l3: '3.其他' }],
    ...ROWS_COMMON_TAIL,
  ],
};

/** The outcome rows that make up （七）总计 (R3), per template. */
export function outcomeRowKeys(template: Template): string[] {
  const rows = template === '2019' ? TABLE3_ROWS_2019 : TABLE3_ROWS_2021;
  return rows.filter((k) => !['new', 'carried_over', 'total', 'carried_forward'].includes(k));
}

/** Table 四 group labels and the five result columns of each group (domain.md §2.4). */
export const TABLE4_GROUPS = [
  { key: 'reconsideration', label: '行政复议', parent: null },
  { key: 'litigation_direct', label: '未经复议直接起诉', parent: '行政诉讼' },
  { key: 'litigation_after', label: '复议后起诉', parent: '行政诉讼' },
] as const;
/** The five result columns under each Table 四 group. */
export const TABLE4_RESULTS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
/** `where` names of the 15 Table 四 cells, in order (`table4.reconsideration.upheld` …). */
export const TABLE4_CELL_NAMES: readonly string[] = TABLE4_GROUPS.flatMap((g) =>
  TABLE4_RESULTS.map((r) => `${g.key}.${r.key}`),
);

/** One Table 二 row: its key, label, and the field keys of its cells in column order. */
export interface Table2RowSpec {
  key: string;
  label: string;
  fields: readonly string[];
}
/** One Table 二 block, introduced by its caption 第二十条第（N）项. */
export interface Table2BlockSpec {
  caption: string;
  columns: readonly string[];
  rows: readonly Table2RowSpec[];
}

const COUNT_2019 = ['previousYear', 'change', 'decisions'] as const;

/** Table 二 of each template: blocks, column labels, row labels and field keys (domain.md §2.2). */
export const TABLE2_SPEC: Record<Template, readonly Table2BlockSpec[]> = {
  '2019': [
    {
      caption: '第二十条第（一）项',
      columns: ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
      rows: [
        { key: 'regulations', label: '规章', fields: ['made', 'published', 'totalPublic'] },
        { key: 'normative_documents', label: '规范性文件', fields: ['made', 'published', 'totalPublic'] },
      ],
    },
    {
      caption: '第二十条第（五）项',
      columns: ['上一年项目数量', '本年增/减', '处理决定数量'],
      rows: [
        { key: 'licensing', label: '行政许可', fields: COUNT_2019 },
        { key: 'other_services', label: '其他对外管理服务事项', fields: COUNT_2019 },
      ],
    },
    {
      caption: '第二十条第（六）项',
      columns: ['上一年项目数量', '本年增/减', '处理决定数量'],
      rows: [
        { key: 'penalties', label: '行政处罚', fields: COUNT_2019 },
        { key: 'coercion', label: '行政强制', fields: COUNT_2019 },
      ],
    },
    {
      caption: '第二十条第（八）项',
      columns: ['上一年项目数量', '本年增/减'],
      rows: [{ key: 'fees', label: '行政事业性收费', fields: ['previousYear', 'change'] }],
    },
    {
      caption: '第二十条第（九）项',
      columns: ['采购项目数量', '采购总金额'],
      rows: [{ key: 'procurement', label: '政府集中采购', fields: ['projects', 'amount'] }],
    },
  ],
  '2021': [
    {
      caption: '第二十条第（一）项',
      columns: ['本年制发件数', '本年废止件数', '现行有效件数'],
      rows: [
        { key: 'regulations', label: '规章', fields: ['made', 'repealed', 'inForce'] },
        { key: 'normative_documents', label: '行政规范性文件', fields: ['made', 'repealed', 'inForce'] },
      ],
    },
    {
      caption: '第二十条第（五）项',
      columns: ['本年处理决定数量'],
      rows: [{ key: 'licensing', label: '行政许可', fields: ['decisions'] }],
    },
    {
      caption: '第二十条第（六）项',
      columns: ['本年处理决定数量'],
      rows: [
        { key: 'penalties', label: '行政处罚', fields: ['decisions'] },
        { key: 'coercion', label: '行政强制', fields: ['decisions'] },
      ],
    },
    {
      caption: '第二十条第（八）项',
      columns: ['本年收费金额（单位：万元）'],
      rows: [{ key: 'fees', label: '行政事业性收费', fields: ['amount10kYuan'] }],
    },
  ],
};

/** Table captions (the generator's headings above each table). */
export const TABLE_TITLES = {
  table2: '主动公开政府信息情况',
  table3: '收到和处理政府信息公开申请情况',
  table4: '政府信息公开行政复议、行政诉讼情况',
} as const;

/**
 * The catalogue's category tree (主题分类): the items of Regulation Art. 20 as observed on provincial department
 * portals (domain.md §4.3), the science-and-technology items the seed reports, and the news columns beside the
 * catalogue. Agencies extend it with their own categories (stored in catalogue_categories).
 */
import type { ItemKind } from './catalogue.ts';

/** One category node. */
export interface Category {
  code: string;
  parent: string | null;
  zh: string;
  en: string;
  /** 'document' = the disclosure catalogue; 'news' = a news column (政务动态, 通知公告, 工作动态). */
  kind: ItemKind;
  /** The Art. 20 item(s) it discloses, for the 法定主动公开内容 page. */
  art20?: number[];
  /** True for categories an agency added. */
  custom?: boolean;
}

/** The built-in tree in display order. */
export const DEFAULT_CATEGORIES: readonly Category[] = [
  { code: 'jgzn', parent: null, zh: '机构职能', en: 'Functions and organisation', kind: 'document', art20: [2] },
  { code: 'fgwj', parent: null, zh: '法规文件', en: 'Regulations and documents', kind: 'document', art20: [1] },
  { code: 'gfxwj', parent: 'fgwj', zh: '规范性文件', en: 'Normative documents', kind: 'document', art20: [1] },
  { code: 'qtwj', parent: 'fgwj', zh: '其他文件', en: 'Other documents', kind: 'document', art20: [1] },
  { code: 'zcjd', parent: null, zh: '政策解读', en: 'Policy interpretations', kind: 'document', art20: [1] },
  { code: 'ghjh', parent: null, zh: '规划计划', en: 'Plans', kind: 'document', art20: [3] },
  { code: 'tjxx', parent: null, zh: '统计信息', en: 'Statistics', kind: 'document', art20: [4] },
  { code: 'czzj', parent: null, zh: '财政资金', en: 'Public finance', kind: 'document', art20: [7] },
  { code: 'ys', parent: 'czzj', zh: '部门预算', en: 'Budgets', kind: 'document', art20: [7] },
  { code: 'js', parent: 'czzj', zh: '部门决算', en: 'Final accounts', kind: 'document', art20: [7] },
  { code: 'sgjf', parent: 'czzj', zh: '“三公”经费', en: '"Three public expenses"', kind: 'document', art20: [7] },
  { code: 'zfcg', parent: null, zh: '政府采购', en: 'Government procurement', kind: 'document', art20: [9] },
  { code: 'rsxx', parent: null, zh: '人事信息', en: 'Personnel', kind: 'document', art20: [14] },
  { code: 'xzxk', parent: null, zh: '行政许可', en: 'Administrative licensing', kind: 'document', art20: [5] },
  { code: 'xzzf', parent: null, zh: '行政执法', en: 'Law enforcement', kind: 'document', art20: [6] },
  { code: 'kjgl', parent: null, zh: '科技管理', en: 'Science and technology management', kind: 'document', art20: [5, 11] },
  { code: 'jshtdj', parent: 'kjgl', zh: '技术合同登记', en: 'Technology contract registration', kind: 'document', art20: [5] },
  { code: 'kjjl', parent: 'kjgl', zh: '科技奖励', en: 'Science and technology awards', kind: 'document', art20: [5] },
  { code: 'gxjsqy', parent: 'kjgl', zh: '高新技术企业认定', en: 'High-tech enterprise recognition', kind: 'document', art20: [5] },
  { code: 'jszysf', parent: 'kjgl', zh: '技术转移示范机构', en: 'Technology transfer demonstration bodies', kind: 'document', art20: [5] },
  { code: 'kjxm', parent: 'kjgl', zh: '科技项目', en: 'Science and technology projects', kind: 'document', art20: [11] },
  { code: 'xwfbh', parent: null, zh: '新闻发布会', en: 'Press conferences', kind: 'document', art20: [15] },
  { code: 'zjyj', parent: null, zh: '征集意见', en: 'Public consultation', kind: 'document', art20: [15] },
  { code: 'yjgl', parent: null, zh: '应急管理', en: 'Emergency management', kind: 'document', art20: [12] },
  { code: 'ndbg', parent: null, zh: '年度报告', en: 'Annual reports', kind: 'document', art20: [15] },
  { code: 'zwdt', parent: null, zh: '政务动态', en: 'Government news', kind: 'news' },
  { code: 'tzgg', parent: null, zh: '通知公告', en: 'Notices', kind: 'news' },
  { code: 'gzdt', parent: null, zh: '工作动态', en: 'Work updates', kind: 'news' },
];

/** The news columns the agency home shows the latest of. */
export const NEWS_COLUMNS = ['zwdt', 'tzgg', 'gzdt'] as const;

/** The code of normative documents; items in it (or flagged normative) carry validity. */
export const NORMATIVE_CATEGORY = 'gfxwj';

/** The code of 规章 (government rules); the category exists only at agencies with rule-making power. */
export const RULE_CATEGORY = 'gz';

/**
 * 规章 (Art. 20（一）; annual report table 二 第二十条第（一）项 row 规章): made only by people's governments with
 * rule-making power (《立法法》第九十三条: 省、自治区、直辖市和设区的市、自治州的人民政府). Its items carry validity like
 * normative documents but are counted in their own row.
 */
export const RULE_CATEGORY_NODE: Category = { code: RULE_CATEGORY, parent: 'fgwj', zh: '规章', en: 'Government rules', kind: 'document', art20: [1] };
/** The code of policy interpretations. */
export const INTERPRETATION_CATEGORY = 'zcjd';

/** Art. 20 items, for the 法定主动公开内容 page (domain.md §3.1). */
export const ART20_ITEMS: readonly { n: number; zh: string }[] = [
  { n: 1, zh: '（一）行政法规、规章和规范性文件' },
  { n: 2, zh: '（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名' },
  { n: 3, zh: '（三）国民经济和社会发展规划、专项规划、区域规划及相关政策' },
  { n: 4, zh: '（四）国民经济和社会发展统计信息' },
  { n: 5, zh: '（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果' },
  { n: 6, zh: '（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定' },
  { n: 7, zh: '（七）财政预算、决算信息' },
  { n: 8, zh: '（八）行政事业性收费项目及其依据、标准' },
  { n: 9, zh: '（九）政府集中采购项目的目录、标准及实施情况' },
  { n: 10, zh: '（十）重大建设项目的批准和实施情况' },
  { n: 11, zh: '（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况' },
  { n: 12, zh: '（十二）突发公共事件的应急预案、预警信息及应对情况' },
  { n: 13, zh: '（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况' },
  { n: 14, zh: '（十四）公务员招考的职位、名额、报考条件等事项以及录用结果' },
  { n: 15, zh: '（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息' },
];

/** A category tree for one agency: built-ins plus its own, with lookups. */
export class CategoryTree {
  readonly all: readonly Category[];
  private readonly byCode: Map<string, Category>;
  /** `ruleMaking`: the agency makes 规章, so the tree has the 规章 category (first under 法规文件). */
  constructor(custom: readonly Category[] = [], opts: { ruleMaking?: boolean } = {}) {
    const builtIn = opts.ruleMaking
      ? DEFAULT_CATEGORIES.flatMap((c) => (c.code === RULE_CATEGORY_NODE.parent ? [c, RULE_CATEGORY_NODE] : [c]))
      : DEFAULT_CATEGORIES;
    this.all = [...builtIn, ...custom.filter((c) => !builtIn.some((d) => d.code === c.code))];
    this.byCode = new Map(this.all.map((c) => [c.code, c]));
  }
  /** The category, or undefined. */
  get(code: string): Category | undefined {
    return this.byCode.get(code);
  }
  /** Label in a language (zh for zh-CN/zh-TW). */
  label(code: string, lang: string): string {
    const c = this.byCode.get(code);
    if (!c) return code;
    return lang === 'en' ? c.en : c.zh;
  }
  /** Children of a node (null = top level), optionally of one kind. */
  children(parent: string | null, kind?: ItemKind): Category[] {
    return this.all.filter((c) => c.parent === parent && (!kind || c.kind === kind));
  }
  /** The code and every descendant's code (browsing a parent shows its children's items). */
  withDescendants(code: string): string[] {
    const out = [code];
    for (let i = 0; i < out.length; i++) for (const c of this.all) if (c.parent === out[i]) out.push(c.code);
    return out;
  }
  /** The path from the top to the category, for breadcrumbs and “综合政务\\政务公开”-style display. */
  path(code: string): Category[] {
    const out: Category[] = [];
    for (let c = this.byCode.get(code); c; c = c.parent ? this.byCode.get(c.parent) : undefined) out.unshift(c);
    return out;
  }
}

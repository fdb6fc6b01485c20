/**
 * The power and responsibility list (权责清单): each item an agency may exercise, with its legal basis, the body that
 * implements it, the scope of its authority, the process, how it is supervised and the accountability rules. Items
 * are versioned by effective date, so the list "in force on a day" is well defined, and the number of items in force
 * at a year's end feeds 上一年项目数量 and 本年增/减 of table 二 (2019 template; domain.md §2.2.1).
 */
import { z } from 'zod';

/** Kinds of administrative power (the categories of 权责清单 in the 国务院 guidance on 权力清单和责任清单). */
export const POWER_KINDS = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  levy: '行政征收',
  benefit: '行政给付',
  inspection: '行政检查',
  confirmation: '行政确认',
  reward: '行政奖励',
  adjudication: '行政裁决',
  other: '其他',
} as const;
/** A power kind. */
export type PowerKind = keyof typeof POWER_KINDS;
/** English labels of the kinds. */
export const POWER_KINDS_EN: Record<PowerKind, string> = {
  licensing: 'Licensing', penalty: 'Penalty', coercion: 'Coercive measure', levy: 'Levy', benefit: 'Benefit',
  inspection: 'Inspection', confirmation: 'Confirmation', reward: 'Reward', adjudication: 'Adjudication', other: 'Other',
};

/**
 * The table 二 row an item kind counts in (2019 template, 第二十条第（五）（六）项). 行政许可 is its own row; 行政处罚
 * and 行政强制 are the （六） rows; the remaining external management and service items (给付, 检查, 确认, 奖励, 裁决,
 * 其他) make 其他对外管理服务事项. 行政征收 counts nowhere here: fees are the （八） row, counted from the fee register.
 */
export function table2RowOfKind(kind: PowerKind): 'licensing' | 'penalties' | 'coercion' | 'other_services' | null {
  if (kind === 'licensing') return 'licensing';
  if (kind === 'penalty') return 'penalties';
  if (kind === 'coercion') return 'coercion';
  if (kind === 'levy') return null;
  return 'other_services';
}

/** A law and article an item rests on. */
export interface LegalBasis {
  law: string;
  article: string;
}

/** One step of an item's process. */
export interface ProcessStep {
  name: string;
  description: string;
  /** e.g. "5个工作日"; free text as the lists write it. */
  timeLimit: string;
}

/** The fields of one version of an item. */
export interface PowerItemFields {
  code: string;
  kind: PowerKind;
  name: string;
  implementingBody: string;
  scope: string;
  legalBasis: LegalBasis[];
  steps: ProcessStep[];
  supervisionChannel: string;
  supervisionPhone: string;
  accountability: string;
  effectiveOn: string;
}

/** An item as it stands on some day: its fields, version and identity. */
export interface PowerItem extends PowerItemFields {
  itemId: string;
  versionId: string;
  versionNo: number;
  repealed: boolean;
  isDemo: boolean;
}

/** Removes control characters (NUL breaks PostgreSQL text; none belongs in a form) but keeps tabs and line breaks. */
export function stripControl(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** True for identifiers and codes that may reach a query (ids, 事项编码, tracking codes): letters, digits, - _ . */
export function isSafeKey(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9A-Za-z\-_.]{1,64}$/.test(s);
}

/** A required, trimmed text field with Chinese messages naming it. */
export const text = (max: number, label: string) =>
  z.string({ error: `请填写${label}` }).transform(stripControl).pipe(z.string().trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}不能超过${max}个字` }));
/** An optional trimmed text field (default ''). */
export const optText = (max: number, label: string) =>
  z.string().transform(stripControl).pipe(z.string().trim().max(max, { error: `${label}不能超过${max}个字` })).default('');
/** A form checkbox ("on") or JSON boolean. */
export const checkbox = z.preprocess((v) => v === true || v === 'on' || v === '1' || v === 'true', z.boolean());

/** A calendar date YYYY-MM-DD that exists. */
export const IsoDateInput = z
  .string({ error: '请填写日期' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1949-10-01' && s <= '2099-12-31';
  }, { error: '日期不存在' });

/** A phone number as agencies write them (digits, brackets, dashes, 转). */
export const PhoneInput = z
  .string()
  .trim()
  .max(60, { error: '电话不能超过60个字符' })
  .regex(/^[0-9()（）+\-\s、,，转]*$/, { error: '电话号码只能包含数字、括号、空格和“-”' });

/** Validated input of one item version (staff form, API and spreadsheet rows). */
export const PowerItemInput = z.object({
  code: z.string({ error: '请填写事项编码' }).trim().min(1, { error: '请填写事项编码' }).max(64, { error: '事项编码不能超过64个字符' })
    .regex(/^[0-9A-Za-z\-_.]+$/, { error: '事项编码只能包含字母、数字、“-”“_”“.”' }),
  kind: z.enum(Object.keys(POWER_KINDS) as [PowerKind, ...PowerKind[]], { error: `事项类别应为：${Object.values(POWER_KINDS).join('、')}` }),
  name: text(200, '事项名称'),
  implementingBody: text(200, '实施主体'),
  scope: optText(4000, '职责权限'),
  legalBasis: z.array(z.object({ law: text(200, '法律法规名称'), article: optText(2000, '条款') })).max(50).default([]),
  steps: z.array(z.object({ name: text(100, '环节名称'), description: optText(2000, '办理内容'), timeLimit: optText(100, '办理时限') })).max(30).default([]),
  supervisionChannel: optText(500, '监督方式'),
  supervisionPhone: PhoneInput.default(''),
  accountability: optText(4000, '追责情形'),
  effectiveOn: IsoDateInput,
});
/** Parsed item input. */
export type PowerItemInput = z.infer<typeof PowerItemInput>;

/** Kind from its Chinese label or code (spreadsheets carry the label). */
export function powerKindFromLabel(label: string): PowerKind | undefined {
  const s = label.trim();
  for (const [k, v] of Object.entries(POWER_KINDS)) if (v === s || k === s) return k as PowerKind;
  return undefined;
}

/** The text a search over items matches against (name, code, basis, body, scope). */
export function powerSearchText(f: PowerItemFields): string {
  return [f.code, f.name, f.implementingBody, f.scope, ...f.legalBasis.map((b) => `${b.law} ${b.article}`)].join(' ').toLowerCase();
}

/** True when two versions carry the same public content (an import does not create a version for no change). */
export function sameItemContent(a: PowerItemFields, b: PowerItemFields): boolean {
  const pick = (f: PowerItemFields) => JSON.stringify([f.kind, f.name, f.implementingBody, f.scope, f.legalBasis, f.steps,
    f.supervisionChannel, f.supervisionPhone, f.accountability]);
  return pick(a) === pick(b);
}

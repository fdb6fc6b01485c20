/**
 * Agencies (行政机关): a tree of province → department → unit. What the public sees as 机构信息 (Regulations Art.
 * 20(二): 机构设置、职能、办事程序等机构信息) and what every record is scoped by.
 */
import { z } from 'zod';

/** Kinds of agency; the kind decides the annual-report deadline (Art. 49: 部门 31 January, 政府 31 March). */
export const AGENCY_KINDS = {
  government: '人民政府', // a people's government at some level
  department: '政府部门', // a department of a government, e.g. 省科学技术厅
  unit: '其他单位', // a unit under a department (法律法规授权组织 etc.)
} as const;
/** An agency kind. */
export type AgencyKind = keyof typeof AGENCY_KINDS;

/** A leader of an agency (领导信息). */
export interface AgencyLeader {
  id: string;
  name: string;
  title: string;
  duties: string;
}

/** An internal unit (内设机构) or affiliated unit (直属单位). */
export interface AgencyUnit {
  id: string;
  kind: 'internal' | 'affiliated';
  name: string;
  head: string;
  phone: string;
  functions: string;
}

/** An agency with its public organisation information. */
export interface Agency {
  id: string;
  code: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  shortName: string;
  nameEn: string;
  creditCode: string;
  orgCode: string;
  address: string;
  postcode: string;
  officeHours: string;
  phone: string;
  fax: string;
  email: string;
  website: string;
  functions: string;
  isDemo: boolean;
  version: number;
  updatedAt: string;
}

/** An agency with leaders and units, for the 机构信息 page. */
export interface AgencyProfile extends Agency {
  leaders: AgencyLeader[];
  units: AgencyUnit[];
  parent?: { code: string; name: string };
  children: { code: string; name: string }[];
}

const phone = z
  .string()
  .trim()
  .max(60)
  .regex(/^[0-9()（）+\-\s、,，转]*$/, { error: '电话号码只能包含数字、括号、空格和“-”' });

/** The editable fields of an agency's organisation information (staff form and API). */
export const AgencyInfoInput = z.object({
  name: z.string().trim().min(2, { error: '请填写机构全称' }).max(100),
  shortName: z.string().trim().min(1, { error: '请填写机构简称' }).max(40),
  nameEn: z.string().trim().max(200).default(''),
  address: z.string().trim().max(200).default(''),
  postcode: z.string().trim().regex(/^(\d{6})?$/, { error: '邮政编码应为6位数字' }).default(''),
  officeHours: z.string().trim().max(200).default(''),
  phone: phone.default(''),
  fax: phone.default(''),
  email: z.union([z.literal(''), z.email({ error: '电子邮箱格式不正确' })]).default(''),
  website: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: '网址应以 http:// 或 https:// 开头' })]).default(''),
  functions: z.string().trim().max(20000).default(''),
  version: z.coerce.number().int().min(1),
});
/** Parsed agency information input. */
export type AgencyInfoInput = z.infer<typeof AgencyInfoInput>;

/** A leader row of the staff form (领导信息). */
export const AgencyLeaderInput = z.object({
  name: z.string().trim().min(1, { error: '请填写姓名' }).max(50),
  title: z.string().trim().min(1, { error: '请填写职务' }).max(100),
  duties: z.string().trim().max(1000).default(''),
});

/** An internal or affiliated unit row of the staff form (内设机构、直属单位). */
export const AgencyUnitInput = z.object({
  kind: z.enum(['internal', 'affiliated']),
  name: z.string().trim().min(1, { error: '请填写名称' }).max(100),
  head: z.string().trim().max(50).default(''),
  phone: phone.default(''),
  functions: z.string().trim().max(2000).default(''),
});

/** Leaders and units in display order; given together with the information, they replace the current lists. */
export const AgencyStructureInput = z.object({
  leaders: z.array(AgencyLeaderInput).max(50).optional(),
  units: z.array(AgencyUnitInput).max(200).optional(),
});
/** Parsed leaders and units. */
export type AgencyStructureInput = z.infer<typeof AgencyStructureInput>;

/** 统一社会信用代码 (GB 32100-2015): 18 characters with a check character. */
export function isValidCreditCode(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(code[i]) * weights[i];
  const check = (31 - (sum % 31)) % 31;
  return chars[check] === code[17];
}

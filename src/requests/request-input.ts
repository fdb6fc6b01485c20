/**
 * The application as submitted (Regulations Art. 29; design.md §5.4 field names) and as registered by staff (Art. 31
 * channels), validated with zod into per-field Chinese messages.
 */
import { z } from 'zod';
import { isValidCreditCode } from '../agencies/agency.ts';
import { residentIdProblem } from '../platform/privacy/pii-scan.ts';
import { APPLICANT_KIND_LIST, CHANNELS, DELIVERIES, FORMATS, ID_TYPES } from './request.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

// Control characters never belong in an application; everything else is kept and escaped at render.
// `required` is the message when the field is missing altogether (blank form fields are left out before parsing).
const text = (max: number, required?: string) => z.string(required ? { error: required } : undefined).trim().max(max, { error: `不能超过${max}个字符` }).transform((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ''));
const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, text(max).optional());

const PHONE_RE = /^\+?[0-9][0-9\-\s()]{5,24}$/;

/** The applicant block of design.md §5.4. */
export const ApplicantInput = z.object({
  kind: z.enum(APPLICANT_KIND_LIST as [string, ...string[]], { error: '请选择申请人类型' }),
  name: text(100, '请填写申请人姓名或名称').pipe(z.string().min(1, { error: '请填写申请人姓名或名称' })),
  idType: z.preprocess(blankToUndefined, z.enum(keys(ID_TYPES), { error: '请选择证件类型' }).optional()),
  idNumber: optionalText(40),
  creditCode: optionalText(18).transform((s) => s?.toUpperCase()),
  contactName: optionalText(50),
  phone: optionalText(30),
  email: optionalText(200),
  address: optionalText(200),
  postcode: optionalText(6),
});

/** What an application needs beyond the applicant (Art. 29(二)(三)). */
const RequestFields = {
  agency: z.string().trim().min(1, { error: '请选择受理机关' }).max(64),
  applicant: ApplicantInput,
  title: optionalText(200),
  description: text(5000, '请描述所需政府信息（名称、文号或便于查询的特征性描述）').pipe(z.string().min(4, { error: '请描述所需政府信息（名称、文号或便于查询的特征性描述）' })),
  documentNumber: optionalText(100),
  format: z.enum(keys(FORMATS), { error: '请选择信息的形式' }).default('electronic'),
  delivery: z.enum(keys(DELIVERIES), { error: '请选择获取方式' }).default('online'),
};

/** Cross-field rules of Art. 29(一): identity of natural persons, credit code and contact of organisations, contact. */
function checkApplicant(a: z.infer<typeof ApplicantInput>, delivery: string, ctx: z.RefinementCtx, today?: string): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: ['applicant', path], message });
  if (a.kind === 'natural_person') {
    if (!a.idType) issue('idType', '请选择证件类型');
    if (!a.idNumber) issue('idNumber', '请填写证件号码');
    else if (a.idType === 'resident_id') {
      const p = residentIdProblem(a.idNumber, today);
      if (p === 'format') issue('idNumber', '居民身份证号码应为18位（最后一位可以是X）');
      if (p === 'birth_date') issue('idNumber', '居民身份证号码中的出生日期不存在');
      if (p === 'check_digit') issue('idNumber', '居民身份证号码校验位不正确，请核对');
    } else if (!/^[0-9A-Za-z()（）\-]{5,40}$/.test(a.idNumber)) issue('idNumber', '证件号码格式不正确');
  } else {
    if (!a.creditCode) issue('creditCode', '请填写统一社会信用代码');
    else if (!isValidCreditCode(a.creditCode)) issue('creditCode', '统一社会信用代码不正确（18位，含校验位），请核对');
    if (!a.contactName) issue('contactName', '请填写联系人姓名');
  }
  if (!a.phone && !a.email && !a.address) issue('phone', '请至少填写一种联系方式（电话、电子邮箱或通信地址）');
  if (a.phone && !PHONE_RE.test(a.phone)) issue('phone', '电话号码格式不正确');
  if (a.email && !z.email().safeParse(a.email).success) issue('email', '电子邮箱格式不正确');
  if (a.postcode && !/^\d{6}$/.test(a.postcode)) issue('postcode', '邮政编码应为6位数字');
  if (delivery === 'email' && !a.email) issue('email', '选择电子邮件方式获取时，请填写电子邮箱');
  if (delivery === 'post' && !a.address) issue('address', '选择邮寄方式获取时，请填写通信地址');
}

/**
 * The Art. 29(一) checks run even when other fields failed (a missing name or description), so one submission shows
 * every problem at once instead of revealing the identity and contact errors only on the second try; they are skipped
 * only when the applicant block itself is malformed (not an object, or a field of the wrong type).
 */
const CROSS_FIELD_CHECKS = {
  when: (p: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) => {
    const applicant = (p.value as { applicant?: unknown } | null)?.applicant;
    return typeof applicant === 'object' && applicant !== null
      && p.issues.every((i) => i.path?.[0] !== 'applicant' || i.path?.[1] === 'name');
  },
};

/** An online application (POST /api/v1/requests and the portal form). `today` bounds birth dates. */
export function applicationSchema(today?: string) {
  return z.object(RequestFields).superRefine((v, ctx) => checkApplicant(v.applicant, v.delivery, ctx, today), CROSS_FIELD_CHECKS);
}
/** A parsed application. */
export type ApplicationInput = z.infer<ReturnType<typeof applicationSchema>>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

/** An application staff register from another channel, with the dates Art. 31 needs for its receipt date. */
export function registrationSchema(today?: string) {
  return z
    .object({
      ...RequestFields,
      channel: z.enum(keys(CHANNELS), { error: '请选择收到申请的方式' }),
      submittedOn: isoDate.optional(),
      signedOn: isoDate.optional(),
      confirmedOn: isoDate.optional(),
    })
    .superRefine((v, ctx) => checkApplicant(v.applicant, v.delivery, ctx, today), CROSS_FIELD_CHECKS);
}
/** A parsed staff registration. */
export type RegistrationInput = z.infer<ReturnType<typeof registrationSchema>>;

/** The applicant's identity and contact fields, normalised, as the store seals them. */
export interface ApplicantData {
  kind: string;
  name: string;
  idType?: string;
  idNumber?: string;
  creditCode?: string;
  contactName?: string;
  phone?: string;
  email?: string;
  address?: string;
  postcode?: string;
}

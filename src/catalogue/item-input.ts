/**
 * The fields staff fill in for an item (form and staff API), validated and normalised: 发文字号 to the official
 * form, HTML sanitised, the disclosure attribute's ground required when not 主动公开 (Arts. 14–16).
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar/dates.ts';
import { InvalidInput } from '../errors.ts';
import { sanitizeRichText } from '../platform/html/sanitize.ts';
import { parseInput } from '../platform/validation.ts';
import { DISCLOSURE_ATTRIBUTES, INTERPRETATION_FORMS, NON_DISCLOSURE_GROUNDS } from './catalogue.ts';
import { parseDocumentNumber } from './document-number.ts';

const date = z.string().trim().refine((v) => v === '' || isIsoDate(v), { error: '日期格式应为 YYYY-MM-DD' });
const optionalText = (max: number) => z.string().trim().max(max, { error: `不能超过${max}个字` }).default('');
const checkbox = z.union([z.boolean(), z.literal('on'), z.literal('1'), z.literal('true'), z.literal('')]).optional()
  .transform((v) => v === true || v === 'on' || v === '1' || v === 'true');

/** Raw item fields as submitted. */
export const ItemInputSchema = z.object({
  categoryCode: z.string().trim().min(1, { error: '请选择分类' }).max(40),
  title: z.string().trim().min(2, { error: '请填写标题' }).max(300, { error: '标题不能超过300个字' }),
  documentNumber: optionalText(60),
  issuer: optionalText(100),
  subjectWords: optionalText(200),
  summary: optionalText(1000),
  formedOn: date.default(''),
  bodyHtml: z.string().max(2_000_000, { error: '正文过长' }).default(''),
  disclosure: z.enum(Object.keys(DISCLOSURE_ATTRIBUTES) as [keyof typeof DISCLOSURE_ATTRIBUTES], { error: '请选择公开属性' }).default('proactive'),
  disclosureGround: z.union([z.literal(''), z.enum(Object.keys(NON_DISCLOSURE_GROUNDS) as [keyof typeof NON_DISCLOSURE_GROUNDS])]).default(''),
  disclosureNote: optionalText(1000),
  isNormative: checkbox,
  effectiveOn: date.default(''),
  replacesRef: optionalText(80),
  replacesAs: z.enum(['revised', 'repealed']).default('revised'),
  interpretsRef: optionalText(80),
  interpretationForm: z.union([z.literal(''), z.enum(Object.keys(INTERPRETATION_FORMS) as [keyof typeof INTERPRETATION_FORMS])]).default(''),
  videoUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: '视频链接应以 http:// 或 https:// 开头' })]).default(''),
});

/** Validated item fields, before references are resolved. */
export interface ItemFields {
  categoryCode: string;
  title: string;
  documentNumber: string | null;
  issuer: string;
  subjectWords: string;
  summary: string;
  formedOn: string | null;
  bodyHtml: string;
  disclosure: keyof typeof DISCLOSURE_ATTRIBUTES;
  disclosureGround: keyof typeof NON_DISCLOSURE_GROUNDS | null;
  disclosureNote: string;
  isNormative: boolean;
  effectiveOn: string | null;
  replacesRef: string;
  replacesAs: 'revised' | 'repealed';
  interpretsRef: string;
  interpretationForm: keyof typeof INTERPRETATION_FORMS | null;
  videoUrl: string;
}

/** Parses and normalises item fields; `tolerant` accepts old-style document numbers (imports). */
export function parseItemFields(raw: unknown, opts: { tolerant?: boolean } = {}): ItemFields {
  const v = parseInput(ItemInputSchema, raw);
  const fields: Record<string, string> = {};
  let documentNumber: string | null = null;
  if (v.documentNumber) {
    const r = parseDocumentNumber(v.documentNumber, { tolerant: opts.tolerant });
    if (r.ok) documentNumber = r.value.text;
    else fields.documentNumber = r.message;
  }
  if (v.disclosure !== 'proactive' && !v.disclosureGround) {
    fields.disclosureGround = '依申请公开或不予公开的，须选择依据（条例第十四条至第十六条）';
  }
  if (v.disclosure === 'proactive' && v.disclosureGround) {
    fields.disclosureGround = '主动公开的信息不需要不予公开的依据';
  }
  if (Object.keys(fields).length) throw new InvalidInput('提交的内容有误，请检查标出的项目', fields);
  return {
    categoryCode: v.categoryCode,
    title: v.title.replace(/\s+/g, ' '),
    documentNumber,
    issuer: v.issuer,
    subjectWords: v.subjectWords,
    summary: v.summary,
    formedOn: v.formedOn || null,
    bodyHtml: sanitizeRichText(v.bodyHtml),
    disclosure: v.disclosure,
    disclosureGround: v.disclosureGround || null,
    disclosureNote: v.disclosureNote,
    isNormative: v.isNormative,
    effectiveOn: v.effectiveOn || null,
    replacesRef: v.replacesRef,
    replacesAs: v.replacesAs,
    interpretsRef: v.interpretsRef,
    interpretationForm: v.interpretationForm || null,
    videoUrl: v.videoUrl,
  };
}

/**
 * Languages of the UI: Simplified Chinese by default, Traditional Chinese by conversion (OpenCC `s2twp`, with a small
 * dictionary for words it gets wrong), English for foreign visitors. Views write Chinese and English side by side with
 * `msg`; zh-TW pages are the zh-CN output converted once (and cached with the page). The converters are OpenCC's
 * dictionaries in a compact form (zh-convert.ts: same output as opencc-js, a fifth of the memory), each loaded on its
 * first use.
 */
import { simplifiedToTaiwan, traditionalToSimplified } from './zh-convert.ts';

/** The supported UI languages (design.md §5.4 `?lang=`). */
export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const;
/** A UI language. */
export type Lang = (typeof LANGS)[number];

/** Parses a language tag; anything else is undefined. */
export function parseLang(v: unknown): Lang | undefined {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v) ? (v as Lang) : undefined;
}

/** Picks the Chinese or English text for a language (zh-TW uses the Chinese, converted later). */
export function msg(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

/** A function bound to a language: `t('机构信息', 'Organisation')`. */
export type Translate = (zh: string, en: string) => string;

/** Binds `msg` to a language. */
export function translator(lang: Lang): Translate {
  return lang === 'en' ? (_zh, en) => en : (zh) => zh;
}

// Words opencc's Taiwan-phrase table renders in ways that read wrongly for mainland government texts.
// Official documents stay 文件 (a 檔案 is a computer file); annual-report 项目 stay 項目, not 專案.
const TW_FIXES: [string, string][] = [
  ['規範性檔案', '規範性文件'],
  ['政策檔案', '政策文件'],
  ['法規檔案', '法規文件'],
  ['紅頭檔案', '紅頭文件'],
  ['檔案號', '文件號'],
  ['專案', '項目'],
  ['賬號', '帳號'],
];

let toTw: ((s: string) => string) | undefined;
let toCn: ((s: string) => string) | undefined;

/** Converts Simplified Chinese (text or whole HTML) to Traditional with Taiwan phrases. */
export function toTraditional(s: string): string {
  const convert = (toTw ??= simplifiedToTaiwan());
  let out = convert(s);
  for (const [from, to] of TW_FIXES) out = out.replaceAll(from, to);
  return out;
}

/** Normalises Traditional (or mixed) Chinese to Simplified, for search and for reading published reports. */
export function toSimplified(s: string): string {
  const convert = (toCn ??= traditionalToSimplified());
  return convert(s);
}

/** Converts rendered output to the page language (only zh-TW changes anything). */
export function localise(html: string, lang: Lang): string {
  return lang === 'zh-TW' ? toTraditional(html) : html;
}

/** The `lang` attribute value for <html>. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh-TW' ? 'zh-Hant-TW' : lang === 'zh-CN' ? 'zh-Hans-CN' : 'en';
}

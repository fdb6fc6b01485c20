/**
 * The narrative of an annual report: sections 一..六 (domain.md §2.1) and the figures its text states about the
 * tables ("共计81件", "行政复议案件2件"), which N1 compares with the cells (report-warnings.ts).
 */
import { TABLE3_ROWS_2021, type Template } from './report-labels.ts';

/** Section number 1..6 (一..六). */
export type SectionNumber = 1 | 2 | 3 | 4 | 5 | 6;
/** Narrative text of each section (the text around the tables for 二..四); absent when a report lacks it. */
export type NarrativeSections = Partial<Record<SectionNumber, string>>;

/** A figure the narrative states, the cells it should equal (summed) and an optional alternative addend. */
export interface NarrativeClaim {
  value: number;
  where: string[];
  /** Cells that may be added to `where` and still agree (e.g. 收到 may include 上年结转). */
  orWhere?: string[];
  excerpt: string;
}

const STOP = '[^。；;！!\\n]';
const STOP_DIGIT = '[^。；;！!\\n\\d]';
const rows = (prefix: string, n: number, column = 'total') => Array.from({ length: n }, (_, i) => `table3.${prefix}_${i + 1}.${column}`);

interface ClaimPattern {
  re: RegExp;
  where: (template: Template) => string[];
  orWhere?: string[];
  /** A pattern matching a negative statement ("未收到行政复议申请") states 0. */
  zero?: boolean;
}

const PATTERNS: ClaimPattern[] = [
  {
    re: new RegExp(`(?:收到|受理|新收|接收)${STOP}{0,30}?(?:政府信息公开|依申请公开)(?:申请|事项)${STOP_DIGIT}{0,6}?(\\d+)\\s*(?:件|个|份|项)`, 'g'),
    where: () => ['table3.new.total'],
    orWhere: ['table3.carried_over.total'],
  },
  { re: /办结(?:依申请公开|政府信息公开申请)?(?:申请|事项)?[^。；;\d\n]{0,4}?(\d+)\s*件/g, where: () => ['table3.total.total'] },
  {
    re: /予以公开及部分公开(\d+)\s*件/g,
    where: () => ['table3.granted.total', 'table3.partly_granted.total'],
  },
  { re: /(?<!不)予以公开(?!及)(\d+)\s*件/g, where: () => ['table3.granted.total'] },
  { re: /(?<!及)部分公开(\d+)\s*件/g, where: () => ['table3.partly_granted.total'] },
  { re: /不予公开(\d+)\s*件/g, where: () => rows('withheld', 8) },
  { re: /无法提供(\d+)\s*件/g, where: () => rows('unavailable', 3) },
  { re: /不予处理(\d+)\s*件/g, where: () => rows('not_processed', 5) },
  {
    re: /其他处理(\d+)\s*件/g,
    where: (t) => (t === '2019' ? ['table3.other.total'] : TABLE3_ROWS_2021.filter((k) => k.startsWith('other_')).map((k) => `table3.${k}.total`)),
  },
  { re: /行政复议(?:案件|申请)?(\d+)\s*(?:件|起)/g, where: () => ['table4.reconsideration.total'] },
  // “未发生行政复议、行政诉讼被纠正的情形” speaks of outcomes, not of the number of cases.
  { re: /未(?:收到|发生|有|被申请)[^。；，,\n]{0,4}行政复议(?![^。；，,\n]{0,12}(?:纠正|败诉|撤销))/g, where: () => ['table4.reconsideration.total'], zero: true },
  {
    re: /行政诉讼(?:案件)?(\d+)\s*(?:件|起)/g,
    where: () => ['table4.litigation_direct.total', 'table4.litigation_after.total'],
  },
  {
    re: /未(?:被)?(?:提起|发生|有)[^。；，,\n]{0,4}行政诉讼(?![^。；，,\n]{0,12}(?:纠正|败诉|撤销))/g,
    where: () => ['table4.litigation_direct.total', 'table4.litigation_after.total'],
    zero: true,
  },
  {
    re: /(?:制定|制发|出台)(?:（修订）)?[^。；;\d\n]{0,6}?规范性文件(\d+)\s*件/g,
    where: () => ['table2.normative_documents.made'],
  },
];

/** The figures a (Simplified, normalised) narrative states about table cells, in text order. */
export function narrativeClaims(text: string, template: Template = '2021'): NarrativeClaim[] {
  const out: (NarrativeClaim & { at: number })[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      const value = p.zero ? 0 : Number(m[1]);
      if (!Number.isSafeInteger(value)) continue;
      out.push({ value, where: p.where(template), orWhere: p.orWhere, excerpt: m[0].slice(-40), at: m.index ?? 0 });
    }
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...c }) => c);
}

/** Joins narrative sections into one text (for N1), in order 一..六. */
export function narrativeText(sections: NarrativeSections): string {
  return ([1, 2, 3, 4, 5, 6] as const)
    .map((n) => sections[n])
    .filter((s): s is string => !!s)
    .join('\n');
}

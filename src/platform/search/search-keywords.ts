/**
 * Key words of a free text (an applicant's description) by jieba TF-IDF, after normalising to Simplified: the
 * words that best say what the text is about, to look for published items that may already answer it.
 * The dictionary loads once per process on first use (~240 ms, stack-notes §3).
 */
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';
import { normaliseForSearch } from './search-text.ts';

let jieba: Jieba | undefined;
let tfidf: TfIdf | undefined;

// Words that appear in nearly every request and say nothing about the information sought.
const STOP = new Set(['申请', '公开', '政府', '信息', '政府信息', '要求', '提供', '请求', '相关', '有关', '关于', '我们', '本人', '贵单位', '贵局', '贵厅', '情况', '文件', '复印件', '依法']);

/** Up to `count` key words of `text`, strongest first (each ≥ 2 characters). */
export function extractKeywords(text: string, count: number): string[] {
  const clean = normaliseForSearch(String(text ?? '').slice(0, 5000));
  if (!clean.trim()) return [];
  jieba ??= Jieba.withDict(dict);
  tfidf ??= TfIdf.withDict(idf);
  const words = tfidf.extractKeywords(jieba, clean, count * 3);
  return words
    .map((k) => k.keyword.trim())
    .filter((w) => Array.from(w).length >= 2 && !STOP.has(w) && /[\p{L}\p{N}]/u.test(w))
    .slice(0, count);
}

/**
 * Key words of a free text (an applicant's description) by jieba TF-IDF, after normalising to Simplified: the
 * words that best say what the text is about, to look for published items that may already answer it.
 * jieba is given only the dictionary and IDF entries of the words in the texts it is asked about (keyword-dictionary.ts):
 * the same words and weights as with its whole dictionary, without holding that dictionary in native memory
 * (≈ 60–70 MB for the life of the process; issue 9 "Memory"). The dictionary files load on the first call, not when
 * the server starts: only the application form's "may already be published" lookup needs them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KeywordDictionary } from './keyword-dictionary.ts';
import { KeywordExtractor } from './keyword-extractor.ts';
import { normaliseForSearch } from './search-text.ts';

let loaded: Promise<KeywordExtractor> | undefined;

/** jieba's binding and its dictionary files (from the package, so they follow its version), loaded on first use. */
function loadJieba(): Promise<KeywordExtractor> {
  loaded ??= import('@node-rs/jieba').then((binding) => {
    const dir = dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js'));
    const dictionary = KeywordDictionary.fromFiles(readFileSync(join(dir, 'dict.txt')), readFileSync(join(dir, 'idf.txt')));
    return new KeywordExtractor(binding, dictionary);
  }).catch((err: unknown) => {
    loaded = undefined; // a later call tries again
    throw err;
  });
  return loaded;
}

// Words that appear in nearly every request and say nothing about the information sought.
const STOP = new Set(['申请', '公开', '政府', '信息', '政府信息', '要求', '提供', '请求', '相关', '有关', '关于', '我们', '本人', '贵单位', '贵局', '贵厅', '情况', '文件', '复印件', '依法']);

/** jieba's TF-IDF key words of `text` (already normalised), strongest first, with its whole dictionary's weights. */
export async function tfIdfKeywords(text: string, topK: number): Promise<{ keyword: string; weight: number }[]> {
  return (await loadJieba()).keywords(text, topK);
}

/** Up to `count` key words of `text`, strongest first (each ≥ 2 characters). */
export async function extractKeywords(text: string, count: number): Promise<string[]> {
  const clean = normaliseForSearch(String(text ?? '').slice(0, 5000));
  if (!clean.trim()) return [];
  const words = await tfIdfKeywords(clean, count * 3);
  return words
    .map((k) => k.keyword.trim())
    .filter((w) => Array.from(w).length >= 2 && !STOP.has(w) && /[\p{L}\p{N}]/u.test(w))
    .slice(0, count);
}

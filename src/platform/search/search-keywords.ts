/**
 * Key words of a free text (an applicant's description) by jieba TF-IDF, after normalising to Simplified: the
 * words that best say what the text is about, to look for published items that may already answer it.
 * jieba and its dictionaries load once per process on the first call (~240 ms, stack-notes §3; ≈ 60 MB of native
 * memory), not when the server starts: only the application form's "may already be published" lookup needs them
 * (issue 9 "Memory"). The dictionary files are read here rather than through `@node-rs/jieba/dict.js`, which would keep
 * their 11 MB of bytes alive after jieba has copied them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Jieba, TfIdf } from '@node-rs/jieba';
import { normaliseForSearch } from './search-text.ts';

let loaded: Promise<{ jieba: Jieba; tfidf: TfIdf }> | undefined;

/** jieba with its default dictionary and TF-IDF table, loaded on first use. */
function loadJieba(): Promise<{ jieba: Jieba; tfidf: TfIdf }> {
  loaded ??= import('@node-rs/jieba').then(({ Jieba, TfIdf }) => {
    const dir = dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js'));
    return { jieba: Jieba.withDict(readFileSync(join(dir, 'dict.txt'))), tfidf: TfIdf.withDict(readFileSync(join(dir, 'idf.txt'))) };
  }).catch((err: unknown) => {
    loaded = undefined; // a later call tries again
    throw err;
  });
  return loaded;
}

// Words that appear in nearly every request and say nothing about the information sought.
const STOP = new Set(['申请', '公开', '政府', '信息', '政府信息', '要求', '提供', '请求', '相关', '有关', '关于', '我们', '本人', '贵单位', '贵局', '贵厅', '情况', '文件', '复印件', '依法']);

/** Up to `count` key words of `text`, strongest first (each ≥ 2 characters). */
export async function extractKeywords(text: string, count: number): Promise<string[]> {
  const clean = normaliseForSearch(String(text ?? '').slice(0, 5000));
  if (!clean.trim()) return [];
  const { jieba, tfidf } = await loadJieba();
  const words = tfidf.extractKeywords(jieba, clean, count * 3);
  return words
    .map((k) => k.keyword.trim())
    .filter((w) => Array.from(w).length >= 2 && !STOP.has(w) && /[\p{L}\p{N}]/u.test(w))
    .slice(0, count);
}

// What the application form's key-word extraction costs in memory (issue 9 "Memory"), three ways:
//   "whole dictionary": jieba with its whole dictionary and IDF table loaded (as before ae39d55);
//   "jieba per text": a fresh jieba per text, given only the entries of that text's words (keyword-dictionary.ts);
//   "growing jieba": one jieba given the entries of the texts seen so far (KeywordExtractor: what search-keywords.ts
//   does now).
// Each runs in a fresh process (node --expose-gc) after the normaliser is loaded; RSS, V8 heap used and external
// memory are read after a full GC: before the first extraction, after it (what loading costs), after 2,000
// extractions of application descriptions and report sentences, and after 20,000 more (growth). The loop yields to the event loop every
// 100 extractions, as a server does between requests (native objects are freed from there).
// Also: first-call and per-call time, and how many of test/fixtures/keywords' descriptions give the recorded key words.
// The memory figures are the allocator's as much as jieba's: compare variants within one run.
// Prints one JSON line per variant. Run: node --import tsx bench/keywords.bench.ts  (or `npm run bench -- keywords`).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLICATION_DESCRIPTIONS } from '../test/fixtures/keywords/application-descriptions.ts';
import { normaliseForSearch } from '../src/platform/search/search-text.ts';

type Variant = 'whole dictionary' | 'jieba per text' | 'growing jieba';
const VARIANTS: Variant[] = ['whole dictionary', 'jieba per text', 'growing jieba'];
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

function settled() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external) };
}

/** One variant, in this (fresh) process. */
async function measure(variant: Variant): Promise<Record<string, unknown>> {
  // The fixture descriptions and the sentences of the published reports in test/fixtures (≤ 200 characters, as the
  // form takes): a few thousand distinct words.
  const reports = ['seed_gansu_kjt_2020_traditional.txt', 'pingtan_2019.txt', 'pingtan_2023.txt']
    .map((f) => readFileSync(new URL(`../test/fixtures/reports/${f}`, import.meta.url), 'utf8')).join('\n');
  const texts = [...APPLICATION_DESCRIPTIONS.map((d) => d.text), ...reports.split(/[。；\n]/).filter((s) => s.trim().length >= 4)]
    .map((t) => normaliseForSearch(t.slice(0, 200)));
  let extract: (text: string) => Promise<unknown>;
  const before = settled();
  const t0 = performance.now();
  const dir = dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js'));
  if (variant === 'whole dictionary') {
    const { Jieba, TfIdf } = await import('@node-rs/jieba');
    const jieba = Jieba.withDict(readFileSync(join(dir, 'dict.txt')));
    const tfidf = TfIdf.withDict(readFileSync(join(dir, 'idf.txt')));
    extract = async (text) => tfidf.extractKeywords(jieba, text, 12);
  } else if (variant === 'jieba per text') {
    const { Jieba, TfIdf } = await import('@node-rs/jieba');
    const { KeywordDictionary } = await import('../src/platform/search/keyword-dictionary.ts');
    const dictionary = KeywordDictionary.fromFiles(readFileSync(join(dir, 'dict.txt')), readFileSync(join(dir, 'idf.txt')));
    extract = async (text) => {
      const jieba = Jieba.withDict(dictionary.entriesIn(text));
      const tfidf = new TfIdf();
      const idf = dictionary.idfOf([...jieba.cut(text, false), ...jieba.cut(text, true)]);
      if (idf.length) tfidf.loadDict(idf);
      tfidf.loadDict(dictionary.medianLine);
      return tfidf.extractKeywords(jieba, text, 12);
    };
  } else {
    const { tfIdfKeywords } = await import('../src/platform/search/search-keywords.ts');
    extract = (text) => tfIdfKeywords(text, 12);
  }
  const keywords = async (text: string) => ((await extract(text)) as { keyword: string }[]).map((k) => k.keyword);
  await extract(texts[0]);
  const firstCallMs = Math.round(performance.now() - t0);
  const loaded = settled();
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await extract(texts[i % texts.length]);
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
  };
  const t1 = performance.now();
  await run(2000);
  const perCallMs = Math.round(((performance.now() - t1) / 2000) * 1000) / 1000;
  const after2000 = settled();
  await run(20_000);
  const after22000 = settled();
  let fixturesAsRecorded = 0;
  if (variant === 'growing jieba') {
    const { extractKeywords } = await import('../src/platform/search/search-keywords.ts');
    for (const d of APPLICATION_DESCRIPTIONS) if (JSON.stringify(await extractKeywords(d.text, 4)) === JSON.stringify(d.keywords)) fixturesAsRecorded++;
  }
  return {
    variant, before, loaded, after2000, after22000, firstCallMs, perCallMs,
    costMB: { rss: Math.round((after22000.rssMB - before.rssMB) * 10) / 10, heapUsed: Math.round((after22000.heapUsedMB - before.heapUsedMB) * 10) / 10, external: Math.round((after22000.externalMB - before.externalMB) * 10) / 10 },
    sampleKeywords: (await keywords(texts[0])).slice(0, 6),
    ...(variant === 'growing jieba' ? { fixturesAsRecorded, fixtures: APPLICATION_DESCRIPTIONS.length } : {}),
  };
}

const child = process.argv[2] as Variant | undefined;
if (child) {
  process.stdout.write(JSON.stringify(await measure(child)) + '\n');
} else {
  const self = fileURLToPath(import.meta.url);
  for (const variant of VARIANTS) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, variant], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`${variant}: exit ${run.status}`);
    console.log(JSON.stringify({ suite: 'keywords', ...JSON.parse(run.stdout.trim().split('\n').at(-1)!) }));
  }
}

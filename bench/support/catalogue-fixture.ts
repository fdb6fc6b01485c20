// A gongkai data directory whose catalogue holds N published items, for the catalogue-scale memory benchmark
// (issue 9 "Memory": a 1,000,000-item catalogue under 300 MB RSS). Built with the product's own code paths:
//   1. `gongkai demo` (the real CLI: every migration, the demo agencies gansu / gskjt / lzzrzy with their category
//      trees, accounts, requests, reports, registers);
//   2. N generated items (bench/search-corpus.ts: titles, ~`bodyChars` characters of Chinese government text,
//      publication dates spread over 2015–2025 in id order, 70 % gskjt, 15 % each for the other two) written through
//      `BulkCatalogue` (src/catalogue/bulk-writer.ts: items, live copies, version 1, index numbers, the 0751 count
//      triggers) in transactions of `CHUNK` items;
//   3. each chunk indexed through the real indexer: `loadIndexableItems` + `documentForIndex` + `SearchIndex.upsertMany`
//      (what `syncSearchIndex` does after a publish).
// A marker file records what was built; a directory with the marker is reused as is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../src/agencies/agency.ts';
import { selectAgencyByCode } from '../../src/agencies/agency-store.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { BulkCatalogue } from '../../src/catalogue/bulk-writer.ts';
import type { Validity } from '../../src/catalogue/catalogue.ts';
import { documentForIndex, loadIndexableItems } from '../../src/catalogue/catalogue-indexing.ts';
import { loadCategoryTree } from '../../src/catalogue/catalogue-settings.ts';
import type { CategoryTree } from '../../src/catalogue/categories.ts';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/platform/bootstrap.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { searchIndexFor } from '../../src/platform/search/search-index.ts';
import { corpus } from '../search-corpus.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Items written per transaction (and per call of the indexer, in slices of INDEX_BATCH). */
const CHUNK = 10_000;
const INDEX_BATCH = 2_000;

/** What the marker file records. */
export interface FixtureInfo {
  items: number;
  bodyChars: number;
  demoSeconds: number;
  itemsSeconds: number;
  indexSeconds: number;
  totalSeconds: number;
  databaseBytes: number;
  builtAt: string;
}

/** The corpus's category words mapped to categories of the built-in tree (src/catalogue/categories.ts). */
const CATEGORY: Record<string, string[]> = {
  normative: ['gfxwj'], plan: ['ghjh'], permit: ['xzxk'], news: ['zwdt', 'gzdt'], notice: ['tzgg'], budget: ['ys', 'js'],
  interpretation: ['zcjd'], award: ['kjjl', 'kjxm', 'gxjsqy', 'jshtdj'],
};
const VALIDITY: Record<string, Validity> = { 有效: 'valid', 已修订: 'revised', 已废止: 'repealed', 失效: 'expired' };

/** Body text as HTML paragraphs of a few sentences each. */
function paragraphs(text: string): string {
  const sentences = text.split(/(?<=[。；！？])/);
  const out: string[] = [];
  for (let k = 0; k < sentences.length; k += 3) out.push(`<p>${sentences.slice(k, k + 3).join('')}</p>`);
  return out.join('\n');
}

/** The database file of a data directory (SQLite). */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'gongkai.sqlite');
}

/** The fixture's record, or undefined when the directory holds no complete build. */
export function fixtureInfo(dataDir: string): FixtureInfo | undefined {
  const marker = join(dataDir, 'catalogue-fixture.json');
  return existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as FixtureInfo) : undefined;
}

/** Builds the fixture in `dataDir` (which must be empty or absent). Progress goes to `say`. */
export async function buildCatalogueFixture(dataDir: string, n: number, bodyChars: number, say: (m: string) => void): Promise<FixtureInfo> {
  const t0 = performance.now();
  mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, GONGKAI_DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'production', LOG_LEVEL: 'warn', TZ: 'Asia/Shanghai' };
  say(`gongkai demo into ${dataDir}`);
  const demo = spawnSync(process.execPath, [join(root, 'bin', 'gongkai.js'), 'demo'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (demo.status !== 0) throw new Error(`gongkai demo exited with ${demo.status}: ${demo.stderr.toString()}`);
  const demoSeconds = (performance.now() - t0) / 1000;

  const saved = { dir: process.env.GONGKAI_DATA_DIR, url: process.env.DATABASE_URL };
  process.env.GONGKAI_DATA_DIR = dataDir;
  process.env.DATABASE_URL = '';
  const ctx: Ctx = await createContext(loadConfig());
  process.env.GONGKAI_DATA_DIR = saved.dir;
  process.env.DATABASE_URL = saved.url;
  const sqlite = ctx.database.sqlite;
  if (!sqlite) throw new Error('the catalogue fixture is built on SQLite');
  // Bulk load: no fsync per transaction (a crash means building again) and a larger page cache for the writer only.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  try {
    const agencies = new Map<string, { agency: Agency; tree: CategoryTree }>();
    for (const code of ['gskjt', 'lzzrzy', 'gansu']) {
      const agency = await selectAgencyByCode(ctx.db, code);
      if (!agency) throw new Error(`demo agency ${code} missing`);
      agencies.set(code, { agency, tree: await loadCategoryTree(ctx.db, agency.id) });
    }
    const docs = corpus(1, bodyChars);
    const index = searchIndexFor(ctx);
    let itemsSeconds = 0;
    let indexSeconds = 0;
    for (let start = 0; start < n; start += CHUNK) {
      const t1 = performance.now();
      const batches = new Map<string, BulkCatalogue>();
      const ids: string[] = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const d = docs.make(i, n);
        const { agency, tree } = agencies.get(d.agencyCode)!;
        let b = batches.get(d.agencyCode);
        if (!b) batches.set(d.agencyCode, (b = new BulkCatalogue(agency, tree)));
        const choices = CATEGORY[d.categoryCode] ?? ['qtwj'];
        const category = choices[i % choices.length];
        const normative = category === 'gfxwj';
        ids.push(b.add({
          category, title: d.title, documentNumber: d.documentNumber || undefined, formedOn: d.publishedOn, publishedOn: d.publishedOn,
          bodyHtml: paragraphs(d.body), isNormative: normative, validity: normative ? (VALIDITY[d.validity] ?? 'valid') : undefined,
          effectiveOn: normative ? d.publishedOn : undefined, subjectWords: d.title.slice(0, 12),
        }));
      }
      await ctx.db.transaction().execute(async (trx) => {
        for (const b of batches.values()) await b.write(ctx, { isDemo: true, actor: SYSTEM_ACTOR, action: 'catalogue.bench_load' }, trx);
      });
      const t2 = performance.now();
      for (let k = 0; k < ids.length; k += INDEX_BATCH) {
        const items = await loadIndexableItems(ctx, ids.slice(k, k + INDEX_BATCH));
        await index.upsertMany(items.map(documentForIndex));
      }
      const t3 = performance.now();
      itemsSeconds += (t2 - t1) / 1000;
      indexSeconds += (t3 - t2) / 1000;
      const done = Math.min(n, start + CHUNK);
      say(`${done}/${n} items: write ${itemsSeconds.toFixed(0)} s, index ${indexSeconds.toFixed(0)} s, ${Math.round(done / ((t3 - t0) / 1000))} items/s overall`);
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const info: FixtureInfo = {
      items: n, bodyChars, demoSeconds: Math.round(demoSeconds), itemsSeconds: Math.round(itemsSeconds), indexSeconds: Math.round(indexSeconds),
      totalSeconds: Math.round((performance.now() - t0) / 1000), databaseBytes: statSync(databaseFile(dataDir)).size, builtAt: new Date().toISOString(),
    };
    writeFileSync(join(dataDir, 'catalogue-fixture.json'), JSON.stringify(info, null, 2) + '\n');
    return info;
  } finally {
    await ctx.database.close();
  }
}

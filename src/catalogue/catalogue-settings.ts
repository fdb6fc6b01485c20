/**
 * Per-agency catalogue settings (data administrators edit, style.md): the index-number scheme, the re-review period
 * of withheld information (Art. 18), the 政府信息公开指南 text (Art. 12), rule-making power (规章), and the agency's own
 * categories.
 */
import { z } from 'zod';
import type { DB } from '../platform/db/database.ts';
import { CategoryTree, RULE_CATEGORY, type Category } from './categories.ts';
import { DEFAULT_REVIEW_MONTHS } from './catalogue.ts';
import { DEFAULT_INDEX_PATTERN } from './index-number.ts';

/** The catalogue settings of one agency. */
export interface CatalogueSettings {
  indexPattern: string;
  reviewMonths: number;
  /** Days before the Art. 26 deadline when an item counts as due soon. */
  dueSoonWorkdays: number;
  /** Extra guide text (sanitised HTML) shown on the 指南 page after the generated sections. */
  guideHtml: string;
  /** 政府信息公开工作机构 name for the guide (defaults to the agency's 办公室). */
  disclosureOffice: string;
  /** The agency makes 规章 (《立法法》第九十三条): its tree has the 规章 category and table 二 counts them. */
  ruleMaking: boolean;
}

const SettingsSchema = z.object({
  indexPattern: z.string().default(DEFAULT_INDEX_PATTERN),
  reviewMonths: z.number().int().min(1).max(60).default(DEFAULT_REVIEW_MONTHS),
  dueSoonWorkdays: z.number().int().min(1).max(20).default(5),
  guideHtml: z.string().default(''),
  disclosureOffice: z.string().default(''),
  ruleMaking: z.boolean().default(false),
});

const KEY = 'catalogue';

/** Reads an agency's settings (defaults for anything unset or unreadable). */
export async function readCatalogueSettings(db: DB, agencyId: string): Promise<CatalogueSettings> {
  const r = await db.selectFrom('settings').select('value').where('agency_id', '=', agencyId).where('key', '=', KEY).executeTakeFirst();
  let raw: unknown = {};
  try {
    raw = r ? JSON.parse(r.value) : {};
  } catch {
    raw = {};
  }
  const parsed = SettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : SettingsSchema.parse({});
}

/** Writes an agency's settings (validated by the caller). */
export async function writeCatalogueSettings(db: DB, agencyId: string, s: CatalogueSettings, at: string): Promise<void> {
  const value = JSON.stringify(s);
  await db.insertInto('settings').values({ agency_id: agencyId, key: KEY, value, updated_at: at })
    .onConflict((oc) => oc.columns(['agency_id', 'key']).doUpdateSet({ value, updated_at: at })).execute();
}

async function customCategories(db: DB, agencyId: string): Promise<Category[]> {
  const rows = await db.selectFrom('catalogue_categories').selectAll().where('agency_id', '=', agencyId).orderBy('sort_order').execute();
  return rows.map((r) => ({
    code: r.code, parent: r.parent_code, zh: r.label, en: r.label_en, kind: r.kind === 'news' ? 'news' : 'document', custom: true,
  }));
}

/** The category tree of an agency: built-ins (with 规章 where it has rule-making power) plus its own. */
export async function loadCategoryTree(db: DB, agencyId: string): Promise<CategoryTree> {
  const [custom, settings] = await Promise.all([customCategories(db, agencyId), readCatalogueSettings(db, agencyId)]);
  return new CategoryTree(custom, { ruleMaking: settings.ruleMaking });
}

/** The codes of the 规章 category and the agency's categories under it (whatever the current setting: for counting). */
export async function ruleCategoryCodes(db: DB, agencyId: string): Promise<string[]> {
  return new CategoryTree(await customCategories(db, agencyId), { ruleMaking: true }).withDescendants(RULE_CATEGORY);
}

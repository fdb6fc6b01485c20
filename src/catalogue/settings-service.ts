/**
 * Administrators' catalogue settings per agency: the index-number scheme (domain.md §4.1: agencies differ), the Art. 18
 * re-review period, the due-soon threshold, the 政府信息公开指南 text (Art. 12), rule-making power (规章, only for
 * people's governments: 《立法法》第九十三条), and the agency's own categories.
 */
import { z } from 'zod';
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { sanitizeRichText } from '../platform/html/sanitize.ts';
import { parseInput } from '../platform/validation.ts';
import { loadCategoryTree, readCatalogueSettings, ruleCategoryCodes, writeCatalogueSettings, type CatalogueSettings } from './catalogue-settings.ts';
import { DEFAULT_CATEGORIES } from './categories.ts';
import { validateIndexPattern } from './index-number.ts';

const SettingsInput = z.object({
  indexPattern: z.string().trim().min(1, { error: '请填写索引号规则' }).max(60),
  reviewMonths: z.coerce.number().int().min(1, { error: '审查周期为1至60个月' }).max(60, { error: '审查周期为1至60个月' }),
  dueSoonWorkdays: z.coerce.number().int().min(1, { error: '提醒天数为1至20个工作日' }).max(20, { error: '提醒天数为1至20个工作日' }),
  guideHtml: z.string().max(100_000).default(''),
  disclosureOffice: z.string().trim().max(100).default(''),
  // A form checkbox ('on') or a JSON boolean.
  ruleMaking: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false),
});

/** Saves an agency's catalogue settings (settings.edit). */
export async function updateCatalogueSettings(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<CatalogueSettings> {
  const p = assertPermission(principal, 'settings.edit', agencyId);
  const v = parseInput(SettingsInput, raw);
  validateIndexPattern(v.indexPattern);
  if (v.ruleMaking) {
    const agency = await selectAgencyById(ctx.db, agencyId);
    if (agency?.kind !== 'government') {
      throw new InvalidInput('只有具有规章制定权的人民政府才制定规章', { ruleMaking: '规章由省、自治区、直辖市和设区的市、自治州的人民政府制定（《立法法》第九十三条）；政府部门制定的是行政规范性文件' });
    }
  }
  const next: CatalogueSettings = { ...v, guideHtml: sanitizeRichText(v.guideHtml) };
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await readCatalogueSettings(trx, agencyId);
    if (before.ruleMaking && !next.ruleMaking) {
      const rules = await trx.selectFrom('catalogue_items').select('item_id').where('agency_id', '=', agencyId)
        .where('category_code', 'in', await ruleCategoryCodes(trx, agencyId)).executeTakeFirst();
      if (rules) throw new InvalidInput('本机关的目录中已有规章，不能取消“制定规章”', { ruleMaking: '目录中已有规章（可将其废止，但不能删除分类）' });
    }
    await writeCatalogueSettings(trx, agencyId, next, now.toISOString());
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'catalogue.settings', objectType: 'agency', objectId: agencyId, agencyId,
      summary: { changed: (Object.keys(next) as (keyof CatalogueSettings)[]).filter((k) => next[k] !== before[k]) },
    }, now);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'catalogue.settings' });
  return next;
}

const CategoryInput = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9]{1,19}$/, { error: '代码为2–20位小写字母或数字，以字母开头' }),
  parentCode: z.string().trim().max(20).default(''),
  label: z.string().trim().min(2, { error: '请填写分类名称' }).max(40),
  labelEn: z.string().trim().max(80).default(''),
  kind: z.enum(['document', 'news']).default('document'),
});

/** Adds an agency category (Art. 22: agencies determine and extend their own content). */
export async function addCategory(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'settings.edit', agencyId);
  const v = parseInput(CategoryInput, raw);
  const tree = await loadCategoryTree(ctx.db, agencyId);
  if (tree.get(v.code)) throw new InvalidInput('分类代码已存在', { code: '该代码已被使用' });
  const parent = v.parentCode ? tree.get(v.parentCode) : undefined;
  if (v.parentCode && !parent) throw new InvalidInput('上级分类不存在', { parentCode: '请选择有效的上级分类' });
  if (parent && parent.kind !== v.kind) throw new InvalidInput('上级分类类型不一致', { kind: parent.kind === 'news' ? '上级是新闻栏目' : '上级是公开目录分类' });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('catalogue_categories').values({
      agency_id: agencyId, code: v.code, parent_code: parent?.code ?? null, label: v.label, label_en: v.labelEn || v.label, kind: v.kind,
      sort_order: tree.all.length,
    }).execute();
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'catalogue.category.add', objectType: 'agency', objectId: agencyId, agencyId, summary: { code: v.code } }, now);
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'catalogue.category' });
}

/** Removes an agency category that no item uses (built-in categories stay). */
export async function removeCategory(ctx: Ctx, principal: Principal | undefined, agencyId: string, code: string, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'settings.edit', agencyId);
  if (DEFAULT_CATEGORIES.some((c) => c.code === code)) throw new Conflict('内置分类不能删除', undefined, 'builtin_category');
  const tree = await loadCategoryTree(ctx.db, agencyId);
  if (!tree.get(code)) throw new NotFound('未找到该分类');
  if (tree.children(code).length) throw new Conflict('请先删除下级分类', undefined, 'category_in_use');
  const used = await ctx.db.selectFrom('catalogue_items').select('item_id').where('agency_id', '=', agencyId).where('category_code', '=', code).executeTakeFirst();
  if (used) throw new Conflict('该分类下还有信息，不能删除', undefined, 'category_in_use');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('catalogue_categories').where('agency_id', '=', agencyId).where('code', '=', code).execute();
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), { action: 'catalogue.category.remove', objectType: 'agency', objectId: agencyId, agencyId, summary: { code } }, ctx.clock.now());
  });
  ctx.events.emit('content.changed', { agencyId, reason: 'catalogue.category' });
}

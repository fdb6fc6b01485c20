/** Use cases of drafting: create and edit an item's working copy (optimistic locking), read it, list it for staff. */
import type { Updateable } from 'kysely';
import { assertPermission, actorOf, agenciesWithPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import { appendAudit } from '../audit/audit-service.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { calendarFor } from '../calendar/calendar-snapshot.ts';
import { clockDueOn } from '../calendar/clocks.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { toPlainText } from '../platform/html/sanitize.ts';
import { newId, newToken } from '../platform/ids.ts';
import type { CatalogueItem, ItemState } from './catalogue.ts';
import { containsPattern, insertItems, selectItem, selectVersions, toItem, updateItem } from './catalogue-store.ts';
import type { CatalogueItemsTable } from './catalogue-tables.ts';
import { loadCategoryTree, readCatalogueSettings } from './catalogue-settings.ts';
import { NORMATIVE_CATEGORY, RULE_CATEGORY } from './categories.ts';
import { resolveItemRef } from './item-refs.ts';
import { parseItemFields, type ItemFields } from './item-input.ts';
// Art. 26 deadlines follow calendar changes (registers the catalogue's clock source).
import './publication-clock-source.ts';

/** Adds months to a YYYY-MM-DD date, clamping to the month's end. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Art. 26: proactive documents are due 20 working days after they are formed (or changed), counted on the calendar
 * of the agency that publishes them (`calendarFor(ctx, agencyId)`: national notices, its local days, its counting rule).
 */
export function publicationDueOn(formedOn: string | null, calendar: Calendar, opts: { changed?: boolean } = {}): string | null {
  if (!formedOn) return null;
  return clockDueOn({ clock: 'publication', formedOn, changed: opts.changed }, calendar);
}

/** A short opaque public id for URLs (never the primary key). */
export function newPublicId(): string {
  return newToken(10).toLowerCase();
}

/** Turns validated fields into column values, checking the category and resolving references within the agency. */
async function columnsOf(ctx: Ctx, agencyId: string, f: ItemFields, selfId?: string): Promise<Updateable<CatalogueItemsTable>> {
  const tree = await loadCategoryTree(ctx.db, agencyId);
  const cat = tree.get(f.categoryCode);
  if (!cat) throw new InvalidInput('分类不存在', { categoryCode: '请选择有效的分类' });
  const problems: Record<string, string> = {};
  const kind = cat.kind;
  if (kind === 'document' && !f.formedOn) problems.formedOn = '请填写成文日期（条例第二十六条的期限由此起算）';
  if (kind === 'news' && f.disclosure !== 'proactive') problems.disclosure = '新闻栏目内容只能主动公开';
  // 规章 carry validity like normative documents (制发、废止、现行有效 in table 二); they are told apart by category.
  const isNormative = kind === 'document' && (f.isNormative || [...tree.withDescendants(NORMATIVE_CATEGORY), ...tree.withDescendants(RULE_CATEGORY)].includes(f.categoryCode));
  let replacesId: string | null = null;
  if (f.replacesRef) {
    const old = await resolveItemRef(ctx.db, agencyId, f.replacesRef);
    if (!old || old.id === selfId) problems.replacesRef = '未找到被修订或替代的文件（可填写索引号、发文字号或编号）';
    else if (!old.isNormative) problems.replacesRef = '只有规范性文件才能被修订或替代';
    else if (!isNormative) problems.replacesRef = '只有规范性文件才能修订或替代规范性文件';
    else replacesId = old.id;
  }
  let interpretsId: string | null = null;
  if (f.interpretsRef) {
    const doc = await resolveItemRef(ctx.db, agencyId, f.interpretsRef);
    if (!doc || doc.id === selfId) problems.interpretsRef = '未找到所解读的文件（可填写索引号、发文字号或编号）';
    else if (doc.kind !== 'document') problems.interpretsRef = '只能解读政府信息公开目录中的文件';
    else interpretsId = doc.id;
  }
  if (Object.keys(problems).length) throw new InvalidInput('提交的内容有误，请检查标出的项目', problems);
  const agency = await selectAgencyById(ctx.db, agencyId);
  const settings = await readCatalogueSettings(ctx.db, agencyId);
  const proactive = f.disclosure === 'proactive';
  return {
    kind,
    category_code: f.categoryCode,
    title: f.title,
    document_number: f.documentNumber,
    issuer: f.issuer || agency?.name || '',
    subject_words: f.subjectWords,
    summary: f.summary,
    formed_on: f.formedOn,
    body_html: f.bodyHtml,
    body_text: toPlainText(f.bodyHtml),
    disclosure: f.disclosure,
    disclosure_ground: f.disclosureGround,
    disclosure_note: f.disclosureNote,
    is_normative: isNormative ? 1 : 0,
    effective_on: isNormative ? f.effectiveOn : null,
    replaces_id: replacesId,
    replaces_as: replacesId ? f.replacesAs : null,
    interprets_id: interpretsId,
    interpretation_form: interpretsId ? (f.interpretationForm ?? 'text') : f.interpretationForm,
    video_url: f.videoUrl,
    publication_due_on: proactive && kind === 'document' ? publicationDueOn(f.formedOn, await calendarFor(ctx, agencyId)) : null,
    publication_clock_from: proactive && kind === 'document' ? f.formedOn : null,
    next_review_on: proactive ? null : addMonths(f.formedOn ?? todayOn(ctx.clock), settings.reviewMonths),
  };
}

/** Creates a draft in an agency (permission content.draft). */
export async function createItem(ctx: Ctx, principal: Principal | undefined, agencyId: string, raw: unknown, ip?: string): Promise<CatalogueItem> {
  const p = assertPermission(principal, 'content.draft', agencyId);
  const f = parseItemFields(raw);
  const cols = await columnsOf(ctx, agencyId, f);
  const now = ctx.clock.now().toISOString();
  const id = newId(ctx.clock.now().getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await insertItems(trx, [{
      ...(cols as Required<typeof cols>),
      item_id: id, public_id: newPublicId(), agency_id: agencyId, state: 'draft', validity: cols.is_normative ? 'valid' : null,
      created_by: p.userId, created_at: now, updated_at: now,
    } as never]);
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'catalogue.create', objectType: 'catalogue_item', objectId: id, agencyId,
      summary: { category: f.categoryCode, disclosure: f.disclosure },
    }, ctx.clock.now());
  });
  return (await selectItem(ctx.db, id))!;
}

/** Fields staff see side by side when their save lost a race (409 `version_conflict`), to merge by hand. */
const MERGE_FIELDS = ['title', 'documentNumber', 'categoryCode', 'formedOn', 'summary', 'subjectWords', 'bodyHtml', 'disclosure'] as const;

/**
 * Saves edits to a draft if nobody saved since `version` was read; otherwise 409 with the current values of the
 * fields that differ, so the edit page can show both and let the editor merge.
 */
export async function editItem(ctx: Ctx, principal: Principal | undefined, itemId: string, raw: unknown, ip?: string): Promise<CatalogueItem> {
  const item = await getItemForStaff(ctx, principal, itemId);
  const p = assertPermission(principal, 'content.draft', item.agencyId);
  const version = Number((raw as { version?: unknown })?.version);
  if (!Number.isInteger(version) || version < 1) throw new InvalidInput('缺少版本号', { version: '请刷新页面后重新编辑' });
  if (item.state !== 'draft') {
    throw new Conflict(item.state === 'published' ? '已发布的信息请先点击“修改（新版本）”' : '只有草稿可以编辑，请先退回修改', { state: item.state }, 'not_editable');
  }
  const f = parseItemFields(raw);
  if (version !== item.version) throw versionConflict(item, f);
  const cols = await columnsOf(ctx, item.agencyId, f, item.id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateItem(trx, item.id, version, { ...cols, updated_at: now });
    if (!ok) throw versionConflict((await selectItem(trx, item.id))!, f);
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'catalogue.edit', objectType: 'catalogue_item', objectId: item.id, agencyId: item.agencyId,
      summary: { version: version + 1, changed: changedFields(item, f) },
    }, ctx.clock.now());
  });
  return (await selectItem(ctx.db, item.id))!;
}

function changedFields(item: CatalogueItem, f: ItemFields): (typeof MERGE_FIELDS)[number][] {
  return MERGE_FIELDS.filter((k) => (item[k] ?? '') !== (f[k] ?? ''));
}

function versionConflict(current: CatalogueItem, mine: ItemFields): Conflict {
  const theirs: Record<string, unknown> = {};
  for (const k of changedFields(current, mine)) theirs[k] = current[k];
  return new Conflict('该信息已被他人修改。下方列出了对方保存的内容，请合并后再次保存。', {
    currentVersion: current.version, updatedAt: current.updatedAt, theirs,
  }, 'version_conflict');
}

/** One item for staff of its agency (content.read), or NotFound (also for other agencies' items). */
export async function getItemForStaff(ctx: Ctx, principal: Principal | undefined, itemId: string): Promise<CatalogueItem> {
  const item = await selectItem(ctx.db, itemId);
  if (!item || !principal || !agenciesWithPermission(principal, 'content.read').includes(item.agencyId)) throw new NotFound('未找到该信息');
  return item;
}

/** Filters of the staff list. */
export interface StaffListFilter {
  agencyId: string;
  state?: ItemState;
  categoryCode?: string;
  q?: string;
  kind?: 'document' | 'news';
  page: number;
  pageSize: number;
}

/** The staff list of an agency's items, newest change first. */
export async function listItemsForStaff(ctx: Ctx, principal: Principal | undefined, f: StaffListFilter): Promise<{ items: CatalogueItem[]; total: number }> {
  assertPermission(principal, 'content.read', f.agencyId);
  let q = ctx.db.selectFrom('catalogue_items').where('agency_id', '=', f.agencyId);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.q) {
    const like = containsPattern(f.q);
    q = q.where((eb) => eb.or([eb('title', 'like', like), eb('document_number', 'like', like), eb('index_number', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('updated_at', 'desc').orderBy('item_id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toItem), total: Number(count.n) };
}

/** The published versions of an item, newest first (staff of its agency). */
export async function listVersions(ctx: Ctx, principal: Principal | undefined, itemId: string) {
  const item = await getItemForStaff(ctx, principal, itemId);
  return selectVersions(ctx.db, item.id);
}

/** How staff refer to a linked item in forms: its 索引号, else its public id ('' when none). */
export async function itemRefOf(ctx: Ctx, id: string | null): Promise<string> {
  if (!id) return '';
  const i = await selectItem(ctx.db, id);
  return i?.indexNumber ?? i?.publicId ?? '';
}

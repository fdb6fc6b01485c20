/**
 * Bulk import of an agency's existing catalogue (issue 4: “move onto gongkai in an afternoon”): a spreadsheet (XLSX or
 * CSV, one row per item) plus an optional zip of attachments. Every row is validated first; errors name the row and
 * the column; if there is any error nothing is written. Rows with a 发布日期 and 主动公开 become published items (they
 * were public in the old system); others are registered (approved, not public).
 */
import { unzipSync } from 'fflate';
import type { StoredFilesTable } from '../platform/platform-tables.ts';
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { getAgencyById } from './agency-lookup.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { InvalidInput } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { sanitizeRichText } from '../platform/html/sanitize.ts';
import { newId } from '../platform/ids.ts';
import { checkUpload, extractText } from './attachment-files.ts';
import { BulkCatalogue, type BulkItem } from './bulk-writer.ts';
import { DISCLOSURE_ATTRIBUTES, NON_DISCLOSURE_GROUNDS, VALIDITY, type DisclosureAttribute, type NonDisclosureGround, type Validity } from './catalogue.ts';
import { loadCategoryTree } from './catalogue-settings.ts';
import { NORMATIVE_CATEGORY } from './categories.ts';
import { parseDocumentNumber } from './document-number.ts';
import { readSheet } from './spreadsheet.ts';
import { notifyCatalogueChanged } from './catalogue-events.ts';

/** The columns, with the header names accepted for each (Chinese as on portals, or the English key). */
export const IMPORT_COLUMNS = {
  indexNumber: ['索引号', 'indexNumber'],
  title: ['标题', '名称', 'title'],
  documentNumber: ['发文字号', '文号', 'documentNumber'],
  category: ['分类', '主题分类', 'category'],
  issuer: ['发布机构', 'issuer'],
  subjectWords: ['主题词', 'subjectWords'],
  summary: ['内容概述', 'summary'],
  formedOn: ['成文日期', 'formedOn'],
  publishedOn: ['发布日期', 'publishedOn'],
  disclosure: ['公开属性', 'disclosure'],
  ground: ['不公开依据', '不予公开依据', 'ground'],
  validity: ['有效性', 'validity'],
  body: ['正文', 'body'],
  attachments: ['附件', 'attachments'],
} as const;
type Column = keyof typeof IMPORT_COLUMNS;

/** One problem, by row and column. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** The outcome of a successful import. */
export interface ImportResult {
  imported: number;
  published: number;
  attachments: number;
}

const MAX_ZIP_BYTES = 500 * 1024 * 1024;

function lookup<T extends string>(table: Record<T, string>, v: string): T | undefined {
  const k = (Object.keys(table) as T[]).find((key) => key === v || table[key] === v || table[key].includes(v));
  return v ? k : undefined;
}

/** Imports rows into an agency; throws InvalidInput with `details.errors` (row, column, message) if any row is wrong. */
export async function importCatalogue(
  ctx: Ctx, principal: Principal | undefined, agencyId: string,
  sheetFile: { name: string; bytes: Uint8Array }, zipFile?: { name: string; bytes: Uint8Array }, ip?: string,
): Promise<ImportResult> {
  const p = assertPermission(principal, 'content.review', agencyId);
  assertPermission(principal, 'content.draft', agencyId);
  const agency = await getAgencyById(ctx, agencyId);
  const tree = await loadCategoryTree(ctx.db, agencyId);
  const sheet = await readSheet(sheetFile.name, sheetFile.bytes);
  const headerOf = new Map<Column, string>();
  for (const [col, names] of Object.entries(IMPORT_COLUMNS) as [Column, readonly string[]][]) {
    const h = sheet.headers.find((x) => names.includes(x));
    if (h) headerOf.set(col, h);
  }
  const errors: ImportError[] = [];
  for (const required of ['title', 'category'] as Column[]) {
    if (!headerOf.has(required)) errors.push({ row: 1, column: IMPORT_COLUMNS[required][0], message: `缺少“${IMPORT_COLUMNS[required][0]}”列` });
  }
  if (errors.length) throw importFailed(errors);

  let files = new Map<string, Uint8Array>();
  if (zipFile) {
    if (zipFile.bytes.length > MAX_ZIP_BYTES) throw new InvalidInput('附件压缩包过大', { zip: '不能超过 500 MB' });
    try {
      const entries = unzipSync(zipFile.bytes, { filter: (f) => !f.name.endsWith('/') && f.originalSize <= ctx.config.uploadLimit });
      files = new Map(Object.entries(entries).map(([n, b]) => [n.split('/').pop()!, b]));
    } catch {
      throw new InvalidInput('无法读取附件压缩包', { zip: '请上传 .zip 格式的压缩包' });
    }
  }

  const existing = new Set((await ctx.db.selectFrom('catalogue_items').select('index_number').where('index_number', 'is not', null).execute()).map((r) => r.index_number));
  const seenIndex = new Map<string, number>();
  const b = new BulkCatalogue(agency, tree);
  const pendingFiles: { item: BulkItem; names: string[]; row: number }[] = [];
  for (const { row, values } of sheet.rows) {
    const get = (c: Column) => (headerOf.has(c) ? values[headerOf.get(c)!] ?? '' : '');
    const err = (c: Column, message: string) => errors.push({ row, column: headerOf.get(c) ?? IMPORT_COLUMNS[c][0], message });
    const title = get('title').replace(/\s+/g, ' ');
    if (title.length < 2) err('title', '标题不能为空');
    else if (title.length > 300) err('title', '标题不能超过300个字');
    const catText = get('category');
    const cat = tree.all.find((c) => c.code === catText || c.zh === catText || c.en === catText);
    if (!cat) err('category', catText ? `分类“${catText}”不存在` : '分类不能为空');
    let documentNumber: string | undefined;
    if (get('documentNumber')) {
      const r = parseDocumentNumber(get('documentNumber'), { tolerant: true });
      if (r.ok) documentNumber = r.value.text;
      else err('documentNumber', r.message);
    }
    const dates: Partial<Record<'formedOn' | 'publishedOn', string>> = {};
    for (const c of ['formedOn', 'publishedOn'] as const) {
      const v = get(c).replace(/[年月/.]/g, '-').replace(/日$/, '').replace(/-(\d)(?=-|$)/g, '-0$1');
      if (v && !isIsoDate(v)) err(c, `日期“${get(c)}”无法识别（应为 YYYY-MM-DD）`);
      else if (v) dates[c] = v;
    }
    if (dates.formedOn && dates.publishedOn && dates.publishedOn < dates.formedOn) err('publishedOn', '发布日期早于成文日期');
    if (cat?.kind === 'document' && !dates.formedOn) err('formedOn', '成文日期不能为空');
    const disclosure: DisclosureAttribute | undefined = get('disclosure') ? lookup(DISCLOSURE_ATTRIBUTES, get('disclosure')) : 'proactive';
    if (!disclosure) err('disclosure', '公开属性应为 主动公开、依申请公开 或 不予公开');
    let ground: NonDisclosureGround | undefined;
    if (disclosure && disclosure !== 'proactive') {
      ground = lookup(NON_DISCLOSURE_GROUNDS, get('ground'));
      if (!ground) err('ground', '依申请公开或不予公开的，须填写依据（条例第十四条至第十六条）');
    }
    const isNormative = Boolean(cat && tree.withDescendants(NORMATIVE_CATEGORY).includes(cat.code));
    let validity: Validity | undefined;
    if (get('validity')) {
      validity = lookup(VALIDITY, get('validity'));
      if (!validity) err('validity', '有效性应为 有效、已修订、已废止 或 失效');
      else if (!isNormative) err('validity', '只有规范性文件填写有效性');
    }
    const indexNumber = get('indexNumber') || undefined;
    if (indexNumber) {
      if (!/^[0-9A-Za-z][0-9A-Za-z/\-_.]{4,39}$/.test(indexNumber)) err('indexNumber', '索引号格式不正确');
      else if (existing.has(indexNumber)) err('indexNumber', `索引号 ${indexNumber} 已被使用`);
      else if (seenIndex.has(indexNumber)) err('indexNumber', `索引号与第${seenIndex.get(indexNumber)}行重复`);
      else seenIndex.set(indexNumber, row);
      if (!dates.publishedOn) err('publishedOn', '有索引号的信息应填写发布日期');
    }
    const names = get('attachments').split(/[;；\n]/).map((s) => s.trim()).filter(Boolean);
    for (const n of names) if (!files.has(n)) err('attachments', `压缩包中没有文件“${n}”`);
    if (errors.some((e) => e.row === row)) continue;
    const published = disclosure === 'proactive' && Boolean(dates.publishedOn);
    const item = b.items[b.items.push({
      id: newId(), category: cat!.code, title, documentNumber, indexNumber: published ? indexNumber : undefined, issuer: get('issuer') || undefined,
      subjectWords: get('subjectWords').slice(0, 200), summary: get('summary').slice(0, 1000), formedOn: dates.formedOn ?? dates.publishedOn ?? null,
      publishedOn: published ? dates.publishedOn! : null, state: published ? 'published' : 'approved', bodyHtml: sanitizeRichText(/<[a-z]/i.test(get('body')) ? get('body') : get('body').split(/\n+/).filter(Boolean).map((l) => `<p>${l.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</p>`).join('')),
      disclosure, ground, isNormative, validity: isNormative ? validity ?? 'valid' : undefined,
    }) - 1];
    if (names.length) pendingFiles.push({ item, names, row });
  }
  // Attachments: checked by content like any upload; a bad file is a row error too.
  const checked: { item: BulkItem; name: string; bytes: Uint8Array; type: ReturnType<typeof checkUpload> }[] = [];
  for (const { item, names, row } of pendingFiles) {
    for (const n of names) {
      try {
        checked.push({ item, name: n, bytes: files.get(n)!, type: checkUpload(n, files.get(n)!, ctx.config.uploadLimit) });
      } catch (e) {
        errors.push({ row, column: headerOf.get('attachments')!, message: `附件“${n}”：${e instanceof InvalidInput ? Object.values(e.fields)[0] ?? e.message : '无法读取'}` });
      }
    }
  }
  if (errors.length) throw importFailed(errors);
  if (!b.items.length) throw new InvalidInput('表格中没有数据行', { file: '请从第2行开始填写' });

  const storedKeys: string[] = [];
  try {
    const now = ctx.clock.now().toISOString();
    const fileRows: StoredFilesTable[] = [];
    for (const c of checked) {
      const stored = await ctx.files.put(Buffer.from(c.bytes));
      storedKeys.push(stored.key);
      const fileId = newId();
      fileRows.push({ file_id: fileId, agency_id: agencyId, storage_key: stored.key, original_name: c.type.name, content_type: c.type.contentType, size: c.bytes.length, sha256: stored.sha256, created_at: now });
      (c.item.attachments ??= []).push({ fileId, name: c.type.name, contentType: c.type.contentType, size: c.bytes.length, text: await extractText(c.type.type, c.bytes) });
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < fileRows.length; i += 200) await trx.insertInto('stored_files').values(fileRows.slice(i, i + 200)).execute();
      await b.write(ctx, { isDemo: false, actor: actorOf(p, ip), action: 'catalogue.import', createdBy: p.userId }, trx);
    });
  } catch (e) {
    for (const k of storedKeys) await ctx.files.delete(k).catch(() => undefined);
    throw e;
  }
  const publishedIds = b.items.filter((i) => i.publishedOn).map((i) => i.id);
  await notifyCatalogueChanged(ctx, agencyId, { upserted: publishedIds }, 'catalogue.import');
  return { imported: b.items.length, published: publishedIds.length, attachments: checked.length };
}

function importFailed(errors: ImportError[]): InvalidInput {
  const e = new InvalidInput(`导入失败：共 ${errors.length} 处错误，未导入任何数据`, { file: errors.slice(0, 3).map((x) => `第${x.row}行“${x.column}”：${x.message}`).join('；') }, 'import_failed');
  return Object.assign(e, { details: { fields: e.fields, errors: errors.slice(0, 500) } });
}

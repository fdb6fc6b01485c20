/** Use cases of item attachments: add (type-checked, text extracted, stored) and remove, while the item is a draft. */
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { Conflict, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { checkUpload, extractText } from './attachment-files.ts';
import { getItemForStaff } from './item-service.ts';

/** An attachment as staff see it. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  hasText: boolean;
}

/** Attachments of an item (staff). */
export async function listAttachments(ctx: Ctx, principal: Principal | undefined, itemId: string): Promise<Attachment[]> {
  await getItemForStaff(ctx, principal, itemId);
  const rows = await ctx.db.selectFrom('catalogue_attachments').selectAll().where('item_id', '=', itemId).where('state', '!=', 'removing')
    .orderBy('sort_order').orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.attachment_id, name: r.name, contentType: r.content_type, size: r.size, hasText: r.extracted_text.length > 0 }));
}

/** Adds a file to a draft: checked by content, stored outside the web root, its text extracted. */
export async function addAttachment(ctx: Ctx, principal: Principal | undefined, itemId: string, file: { name: string; bytes: Buffer }, ip?: string): Promise<Attachment> {
  const item = await getItemForStaff(ctx, principal, itemId);
  const p = assertPermission(principal, 'content.draft', item.agencyId);
  if (item.state !== 'draft') throw new Conflict('只有草稿可以添加附件', { state: item.state }, 'not_editable');
  const checked = checkUpload(file.name, file.bytes, ctx.config.uploadLimit);
  const text = await extractText(checked.type, file.bytes);
  const stored = await ctx.files.put(file.bytes);
  const id = newId();
  const fileId = newId();
  const now = ctx.clock.now().toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('stored_files').values({
        file_id: fileId, agency_id: item.agencyId, storage_key: stored.key, original_name: checked.name, content_type: checked.contentType,
        size: file.bytes.length, sha256: stored.sha256, created_at: now,
      }).execute();
      const order = await trx.selectFrom('catalogue_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', item.id).executeTakeFirstOrThrow();
      await trx.insertInto('catalogue_attachments').values({
        attachment_id: id, item_id: item.id, file_id: fileId, name: checked.name, content_type: checked.contentType, size: file.bytes.length,
        extracted_text: text, sort_order: Number(order.n), created_at: now,
      }).execute();
      await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
        action: 'catalogue.attach', objectType: 'catalogue_item', objectId: item.id, agencyId: item.agencyId, summary: { attachment: id, type: checked.type, size: file.bytes.length },
      }, ctx.clock.now());
    });
  } catch (err) {
    await ctx.files.delete(stored.key).catch(() => undefined);
    throw err;
  }
  return { id, name: checked.name, contentType: checked.contentType, size: file.bytes.length, hasText: text.length > 0 };
}

/** Removes an attachment from a draft; one that is part of the published version stays public until the next version. */
export async function removeAttachment(ctx: Ctx, principal: Principal | undefined, itemId: string, attachmentId: string, ip?: string): Promise<void> {
  const item = await getItemForStaff(ctx, principal, itemId);
  const p = assertPermission(principal, 'content.draft', item.agencyId);
  if (item.state !== 'draft') throw new Conflict('只有草稿可以删除附件', { state: item.state }, 'not_editable');
  await ctx.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('catalogue_attachments').select('state').where('attachment_id', '=', attachmentId).where('item_id', '=', item.id).executeTakeFirst();
    if (!a || a.state === 'removing') throw new NotFound('未找到该附件');
    if (a.state === 'live') await trx.updateTable('catalogue_attachments').set({ state: 'removing' }).where('attachment_id', '=', attachmentId).execute();
    else await trx.deleteFrom('catalogue_attachments').where('attachment_id', '=', attachmentId).execute();
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'catalogue.detach', objectType: 'catalogue_item', objectId: item.id, agencyId: item.agencyId, summary: { attachment: attachmentId },
    }, ctx.clock.now());
  });
}

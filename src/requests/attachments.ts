/**
 * Attachments of applications (an ID copy, a power of attorney, the corrected application): allowlisted types checked
 * by their content, not their name (security.md "uploads": magic bytes, 50 MB per file, random storage names).
 */
import { InvalidInput } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { insertAttachment } from './request-store.ts';

/** A file as received from a form or API. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** Allowed types: what the bytes start with, and the content type we store. */
const SIGNATURES: { type: string; ext: string[]; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', ext: ['pdf'], test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', ext: ['png'], test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: ['jpg', 'jpeg'], test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  // OOXML (docx, xlsx) and OFD are zip containers.
  { type: 'application/zip', ext: ['docx', 'xlsx', 'ofd', 'zip'], test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) },
  // Legacy Word / Excel (OLE compound file).
  { type: 'application/x-ole-storage', ext: ['doc', 'xls', 'wps'], test: (b) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) },
];

/** At most this many attachments per application. */
export const MAX_ATTACHMENTS = 5;

/** The content type of an allowed file, or InvalidInput naming the file. */
export function sniffAttachment(f: UploadedFile, maxBytes: number): string {
  const ext = f.filename.toLowerCase().split('.').pop() ?? '';
  if (f.bytes.length === 0) throw new InvalidInput('附件为空', { attachments: `文件“${safeName(f.filename)}”为空` });
  if (f.bytes.length > maxBytes) {
    throw new InvalidInput('附件过大', { attachments: `文件“${safeName(f.filename)}”超过 ${Math.floor(maxBytes / 1048576)} MB` });
  }
  const sig = SIGNATURES.find((s) => s.test(f.bytes));
  if (!sig || !sig.ext.includes(ext)) {
    throw new InvalidInput('附件类型不允许', { attachments: `文件“${safeName(f.filename)}”不是允许的类型（PDF、JPG、PNG、DOC、DOCX、OFD）或内容与扩展名不符` });
  }
  return sig.type;
}

/** A file name safe to store and show: no paths, no control characters, at most 120 characters. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  return base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').slice(0, 120) || 'file';
}

/** A file whose bytes are stored durably; its `stored_files` row is written with the case (see linkAttachments). */
export interface StoredAttachment {
  fileId: string;
  name: string;
  row: { file_id: string; agency_id: string; storage_key: string; original_name: string; content_type: string; size: number; sha256: string; created_at: string };
}

/**
 * Checks every file first (so nothing is stored when one is refused), then stores the bytes. The rows are inserted
 * by `linkAttachments` inside the case's transaction, so a crash between the two leaves no row without its case
 * (found by the SIGKILL test, test/security/crash.test.ts).
 */
export async function storeAttachments(ctx: Ctx, agencyId: string, files: UploadedFile[]): Promise<StoredAttachment[]> {
  if (files.length > MAX_ATTACHMENTS) throw new InvalidInput('附件过多', { attachments: `最多上传${MAX_ATTACHMENTS}个附件` });
  const types = files.map((f) => sniffAttachment(f, ctx.config.uploadLimit));
  const out: StoredAttachment[] = [];
  const at = ctx.clock.now().toISOString();
  for (let i = 0; i < files.length; i++) {
    const { key, sha256 } = await ctx.files.put(files[i].bytes);
    const fileId = newId();
    const name = safeName(files[i].filename);
    out.push({ fileId, name, row: { file_id: fileId, agency_id: agencyId, storage_key: key, original_name: name, content_type: types[i], size: files[i].bytes.length, sha256, created_at: at } });
  }
  return out;
}

/** Records stored files and links them to a case inside the case's transaction. */
export async function linkAttachments(db: DB, requestId: string, files: StoredAttachment[], purpose: string, at: string): Promise<void> {
  for (const f of files) {
    await db.insertInto('stored_files').values(f.row).execute();
    await insertAttachment(db, requestId, f.fileId, purpose, at);
  }
}

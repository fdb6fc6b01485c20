/**
 * Uploaded files of catalogue items: the allowlist is checked by content, not by name (security.md: magic bytes; PDF,
 * DOCX, XLSX, PNG, JPEG, GIF, WebP; SVG and everything else refused), and text is extracted from PDF (pdf-parse) and
 * DOCX (mammoth) for search and the personal-data scan.
 */
import mammoth from 'mammoth';
import { unzipSync } from 'fflate';
import { InvalidInput } from '../errors.ts';

/** File types an item may carry, by detected content. */
export const ATTACHMENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
} as const;
/** A detected file type. */
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

const EXTENSIONS: Record<AttachmentType, string[]> = {
  pdf: ['pdf'], docx: ['docx'], xlsx: ['xlsx'], png: ['png'], jpeg: ['jpg', 'jpeg'], gif: ['gif'], webp: ['webp'],
};

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  return b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
}

/** The type of an OOXML package from its [Content_Types].xml, or undefined. */
function officeType(bytes: Uint8Array): 'docx' | 'xlsx' | undefined {
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === '[Content_Types].xml' && f.originalSize < 1_000_000 });
    const xml = Buffer.from(files['[Content_Types].xml'] ?? new Uint8Array()).toString('utf8');
    if (xml.includes('wordprocessingml.document.main')) return 'docx';
    if (xml.includes('spreadsheetml.sheet.main')) return 'xlsx';
  } catch {
    return undefined;
  }
  return undefined;
}

/** Detects the type from the bytes (magic numbers, and the package content for DOCX/XLSX). */
export function detectType(bytes: Uint8Array): AttachmentType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeType(bytes);
  return undefined;
}

/** A file name safe to store and send: no paths, no control characters, at most 120 characters, with the right extension. */
export function cleanFileName(name: string, type: AttachmentType): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(0, 120) || '附件';
  const ext = base.includes('.') ? base.split('.').pop()!.toLowerCase() : '';
  return EXTENSIONS[type].includes(ext) ? base : `${base}.${EXTENSIONS[type][0]}`;
}

/** Checks an upload: known type by content, name extension agreeing with the content, size within the limit. */
export function checkUpload(name: string, bytes: Uint8Array, limit: number, field = 'file'): { type: AttachmentType; contentType: string; name: string } {
  if (!bytes.length) throw new InvalidInput('文件为空', { [field]: '请选择要上传的文件' });
  if (bytes.length > limit) throw new InvalidInput('文件过大', { [field]: `文件不能超过 ${Math.floor(limit / 1048576)} MB` });
  const type = detectType(bytes);
  if (!type) throw new InvalidInput('不支持的文件类型', { [field]: '只能上传 PDF、Word（.docx）、Excel（.xlsx）或图片（PNG、JPEG、GIF、WebP）' });
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const known = Object.values(EXTENSIONS).flat();
  if (known.includes(ext) && !EXTENSIONS[type].includes(ext)) {
    throw new InvalidInput('文件内容与扩展名不符', { [field]: `文件扩展名为 .${ext}，但内容是 ${type.toUpperCase()}` });
  }
  return { type, contentType: ATTACHMENT_TYPES[type], name: cleanFileName(name, type) };
}

/** Plain text of a PDF (text layer) or DOCX, for search and the personal-data scan; '' for others or unreadable files. */
export async function extractText(type: AttachmentType, bytes: Uint8Array): Promise<string> {
  try {
    if (type === 'docx') return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value.slice(0, 500_000);
    if (type === 'pdf') {
      const { PDFParse } = await import('pdf-parse');
      const parser = new PDFParse({ data: new Uint8Array(bytes) });
      try {
        return (await parser.getText()).text.slice(0, 500_000);
      } finally {
        await parser.destroy().catch(() => undefined);
      }
    }
  } catch {
    return '';
  }
  return '';
}

/**
 * Turning the bytes of a published report into text: plain text (UTF-8, UTF-16 with BOM, GB18030), HTML (tables
 * kept as rows of `|`-separated cells, blank cells kept), DOCX (mammoth → HTML → the same), PDF with a text layer
 * (pdf-parse). Anything else — empty, too large, binary, unknown format — is a ReportUnreadable (exit 2).
 */
import { isUtf8 } from 'node:buffer';
import mammoth from 'mammoth';
import { InvalidInput } from '../errors.ts';

/** Largest report accepted (issue 6: "up to 20 MB"). */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

/** Why a file is not readable as an annual report. */
export type UnreadableReason = 'empty' | 'too_large' | 'binary' | 'unknown_format' | 'no_text' | 'not_a_report';

/** The file cannot be read as an annual report: the CLI exits 2, the upload page answers 422. */
export class ReportUnreadable extends InvalidInput {
  readonly reason: UnreadableReason;
  constructor(reason: UnreadableReason, message: string) {
    super(message, undefined, 'report_unreadable');
    this.reason = reason;
  }
}

/** Source formats read. */
export type SourceFormat = 'text' | 'html' | 'docx' | 'pdf';

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** Decodes a report file's bytes to text and names the format it was in. */
export async function decodeReport(bytes: Uint8Array): Promise<{ text: string; format: SourceFormat }> {
  if (bytes.length > MAX_REPORT_BYTES) {
    throw new ReportUnreadable('too_large', `文件过大（${(bytes.length / 1048576).toFixed(1)} MB），年度报告不超过20 MB`);
  }
  if (bytes.length === 0) throw new ReportUnreadable('empty', '文件为空');
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { text: await pdfText(bytes), format: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { text: htmlToText(await docxHtml(bytes)), format: 'docx' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ReportUnreadable('unknown_format', '不支持旧版 Office 文件（.doc/.xls/.wps），请另存为 DOCX、PDF 或 HTML');
  }
  for (const [sig, name] of IMAGE_SIGNATURES) {
    if (startsWith(bytes, sig)) throw new ReportUnreadable('unknown_format', `这是${name}文件，不是可读取文字的年度报告`);
  }
  const text = decodeText(bytes);
  if (text.trim() === '') throw new ReportUnreadable('empty', '文件没有文字内容');
  if (looksLikeHtml(text)) return { text: htmlToText(text), format: 'html' };
  return { text, format: 'text' };
}

const IMAGE_SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x1f, 0x8b], 'gzip 压缩'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR 压缩'],
  [[0x7f, 0x45, 0x4c, 0x46], '可执行程序'],
];

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GB2312/GBK pages); binary content is refused. */
function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(bytes);
  else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(bytes);
  else {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    if (isUtf8(b)) text = b.toString('utf8', startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0);
    else text = new TextDecoder('gb18030').decode(bytes);
  }
  const sample = text.length > 400_000 ? text.slice(0, 200_000) + text.slice(-200_000) : text;
  const bad = sample.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (bad > sample.length * 0.01) throw new ReportUnreadable('binary', '文件是二进制内容或编码无法识别，不是文本格式的年度报告');
  return text;
}

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 65536);
  return /^\s*</.test(head) || /<(?:html|body|table|div|p)[\s>]/i.test(head);
}

async function docxHtml(bytes: Uint8Array): Promise<string> {
  try {
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    return value;
  } catch {
    throw new ReportUnreadable('unknown_format', '文件是 ZIP 格式但不是可读取的 DOCX 文档');
  }
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  let text: string;
  try {
    text = (await parser.getText()).text;
  } catch {
    throw new ReportUnreadable('unknown_format', 'PDF 文件已损坏或加密，无法读取');
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  if (!/[\u4e00-\u9fff]/.test(text)) throw new ReportUnreadable('no_text', 'PDF 没有可读取的文字层（可能是扫描件）');
  return text;
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', mdash: '—', hellip: '…', middot: '·', ensp: ' ', emsp: ' ' };

/** Decodes HTML character references. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const BLOCK = /^(?:p|div|br|h[1-6]|li|ul|ol|section|article|header|footer|table|caption|blockquote|pre|hr|title)$/;

/**
 * HTML → text: one line per table row with cells separated by " | " (an empty cell stays an empty cell, so blank
 * stays null); block elements become line breaks; script/style/head dropped; entities decoded.
 */
export function htmlToText(html: string): string {
  const src = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|head|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  const out: string[] = [];
  let inCell = 0;
  const re = /<\s*(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>|([^<]+)/g;
  for (const m of src.matchAll(re)) {
    if (m[3] !== undefined) {
      out.push(decodeEntities(m[3]).replace(/\s+/g, ' '));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (tag === 'tr') out.push(closing ? ' |\n' : '\n');
    else if (tag === 'td' || tag === 'th') {
      if (closing) inCell = Math.max(0, inCell - 1);
      else {
        inCell++;
        out.push(' | ');
      }
    } else if (BLOCK.test(tag)) out.push(inCell > 0 ? ' ' : '\n');
  }
  return out.join('').replace(/[ \t]*\n[ \t]*/g, '\n').replace(/\n{3,}/g, '\n\n');
}

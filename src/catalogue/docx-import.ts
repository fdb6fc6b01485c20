/**
 * Import from Word (issue 4): the official .docx becomes clean HTML (mammoth, then the rich-text allowlist), with the
 * title and 发文字号 prefilled where recognisable (GB/T 9704: 发文字号 under the 发文机关标志, the title centred above
 * the body, usually ending in 通知/办法/公告/意见/决定…).
 */
import mammoth from 'mammoth';
import { InvalidInput } from '../errors.ts';
import { sanitizeRichText, toPlainText } from '../platform/html/sanitize.ts';
import { checkUpload } from './attachment-files.ts';
import { findDocumentNumber } from './document-number.ts';

/** What a Word file gives the editor. */
export interface DocxImport {
  bodyHtml: string;
  title?: string;
  documentNumber?: string;
  /** The 成文日期 if a date line like 2020年6月22日 ends the document. */
  formedOn?: string;
}

const TITLE_END = /(通知|办法|公告|意见|决定|规定|细则|方案|规划|计划|通告|公示|报告|函|批复|解读|规程|指引|指南|制度|纪要)(（[^）]{1,8}）)?$/;

function paragraphs(html: string): string[] {
  return [...html.matchAll(/<(p|h[1-6])[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => toPlainText(m[2])).filter(Boolean);
}

/** Converts a .docx upload; refuses anything that is not a Word document. */
export async function importDocx(name: string, bytes: Uint8Array, limit: number): Promise<DocxImport> {
  const { type } = checkUpload(name, bytes, limit, 'docx');
  if (type !== 'docx') throw new InvalidInput('请上传 Word（.docx）文件', { docx: '只能导入 .docx 格式的 Word 文档（.doc 请先另存为 .docx）' });
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: ['p[style-name=\'Title\'] => h2:fresh'] })).value;
  } catch {
    throw new InvalidInput('无法读取该 Word 文档', { docx: '文件已损坏或加密' });
  }
  const paras = paragraphs(html);
  const dn = findDocumentNumber(paras.slice(0, 15).join('\n'));
  const title = paras.slice(0, 12).find((p) => p.length >= 4 && p.length <= 120 && TITLE_END.test(p) && !p.includes('〔'));
  const dateLine = [...paras].reverse().slice(0, 6).map((p) => /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(p.replace(/\s/g, ''))).find(Boolean);
  let body = html;
  // Drop the lines that became metadata so the body starts with the text proper.
  for (const line of [title, dn?.text].filter((x): x is string => Boolean(x))) {
    body = body.replace(new RegExp(`<(p|h[1-6])[^>]*>\\s*${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/〔/g, '[〔\\[［(（【]').replace(/〕/g, '[〕\\]］)）】]')}\\s*</\\1>`), '');
  }
  return {
    bodyHtml: sanitizeRichText(body),
    title,
    documentNumber: dn?.text,
    formedOn: dateLine ? `${dateLine[1]}-${dateLine[2].padStart(2, '0')}-${dateLine[3].padStart(2, '0')}` : undefined,
  };
}

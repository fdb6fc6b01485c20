/**
 * Letters as DOCX (docx package; Chinese fonts named per GB/T 9704-2012 practice: title 方正小标宋简体 二号, body
 * 仿宋_GB2312 三号) and as printable HTML (escaped; the print stylesheet hides the page chrome).
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { chineseDate, type Letter } from './letters.ts';

const TITLE_FONT = { ascii: 'Times New Roman', eastAsia: '方正小标宋简体', hAnsi: 'Times New Roman' };
const BODY_FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312', hAnsi: 'Times New Roman' };
const BODY_SIZE = 32; // half-points: 16 pt = 三号
const TITLE_SIZE = 44; // 22 pt = 二号

function run(text: string, opts: { bold?: boolean; size?: number; font?: typeof BODY_FONT } = {}): TextRun {
  return new TextRun({ text, font: opts.font ?? BODY_FONT, size: opts.size ?? BODY_SIZE, bold: opts.bold });
}

function body(text: string, indent = true): Paragraph {
  return new Paragraph({ children: [run(text)], indent: indent ? { firstLine: 640 } : undefined, spacing: { line: 560 } });
}

/** The letter as a DOCX file. */
export async function letterDocx(l: Letter): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(l.agencyName, { size: TITLE_SIZE, font: TITLE_FONT })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(l.title, { size: TITLE_SIZE, font: TITLE_FONT })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [run(l.documentNumber)] }),
    body(`${l.addressee}：`, false),
    ...l.paragraphs.map((p) => body(p)),
    ...l.items.map((item, i) => body(`${i + 1}. ${item}`)),
    body(`依据：${l.legalBasis.join('；')}。`),
    ...(l.remedy ? [body(l.remedy)] : []),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 600 }, children: [run(l.seal)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(l.agencyName)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(l.issuedOn))] }),
  ];
  const doc = new Document({
    creator: l.agencyName,
    title: l.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML-escapes text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

/** The letter as an HTML fragment (an <article class="official-letter">) for the case page and print. */
export function letterHtml(l: Letter): string {
  const p = (s: string, cls = '') => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(s)}</p>`;
  return [
    '<article class="official-letter">',
    `<p class="letter-agency">${escapeHtml(l.agencyName)}</p>`,
    `<h2 class="letter-title">${escapeHtml(l.title)}</h2>`,
    p(l.documentNumber, 'letter-number'),
    p(`${l.addressee}：`, 'letter-addressee'),
    ...l.paragraphs.map((x) => p(x)),
    l.items.length ? `<ol>${l.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol>` : '',
    p(`依据：${l.legalBasis.join('；')}。`),
    l.remedy ? p(l.remedy) : '',
    p(l.seal, 'letter-sign'),
    p(l.agencyName, 'letter-sign'),
    p(chineseDate(l.issuedOn), 'letter-sign'),
    '</article>',
  ].join('\n');
}

/** The letter as plain text (mail bodies, the dossier). */
export function letterText(l: Letter): string {
  return [
    l.agencyName, l.title, l.documentNumber, '', `${l.addressee}：`, ...l.paragraphs.map((x) => `　　${x}`),
    ...l.items.map((x, i) => `　　${i + 1}. ${x}`), `　　依据：${l.legalBasis.join('；')}。`, ...(l.remedy ? [`　　${l.remedy}`] : []),
    '', l.seal, l.agencyName, chineseDate(l.issuedOn),
  ].join('\n');
}

/**
 * Shared material of the XSS tests: the corpus (e2e/fixtures/xss-corpus.txt) and Word files that carry a vector in
 * every place a .docx holds text. Used by the browser run (e2e/xss.e2e.ts) and the importer test that runs in CI
 * (test/security/docx-import-xss.test.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

/** The vectors of the corpus, one per line (lines starting with "# " are comments). */
export function xssCorpus(): string[] {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'e2e', 'fixtures', 'xss-corpus.txt');
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('# '));
}

/** Hyperlink targets a Word file may carry: `javascript:` and friends in the spellings browsers accept. */
export const SCRIPT_LINKS = [
  'javascript:__xss()', 'JaVaScRiPt:__xss()', ' javascript:__xss()', 'java\tscript:__xss()', 'java\nscript:__xss()',
  '\u0001javascript:__xss()', 'javascript&#58;__xss()', '&#106;avascript:__xss()', 'jav&#x09;ascript:__xss()',
  'javascript://%0a__xss()', 'vbscript:msgbox(1)', 'data:text/html,<script>__xss()</script>', 'data:text/html;base64,PHNjcmlwdD5fX3hzcygpPC9zY3JpcHQ+',
];

/** A 1×1 PNG for the picture whose alt text carries the vector. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/**
 * An official-looking Word file carrying vector `v` everywhere a .docx holds text: the title line (关于…的通知, which
 * the import takes as the title), a heading, paragraphs, a table cell, image alt text, and hyperlinks whose targets
 * are a `javascript:` spelling and the vector itself.
 */
export async function wordFile(i: number, v: string): Promise<Buffer> {
  const link = (target: string, text: string) => new ExternalHyperlink({ link: target, children: [new TextRun({ text, style: 'Hyperlink' })] });
  const doc = new Document({ sections: [{ children: [
    new Paragraph(`测〔2026〕${900 + i}号`),
    new Paragraph(`关于${v}的通知`),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`一、${v}`)] }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`（一）${v}`)] }),
    new Paragraph({ children: [new TextRun(`各有关单位：${v}`), new TextRun({ text: v, bold: true })] }),
    new Paragraph({ children: [link(SCRIPT_LINKS[i % SCRIPT_LINKS.length], `详见链接${v}`), new TextRun('；'), link(v, '原文')] }),
    new Table({ rows: [
      new TableRow({ children: [new TableCell({ children: [new Paragraph('事项')] }), new TableCell({ children: [new Paragraph('说明')] })] }),
      new TableRow({ children: [new TableCell({ children: [new Paragraph(v)] }), new TableCell({ children: [new Paragraph({ children: [link(SCRIPT_LINKS[(i + 5) % SCRIPT_LINKS.length], v)] })] })] }),
    ] }),
    new Paragraph({ children: [new ImageRun({ type: 'png', data: PIXEL, transformation: { width: 20, height: 20 }, altText: { name: v.slice(0, 100), title: v, description: v } })] }),
    new Paragraph('2026年11月27日'),
  ] }] });
  return Packer.toBuffer(doc);
}

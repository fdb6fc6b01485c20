/**
 * The Word (.docx) import against the XSS corpus without a browser (security.md XSS-01; the Chromium run is
 * e2e/xss.e2e.ts): every vector in a .docx — title line, headings, paragraphs, a table cell, image alt text, hyperlink
 * targets with `javascript:`/`vbscript:`/`data:` spellings — goes through `importDocx`, and the body that comes out
 * holds only allowlisted tags, no `on*` attribute, and no URL other than http(s), mailto or a relative one; the
 * title is plain text. Fast enough for every CI run (all 107 vectors).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importDocx } from '../../src/catalogue/docx-import.ts';
import { SCRIPT_LINKS, wordFile, xssCorpus } from '../support/xss-fixtures.ts';

const TAGS = new Set(['p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'pre',
  'code', 'ul', 'ol', 'li', 'a', 'img', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'hr', 'span', 'div', 'figure', 'figcaption']);

const decode = (v: string) => v.replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
  .replace(/&colon;/gi, ':').replace(/&tab;/gi, '\t').replace(/&newline;/gi, '\n').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** What a browser would find dangerous in sanitised HTML (text `<` is escaped there, so every `<` opens a tag). */
function dangers(html: string): string[] {
  const bad: string[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const tag = m[1].toLowerCase();
    if (!TAGS.has(tag)) bad.push(`tag <${tag}>`);
    for (const a of m[2].matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      const name = a[1].toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc') bad.push(`<${tag} ${name}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)) {
        const url = decode(a[2] ?? '').replace(/[\u0000-\u0020]/g, '').toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
        if (scheme && !['http', 'https', 'mailto'].includes(scheme)) bad.push(`<${tag} ${name}="${a[2]}">`);
        if (tag === 'img' && scheme !== 'http' && scheme !== 'https') bad.push(`<img src="${a[2]}">`);
      }
    }
  }
  return bad;
}

describe('Word import against the XSS corpus', () => {
  it('the checker sees what it must (positive control)', () => {
    assert.deepEqual(dangers('<p>x</p><a href="https://www.gov.cn/">ok</a><a href="原文">rel</a>'), []);
    assert.deepEqual(dangers('<a href="java&#x09;script:x()">a</a><img src="x" onerror="y()"><svg><img src="data:image/png;base64,AA">'), [
      '<a href="java&#x09;script:x()">', '<img src="x">', '<img onerror>', 'tag <svg>', '<img src="data:image/png;base64,AA">', '<img src="data:image/png;base64,AA">',
    ]);
  });

  it('every vector in every place of a .docx comes out inert', { timeout: 600_000 }, async () => {
    const corpus = xssCorpus();
    assert.ok(corpus.length >= 100);
    const problems: string[] = [];
    let links = 0;
    for (const [i, v] of corpus.entries()) {
      const r = await importDocx(`通知${i}.docx`, await wordFile(i, v), 10_000_000);
      for (const d of dangers(r.bodyHtml)) problems.push(`vector ${i}: ${d}`);
      if (r.title !== undefined) assert.doesNotMatch(r.title, /<[a-z]/i, `title of vector ${i} is plain text`);
      // The parts are all there: the vector was carried, not dropped with its container.
      assert.match(r.bodyHtml, /<table>[\s\S]*<td>/, `table of vector ${i}`);
      assert.match(r.bodyHtml, /<img alt="/, `picture of vector ${i}`);
      assert.match(r.bodyHtml, /详见链接/, `link text of vector ${i}`);
      links += (r.bodyHtml.match(/<a /g) ?? []).length;
    }
    assert.deepEqual(problems, []);
    assert.ok(links >= corpus.length * 2, 'the links stay as links (their unsafe targets removed)');
    assert.equal(SCRIPT_LINKS.length, 13);
  });
});

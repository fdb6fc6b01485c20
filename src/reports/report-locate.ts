/**
 * Finding things in the normalised text of a published report: section headings 一..六 (with the variants of
 * domain.md §2.1), row labels written with stray spaces or either width of punctuation, and the cell text between
 * one label and the next with page chrome and repeated in-table headers taken out.
 */
import { SECTION_HEADING_VARIANTS } from './report-labels.ts';
import type { SectionNumber } from './report-narrative.ts';

const CJK = /[\u3400-\u9fff]/;
const PUNCT_WILDCARD = '[^\\u3400-\\u9fff\\d]{0,3}?';
const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A loose pattern for a label: CJK characters and digits in order with any whitespace between them, and any short
 * run of punctuation (or none) where the label has punctuation — so “（一）予以公开” also matches “(一) 予以 公开”.
 */
export function loosePattern(label: string): string {
  const tokens: string[] = [];
  for (const ch of label) {
    if (CJK.test(ch) || /[0-9A-Za-z]/.test(ch)) tokens.push(escape(ch));
    else if (tokens.at(-1) !== PUNCT_WILDCARD) tokens.push(PUNCT_WILDCARD);
  }
  // Whitespace only between characters: a match never swallows the space or tab that separates the first cell.
  return tokens.reduce((acc, t, i) => (i === 0 ? t : acc + (t === PUNCT_WILDCARD || tokens[i - 1] === PUNCT_WILDCARD ? '' : '\\s*') + t), '');
}

/** A row label to look for: its core text and the item number printed before it (“2.”, “（2）”), if any. */
export interface LabelSpec {
  key: string;
  core: string;
  number?: number;
}

const stickyCache = new Map<string, RegExp>();

/**
 * The first place at or after `from` (ending by `to`) where a label is written, found by jumping with indexOf to
 * its first character and trying the loose pattern there (so a label missing from a 20 MB text costs one native
 * scan, not a regex walk). With `number`, an item number written just before it (“2.”, “（2）”) joins the span, so
 * its digit never joins the previous row's cells.
 */
export function findLoose(text: string, label: string, from: number, to = text.length, number?: number): Span | null {
  const first = [...label].findIndex((ch) => CJK.test(ch) || /[0-9A-Za-z]/.test(ch));
  if (first < 0) return null;
  const anchor = [...label][first];
  const rest = [...label].slice(first).join('');
  let re = stickyCache.get(rest);
  if (!re) {
    re = new RegExp(loosePattern(rest), 'y');
    stickyCache.set(rest, re);
  }
  for (let at = text.indexOf(anchor, from); at >= 0 && at < to; at = text.indexOf(anchor, at + 1)) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || at + m[0].length > to) continue;
    let start = at;
    if (number !== undefined) {
      const before = text.slice(Math.max(from, at - 10), at);
      const n = before.match(new RegExp(`[（(]?\\s*${number}\\s*[.、）)．]?[^\\u3400-\\u9fff\\d]{0,3}$`));
      if (n) start = at - n[0].length;
    }
    return { start, end: at + m[0].length };
  }
  return null;
}

/** Position of a match. */
export interface Span {
  start: number;
  end: number;
}

/** The first match of `re` lying within `text[from, to)` (searched in that slice only). */
export function findFrom(text: string, re: RegExp, from: number, to = text.length): Span | null {
  re.lastIndex = 0;
  const m = re.exec(to < text.length || from > 0 ? text.slice(from, to) : text);
  if (!m) return null;
  return { start: from + m.index, end: from + m.index + m[0].length };
}

/** Finds labels in order: each search starts after the previous hit; a missing label is null. */
export function findLabelsInOrder(text: string, specs: readonly LabelSpec[], from: number, to: number): (Span | null)[] {
  const out: (Span | null)[] = [];
  let pos = from;
  for (const spec of specs) {
    const hit = findLoose(text, spec.core, pos, to, spec.number);
    out.push(hit);
    if (hit) pos = hit.end;
  }
  return out;
}

const HEADING_NUMERALS = ['一', '二', '三', '四', '五', '六'];

/** Where each section heading 一..六 starts and ends (null when absent), found in order. */
export function findHeadings(text: string): Record<SectionNumber, Span | null> {
  const out = {} as Record<SectionNumber, Span | null>;
  let pos = 0;
  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    const variants = SECTION_HEADING_VARIANTS[n].map(loosePattern).join('|');
    const re = new RegExp(`${HEADING_NUMERALS[n - 1]}\\s*[、.，,]\\s*(?:${variants})`, 'g');
    const hit = findFrom(text, re, pos);
    out[n] = hit;
    if (hit) pos = hit.end;
  }
  return out;
}

/** Page chrome that may sit inside a table: page numbers and running headers of printed/PDF copies. */
const CHROME = [
  /第\s*\d+\s*页\s*[，,/／]?\s*(?:共\s*\d+\s*页)?/g,
  /共\s*\d+\s*页/g,
  /(?:^|\n)\s*[-—–]\s*\d+\s*[-—–]\s*(?=\n|$)/g,
  /\bPage\s+\d+(?:\s+of\s+\d+)?/gi,
  /--\s*\d+\s+of\s+\d+\s*--/g,
  /\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?/g,
  /https?:\/\/\S+/g,
];
/** Header texts with characters other than CJK that would otherwise leave debris in a cell run. */
const HEADER_DEBRIS = [/增\s*[/／]\s*减/g, /[（(]\s*单位\s*[：:]\s*万?元\s*[）)]/g];

/** How much text after a label is read as its row (a wrapped PDF row with a repeated page header fits easily). */
const MAX_ROW_CHARS = 4000;

/** Cell text between two labels, without chrome, narrative after the table (cut at 。) and header debris. */
export function cleanCellText(text: string): string {
  // A printed row never needs more than this; a run of garbage must not cost time.
  let s = text.length > MAX_ROW_CHARS ? text.slice(0, MAX_ROW_CHARS) : text;
  const stop = s.indexOf('。');
  if (stop >= 0) s = s.slice(0, stop);
  for (const re of [...CHROME, ...HEADER_DEBRIS]) s = s.replace(re, ' ');
  return s;
}

/** A blank or not-applicable cell in a separated row: empty, “/”, “—”, “-”, “无”. */
const NA_CELL = /^[\s/／\\—–\-－无空]*$/;

/** Cells read from text: separated by | or tab (blank cells kept as null), a run of digits, or nothing at all. */
export type CellSource =
  | { mode: 'separated'; cells: (number | null)[] }
  | { mode: 'run'; text: string }
  | { mode: 'blank' };

/** Reads the cell text of one row holding `n` cells. */
export function readCells(text: string, n: number): CellSource {
  const lines = cleanCellText(text).split('\n');
  const SEP = /[|\t]/;
  const CJK_ANY = /[\u3400-\u9fff]/;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const digits = /\d/.test(line);
    // A separated row: has numbers, or only separators (blank cells). A header repeated after a page break
    // (“总计\t商业”) has neither and is skipped.
    if (SEP.test(line) && (digits || !CJK_ANY.test(line))) {
      const pieces = line.split(SEP);
      // What precedes the first separator is the rest of the label's own cell, unless it is already the first
      // number (PDF text layers separate the label from the first cell with a space, the others with tabs).
      if (!/\d/.test(pieces[0])) pieces.shift();
      while (pieces.length > 0 && pieces[pieces.length - 1].trim() === '') pieces.pop();
      const cells = pieces.map(parseCell).slice(-n);
      while (cells.length < n) cells.push(null);
      if (cells.every((c) => c === null) && !digits) return { mode: 'blank' };
      return { mode: 'separated', cells };
    }
    if (digits && !SEP.test(line)) {
      // A run of digits (flattened, or space-separated in a PDF), continued on following lines without text.
      let run = line;
      for (let j = i + 1; j < lines.length && !CJK_ANY.test(lines[j]) && !SEP.test(lines[j]); j++) run += ' ' + lines[j];
      return { mode: 'run', text: run.replace(/[\u3400-\u9fff]/g, ' ') };
    }
  }
  return { mode: 'blank' };
}

/** One separated cell's value: a number (the first in the cell), or null when blank or not applicable. */
export function parseCell(piece: string): number | null {
  if (NA_CELL.test(piece)) return null;
  const m = piece.replace(/\s+/g, '').match(/[-+]?\d[\d,]*(?:\.\d+)?/);
  if (!m) return null;
  const v = Number(m[0].replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

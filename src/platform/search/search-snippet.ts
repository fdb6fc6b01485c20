/**
 * Highlighted titles and snippets for search results: the original text, HTML-escaped, with matched terms in
 * <mark>. Matching runs on the normalised text (same length as the original, see search-text.ts), so a Simplified
 * query highlights Traditional text. Nothing from the document reaches the output unescaped.
 */
import { normaliseForSearch } from './search-text.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

interface Span {
  start: number;
  end: number;
}

// Matched spans in normalised text, longest term first, non-overlapping, in text order.
function findSpans(normalised: string, terms: string[], from = 0, to = normalised.length): Span[] {
  const taken: Span[] = [];
  for (const term of terms) {
    if (!term) continue;
    let at = normalised.indexOf(term, from);
    while (at !== -1 && at + term.length <= to) {
      const span = { start: at, end: at + term.length };
      if (!taken.some((s) => s.start < span.end && span.start < s.end)) taken.push(span);
      at = normalised.indexOf(term, at + term.length);
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

function markUp(original: string, spans: Span[], from: number, to: number): string {
  let html = '';
  let pos = from;
  for (const s of spans) {
    if (s.start < from || s.end > to) continue;
    html += escapeHtml(original.slice(pos, s.start)) + '<mark>' + escapeHtml(original.slice(s.start, s.end)) + '</mark>';
    pos = s.end;
  }
  return html + escapeHtml(original.slice(pos, to));
}

/** The whole text, escaped, with every match of `terms` (normalised strings) marked. */
export function highlightText(text: string, terms: string[]): string {
  const norm = normaliseForSearch(text);
  return markUp(text, findSpans(norm, terms), 0, text.length);
}

/** Characters of context shown before the first match in a snippet. */
const LEAD = 30;

/**
 * A snippet of about `length` characters around the densest cluster of matches, escaped and marked; '…' where
 * text was cut. Without a match it is the start of the text.
 */
export function makeSnippet(text: string, terms: string[], length = 120, cut = { before: false, after: false }): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const norm = normaliseForSearch(flat);
  const spans = findSpans(norm, terms);
  let start = 0;
  if (spans.length) {
    // The window of `length` characters that covers the most distinct matches, starting a little before one.
    let best = 0;
    let bestCount = -1;
    for (let i = 0; i < spans.length; i++) {
      const windowEnd = spans[i].start + length - LEAD;
      const seen = new Set<string>();
      for (let j = i; j < spans.length && spans[j].end <= windowEnd; j++) seen.add(norm.slice(spans[j].start, spans[j].end));
      if (seen.size > bestCount) {
        bestCount = seen.size;
        best = i;
      }
    }
    start = Math.max(0, spans[best].start - LEAD);
  }
  let end = Math.min(flat.length, start + length);
  start = Math.max(0, Math.min(start, end - length));
  // Never cut a surrogate pair.
  if (start > 0 && /[\udc00-\udfff]/.test(flat[start])) start--;
  if (end < flat.length && /[\ud800-\udbff]/.test(flat[end - 1])) end++;
  const body = markUp(flat, spans, start, end);
  return (start > 0 || cut.before ? '…' : '') + body + (end < flat.length || cut.after ? '…' : '');
}

/**
 * The snippet of a UTF-8 body without decoding all of it: the earliest byte match of a term picks a window that is
 * decoded and snipped as text. Text that matches only after normalisation (Traditional characters, full-width or
 * upper-case letters) has no byte match and takes the full path.
 */
export function snippetFromBytes(body: Buffer, terms: string[], length = 120): string {
  let pos = -1;
  for (const t of terms) {
    const i = t ? body.indexOf(t) : -1;
    if (i !== -1 && (pos === -1 || i < pos)) pos = i;
  }
  if (pos === -1) return makeSnippet(body.toString('utf8'), terms, length);
  // ~3 bytes a character: room for the lead-in and the whole window, then back to character boundaries.
  let start = Math.max(0, pos - 3 * LEAD - 12);
  let end = Math.min(body.length, pos + 3 * length + 12);
  while (start > 0 && (body[start] & 0xc0) === 0x80) start--;
  while (end < body.length && (body[end] & 0xc0) === 0x80) end++;
  return makeSnippet(body.toString('utf8', start, end), terms, length, { before: start > 0, after: end < body.length });
}

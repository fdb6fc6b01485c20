/**
 * Splitting table rows that a web page flattened into runs of digits ("230 000023" = 23 0 0 0 0 0 23, see
 * fixtures/reports/README.md). Every way to cut a run into the row's cells is enumerated (no leading zeros; any
 * whitespace that survived is a cell boundary); the table's own identities (domain.md §2.6 R1–R3, R5) choose among
 * them, and what they cannot decide is reported as D1.
 */

/** What a cell may hold: a count, a signed count (2019 本年增/减), or a decimal amount. */
export type CellKind = 'int' | 'signed' | 'decimal';

const INT = '(?:0|[1-9]\\d*|[1-9]\\d{0,2}(?:,\\d{3})+)';
const CELL_RE: Record<CellKind, RegExp> = {
  int: new RegExp(`^${INT}$`),
  signed: new RegExp(`^(?:0|[-+]?(?:[1-9]\\d*|[1-9]\\d{0,2}(?:,\\d{3})+))$`),
  decimal: new RegExp(`^${INT}(?:\\.\\d+)?$`),
};

/** A run of cell characters with the positions where the source had whitespace (mandatory boundaries). */
export interface Run {
  chars: string;
  breaks: ReadonlySet<number>;
}

/** Builds a run from cell text: keeps digits . , - + and records where whitespace separated them. */
export function toRun(text: string): Run {
  // 1,234 is one number; any other comma separates cells.
  text = text.replace(/(\d),(?=\d{3}(?!\d))/g, '$1').replace(/,/g, ' ');
  let chars = '';
  const breaks = new Set<number>();
  for (const ch of text) {
    if (/[\d.+-]/.test(ch)) chars += ch;
    else if (chars.length > 0) breaks.add(chars.length);
  }
  breaks.delete(chars.length);
  return { chars, breaks };
}

/** Parses one cell's text as a number (thousands separators allowed). */
export function cellNumber(s: string): number {
  return Number(s.replace(/,/g, ''));
}

const MAX_CANDIDATES = 20_000;
/** No cell of these tables is longer than this (a count below 10^15, or an amount with its decimals). */
export const MAX_CELL_CHARS = 20;

/**
 * Every way to cut `run` into cells of the given kinds, as arrays of numbers (at most MAX_CANDIDATES).
 * With `open`, the last cell may end before the run does, and each result carries its end position.
 */
export function splitRun(run: Run, kinds: readonly CellKind[], start = 0, open = false): { cells: number[]; end: number }[] {
  const out: { cells: number[]; end: number }[] = [];
  const { chars, breaks } = run;
  const cur: number[] = [];
  const walk = (pos: number, i: number) => {
    if (out.length >= MAX_CANDIDATES) return;
    if (i === kinds.length) {
      if (open || pos === chars.length) out.push({ cells: [...cur], end: pos });
      return;
    }
    const remaining = kinds.length - i - 1;
    if (!open && chars.length - pos > (remaining + 1) * MAX_CELL_CHARS) return; // more characters than the cells hold
    const last = Math.min(chars.length - remaining, pos + MAX_CELL_CHARS);
    for (let end = pos + 1; end <= last; end++) {
      if (end > pos + 1 && breaks.has(end - 1)) break; // whitespace inside a cell: not a valid cut
      const s = chars.slice(pos, end);
      if (!CELL_RE[kinds[i]].test(s)) {
        if (s.length > 1 && s[0] === '0' && s[1] !== '.') break; // a leading zero never becomes valid by growing
        continue;
      }
      cur.push(cellNumber(s));
      walk(end, i + 1);
      cur.pop();
    }
  };
  walk(start, 0);
  return out;
}

/** Preference among splits the identities cannot tell apart: more zero cells (the commonest value in these
 *  tables), then shorter longest cell, then fewer digits in the first cell. Lower is better. */
export function splitScore(cells: number[]): number[] {
  const lens = cells.map((c) => String(Math.trunc(Math.abs(c))).length);
  return [-cells.filter((c) => c === 0).length, Math.max(...lens), lens[0] ?? 0];
}

/** Compares two score vectors lexicographically. */
export function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Sorts candidate splits best first (stable). */
export function rankSplits<T extends { cells: number[] }>(cands: T[]): T[] {
  return cands
    .map((c, i) => ({ c, i, s: splitScore(c.cells) }))
    .sort((a, b) => compareScores(a.s, b.s) || a.i - b.i)
    .map((x) => x.c);
}

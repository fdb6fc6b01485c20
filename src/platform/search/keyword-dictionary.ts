/**
 * jieba's dictionary and IDF table kept compactly (≈ 8 MB of buffers), from which each text gets a
 * dictionary of only the words it contains (issue 9 "Memory"). Loaded whole into jieba they cost ≈ 60–70 MB of native
 * memory for the life of the process; a jieba built from a text's own entries segments and weighs that text exactly
 * as the full one does, because:
 * - segmentation takes the most probable path through the words that occur in the text, each word's probability
 *   being its frequency over the dictionary's total: the text's entries plus one balance entry (a word no text can
 *   contain) carrying the rest of the total keep every probability as it was;
 * - TF-IDF weighs each segment by its IDF, or by the table's median when it has none: the segments' own IDF lines,
 *   then one line with the median (jieba takes the median of the last table loaded), keep every weight as it was.
 * search-keywords.test.ts holds this to the full dictionary on real texts. KeywordExtractor keeps one jieba that grows
 * with the texts it has seen (bounded) rather than one per text.
 */


/** A word that cannot occur in a text jieba segments (private-use characters are outside its word pattern). */
export const BALANCE_WORD = '\uE000\uE001';

const ENTRY_END = 0x20; // bytes ≤ 0x20 end a word (space, tab, CR, LF)

/** Whether byte `b` is not the first of a UTF-8 character. */
const isContinuation = (b: number) => (b & 0xc0) === 0x80;

/** The words and IDF values of jieba, and the entries of them that a given text can use. */
export class KeywordDictionary {
  private constructor(
    private readonly dict: Buffer,
    /** Start of each dictionary line, in byte order of the words. */
    private readonly lines: Uint32Array,
    /** Sum of every word's frequency (jieba's total). */
    private readonly total: number,
    /** For each dictionary word, 1 + the index of its IDF in `idfValues`, or 0 when it has none. */
    private readonly idfOfWord: Uint16Array | Uint32Array,
    /** The distinct IDF values (a few thousand for 270,000 words). */
    private readonly idfValues: Float64Array,
    /** The IDF lines of words that are not in the dictionary (a few per cent of the table). */
    private readonly others: Buffer,
    /** Open-addressing table of `others` line starts + 1, by FNV-1a hash of the word (0 = empty). */
    private readonly slots: Int32Array,
    /** The line that sets the IDF used for words without one: the median of the whole table. */
    readonly medianLine: Buffer,
  ) {}

  /**
   * Indexes jieba's `dict.txt` ("word freq [tag]" lines) and `idf.txt` ("word idf" lines) bytes; keeps the first and
   * of the second only the IDF of each word (as an index into its distinct values) and the lines of words that are
   * not in the first. Typed arrays sized from the line counts: no large JS arrays, whose pages V8 would keep.
   */
  static fromFiles(dict: Buffer, idf: Buffer): KeywordDictionary {
    let lines = new Uint32Array(lineCount(dict));
    let count = 0;
    let sorted = true;
    eachLine(dict, (start) => {
      if (sorted && count && compareWords(dict, lines[count - 1], start) >= 0) sorted = false;
      lines[count++] = start;
    });
    lines = lines.subarray(0, count);
    if (!sorted) {
      // A word listed twice keeps its last line, as in jieba (a stable sort keeps the file's order among equals).
      const order = Array.from(lines).sort((a, b) => compareWords(dict, a, b));
      lines = Uint32Array.from(order.filter((start, i) => i + 1 === order.length || compareWords(dict, start, order[i + 1]) !== 0));
    }
    let total = 0;
    for (const start of lines) total += parseDigits(dict, wordEndAt(dict, start), lineEndAt(dict, start));

    // A temporary hash of the dictionary's words finds each IDF word's index (binary searches took three times as long).
    const wordSlots = new Int32Array(tableSize(lines.length));
    for (let i = 0; i < lines.length; i++) insertIndex(wordSlots, dict, lines, i);
    const values = new Float64Array(lineCount(idf));
    const distinct = new Map<number, number>();
    const idfOfWord = new Uint32Array(lines.length);
    const others = new Uint32Array(values.length * 2); // [start, end) of the lines of words not in the dictionary
    let otherCount = 0;
    let otherBytes = 0;
    let n = 0;
    eachLine(idf, (start, wordEnd, lineEnd) => {
      const value = parseDecimal(idf, wordEnd, lineEnd);
      values[n++] = value;
      const index = findIndex(wordSlots, dict, lines, idf, start, wordEnd);
      if (index < 0) {
        others[otherCount++] = start;
        others[otherCount++] = lineEnd;
        otherBytes += lineEnd - start + 1;
        return;
      }
      let v = distinct.get(value);
      if (v === undefined) distinct.set(value, (v = distinct.size));
      idfOfWord[index] = v + 1; // a word listed twice keeps its last value, as in jieba
    });
    // jieba pops half of the values off a max-heap and takes the next: ascending index n - 1 - ⌊n/2⌋.
    const sortedValues = values.subarray(0, n).sort();
    const median = n ? sortedValues[n - 1 - Math.floor(n / 2)] : 0;
    const otherLines = Buffer.allocUnsafe(otherBytes);
    for (let i = 0, at = 0; i < otherCount; i += 2) {
      at += idf.copy(otherLines, at, others[i], others[i + 1]);
      otherLines[at++] = 0x0a;
    }
    const slots = new Int32Array(tableSize(otherCount / 2));
    eachLine(otherLines, (start, wordEnd) => insert(slots, otherLines, start, wordEnd));
    return new KeywordDictionary(
      dict, lines, total, distinct.size < 0xffff ? Uint16Array.from(idfOfWord) : idfOfWord, Float64Array.from(distinct.keys()),
      otherLines, slots, Buffer.from(`${BALANCE_WORD} ${median}\n`),
    );
  }

  /** Number of dictionary words. */
  get size(): number {
    return this.lines.length;
  }

  /** Indexes of the dictionary words that occur in `text`. */
  wordsIn(text: string): Set<number> {
    const bytes = Buffer.from(text, 'utf8');
    const found = new Set<number>();
    for (let i = 0; i < bytes.length; i++) if (!isContinuation(bytes[i])) this.wordsAt(bytes, i, found);
    return found;
  }

  /** The dictionary lines of `words` (indexes), and the sum of their frequencies. */
  linesOf(words: Iterable<number>): { lines: Buffer; frequency: number } {
    const parts: Buffer[] = [];
    let frequency = 0;
    for (const index of words) {
      const start = this.lines[index];
      const end = lineEndAt(this.dict, start);
      parts.push(this.dict.subarray(start, end), NEWLINE);
      frequency += parseDigits(this.dict, wordEndAt(this.dict, start), end);
    }
    return { lines: Buffer.concat(parts), frequency };
  }

  /** The line that brings jieba's total to the whole dictionary's when the words loaded sum to `frequency`. */
  balanceLine(frequency: number): Buffer {
    return Buffer.from(`${BALANCE_WORD} ${this.total - frequency}\n`);
  }

  /** The dictionary lines of every word that occurs in `text`, and the balance line. */
  entriesIn(text: string): Buffer {
    const { lines, frequency } = this.linesOf(this.wordsIn(text));
    return Buffer.concat([lines, this.balanceLine(frequency)]);
  }

  /** Keys of the IDF entries of those of `words` that have one: a dictionary index, or -1 - a line of `others`. */
  idfEntriesOf(words: Iterable<string>): Set<number> {
    const found = new Set<number>();
    for (const word of words) {
      const key = Buffer.from(word, 'utf8');
      if (!key.length || key.some((b) => b <= ENTRY_END)) continue;
      const index = exactIndex(this.dict, this.lines, key, 0, key.length);
      if (index >= 0) {
        if (this.idfOfWord[index] !== 0) found.add(index);
        continue;
      }
      const line = this.otherLine(key);
      if (line >= 0) found.add(-1 - line);
    }
    return found;
  }

  /** The IDF lines of `entries` (keys from idfEntriesOf); a value as the shortest text that reads back as itself. */
  idfText(entries: Iterable<number>): Buffer {
    const parts: Buffer[] = [];
    for (const entry of entries) {
      if (entry < 0) {
        const start = -1 - entry;
        parts.push(this.others.subarray(start, lineEndAt(this.others, start)), NEWLINE);
      } else {
        const start = this.lines[entry];
        parts.push(this.dict.subarray(start, wordEndAt(this.dict, start)), Buffer.from(` ${this.idfValues[this.idfOfWord[entry] - 1]}\n`));
      }
    }
    return Buffer.concat(parts);
  }

  /** The IDF lines of those of `words` that have one (empty when none has). */
  idfOf(words: Iterable<string>): Buffer {
    return this.idfText(this.idfEntriesOf(words));
  }

  /**
   * Adds to `found` the words that start at byte `at` of `text`: narrows the sorted words to those sharing the
   * text's next byte, one byte at a time, and takes the word that ends there (it sorts first in the range).
   */
  private wordsAt(text: Buffer, at: number, found: Set<number>): void {
    const { dict, lines } = this;
    const n = dict.length;
    let lo = 0;
    let hi = lines.length;
    for (let k = 0; at + k < text.length; k++) {
      const c = text[at + k];
      if (c <= ENTRY_END) return;
      // First word in [lo, hi) whose byte k is ≥ c (a word's end reads as 0)…
      let a = lo;
      let b = hi;
      while (a < b) {
        const m = (a + b) >>> 1;
        const i = lines[m] + k;
        if ((i < n ? dict[i] : 0) < c) a = m + 1;
        else b = m;
      }
      lo = a;
      // …and first one whose byte k is > c.
      b = hi;
      while (a < b) {
        const m = (a + b) >>> 1;
        const i = lines[m] + k;
        if ((i < n ? dict[i] : 0) <= c) a = m + 1;
        else b = m;
      }
      hi = a;
      if (lo >= hi) return;
      if (wordByte(dict, lines[lo] + k + 1) === 0) found.add(lo);
    }
  }

  /** Start of the line of `key` in `others`, or -1. */
  private otherLine(key: Buffer): number {
    const mask = this.slots.length - 1;
    for (let s = hashBytes(key, 0, key.length) & mask; this.slots[s] !== 0; s = (s + 1) & mask) {
      const start = this.slots[s] - 1;
      const end = wordEndAt(this.others, start);
      if (end - start === key.length && this.others.compare(key, 0, key.length, start, end) === 0) return start;
    }
    return -1;
  }
}

/** Adds dictionary word `index` to a table of indexes + 1 by hash of the word. */
function insertIndex(slots: Int32Array, dict: Buffer, lines: Uint32Array, index: number): void {
  const mask = slots.length - 1;
  let s = hashBytes(dict, lines[index], wordEndAt(dict, lines[index])) & mask;
  while (slots[s] !== 0) s = (s + 1) & mask;
  slots[s] = index + 1;
}

/** Index of the dictionary word equal to buf[from, to) in a table of insertIndex, or -1. */
function findIndex(slots: Int32Array, dict: Buffer, lines: Uint32Array, buf: Buffer, from: number, to: number): number {
  const mask = slots.length - 1;
  for (let s = hashBytes(buf, from, to) & mask; slots[s] !== 0; s = (s + 1) & mask) {
    if (sameWord(dict, lines[slots[s] - 1], buf, from, to)) return slots[s] - 1;
  }
  return -1;
}

/** Whether the word at `start` of `dict` is buf[from, to) (a byte loop: Buffer#compare costs more per call). */
function sameWord(dict: Buffer, start: number, buf: Buffer, from: number, to: number): boolean {
  for (let k = 0; k < to - from; k++) if (dict[start + k] !== buf[from + k]) return false;
  return wordByte(dict, start + to - from) === 0;
}

/** Index of the dictionary word equal to buf[from, to), or -1 (binary search in byte order). */
function exactIndex(dict: Buffer, lines: Uint32Array, buf: Buffer, from: number, to: number): number {
  let a = 0;
  let b = lines.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    const start = lines[m];
    let order = 0;
    for (let k = 0; ; k++) {
      const x = wordByte(dict, start + k);
      const y = from + k < to ? buf[from + k] : 0;
      if (x !== y || x === 0) {
        order = x - y;
        break;
      }
    }
    if (order === 0) return m;
    if (order < 0) a = m + 1;
    else b = m;
  }
  return -1;
}

const NEWLINE = Buffer.from('\n');

/** Calls `fn(line start, word end, line end)` for each line that has a word. */
function eachLine(buf: Buffer, fn: (start: number, wordEnd: number, lineEnd: number) => void): void {
  for (let start = 0; start < buf.length;) {
    const end = lineEndAt(buf, start);
    const wordEnd = wordEndAt(buf, start);
    if (wordEnd > start) fn(start, wordEnd, end);
    start = end + 1;
  }
}

function lineEndAt(buf: Buffer, start: number): number {
  const end = buf.indexOf(0x0a, start);
  return end < 0 ? buf.length : end;
}

function wordEndAt(buf: Buffer, start: number): number {
  let i = start;
  while (i < buf.length && buf[i] > ENTRY_END) i++;
  return i;
}

/** The first run of digits in buf[from, to) as a number (0 when there is none). */
function parseDigits(buf: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && (buf[i] < 0x30 || buf[i] > 0x39)) i++;
  let n = 0;
  for (; i < to && buf[i] >= 0x30 && buf[i] <= 0x39; i++) n = n * 10 + buf[i] - 0x30;
  return n;
}

/**
 * The number written in buf[from, to): "d.ddd" with at most 15 digits as digits ÷ 10^scale, which is exact and
 * correctly rounded (both operands are exact doubles), so the same double as Number(text); anything else by Number().
 */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function parseDecimal(buf: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && buf[i] <= ENTRY_END) i++;
  let end = to;
  while (end > i && buf[end - 1] <= ENTRY_END) end--;
  let digits = 0;
  let count = 0;
  let scale = -1;
  for (let j = i; j < end; j++) {
    const b = buf[j];
    if (b >= 0x30 && b <= 0x39) {
      digits = digits * 10 + b - 0x30;
      count++;
      if (scale >= 0) scale++;
    } else if (b === 0x2e && scale < 0) scale = 0;
    else return Number(buf.toString('latin1', i, end));
  }
  if (count === 0 || count > 15) return Number(buf.toString('latin1', i, end));
  return scale > 0 ? digits / POWERS_OF_TEN[scale] : digits;
}

/** Byte order of the words starting at `a` and `b` (a word's end sorts before any byte). */
function compareWords(buf: Buffer, a: number, b: number): number {
  for (let k = 0; ; k++) {
    const x = wordByte(buf, a + k);
    const y = wordByte(buf, b + k);
    if (x !== y || x === 0) return x - y;
  }
}

/** The byte at `i` of a word, 0 past its end. */
function wordByte(buf: Buffer, i: number): number {
  return i < buf.length && buf[i] > ENTRY_END ? buf[i] : 0;
}

function hashBytes(buf: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0;
}

/** Puts the line at `start` of `buf` in the table: in the slot of the same word (a later line wins, as in jieba) or the first free one. */
function insert(slots: Int32Array, buf: Buffer, start: number, wordEnd: number): void {
  const mask = slots.length - 1;
  let s = hashBytes(buf, start, wordEnd) & mask;
  for (; slots[s] !== 0; s = (s + 1) & mask) {
    const other = slots[s] - 1;
    if (wordEndAt(buf, other) - other === wordEnd - start && buf.compare(buf, start, wordEnd, other, wordEndAt(buf, other)) === 0) break;
  }
  slots[s] = start + 1;
}

/** Lines in `buf` (an upper bound on the entries). */
function lineCount(buf: Buffer): number {
  let n = 1;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** A power of two for `n` entries at a load of at most 60%. */
function tableSize(n: number): number {
  let size = 16;
  while (size * 0.6 < n) size *= 2;
  return size;
}

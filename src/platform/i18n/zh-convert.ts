/**
 * Simplified ⇄ Traditional conversion with OpenCC's dictionaries (opencc-js ships them as modules), in a compact form:
 * each dictionary stage is one Map from phrase to replacement plus, per first two UTF-16 code units, a bit mask of the
 * key lengths that start with them, instead of opencc-js's trie of one Map per character (issue 9 "Memory": the cn→twp
 * converter took ≈ 70 MB RSS that way, this one ≈ 10 MB). The algorithm is OpenCC's, step for step, so the output is
 * the same (held to opencc-js by zh-convert.test.ts): normalise CJK compatibility ideographs; split the text into
 * phrase segments (longest match, unmatched runs merged); convert each segment through each stage by longest match;
 * an ideographic description sequence (U+2FF0–U+2FFF and its components) is passed through as one unit.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dictDir = dirname(createRequire(import.meta.url).resolve('opencc-js/dict/STPhrases'));

/**
 * One of OpenCC's dictionaries ("key value|key value|…"), read from opencc-js's module file when a converter is built
 * (not imported: the text is dropped once the converter holds its entries).
 */
function dict(name: string): string {
  const source = readFileSync(join(dictDir, `${name}.js`), 'utf8');
  return JSON.parse(source.slice(source.indexOf('"'), source.lastIndexOf('"') + 1)) as string;
}

/** One dictionary stage: longest-match replacement over a set of (key → value) entries. */
class Stage {
  private readonly map = new Map<string, string>();
  /** Per code unit: 1 when it is a key by itself. */
  private readonly single = new Uint8Array(65536);
  /** Dense ids (1…) of the code units that start a key of two or more code units; 0 for the others. */
  private readonly firstIds = new Uint16Array(65536);
  private nextId = 1;
  /** Per first two code units (id of c0 · 65536 + c1, a small integer): bit n set when a key of n + 1 code units starts with them (≤ 32). */
  private readonly starts = new Map<number, number>();
  /** The same for the keys of the segmentation dictionaries only (OpenCC segments by phrases, never by single characters). */
  private readonly segmentStarts = new Map<number, number>();

  /**
   * `dicts` in OpenCC's group order: on a key present in several, the first dictionary's value wins. The keys of the
   * first `segmentBy` dictionaries also segment the text (they are phrases of two or more characters, so one Map holds
   * both: OpenCC's segmentation trie has the same keys).
   */
  constructor(dicts: readonly string[], segmentBy = 0) {
    for (let d = dicts.length - 1; d >= 0; d--) {
      for (const line of dicts[d].split('|')) {
        const space = line.indexOf(' ');
        if (space <= 0) continue;
        const key = line.slice(0, space);
        const end = line.indexOf(' ', space + 1);
        this.map.set(key, line.slice(space + 1, end < 0 ? undefined : end));
        if (key.length === 1) this.single[key.charCodeAt(0)] = 1;
        else if (key.length <= 32) {
          const c0 = key.charCodeAt(0);
          const pair = (this.firstIds[c0] ||= this.nextId++) * 65536 + key.charCodeAt(1);
          const bit = 1 << (key.length - 1);
          this.starts.set(pair, ((this.starts.get(pair) ?? 0) | bit) >>> 0);
          if (d < segmentBy) this.segmentStarts.set(pair, ((this.segmentStarts.get(pair) ?? 0) | bit) >>> 0);
        }
      }
    }
  }

  /** The end (exclusive) and value of the longest key starting at `i`, or null (`segmenting`: phrase keys only). */
  match(s: string, i: number, segmenting = false): [number, string] | null {
    const c0 = s.charCodeAt(i);
    const id = this.firstIds[c0];
    if (id !== 0 && i + 1 < s.length) {
      let mask = (segmenting ? this.segmentStarts : this.starts).get(id * 65536 + s.charCodeAt(i + 1)) ?? 0;
      const room = s.length - i;
      if (room < 32) mask = (mask & (2 ** room - 1)) >>> 0;
      while (mask !== 0) {
        const len = 32 - Math.clz32(mask);
        const v = this.map.get(s.slice(i, i + len));
        if (v !== undefined) return [i + len, v];
        mask = (mask & ~(1 << (len - 1))) >>> 0;
      }
    }
    return !segmenting && this.single[c0] === 1 ? [i + 1, this.map.get(s[i])!] : null;
  }

/** Converts `s` by longest match from left to right. */
  convert(s: string): string {
    let out = '';
    let plain = -1;
    for (let i = 0; i < s.length;) {
      const m = this.match(s, i);
      if (m) {
        if (plain >= 0) out += s.slice(plain, i);
        plain = -1;
        out += m[1];
        i = m[0];
      } else {
        if (plain < 0) plain = i;
        i += unmatchedLength(s, i);
      }
    }
    return plain >= 0 ? out + s.slice(plain) : out;
  }

  /** Splits `s` into phrases and the unmatched runs between them (OpenCC's segmentation; needs `segmentBy`). */
  segment(s: string): string[] {
    const out: string[] = [];
    let plain = -1;
    for (let i = 0; i < s.length;) {
      const m = this.match(s, i, true);
      if (m) {
        if (plain >= 0) out.push(s.slice(plain, i));
        plain = -1;
        out.push(s.slice(i, m[0]));
        i = m[0];
      } else {
        if (plain < 0) plain = i;
        i += unmatchedLength(s, i);
      }
    }
    if (plain >= 0) out.push(s.slice(plain));
    return out;
  }
}

const codePointLength = (s: string, i: number) => ((s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

function idsArity(cp: number): number {
  if (cp >= 0x2ff0 && cp <= 0x2ff1) return 2;
  if (cp >= 0x2ff2 && cp <= 0x2ff3) return 3;
  if (cp >= 0x2ff4 && cp <= 0x2fff) return 2;
  return 0;
}

/** The end of an ideographic description sequence starting at `i`, or 0 when there is none. */
function idsEnd(s: string, i: number): number {
  const arity = idsArity(s.codePointAt(i) ?? 0);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    const child = idsEnd(s, end);
    end = child || end + codePointLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const end = idsEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

/**
 * A converter: normalisation, then the stages on each segment (OpenCC's preset configs). With `segmentBy`, the text is
 * first split by the phrases of the first stage's first `segmentBy` dictionaries (OpenCC's segmentation dictionaries).
 */
function converter(stageDicts: readonly (readonly string[])[], segmentBy = 0): (s: string) => string {
  const normalise = new Stage([dict('CJK_Compatibility_Ideographs')]);
  const stages = stageDicts.map((dicts, n) => new Stage(dicts, n === 0 ? segmentBy : 0));
  return (s) => {
    const text = normalise.convert(s);
    const segments = segmentBy ? stages[0].segment(text) : [text];
    let out = '';
    for (const seg of segments) out += stages.reduce((acc, st) => st.convert(acc), seg);
    return out;
  };
}

/** OpenCC `s2twp` (opencc-js `{ from: 'cn', to: 'twp' }`): Simplified to Traditional with Taiwan phrases. */
export function simplifiedToTaiwan(): (s: string) => string {
  const phrases = [dict('STPhrases'), dict('STPhrases_GeneratedFromRegionalPhrases')];
  return converter([[...phrases, dict('STCharacters')], [dict('TWPhrases'), dict('TWVariantsPhrases'), dict('TWVariants')]], phrases.length);
}

/** OpenCC `t2s` (opencc-js `{ from: 't', to: 'cn' }`): Traditional (or mixed) to Simplified. */
export function traditionalToSimplified(): (s: string) => string {
  return converter([[dict('TSPhrases'), dict('TSCharacters')]]);
}

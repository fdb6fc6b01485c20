/**
 * Normalises the text of a published report before reading it: Traditional → Simplified (opencc-js `t`→`cn`, then
 * the Taiwan-phrase list of domain.md §0), full-width digits/letters → ASCII, odd spaces → ' ', ASCII brackets →
 * full-width （）, so that the official labels can be found whatever script and width the publisher used.
 */
import { toSimplified as openccToSimplified } from '../platform/i18n/i18n.ts';

/** Script of the input as detected. */
export type Script = 'simplified' | 'traditional';

/** Taiwan-style phrases that machine conversion leaves behind (domain.md §0), applied after 繁→简. */
const TAIWAN_PHRASES: [RegExp, string][] = [
  [/档案/g, '文件'],
  [/最佳化/g, '优化'],
  [/套用/g, '应用'],
  [/冬粉/g, '粉丝'],
  [/入口网站/g, '门户网站'],
  // 設定→设置, but 设定依据 is a legitimate Simplified term (domain.md §0).
  [/设定(?!依据)/g, '设置'],
  [/许可权/g, '权限'],
  [/契约/g, '合同'],
  [/计画/g, '计划'],
  [/网路/g, '网络'],
  [/联繫/g, '联系'],
  // OpenCC's Taiwan phrasing (cn→twp, what our own zh-TW pages and many converted copies use): 信息→資訊.
  [/资讯/g, '信息'],
  [/本列资料/g, '本列数据'],
];

const TAIWAN_RE = new RegExp(TAIWAN_PHRASES.map(([re]) => `(${re.source})`).join('|'), 'g');

/** Up to this many characters the whole text goes through OpenCC with its phrase tables; beyond, a per-character
 *  map keeps a 20 MB report under the 1 s budget (measured: OpenCC ≈ 130 ms per million characters). */
const FULL_CONVERSION_LIMIT = 1_000_000;

let charTable: Uint16Array | null = null;
let tradChars: RegExp | null = null;

/** OpenCC `t2s`: the platform's one converter (src/platform/i18n, loaded on first use). */
function opencc(): (s: string) => string {
  return openccToSimplified;
}

/** Per-character 繁→简 table of the CJK blocks (code unit → Simplified code unit, 0 = unchanged), from OpenCC once. */
function traditionalChars(): { table: Uint16Array; re: RegExp } {
  if (!charTable || !tradChars) {
    const chars: string[] = [];
    for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
    const converted = opencc()(chars.join('\n')).split('\n');
    const table = new Uint16Array(0x10000);
    let cls = '';
    chars.forEach((c, i) => {
      const to = converted[i];
      if (to && to !== c && to.length === 1) {
        table[c.charCodeAt(0)] = to.charCodeAt(0);
        cls += c;
      }
    });
    charTable = table;
    tradChars = new RegExp(`[${cls}]`, 'g');
  }
  return { table: charTable, re: tradChars };
}

/** Maps every UTF-16 code unit through a table (0 = unchanged) in one native-buffer pass: ~20 ms per 7M chars. */
function mapChars(text: string, table: Uint16Array): string {
  const buf = Buffer.from(text, 'utf16le');
  const units = new Uint16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
  for (let i = 0; i < units.length; i++) {
    const to = table[units[i]];
    if (to !== 0) units[i] = to;
  }
  return buf.toString('utf16le');
}

/** Width and space normalisation as a code-unit table: full-width digits/letters → ASCII, odd spaces → ' ',
 *  ．－− → . -, ASCII brackets → （）, ｜ → |, Kangxi radicals → ideographs. */
const WIDTH_TABLE = (() => {
  const t = new Uint16Array(0x10000);
  for (let c = 0xff10; c <= 0xff19; c++) t[c] = c - 0xfee0;
  for (let c = 0xff21; c <= 0xff3a; c++) t[c] = c - 0xfee0;
  for (let c = 0xff41; c <= 0xff5a; c++) t[c] = c - 0xfee0;
  for (const c of [0x3000, 0x00a0, 0x202f, 0x205f]) t[c] = 0x20;
  for (let c = 0x2000; c <= 0x200a; c++) t[c] = 0x20;
  t[0xff0e] = 0x2e;
  t[0xff0d] = 0x2d;
  t[0x2212] = 0x2d;
  t[0x28] = 0xff08;
  t[0x29] = 0xff09;
  t[0xff5c] = 0x7c;
  // PDF text layers often carry Kangxi radicals (⼀ U+2F00 for 一) and compatibility ideographs: NFKC maps them.
  for (const [from, to] of [[0x2f00, 0x2fd5], [0x2e80, 0x2ef3], [0xf900, 0xfaff]]) {
    for (let c = from; c <= to; c++) {
      const n = String.fromCharCode(c).normalize('NFKC');
      if (n.length === 1 && n.charCodeAt(0) !== c) t[c] = n.charCodeAt(0);
    }
  }
  return t;
})();
let widthAndCharTable: Uint16Array | null = null;

/** Whether a text is (mostly) Traditional Chinese: share of Traditional-only characters in a sample. */
export function detectScript(text: string): Script {
  const { re } = traditionalChars();
  const sample = text.length > 200_000 ? text.slice(0, 100_000) + text.slice(-100_000) : text;
  const cjk = sample.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  if (cjk === 0) return 'simplified';
  re.lastIndex = 0;
  const trad = sample.match(re)?.length ?? 0;
  return trad / cjk > 0.02 ? 'traditional' : 'simplified';
}

/** Converts Traditional Chinese to Simplified, then undoes Taiwan phrasing (domain.md §0). */
export function toSimplified(text: string): string {
  let out: string;
  if (text.length <= FULL_CONVERSION_LIMIT) out = opencc()(text);
  else out = mapChars(text, traditionalChars().table);
  return undoTaiwanPhrases(out);
}

function undoTaiwanPhrases(text: string): string {
  return text.replace(TAIWAN_RE, (m, ...args) => {
    const i = (args as unknown[]).findIndex((g, k) => k < TAIWAN_PHRASES.length && g !== undefined);
    return i >= 0 ? TAIWAN_PHRASES[i][1] : m;
  });
}

/** Width and space normalisation plus Traditional → Simplified when detected, in as few passes as the size allows. */
export function normaliseText(raw: string): { text: string; script: Script } {
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (/[\u200b-\u200d\u2060\ufeff\u00ad]/.test(text)) text = text.replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '');
  const script = detectScript(text);
  if (script === 'simplified') return { text: mapChars(text, WIDTH_TABLE), script };
  if (text.length <= FULL_CONVERSION_LIMIT) return { text: mapChars(toSimplified(text), WIDTH_TABLE), script };
  if (!widthAndCharTable) {
    const t = traditionalChars().table.slice();
    WIDTH_TABLE.forEach((to, c) => {
      if (to) t[c] = to;
    });
    widthAndCharTable = t;
  }
  return { text: undoTaiwanPhrases(mapChars(text, widthAndCharTable)), script };
}

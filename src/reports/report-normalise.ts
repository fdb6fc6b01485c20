/**
 * Normalises the text of a published report before reading it: Traditional → Simplified (opencc-js `t`→`cn`, then
 * the Taiwan-phrase list of domain.md §0), full-width digits/letters → ASCII, odd spaces → ' ', ASCII brackets →
 * full-width （）, so that the official labels can be found whatever script and width the publisher used.
 */
import * as OpenCC from 'opencc-js';

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
];

const TAIWAN_RE = new RegExp(TAIWAN_PHRASES.map(([re]) => `(${re.source})`).join('|'), 'g');

/** Up to this many characters the whole text goes through OpenCC with its phrase tables; beyond, a per-character
 *  map keeps a 20 MB report under the 1 s budget (measured: OpenCC ≈ 130 ms per million characters). */
const FULL_CONVERSION_LIMIT = 1_000_000;

let converter: ((s: string) => string) | null = null;
let charTable: Uint16Array | null = null;
let tradChars: RegExp | null = null;

function opencc(): (s: string) => string {
  const c = converter ?? OpenCC.Converter({ from: 't', to: 'cn' });
  converter = c;
  return c;
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

/** Maps every character through the table (fast path for very large texts). */
function mapChars(text: string, table: Uint16Array): string {
  const CHUNK = 8192;
  const parts: string[] = [];
  const buf = new Uint16Array(CHUNK);
  for (let i = 0; i < text.length; i += CHUNK) {
    const n = Math.min(CHUNK, text.length - i);
    for (let j = 0; j < n; j++) {
      const c = text.charCodeAt(i + j);
      buf[j] = table[c] || c;
    }
    parts.push(String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]));
  }
  return parts.join('');
}

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
  return out.replace(TAIWAN_RE, (m, ...args) => {
    const i = (args as unknown[]).findIndex((g, k) => k < TAIWAN_PHRASES.length && g !== undefined);
    return i >= 0 ? TAIWAN_PHRASES[i][1] : m;
  });
}

const WIDTH: Record<string, string> = { '\u3000': ' ', '\u00a0': ' ', '\uff0e': '.', '\uff0d': '-', '\u2212': '-', '(': '（', ')': '）', '\uff5c': '|' };

/** Width and space normalisation (one pass) plus Traditional → Simplified when detected. */
export function normaliseText(raw: string): { text: string; script: Script } {
  let text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\uff0e\uff0d\u2212()\uff5c]/g, (c) => WIDTH[c] ?? c)
    .replace(/[\u2000-\u200a\u202f\u205f]/g, ' ');
  const script = detectScript(text);
  if (script === 'traditional') text = toSimplified(text);
  return { text, script };
}

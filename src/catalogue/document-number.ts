/**
 * 发文字号 (document numbers): 发文机关代字 + 〔年份〕 + 发文顺序号 + 号, e.g. 甘科政〔2020〕13号 (domain.md §4.2,
 * GB/T 9704-2012 §7.2.5). Input may use the half-width or look-alike brackets web copies use ([] () ［］ （） 【】 〈〉);
 * the stored and displayed form always uses the official 六角括号 〔〕, no “第”, no leading zeros, ending in “号”.
 */

/** A parsed document number. */
export interface DocumentNumber {
  /** 发文机关代字, e.g. 甘科政. */
  issuerCode: string;
  year: number;
  /** 发文顺序号 (≥ 1). */
  serial: number;
  /** The official form, e.g. 甘科政〔2020〕13号. */
  text: string;
}

/** Why a document number was refused. */
export type DocumentNumberProblem = 'empty' | 'format' | 'year' | 'serial' | 'too_long';

/** The outcome of parsing: the number, or the problem with a Chinese message. */
export type DocumentNumberResult =
  | { ok: true; value: DocumentNumber }
  | { ok: false; problem: DocumentNumberProblem; message: string };

const OPEN = '〔[［(（【〈<《';
const CLOSE = '〕]］)）】〉>》';
const PATTERN = new RegExp(
  `^(?<issuer>[\\p{Script=Han}A-Za-z]{1,30})[${OPEN.replace(/[[\]()]/g, '\\$&')}](?<year>\\d{4})[${CLOSE.replace(/[[\]()]/g, '\\$&')}]` +
    '(?<first>第)?(?<serial>\\d{1,6})(?<hao>号)?$',
  'u',
);

function halfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * Parses a document number. `tolerant` (imports) also accepts a missing “号”, a “第” and leading zeros, which the
 * standard forbids (不加“第”字，不编虚位) but old catalogues contain; the result is always the official form.
 */
export function parseDocumentNumber(input: string, opts: { tolerant?: boolean; minYear?: number; maxYear?: number } = {}): DocumentNumberResult {
  const s = halfWidthDigits(input.normalize('NFC')).replace(/[\s\u3000]+/g, '');
  if (!s) return { ok: false, problem: 'empty', message: '请填写发文字号' };
  if (s.length > 40) return { ok: false, problem: 'too_long', message: '发文字号过长' };
  const m = PATTERN.exec(s);
  if (!m?.groups) {
    return { ok: false, problem: 'format', message: '发文字号格式应为“机关代字〔年份〕序号号”，例如 甘科政〔2020〕13号' };
  }
  const { issuer, year, first, serial, hao } = m.groups;
  const y = Number(year);
  if (y < (opts.minYear ?? 1949) || y > (opts.maxYear ?? 2099)) {
    return { ok: false, problem: 'year', message: `发文字号中的年份“${year}”不正确` };
  }
  const n = Number(serial);
  if (n < 1) return { ok: false, problem: 'serial', message: '发文顺序号应从1开始' };
  if (!opts.tolerant) {
    if (first) return { ok: false, problem: 'serial', message: '发文顺序号前不加“第”字' };
    if (serial.startsWith('0')) return { ok: false, problem: 'serial', message: '发文顺序号不编虚位（如写“1号”而不是“01号”）' };
    if (!hao) return { ok: false, problem: 'format', message: '发文字号应以“号”结尾' };
  }
  return { ok: true, value: { issuerCode: issuer, year: y, serial: n, text: formatDocumentNumber(issuer, y, n) } };
}

/** The official form of a document number. */
export function formatDocumentNumber(issuerCode: string, year: number, serial: number): string {
  return `${issuerCode}〔${year}〕${serial}号`;
}

/**
 * Finds the document number in running text (Word import prefill): first a line that is nothing but a document number
 * (where GB/T 9704 puts it, under the 发文机关标志), then one inside a line (e.g. “关于印发…的通知 甘科政〔2020〕13号”).
 */
export function findDocumentNumber(text: string): DocumentNumber | undefined {
  const lines = halfWidthDigits(text).split(/\r?\n/).map((l) => l.trim()).filter((l) => l && l.length <= 40);
  for (const line of lines) {
    const r = parseDocumentNumber(line, { tolerant: true });
    if (r.ok) return r.value;
  }
  const esc = (chars: string) => chars.replace(/[[\]()]/g, '\\$&');
  const re = new RegExp(`[\\p{Script=Han}A-Za-z]{2,8}[${esc(OPEN)}]\\s*\\d{4}\\s*[${esc(CLOSE)}]\\s*第?\\d{1,6}\\s*号`, 'gu');
  for (const m of halfWidthDigits(text).matchAll(re)) {
    const r = parseDocumentNumber(m[0], { tolerant: true });
    if (r.ok) return r.value;
  }
  return undefined;
}

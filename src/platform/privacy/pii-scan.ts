/**
 * The personal-data scanner every public reply and published document passes before it goes out (security.md
 * "publication"): 18-digit resident ID numbers with a valid check digit (GB 11643-1999) and a real birth date, mainland
 * mobile numbers, and bank card numbers passing the Luhn check. Also the masks used in every staff view
 * (`110105********002X`, `138****8000`). Shared by the requests, catalogue and monitoring modules.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a resident ID number (GB 11643-1999, ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/**
 * Why a resident ID number is invalid, or undefined when it is valid: 18 characters, a real birth date not in the
 * future (relative to `today`, YYYY-MM-DD), and the right check character.
 */
export function residentIdProblem(raw: string, today?: string): 'format' | 'birth_date' | 'check_digit' | undefined {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birth_date';
  if (today && id.slice(6, 14) > today.replaceAll('-', '')) return 'birth_date';
  if (residentIdCheckChar(id) !== id[17]) return 'check_digit';
  return undefined;
}

/** True when the string is a valid 18-digit resident ID number. */
export function isValidResidentId(raw: string, today?: string): boolean {
  return residentIdProblem(raw, today) === undefined;
}

/** True when the digits pass the Luhn check (bank cards, ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (n < 0 || n > 9) return false;
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Kinds of personal data the scanner finds. */
export const PII_KINDS = {
  resident_id: '居民身份证号码',
  mobile: '手机号码',
  bank_card: '银行卡号',
} as const;
/** A kind of finding. */
export type PiiKind = keyof typeof PII_KINDS;

/** One finding: where, what, and a masked form safe to show in a warning. */
export interface PiiFinding {
  kind: PiiKind;
  index: number;
  length: number;
  masked: string;
}

// Runs of digits (with X for ID numbers) not embedded in longer digit runs; spaces and dashes inside card numbers.
const ID_RE = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?![0-9])/g;
const CARD_RE = /(?<![0-9])(?:\d[-\s]?){15,18}\d(?![0-9])/g;

/** Scans text for personal data; findings are in text order, overlapping ones reported once (ID first). */
export function scanForPersonalData(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const add = (kind: PiiKind, index: number, raw: string, masked: string) => {
    if (overlaps(index, index + raw.length)) return;
    taken.push([index, index + raw.length]);
    out.push({ kind, index, length: raw.length, masked });
  };
  for (const m of text.matchAll(ID_RE)) {
    if (isValidResidentId(m[0])) add('resident_id', m.index, m[0], maskIdNumber(m[0]));
  }
  for (const m of text.matchAll(MOBILE_RE)) {
    const digits = m[0].replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
    add('mobile', m.index, m[0], maskPhone(digits));
  }
  for (const m of text.matchAll(CARD_RE)) {
    const digits = m[0].replace(/\D/g, '');
    // Card numbers start with an issuer prefix (UnionPay 62, Visa 4, Mastercard 51–55/22–27, Amex/JCB 3); separated
    // forms come in groups of four. Lists of years or amounts ("2026 2025 2024 2023") are not cards.
    const grouped = /[-\s]/.test(m[0]) ? /^\d{4}([-\s]\d{4}){3}([-\s]?\d{1,3})?$/.test(m[0]) : true;
    if (digits.length >= 16 && digits.length <= 19 && /^(?:3|4|5[1-5]|2[2-7]|6)/.test(digits) && grouped && luhnValid(digits)) {
      add('bank_card', m.index, m[0], `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`);
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** `110105********002X`: the first 6 and last 4 characters of an identity document number. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  if (s.length <= 10) return s.slice(0, 2) + '*'.repeat(s.length - 4) + s.slice(-2);
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
}

/** `138****8000` for mobiles; other numbers keep their first 3 and last 4 characters. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length <= 7) return s.slice(0, 1) + '*'.repeat(Math.max(0, s.length - 1));
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}

/** `a***@example.com`. */
export function maskEmail(email: string): string {
  const [user, domain] = email.split('@');
  if (!domain) return maskPhone(email);
  return `${user.slice(0, 1)}***@${domain}`;
}

/** The first 6 characters of an address (roughly province and city), then `****`. */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  if (chars.length === 0) return '';
  return chars.slice(0, Math.min(6, Math.ceil(chars.length / 2))).join('') + '****';
}

/** Replaces every finding in the text by its mask (for previews of what the scanner blocked). */
export function redactPersonalData(text: string): string {
  let out = '';
  let at = 0;
  for (const f of scanForPersonalData(text)) {
    out += text.slice(at, f.index) + f.masked;
    at = f.index + f.length;
  }
  return out + text.slice(at);
}

/**
 * 索引号 (catalogue identifiers): “前段码/后段码”, the publishing body's organisation code then year and a serial
 * (domain.md §4.1: 000014349/2018-00222). Unique and immutable, never reused; agencies configure their scheme
 * because real portals differ (organisation code or 统一社会信用代码, YYYY or YYYYMM, serial width).
 */
import { InvalidInput } from '../errors.ts';

/** The default scheme: org code / 4-digit year - 5-digit serial. */
export const DEFAULT_INDEX_PATTERN = '{org}/{yyyy}-{serial:5}';

const TOKEN = /\{(org|yyyy|yyyymm|serial(?::(\d))?)\}/g;

/** Checks a scheme: it must contain {org}, a year token and {serial}; other text is literal. */
export function validateIndexPattern(pattern: string): void {
  const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1].split(':')[0]);
  const stray = pattern.replace(TOKEN, '');
  if (!tokens.includes('org') || !tokens.includes('serial') || !(tokens.includes('yyyy') || tokens.includes('yyyymm'))) {
    throw new InvalidInput('索引号规则须包含 {org}、{yyyy}（或 {yyyymm}）和 {serial}', { indexPattern: 'missing_token' });
  }
  if (/[{}]/.test(stray) || stray.length > 10) {
    throw new InvalidInput('索引号规则中有无法识别的内容', { indexPattern: 'invalid' });
  }
}

/** Builds an index number. `date` is the publication date (YYYY-MM-DD); the serial counts within the year. */
export function formatIndexNumber(pattern: string, orgCode: string, date: string, serial: number): string {
  return pattern.replace(TOKEN, (_m, tok: string, width?: string) => {
    if (tok === 'org') return orgCode.replace(/-/g, '');
    if (tok === 'yyyy') return date.slice(0, 4);
    if (tok === 'yyyymm') return date.slice(0, 4) + date.slice(5, 7);
    return String(serial).padStart(Number(width ?? 5), '0');
  });
}

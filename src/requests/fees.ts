/**
 * 信息处理费 (Regulations Art. 42; 《政府信息公开信息处理费管理办法》国办函〔2020〕109号, domain.md §3.4). Amounts are in
 * 分 (fen). Pure.
 */

/** The two ways of charging (Art. 3 of the measures): one per request, never both. */
export const FEE_MODES = {
  per_request: '按件计收', // Art. 4: per applicant per natural month, progressive on the excess
  per_volume: '按量计收', // Art. 5: per request by pages, progressive on the excess
} as const;
/** A charging way. */
export type FeeMode = keyof typeof FEE_MODES;
/** English labels. */
export const FEE_MODES_EN: Record<FeeMode, string> = { per_request: 'Per request', per_volume: 'Per volume' };

/** The fee measures apply to requests received from this date (provincial notices: 自2021年1月1日起, domain.md §3.4). */
export const FEES_APPLY_FROM = '2021-01-01';

/**
 * Total 按件 fee for `n` requests by one applicant within one natural month (Art. 4): ≤ 10 free; 11–30 at 100元;
 * from 31, each further band of 10 costs 100元 more per request (31–40: 200元, 41–50: 300元, …).
 */
export function perRequestTotalFen(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('count must be a non-negative integer');
  let yuan = 0;
  for (let k = 11; k <= n; k++) yuan += k <= 30 ? 100 : 100 * (2 + Math.floor((k - 31) / 10));
  return yuan * 100;
}

/** The 按件 fee of the applicant's `ordinal`-th request of the month (the increment it adds to the month's total). */
export function perRequestFeeFen(ordinal: number): number {
  if (!Number.isInteger(ordinal) || ordinal < 1) throw new RangeError('ordinal must be ≥ 1');
  return perRequestTotalFen(ordinal) - perRequestTotalFen(ordinal - 1);
}

/** 按量 fee for one request of `pages` pages (Art. 5): ≤ 30 free; 31–100 at 10元; 101–200 at 20元; ≥ 201 at 40元. */
export function perVolumeFeeFen(pages: number): number {
  if (!Number.isInteger(pages) || pages < 0) throw new RangeError('pages must be a non-negative integer');
  const band = (from: number, to: number, yuan: number) => Math.max(0, Math.min(pages, to) - (from - 1)) * yuan;
  return (band(31, 100, 10) + band(101, 200, 20) + band(201, Number.MAX_SAFE_INTEGER, 40)) * 100;
}

/** `1,700.00元`. */
export function formatYuan(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `${yuan.toLocaleString('en-US')}.${cents}元`;
}

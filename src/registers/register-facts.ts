/**
 * What the registers give the annual report (design.md §5.3): the 第二十条第（五）（六）（八）（九）项 cells of table 二
 * in both templates (domain.md §2.2), and the 15 cells of table 四 (domain.md §2.4). The reports module calls these.
 *
 * Counting rules (stated here because the templates do not define them; domain.md §2.2.1 notes):
 * - 上一年项目数量 = items of the power list (权责清单) of that row in force on 31 December of the previous year;
 *   本年增/减 = items in force on 31 December of the report year minus that number (signed).
 * - 行政许可 处理决定数量 = licensing decisions of the year that issue, renew, change or cancel a licence, counting every
 *   case of a batch (汇总登记); annual inspections (年检) are 行政检查 and count under 其他对外管理服务事项.
 * - 行政处罚 / 行政强制 处理决定数量 = decisions of the year.
 * - 行政事业性收费 上一年项目数量 / 本年增/减 = fee items in force at the two year ends; 2021 本年收费金额 = amounts
 *   collected in the year, in 万元.
 * - 政府集中采购 = projects contracted in the year and their total, in 万元.
 */
import type { Ctx } from '../platform/context.ts';
import { countPowerItemsByTable2Row } from './power-service.ts';
import { table4Cells } from './registers.ts';
import { countEnforcementByKind, selectCases, selectFeeItems, selectProcurement, sumLicensingByAction } from './registers-store.ts';

/** A 2019 row of 第二十条第（五）（六）项. */
export interface ItemRowCounts {
  previousYear: number;
  change: number;
  decisions: number;
}

/** The register parts of table 二 in both templates. */
export interface RegisterFacts {
  '2019': {
    licensing: ItemRowCounts;
    other_services: ItemRowCounts;
    penalties: ItemRowCounts;
    coercion: ItemRowCounts;
    fees: { previousYear: number; change: number };
    procurement: { projects: number; amount: { value: number; unit: '万元' } };
  };
  '2021': {
    licensing: { decisions: number };
    penalties: { decisions: number };
    coercion: { decisions: number };
    fees: { amount10kYuan: number };
  };
}

/** 分 → 万元 with at most four decimals (1 万元 = 1,000,000 分). */
export function fenTo10kYuan(fen: number): number {
  return Math.round(fen / 100) / 10000;
}

function feeItemsInForce(items: { inForceFrom: string; inForceUntil: string | null }[], on: string): number {
  return items.filter((f) => f.inForceFrom <= on && (!f.inForceUntil || f.inForceUntil >= on)).length;
}

/** The table 二 cells the registers know for an agency and year, in both template shapes. */
export async function countRegisterFacts(ctx: Ctx, agencyId: string, year: number): Promise<RegisterFacts> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const prevEnd = `${year - 1}-12-31`;
  const [before, after, licensing, enforcement, fees, procurement] = await Promise.all([
    countPowerItemsByTable2Row(ctx.db, agencyId, prevEnd),
    countPowerItemsByTable2Row(ctx.db, agencyId, to),
    sumLicensingByAction(ctx.db, agencyId, from, to),
    countEnforcementByKind(ctx.db, agencyId, from, to),
    selectFeeItems(ctx.db, agencyId),
    selectProcurement(ctx.db, agencyId, from, to),
  ]);
  const licensingDecisions = licensing.issue + licensing.renew + licensing.change + licensing.cancel;
  const row = (k: keyof typeof before, decisions: number): ItemRowCounts => ({ previousYear: before[k], change: after[k] - before[k], decisions });
  const feesPrev = feeItemsInForce(fees, prevEnd);
  const collected = fees.reduce((sum, f) => sum + (f.collections.find((c) => c.year === year)?.amountFen ?? 0), 0);
  return {
    '2019': {
      licensing: row('licensing', licensingDecisions),
      other_services: row('other_services', licensing.inspect),
      penalties: row('penalties', enforcement.penalty),
      coercion: row('coercion', enforcement.coercion),
      fees: { previousYear: feesPrev, change: feeItemsInForce(fees, to) - feesPrev },
      procurement: { projects: procurement.length, amount: { value: fenTo10kYuan(procurement.reduce((s, p) => s + p.amountFen, 0)), unit: '万元' } },
    },
    '2021': {
      licensing: { decisions: licensingDecisions },
      penalties: { decisions: enforcement.penalty },
      coercion: { decisions: enforcement.coercion },
      fees: { amount10kYuan: fenTo10kYuan(collected) },
    },
  };
}

/**
 * Table 四 (both templates): [复议 维持, 纠正, 其他, 尚未审结, 总计, 未经复议直接起诉 ×5, 复议后起诉 ×5] for the cases filed
 * in the year, each with the result it had on 31 December.
 */
export async function countTable4(ctx: Ctx, agencyId: string, year: number): Promise<number[]> {
  return table4Cells(await selectCases(ctx.db, agencyId, `${year}-01-01`, `${year}-12-31`), year);
}

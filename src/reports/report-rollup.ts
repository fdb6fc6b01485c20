/**
 * Rolling departments up into a government's report (issue 6 “Workflow”): the government-level tables are the sum of
 * its own tables and those of the agencies under it, cell by cell. A cell blank (null) in any part stays blank — an
 * unknown addend makes the sum unknown (R0 then names it). Amounts are summed in 万元.
 */
import { table3RowKeys, type AnnualReport, type Cell } from './report-format.ts';

const add = (a: Cell, b: Cell): Cell => (a === null || b === null ? null : a + b);
const round4 = (v: Cell): Cell => (v === null ? null : Math.round(v * 10000) / 10000);

/** 采购总金额 in 万元 (元 converted; other units unknown → null). */
function tenThousandYuan(amount: { value: Cell; unit: string | null }): Cell {
  if (amount.value === null) return null;
  if (!amount.unit || amount.unit === '万元') return amount.value;
  if (amount.unit === '元') return amount.value / 10000;
  return null;
}

/** Sums nested number cells of `b` into a copy of `a` (same shape). */
function sumTree<T>(a: T, b: T): T {
  if (a === null || typeof a === 'number') return add(a as Cell, b as Cell) as T;
  if (typeof a !== 'object') return a;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a as Record<string, unknown>)) out[k] = k === 'unit' ? v : sumTree(v, (b as Record<string, unknown>)[k]);
  return out as T;
}

/** The sum of `own` and `parts` (reports of the same year and template); findings are cleared for revalidation. */
export function rollUpTables(own: AnnualReport, parts: AnnualReport[]): AnnualReport {
  const out = structuredClone(own);
  for (const part of parts) {
    if (part.template !== own.template) throw new RangeError(`cannot add a ${part.template} report to a ${own.template} report`);
    if (out.template === '2019' && part.template === '2019') {
      const amount = add(tenThousandYuan(out.table2.procurement.amount), tenThousandYuan(part.table2.procurement.amount));
      const { procurement: _p, ...rest } = part.table2;
      const { procurement, ...mine } = out.table2;
      out.table2 = { ...sumTree(mine, rest), procurement: { projects: add(procurement.projects, part.table2.procurement.projects), amount: { value: round4(amount), unit: '万元' } } };
    } else if (out.template === '2021' && part.template === '2021') {
      out.table2 = sumTree(out.table2, part.table2);
      out.table2.fees.amount10kYuan = round4(out.table2.fees.amount10kYuan);
    }
    for (const k of table3RowKeys(own.template)) out.table3.rows[k] = out.table3.rows[k].map((c, i) => add(c, part.table3.rows[k][i]));
    out.table4 = out.table4.map((c, i) => add(c, part.table4[i]));
  }
  return { ...out, violations: [], warnings: [] };
}

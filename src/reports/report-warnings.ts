/**
 * Warnings of an annual report: findings that do not block submission but need a written explanation
 * (design.md §5.3). Rule codes:
 * - R7 cross-year carry-over: 四、结转下年度继续办理 (Y−1) = 二、上年结转 (Y), per column (domain.md §2.6 R7).
 * - R8 stock in force (2021 template): 现行有效件数(Y) ≈ 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y) (§2.6 R8).
 * - Y1 a large year-on-year swing: a headline figure at least doubled or at most halved, the larger side ≥ 10.
 * - N1 a number stated in the narrative differs from the table.
 * - P1 部分公开 without a record of the withheld part: Regulation Art. 37 (区分处理) requires the agency to disclose
 *   the rest and explain the withheld part, so every case counted in （二）部分公开 must have that record.
 * - D1 (made by the parser) a flattened row that could be split more than one way.
 */
import type { AnnualReport, Finding, RecordRef } from './report-format.ts';
import { TABLE3_COLUMNS, TABLE3_COLUMN_LABELS } from './report-labels.ts';
import { cellAt, cellLabel } from './report-where.ts';
import { narrativeClaims } from './report-narrative.ts';

/** R7, R8 and Y1 against the same agency's previous-year report. */
export function crossYearWarnings(report: AnnualReport, previous: AnnualReport): Finding[] {
  const out: Finding[] = [];
  // R7 (heuristic, domain.md §2.6): what was carried forward last year is what is carried over this year.
  const fwd = previous.table3.rows.carried_forward;
  const over = report.table3.rows.carried_over;
  TABLE3_COLUMNS.forEach((column, i) => {
    if (fwd[i] === null || over[i] === null || fwd[i] === over[i]) return;
    out.push({
      rule: 'R7',
      where: `table3.carried_over.${column}`,
      message: `表三“${TABLE3_COLUMN_LABELS[column]}”列：本年“上年结转”${over[i]}件，与上一年度报告“结转下年度继续办理”${fwd[i]}件不一致`,
      numbers: { carried_over: over[i], previousCarriedForward: fwd[i] },
    });
  });

  // R8 (heuristic, 2021 template only): the stock of documents in force.
  if (report.template === '2021' && previous.template === '2021') {
    for (const row of ['regulations', 'normative_documents'] as const) {
      const cur = report.table2[row];
      const prev = previous.table2[row].inForce;
      if (cur.inForce === null || prev === null || cur.made === null || cur.repealed === null) continue;
      const expected = prev + cur.made - cur.repealed;
      if (expected !== cur.inForce) {
        out.push({
          rule: 'R8',
          where: `table2.${row}.inForce`,
          message: `表二“${cellLabel(report.template, `table2.${row}.inForce`)}”${cur.inForce}件，按上年现行有效${prev}件＋本年制发${cur.made}件－本年废止${cur.repealed}件应为${expected}件`,
          numbers: { inForce: cur.inForce, previousInForce: prev, made: cur.made, repealed: cur.repealed, expected },
        });
      }
    }
  }

  for (const where of SWING_CELLS) {
    const cur = cellAt(report, where);
    const prev = cellAt(previous, where);
    if (cur == null || prev == null) continue;
    const hi = Math.max(cur, prev);
    const lo = Math.min(cur, prev);
    if (hi < SWING_FLOOR || hi < lo * SWING_RATIO) continue;
    const pct = prev === 0 ? null : Math.round(((cur - prev) / prev) * 100);
    out.push({
      rule: 'Y1',
      where,
      message: `“${cellLabel(report.template, where)}”由上年${prev}变为${cur}${pct === null ? '' : `（${pct > 0 ? '增长' : '下降'}${Math.abs(pct)}%）`}，变化较大，请说明原因`,
      numbers: { value: cur, previousYear: prev },
    });
  }
  return out;
}

/** Cells compared year on year (Y1): present under the same path in both templates. */
const SWING_CELLS = [
  'table3.new.total',
  'table3.granted.total',
  'table3.total.total',
  'table4.reconsideration.total',
  'table4.litigation_direct.total',
  'table4.litigation_after.total',
  'table2.normative_documents.made',
  'table2.licensing.decisions',
  'table2.penalties.decisions',
  'table2.coercion.decisions',
];
/** Y1 fires when the larger of the two years is at least this many … */
const SWING_FLOOR = 10;
/** … and at least this multiple of the smaller. */
const SWING_RATIO = 2;

/** N1: each figure the narrative states about a table cell must equal the cell. */
export function narrativeWarnings(report: AnnualReport, narrative: string): Finding[] {
  const out: Finding[] = [];
  for (const claim of narrativeClaims(narrative, report.template)) {
    const values = claim.where.map((w) => cellAt(report, w));
    if (values.some((v) => v == null)) continue;
    const table = (values as number[]).reduce((a, b) => a + b, 0);
    const alternatives = (claim.orWhere ?? []).map((w) => cellAt(report, w) ?? null);
    if (claim.value === table || alternatives.some((v) => v !== null && table + v === claim.value)) continue;
    out.push({
      rule: 'N1',
      where: claim.where.join('+'),
      message: `正文“${claim.excerpt}”所述${claim.value}与表格${cellLabel(report.template, claim.where[0])}${claim.where.length > 1 ? '等' : ''}的${table}不一致`,
      numbers: { narrative: claim.value, table },
    });
  }
  return out;
}

/** P1: 部分公开 cases that lack a record of the withheld part (Regulation Art. 37). */
export function partlyGrantedWarnings(
  report: AnnualReport,
  cases: { ref: RecordRef; hasWithheldPartRecord: boolean }[],
): Finding[] {
  const missing = cases.filter((c) => !c.hasWithheldPartRecord).map((c) => c.ref);
  if (missing.length === 0) return [];
  return [
    {
      rule: 'P1',
      where: 'table3.partly_granted.total',
      message: `计入“部分公开”的${cases.length}件申请中，有${missing.length}件没有不予公开部分的记录及理由（《条例》第三十七条）`,
      numbers: { partly_granted: report.table3.rows.partly_granted[6], withoutRecord: missing.length },
      records: missing,
    },
  ];
}

/**
 * Validation of an annual report (勾稽关系, domain.md §2.6) with two severities (design.md §5.3):
 * violations block submission (R0 blank/missing cell, R1–R6); warnings need a written explanation
 * (R7, R8, N1, Y1, D1, P1 — see report-warnings.ts). `report check` exits 1 on violations only.
 */
import {
  table2Cells,
  table3RowKeys,
  type AnnualReport,
  type Cell,
  type Finding,
  type RecordRef,
} from './report-format.ts';
import { outcomeRowKeys, TABLE3_COLUMNS, TABLE3_COLUMN_LABELS, TABLE4_CELL_NAMES, TABLE4_GROUPS, TABLE4_RESULTS } from './report-labels.ts';
import { crossYearWarnings, narrativeWarnings, partlyGrantedWarnings } from './report-warnings.ts';
import { cellLabel } from './report-where.ts';

/** What validation may know beyond the report itself. */
export interface ValidationContext {
  /** The same agency's report for the previous year (R7, R8, Y1). */
  previous?: AnnualReport | null;
  /** The narrative text (sections 一..六 joined), for N1. */
  narrative?: string | null;
  /** 部分公开 cases behind table3.partly_granted, and whether each has a record of the withheld part (P1). */
  partlyGrantedCases?: { ref: RecordRef; hasWithheldPartRecord: boolean }[];
  /** Findings a parser made while reading (D1), kept with the others. */
  parserWarnings?: Finding[];
}

/** Violations (R0–R6) of one report; pure. */
export function findViolations(report: AnnualReport): Finding[] {
  return [...blankCellViolations(report), ...table3Violations(report), ...table4Violations(report), ...signViolations(report)];
}

/** Warnings (R7, R8, N1, Y1, P1, plus the parser's D1) of one report; pure. */
export function findWarnings(report: AnnualReport, ctx: ValidationContext = {}): Finding[] {
  return [
    ...(ctx.parserWarnings ?? []),
    ...(ctx.previous ? crossYearWarnings(report, ctx.previous) : []),
    ...(ctx.narrative ? narrativeWarnings(report, ctx.narrative) : []),
    ...(ctx.partlyGrantedCases ? partlyGrantedWarnings(report, ctx.partlyGrantedCases) : []),
  ];
}

/** The report with its `violations` and `warnings` recomputed (the input is not modified). */
export function validateReport<R extends AnnualReport>(report: R, ctx: ValidationContext = {}): R {
  return { ...report, violations: findViolations(report), warnings: findWarnings(report, ctx) };
}

// --- R0: a required cell is missing or blank ------------------------------------------------------------------

function blankCellViolations(report: AnnualReport): Finding[] {
  const out: Finding[] = [];
  const t2 = table2Cells(report);
  const t2blank = t2.filter(([, v]) => v === null);
  if (t2blank.length === t2.length) {
    out.push({ rule: 'R0', where: 'table2', message: '表二（主动公开政府信息情况）缺失或全部空白', numbers: { blankCells: t2.length } });
  } else {
    for (const [where] of t2blank) out.push({ rule: 'R0', where, message: `表二“${cellLabel(report.template, where)}”未填写` });
  }

  const rows = table3RowKeys(report.template);
  const rowBlank = (k: string) => report.table3.rows[k].every((c) => c === null);
  if (rows.every(rowBlank)) {
    out.push({ rule: 'R0', where: 'table3', message: '表三（收到和处理政府信息公开申请情况）缺失或全部空白', numbers: { blankCells: rows.length * 7 } });
  } else {
    for (const k of rows) {
      const cells = report.table3.rows[k];
      if (rowBlank(k)) {
        out.push({ rule: 'R0', where: `table3.${k}`, message: `表三“${cellLabel(report.template, `table3.${k}`)}”整行未填写` });
        continue;
      }
      cells.forEach((c, i) => {
        if (c === null) {
          const where = `table3.${k}.${TABLE3_COLUMNS[i]}`;
          out.push({ rule: 'R0', where, message: `表三“${cellLabel(report.template, where)}”未填写` });
        }
      });
    }
  }

  if (report.table4.every((c) => c === null)) {
    out.push({ rule: 'R0', where: 'table4', message: '表四（政府信息公开行政复议、行政诉讼情况）缺失或全部空白', numbers: { blankCells: 15 } });
  } else {
    report.table4.forEach((c, i) => {
      if (c === null) {
        const where = `table4.${TABLE4_CELL_NAMES[i]}`;
        out.push({ rule: 'R0', where, message: `表四“${cellLabel(report.template, where)}”未填写` });
      }
    });
  }
  return out;
}

// --- R1–R4: Table 三 ------------------------------------------------------------------------------------------

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const known = (xs: Cell[]): xs is number[] => xs.every((x) => x !== null);

function table3Violations(report: AnnualReport): Finding[] {
  const out: Finding[] = [];
  const rows = report.table3.rows;
  const col = (k: string, i: number) => rows[k][i];

  // R2: every row's 总计 = the sum of the six applicant columns.
  for (const k of table3RowKeys(report.template)) {
    const cells = rows[k];
    if (!known(cells)) continue;
    const parts = sum(cells.slice(0, 6));
    if (parts !== cells[6]) {
      const label = cellLabel(report.template, `table3.${k}`);
      out.push({
        rule: 'R2',
        where: `table3.${k}.total`,
        message: `表三“${label}”：总计${cells[6]}不等于各类申请人之和${parts}`,
        numbers: { total: cells[6], sumOfApplicants: parts, cells },
      });
    }
  }

  TABLE3_COLUMNS.forEach((column, i) => {
    const colName = TABLE3_COLUMN_LABELS[column];
    // R1 (printed in the table): 一 + 二 = 三.（七）总计 + 四, per column.
    const r1 = [col('new', i), col('carried_over', i), col('total', i), col('carried_forward', i)];
    if (known(r1) && r1[0] + r1[1] !== r1[2] + r1[3]) {
      out.push({
        rule: 'R1',
        where: `table3.carried_forward.${column}`,
        message: `表三“${colName}”列：本年新收${r1[0]}＋上年结转${r1[1]}＝${r1[0] + r1[1]}，不等于办理结果总计${r1[2]}＋结转下年度${r1[3]}＝${r1[2] + r1[3]}`,
        numbers: { new: r1[0], carried_over: r1[1], total: r1[2], carried_forward: r1[3] },
      });
    }
    // R3: （七）总计 = the sum of the outcome rows; R4 when the excess could be 部分公开 counted twice.
    const outcomes = outcomeRowKeys(report.template).map((k) => col(k, i));
    const total = col('total', i);
    if (total !== null && known(outcomes)) {
      const s = sum(outcomes);
      if (s !== total) {
        const partly = col('partly_granted', i) ?? 0;
        const doubleCounted = s > total && s - total <= partly;
        out.push({
          rule: doubleCounted ? 'R4' : 'R3',
          where: `table3.total.${column}`,
          message: doubleCounted
            ? `表三“${colName}”列：各办理结果之和${s}比总计${total}多${s - total}，部分公开的申请似又计入其他情形（区分处理的只计部分公开）`
            : `表三“${colName}”列：（七）总计${total}不等于各办理结果之和${s}`,
          numbers: { total, sumOfOutcomes: s, partly_granted: partly },
        });
      }
    }
  });
  return out;
}

// --- R5: Table 四 --------------------------------------------------------------------------------------------

function table4Violations(report: AnnualReport): Finding[] {
  const out: Finding[] = [];
  TABLE4_GROUPS.forEach((g, gi) => {
    const cells = report.table4.slice(gi * 5, gi * 5 + 5);
    if (!known(cells)) return;
    const parts = sum(cells.slice(0, 4));
    if (parts !== cells[4]) {
      out.push({
        rule: 'R5',
        where: `table4.${g.key}.total`,
        message: `表四“${g.parent ? g.parent + '（' + g.label + '）' : g.label}”：总计${cells[4]}不等于${TABLE4_RESULTS.slice(0, 4).map((r) => r.label).join('、')}之和${parts}`,
        numbers: { total: cells[4], sumOfResults: parts, cells },
      });
    }
  });
  return out;
}

// --- R6: non-negative integers (signed 本年增/减; decimal amounts) ---------------------------------------------

const SIGNED = /\.change$/;
const DECIMAL = /\.(amount\.value|amount10kYuan)$/;

function signViolations(report: AnnualReport): Finding[] {
  const out: Finding[] = [];
  const check = (where: string, v: Cell) => {
    if (v === null) return;
    const label = cellLabel(report.template, where);
    if (!Number.isFinite(v)) {
      out.push({ rule: 'R6', where, message: `“${label}”不是有效数字`, numbers: { value: String(v) } });
    } else if (DECIMAL.test(where)) {
      if (v < 0) out.push({ rule: 'R6', where, message: `“${label}”金额不能为负数`, numbers: { value: v } });
    } else if (!Number.isInteger(v)) {
      out.push({ rule: 'R6', where, message: `“${label}”应为整数`, numbers: { value: v } });
    } else if (v < 0 && !SIGNED.test(where)) {
      out.push({ rule: 'R6', where, message: `“${label}”不能为负数`, numbers: { value: v } });
    }
  };
  for (const [where, v] of table2Cells(report)) check(where, v);
  for (const k of table3RowKeys(report.template)) {
    report.table3.rows[k].forEach((v, i) => check(`table3.${k}.${TABLE3_COLUMNS[i]}`, v));
  }
  report.table4.forEach((v, i) => check(`table4.${TABLE4_CELL_NAMES[i]}`, v));
  return out;
}

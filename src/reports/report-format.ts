/**
 * The machine-readable annual report (政府信息公开工作年度报告) of design.md §5.3: types, zod schema, template choice.
 * A cell that a report leaves blank is `null`, never 0 (design.md §5.3).
 */
import { z } from 'zod';
import {
  TABLE3_COLUMNS,
  TABLE3_ROWS_2019,
  TABLE3_ROWS_2021,
  TABLE4_CELL_NAMES,
  type Template,
} from './report-labels.ts';

export { TABLE3_COLUMNS, type Template } from './report-labels.ts';

/** A number cell: a value, or null where the report leaves the cell blank. */
export type Cell = number | null;

/** 2019 第二十条第（一）项 row: 本年新制作数量 / 本年新公开数量 / 对外公开总数量. */
export interface DocumentsRow2019 {
  made: Cell;
  published: Cell;
  totalPublic: Cell;
}
/** 2019 第（五）（六）项 row: 上一年项目数量 / 本年增/减 (signed) / 处理决定数量. */
export interface ItemsRow2019 {
  previousYear: Cell;
  change: Cell;
  decisions: Cell;
}
/** Table 二 of the 2019 template (domain.md §2.2.1). */
export interface Table2v2019 {
  regulations: DocumentsRow2019;
  normative_documents: DocumentsRow2019;
  licensing: ItemsRow2019;
  other_services: ItemsRow2019;
  penalties: ItemsRow2019;
  coercion: ItemsRow2019;
  fees: { previousYear: Cell; change: Cell };
  /** 政府集中采购: 采购项目数量 and 采购总金额 with the unit the report wrote (元, 万元). */
  procurement: { projects: Cell; amount: { value: Cell; unit: string | null } };
}
/** 2021 第二十条第（一）项 row: 本年制发件数 / 本年废止件数 / 现行有效件数. */
export interface DocumentsRow2021 {
  made: Cell;
  repealed: Cell;
  inForce: Cell;
}
/** Table 二 of the 2021 template (domain.md §2.2.2). */
export interface Table2v2021 {
  regulations: DocumentsRow2021;
  normative_documents: DocumentsRow2021;
  licensing: { decisions: Cell };
  penalties: { decisions: Cell };
  coercion: { decisions: Cell };
  /** 本年收费金额（单位：万元）, a decimal. */
  fees: { amount10kYuan: Cell };
}

/** Seven cells in TABLE3_COLUMNS order. */
export type Table3Cells = Cell[];
/** Table 三: the fixed column keys and one 7-cell array per row key (official order, domain.md §2.3). */
export interface Table3 {
  columns: typeof TABLE3_COLUMNS extends readonly (infer C)[] ? C[] : never;
  rows: Record<string, Table3Cells>;
}

/** A reference to a record behind a cell (a case, a register entry), for links in findings. */
export interface RecordRef {
  kind: string;
  id: string;
  url?: string;
}

/** One finding of validation: the rule, the cell (`table3.carried_over.natural_person`), a message, the numbers. */
export interface Finding {
  rule: string;
  where: string;
  message: string;
  numbers?: Record<string, number | string | null | (number | null)[]>;
  records?: RecordRef[];
}

interface ReportBase {
  /** The agency's code on this platform; null for a report read from elsewhere. */
  agencyCode: string | null;
  /** The agency's name; null when a parsed report does not state it. */
  agencyName: string | null;
  /** The calendar year reported on; null when a parsed report does not state it. */
  year: number | null;
  table3: Table3;
  /** 15 cells: 复议 维持/纠正/其他/未审结/总计, 未经复议直接起诉 ×5, 复议后起诉 ×5. */
  table4: Cell[];
  violations: Finding[];
  warnings: Finding[];
}
/** A report in the 2019 format (reports for 2019–2020). */
export interface AnnualReport2019 extends ReportBase {
  template: '2019';
  table2: Table2v2019;
}
/** A report in the 2021 format (reports from 2021). */
export interface AnnualReport2021 extends ReportBase {
  template: '2021';
  table2: Table2v2021;
}
/** The machine-readable annual report of design.md §5.3. */
export type AnnualReport = AnnualReport2019 | AnnualReport2021;

/** Which template a year's report uses: 2019 format for 2019–2020, 2021 format from 2021 (domain.md §2.0). */
export function templateForYear(year: number): Template {
  if (!Number.isInteger(year) || year < 2019) {
    throw new RangeError(`年度报告格式自2019年度起适用，${year}年无对应格式`);
  }
  return year <= 2020 ? '2019' : '2021';
}

/** Row keys of Table 三 for a template, in official order. */
export function table3RowKeys(template: Template): readonly string[] {
  return template === '2019' ? TABLE3_ROWS_2019 : TABLE3_ROWS_2021;
}

const blank = (n: number): Cell[] => Array.from({ length: n }, () => null);

/** An all-blank Table 二 for a template. */
export function blankTable2(template: '2019'): Table2v2019;
export function blankTable2(template: '2021'): Table2v2021;
export function blankTable2(template: Template): Table2v2019 | Table2v2021;
export function blankTable2(template: Template): Table2v2019 | Table2v2021 {
  if (template === '2019') {
    const docs = (): DocumentsRow2019 => ({ made: null, published: null, totalPublic: null });
    const items = (): ItemsRow2019 => ({ previousYear: null, change: null, decisions: null });
    return {
      regulations: docs(),
      normative_documents: docs(),
      licensing: items(),
      other_services: items(),
      penalties: items(),
      coercion: items(),
      fees: { previousYear: null, change: null },
      procurement: { projects: null, amount: { value: null, unit: null } },
    };
  }
  const docs = (): DocumentsRow2021 => ({ made: null, repealed: null, inForce: null });
  return {
    regulations: docs(),
    normative_documents: docs(),
    licensing: { decisions: null },
    penalties: { decisions: null },
    coercion: { decisions: null },
    fees: { amount10kYuan: null },
  };
}

/** An all-blank report (every cell null) for filling by a builder or a parser. */
export function blankReport(template: Template, meta: { agencyCode?: string | null; agencyName?: string | null; year?: number | null } = {}): AnnualReport {
  const rows: Record<string, Table3Cells> = {};
  for (const k of table3RowKeys(template)) rows[k] = blank(7);
  const head = { agencyCode: meta.agencyCode ?? null, agencyName: meta.agencyName ?? null, year: meta.year ?? null };
  const tail = { table3: { columns: [...TABLE3_COLUMNS], rows }, table4: blank(15), violations: [], warnings: [] };
  // Keys in the order of design.md §5.3, so printed JSON reads like the contract.
  return template === '2019'
    ? { ...head, template, table2: blankTable2('2019'), ...tail }
    : { ...head, template, table2: blankTable2('2021'), ...tail };
}

/** A Table 二 cell as `[where, value]` pairs, flattened (`table2.procurement.amount.value`), in column order. */
export function table2Cells(report: AnnualReport): [string, Cell][] {
  const out: [string, Cell][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === null || typeof v === 'number') out.push([prefix, v as Cell]);
    else if (typeof v === 'object' && v) {
      for (const [k, x] of Object.entries(v)) if (k !== 'unit') walk(`${prefix}.${k}`, x);
    }
  };
  walk('table2', report.table2);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// zod schema (→ src/reports/annual-report.schema.json via z.toJSONSchema)

const cell = z.number().nullable();
const cells = (n: number) => z.array(cell).length(n);
const recordRef = z.object({ kind: z.string(), id: z.string(), url: z.string().optional() });
const finding = z.object({
  rule: z.string().describe('R0–R6 (violations), R7, R8, N1, Y1, D1, P1 (warnings)'),
  where: z.string().describe('the cell, e.g. table3.carried_over.natural_person'),
  message: z.string(),
  numbers: z.record(z.string(), z.union([z.number(), z.string(), z.null(), z.array(cell)])).optional(),
  records: z.array(recordRef).optional(),
});

const table3Schema = (rowKeys: readonly string[]) =>
  z.strictObject({
    columns: z.tuple(TABLE3_COLUMNS.map((c) => z.literal(c)) as [z.ZodLiteral<string>, ...z.ZodLiteral<string>[]]),
    rows: z.strictObject(Object.fromEntries(rowKeys.map((k) => [k, cells(7)]))),
  });

const docs2019 = z.strictObject({ made: cell, published: cell, totalPublic: cell });
const items2019 = z.strictObject({ previousYear: cell, change: cell, decisions: cell });
const table2v2019Schema = z.strictObject({
  regulations: docs2019,
  normative_documents: docs2019,
  licensing: items2019,
  other_services: items2019,
  penalties: items2019,
  coercion: items2019,
  fees: z.strictObject({ previousYear: cell, change: cell }),
  procurement: z.strictObject({
    projects: cell,
    amount: z.strictObject({ value: cell, unit: z.string().nullable() }),
  }),
});
const docs2021 = z.strictObject({ made: cell, repealed: cell, inForce: cell });
const table2v2021Schema = z.strictObject({
  regulations: docs2021,
  normative_documents: docs2021,
  licensing: z.strictObject({ decisions: cell }),
  penalties: z.strictObject({ decisions: cell }),
  coercion: z.strictObject({ decisions: cell }),
  fees: z.strictObject({ amount10kYuan: cell }),
});

const base = {
  agencyCode: z.string().nullable(),
  agencyName: z.string().nullable(),
  year: z.number().int().nullable(),
  table4: cells(15).describe(TABLE4_CELL_NAMES.join(', ')),
  violations: z.array(finding),
  warnings: z.array(finding),
};

/** zod schema of the annual report JSON (design.md §5.3); discriminated by `template`. */
export const annualReportSchema = z.discriminatedUnion('template', [
  z.strictObject({ ...base, template: z.literal('2019'), table2: table2v2019Schema, table3: table3Schema(TABLE3_ROWS_2019) }),
  z.strictObject({ ...base, template: z.literal('2021'), table2: table2v2021Schema, table3: table3Schema(TABLE3_ROWS_2021) }),
]);

/** The JSON Schema published at `/api/v1/schemas/annual-report.json` and committed as annual-report.schema.json. */
export function annualReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(annualReportSchema),
    title: '政府信息公开工作年度报告 (gongkai annual report data, design.md §5.3)',
  };
}

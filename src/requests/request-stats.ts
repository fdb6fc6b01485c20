/**
 * Table 三 of the annual report (domain.md §2.3) computed from the cases: new applications (by receipt year), carried
 * over from earlier years, each outcome (by the year the case concluded), the total, and carried forward (open at
 * year end), per applicant column; with the case ids behind each cell. Counts use the covering index
 * (concluded_year, agency_id, applicant_kind, outcome) of design.md §4.
 */
import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { OUTCOME_LIST, reportRowOf, table3RowKeys, templateOfYear, type Outcome } from './outcomes.ts';
import { APPLICANT_KIND_LIST, type ApplicantKind } from './request.ts';

/** The 7 columns of table 三, in order (design.md §5.3). */
export const TABLE3_COLUMNS = [...APPLICANT_KIND_LIST, 'total'] as const;
/** A column of table 三. */
export type Table3Column = (typeof TABLE3_COLUMNS)[number];

/** Table 三 of one agency and year. */
export interface RequestTable {
  year: number;
  template: '2019' | '2021';
  columns: readonly Table3Column[];
  /** Row key → 7 cells (design.md §5.3 keys). */
  rows: Record<string, number[]>;
  /** Row key → column → the ids of the cases counted there (present unless `withCases: false`). */
  cases?: Record<string, Partial<Record<Table3Column, string[]>>>;
}

function emptyRows(template: '2019' | '2021'): Record<string, number[]> {
  return Object.fromEntries(table3RowKeys(template).map((k) => [k, Array(TABLE3_COLUMNS.length).fill(0)]));
}

const colOf = (kind: string) => APPLICANT_KIND_LIST.indexOf(kind as ApplicantKind);

/** Fills the total row (（七）) and the total column (总计) from the cells (R2, R3 of domain.md §2.6 hold by construction). */
function finish(rows: Record<string, number[]>, template: '2019' | '2021'): void {
  const outcomeKeys = table3RowKeys(template).filter((k) => !['new', 'carried_over', 'total', 'carried_forward'].includes(k));
  for (let c = 0; c < APPLICANT_KIND_LIST.length; c++) rows.total[c] = outcomeKeys.reduce((s, k) => s + rows[k][c], 0);
  const last = TABLE3_COLUMNS.length - 1;
  for (const cells of Object.values(rows)) cells[last] = cells.slice(0, last).reduce((s, n) => s + n, 0);
}

/** Table 三 for an agency and year; `withCases` (default true) lists the case ids behind each cell. */
export async function countRequestTable(ctx: Ctx, agencyId: string, year: number, opts: { withCases?: boolean } = {}): Promise<RequestTable> {
  const template = templateOfYear(year);
  const rows = emptyRows(template);
  const db = ctx.db;
  const [outcomes, fresh, carriedOver, carriedForward] = await Promise.all([
    db.selectFrom('info_requests').select(['applicant_kind', 'outcome']).select((eb) => eb.fn.countAll<number>().as('n'))
      .where('concluded_year', '=', year).where('agency_id', '=', agencyId).groupBy(['applicant_kind', 'outcome']).execute(),
    db.selectFrom('info_requests').select('applicant_kind').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('received_year', '=', year).where('agency_id', '=', agencyId).groupBy('applicant_kind').execute(),
    db.selectFrom('info_requests').select('applicant_kind').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('received_year', '<', year).where('agency_id', '=', agencyId)
      .where((eb) => eb.or([eb('concluded_year', 'is', null), eb('concluded_year', '>=', year)])).groupBy('applicant_kind').execute(),
    db.selectFrom('info_requests').select('applicant_kind').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('received_year', '<=', year).where('agency_id', '=', agencyId)
      .where((eb) => eb.or([eb('concluded_year', 'is', null), eb('concluded_year', '>', year)])).groupBy('applicant_kind').execute(),
  ]);
  for (const r of outcomes) {
    if (!r.outcome || colOf(r.applicant_kind) < 0) continue;
    rows[reportRowOf(r.outcome as Outcome, template)][colOf(r.applicant_kind)] += Number(r.n);
  }
  for (const [key, list] of [['new', fresh], ['carried_over', carriedOver], ['carried_forward', carriedForward]] as const) {
    for (const r of list) if (colOf(r.applicant_kind) >= 0) rows[key][colOf(r.applicant_kind)] += Number(r.n);
  }
  finish(rows, template);
  const table: RequestTable = { year, template, columns: TABLE3_COLUMNS, rows };
  if (opts.withCases !== false) table.cases = await casesBehind(ctx, agencyId, year, template);
  return table;
}

/** The case ids behind each cell, classified the same way as the counts. */
async function casesBehind(ctx: Ctx, agencyId: string, year: number, template: '2019' | '2021') {
  const list = await ctx.db.selectFrom('info_requests')
    .select(['request_id', 'applicant_kind', 'outcome', 'received_year', 'concluded_year'])
    .where('agency_id', '=', agencyId).where('received_year', '<=', year)
    .where((eb) => eb.or([eb('concluded_year', 'is', null), eb('concluded_year', '>=', year)]))
    .orderBy('request_id').execute();
  const cases: Record<string, Partial<Record<Table3Column, string[]>>> = {};
  const put = (row: string, kind: string, id: string) => {
    const cell = (cases[row] ??= {});
    (cell[kind as Table3Column] ??= []).push(id);
    (cell.total ??= []).push(id);
  };
  for (const r of list) {
    if (r.received_year === year) put('new', r.applicant_kind, r.request_id);
    else put('carried_over', r.applicant_kind, r.request_id);
    if (r.concluded_year === year && r.outcome) {
      put(reportRowOf(r.outcome as Outcome, template), r.applicant_kind, r.request_id);
      put('total', r.applicant_kind, r.request_id);
    } else put('carried_forward', r.applicant_kind, r.request_id);
  }
  return cases;
}

/** Every outcome key, for callers that build their own rows. */
export const OUTCOME_ROW_KEYS: readonly Outcome[] = OUTCOME_LIST;

/** Years in which an agency has cases (for report pickers). */
export async function yearsWithRequests(ctx: Ctx, agencyId: string): Promise<number[]> {
  const rows = await ctx.db.selectFrom('info_requests').select(sql<number>`distinct received_year`.as('y'))
    .where('agency_id', '=', agencyId).execute();
  return rows.map((r) => Number(r.y)).sort((a, b) => a - b);
}

/**
 * Table 三 of the annual report (domain.md §2.3) computed from the cases: new applications (by receipt year), carried
 * over from earlier years, each outcome (by the year the case concluded), the total, and carried forward (open at
 * year end), per applicant column; with the case ids behind each cell. The counts are sums over the per-year case
 * counts of migration 0310 (constant time per agency-year; issue 9), held to a direct count of the cases by the tests.
 */
import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { OUTCOME_LIST, reportRowOf, table3RowKeys, templateOfYear, type Outcome } from './outcomes.ts';
import { APPLICANT_KIND_LIST, type ApplicantKind } from './request.ts';
import { caseCountsOf } from './request-counts.ts';

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

/** What table 三 needs of a case (or of a group of `n` alike cases): its column, years and outcome. */
interface Counted {
  kind: string;
  receivedYear: number;
  /** null while open. */
  concludedYear: number | null;
  outcome: string | null;
}

/**
 * The rows of table 三 of `year` a case is counted in (domain.md §2.3): 新收 by receipt year, 上年结转 when received
 * earlier and still open at the start of the year, its outcome row when concluded in the year, 结转下年度 when still
 * open at the end. The total row (（七）) is the sum of the outcome rows (`finish`).
 */
function rowsOfCase(c: Counted, year: number, template: '2019' | '2021'): string[] {
  const out: string[] = [];
  const openAfter = (y: number) => c.concludedYear === null || c.concludedYear > y;
  if (c.receivedYear === year) out.push('new');
  else if (c.receivedYear < year && openAfter(year - 1)) out.push('carried_over');
  if (c.concludedYear === year && c.outcome) out.push(reportRowOf(c.outcome as Outcome, template));
  if (c.receivedYear <= year && openAfter(year)) out.push('carried_forward');
  return out;
}

/**
 * Table 三 for an agency and year, summed from the case counts the triggers of migration 0310 keep
 * (src/requests/request-counts.ts: a few hundred rows whatever the number of cases); `withCases` (default true) also
 * lists the case ids behind each cell, classified the same way.
 */
export async function countRequestTable(ctx: Ctx, agencyId: string, year: number, opts: { withCases?: boolean } = {}): Promise<RequestTable> {
  const template = templateOfYear(year);
  const rows = emptyRows(template);
  for (const g of await caseCountsOf(ctx.db, agencyId, year)) {
    const col = colOf(g.applicantKind);
    if (col < 0) continue;
    const c = { kind: g.applicantKind, receivedYear: g.receivedYear, concludedYear: g.concludedYear || null, outcome: g.outcome || null };
    for (const key of rowsOfCase(c, year, template)) if (rows[key]) rows[key][col] += g.n;
  }
  finish(rows, template);
  const table: RequestTable = { year, template, columns: TABLE3_COLUMNS, rows };
  if (opts.withCases !== false) table.cases = await casesBehind(ctx, agencyId, year, template);
  return table;
}

/**
 * Table 三 counted directly from the cases with grouped counts (no summary rows): the reference that tests and
 * `gongkai requests recount --check` hold the summary to. Counts use the covering index
 * (concluded_year, agency_id, applicant_kind, outcome) of design.md §4 and scan every case of the year.
 */
export async function countRequestTableFromCases(ctx: Ctx, agencyId: string, year: number): Promise<RequestTable> {
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
  return { year, template, columns: TABLE3_COLUMNS, rows };
}

/** The case ids behind each cell, classified the same way as the counts. */
async function casesBehind(ctx: Ctx, agencyId: string, year: number, template: '2019' | '2021') {
  const list = await ctx.db.selectFrom('info_requests')
    .select(['request_id', 'applicant_kind', 'outcome', 'received_year', 'concluded_year'])
    .where('agency_id', '=', agencyId)
    .where((eb) => eb.or([
      eb.and([eb('received_year', '<=', year), eb.or([eb('concluded_year', 'is', null), eb('concluded_year', '>=', year)])]),
      eb('concluded_year', '=', year),
      eb('received_year', '=', year),
    ]))
    .orderBy('request_id').execute();
  const cases: Record<string, Partial<Record<Table3Column, string[]>>> = {};
  const put = (row: string, kind: string, id: string) => {
    const cell = (cases[row] ??= {});
    (cell[kind as Table3Column] ??= []).push(id);
    (cell.total ??= []).push(id);
  };
  const known = new Set(table3RowKeys(template));
  for (const r of list) {
    if (colOf(r.applicant_kind) < 0) continue;
    const c = { kind: r.applicant_kind, receivedYear: r.received_year, concludedYear: r.concluded_year, outcome: r.outcome };
    for (const key of rowsOfCase(c, year, template)) {
      if (!known.has(key)) continue;
      put(key, r.applicant_kind, r.request_id);
      if (key !== 'new' && key !== 'carried_over' && key !== 'carried_forward') put('total', r.applicant_kind, r.request_id);
    }
  }
  return cases;
}

/**
 * The ids of the cases behind one cell of table 三 (row key, column), in id order, at most `limit`: the same
 * classification as `rowsOfCase`, as one indexed query for that cell (the drill-down from a statistic to its cases).
 */
export async function caseIdsBehindCell(ctx: Ctx, agencyId: string, year: number, row: string, column: string, limit?: number): Promise<string[]> {
  const template = templateOfYear(year);
  if (!table3RowKeys(template).includes(row) || !(TABLE3_COLUMNS as readonly string[]).includes(column)) return [];
  const outcomes = OUTCOME_LIST.filter((o) => row === 'total' || reportRowOf(o, template) === row);
  let q = ctx.db.selectFrom('info_requests').select('request_id').where('agency_id', '=', agencyId)
    .where('applicant_kind', 'in', column === 'total' ? [...APPLICANT_KIND_LIST] : [column]);
  if (row === 'new') q = q.where('received_year', '=', year);
  else if (row === 'carried_over') q = q.where('received_year', '<', year).where((eb) => eb.or([eb('concluded_year', 'is', null), eb('concluded_year', '>=', year)]));
  else if (row === 'carried_forward') q = q.where('received_year', '<=', year).where((eb) => eb.or([eb('concluded_year', 'is', null), eb('concluded_year', '>', year)]));
  else q = q.where('concluded_year', '=', year).where('outcome', 'in', outcomes);
  q = q.orderBy('request_id');
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map((r) => r.request_id);
}

/** Every outcome key, for callers that build their own rows. */
export const OUTCOME_ROW_KEYS: readonly Outcome[] = OUTCOME_LIST;

/** Years in which an agency has cases (for report pickers). */
export async function yearsWithRequests(ctx: Ctx, agencyId: string): Promise<number[]> {
  const rows = await ctx.db.selectFrom('info_requests').select(sql<number>`distinct received_year`.as('y'))
    .where('agency_id', '=', agencyId).execute();
  return rows.map((r) => Number(r.y)).sort((a, b) => a - b);
}

/**
 * The case counts behind table 三 (migration 0310): `info_request_counts` holds the number of cases per agency,
 * applicant kind, receipt year, conclusion year (0 while open), outcome ('' while none) and late reply, kept by
 * triggers in the same transaction as every write to `info_requests`. This file reads those rows, recomputes them from
 * the cases (`gongkai requests recount`) and compares the two (`--check`).
 */
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import type { Ctx } from '../platform/context.ts';

/** One summary row: `n` cases of the agency with this kind, receipt year, conclusion year (0: open) and outcome. */
export interface CaseCount {
  applicantKind: string;
  receivedYear: number;
  /** 0 while the case is open. */
  concludedYear: number;
  /** '' while the case has no outcome. */
  outcome: string;
  /** 1 when the reply was sent after its due date (Regulation Art. 33). */
  late: number;
  n: number;
}

/** The summary rows of an agency that table 三 of `year` reads: received up to the year, or concluded in it. */
export async function caseCountsOf(db: DB, agencyId: string, year: number): Promise<CaseCount[]> {
  const rows = await db.selectFrom('info_request_counts')
    .select(['applicant_kind', 'received_year', 'concluded_year', 'outcome', 'late', 'n'])
    .where('agency_id', '=', agencyId).where('n', '<>', 0)
    .where((eb) => eb.or([eb('received_year', '<=', year), eb('concluded_year', '=', year)]))
    .execute();
  return rows.map((r) => ({
    applicantKind: r.applicant_kind, receivedYear: Number(r.received_year), concludedYear: Number(r.concluded_year),
    outcome: r.outcome, late: Number(r.late), n: Number(r.n),
  }));
}

/** Replies given after their due date among the cases concluded in `year` (Regulation Art. 33; report narrative). */
export async function countLateReplies(db: DB, agencyId: string, year: number): Promise<number> {
  const r = await db.selectFrom('info_request_counts').select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('agency_id', '=', agencyId).where('concluded_year', '=', year).where('late', '=', 1).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The summary rows computed from the cases (the same key the triggers of migration 0310 write). */
function countedFromCases(ctx: Ctx): RawBuilder<unknown> {
  const late = ctx.dialect === 'postgres' ? sql`coalesce(replied_on > due_on, false)::integer` : sql`coalesce(replied_on > due_on, 0)`;
  return sql`select agency_id, received_year, coalesce(concluded_year, 0) as concluded_year, applicant_kind,
    coalesce(outcome, '') as outcome, ${late} as late, count(*) as n from info_requests group by 1, 2, 3, 4, 5, 6`;
}

/** Recomputes every summary row from the cases, in one transaction; returns the number of rows written. */
export async function rebuildRequestCounts(ctx: Ctx): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('info_request_counts').execute();
    await sql`insert into info_request_counts (agency_id, received_year, concluded_year, applicant_kind, outcome, late, n)
      ${countedFromCases(ctx)}`.execute(trx);
    const r = await trx.selectFrom('info_request_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  });
}

/** A key whose stored count differs from the cases. */
export interface CountMismatch {
  agencyId: string;
  receivedYear: number;
  concludedYear: number;
  applicantKind: string;
  outcome: string;
  late: number;
  stored: number;
  counted: number;
}

/** Compares the summary rows with the cases; returns the keys that differ (none when the triggers kept them). */
export async function checkRequestCounts(ctx: Ctx): Promise<CountMismatch[]> {
  type Row = { agency_id: string; received_year: number; concluded_year: number; applicant_kind: string; outcome: string; late: number; n: number };
  const counted = (await sql<Row>`${countedFromCases(ctx)}`.execute(ctx.db)).rows;
  const stored = await ctx.db.selectFrom('info_request_counts').selectAll().execute();
  const keyOf = (r: Row) => JSON.stringify([r.agency_id, Number(r.received_year), Number(r.concluded_year), r.applicant_kind, r.outcome, Number(r.late)]);
  const byKey = new Map<string, { row: Row; stored: number; counted: number }>();
  for (const r of stored) byKey.set(keyOf(r), { row: r, stored: Number(r.n), counted: 0 });
  for (const r of counted) {
    const e = byKey.get(keyOf(r)) ?? { row: r, stored: 0, counted: 0 };
    e.counted = Number(r.n);
    byKey.set(keyOf(r), e);
  }
  return [...byKey.values()].filter((e) => e.stored !== e.counted).map(({ row, stored: s, counted: c }) => ({
    agencyId: row.agency_id, receivedYear: Number(row.received_year), concludedYear: Number(row.concluded_year),
    applicantKind: row.applicant_kind, outcome: row.outcome, late: Number(row.late), stored: s, counted: c,
  }));
}

/**
 * Case counts for table 三 of the annual report (domain.md §2.3; issue 9: one agency-year with 100,000 cases < 200 ms).
 * `info_request_counts` holds the number of cases per (agency, applicant kind, receipt year, conclusion year, outcome,
 * replied late): every figure of table 三 and the overdue replies of the narrative are sums over these few rows, so a
 * report reads a few hundred rows instead of scanning every case of the year.
 *
 * The rows are kept by triggers on `info_requests`, in the same transaction as every insert, transition (conclusion,
 * transfer, extension, reply) and delete, whichever code path writes the case; `rebuildRequestCounts`
 * (src/requests/request-counts.ts, `gongkai requests recount`) recomputes them from the cases. Open cases have
 * conclusion year 0 and outcome ''; `late` is 1 when the reply was sent after its due date (Regulation Art. 33).
 * Rows that drop to 0 stay (the key space is small: kinds × years × outcomes).
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_dialect.ts';

const KEY = 'agency_id, received_year, concluded_year, applicant_kind, outcome, late';
/** The key columns of a case row as the summary stores them (SQLite: comparisons yield 0/1/NULL). */
const sqliteKey = (r: 'new' | 'old') =>
  `${r}.agency_id, ${r}.received_year, coalesce(${r}.concluded_year, 0), ${r}.applicant_kind, coalesce(${r}.outcome, ''), coalesce(${r}.replied_on > ${r}.due_on, 0)`;
const pgKey = (r: 'new' | 'old') =>
  `${r}.agency_id, ${r}.received_year, coalesce(${r}.concluded_year, 0), ${r}.applicant_kind, coalesce(${r}.outcome, ''), coalesce(${r}.replied_on > ${r}.due_on, false)::integer`;
const WATCHED = ['agency_id', 'applicant_kind', 'received_year', 'concluded_year', 'outcome', 'replied_on', 'due_on'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('info_request_counts')
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('received_year', 'integer', (c) => c.notNull())
    .addColumn('concluded_year', 'integer', (c) => c.notNull())
    .addColumn('applicant_kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('info_request_counts_pk', ['agency_id', 'received_year', 'concluded_year', 'applicant_kind', 'outcome', 'late'])
    .execute();
  const lateOf = isPostgres(db) ? sql`coalesce(replied_on > due_on, false)::integer` : sql`coalesce(replied_on > due_on, 0)`;
  await sql`insert into info_request_counts (agency_id, received_year, concluded_year, applicant_kind, outcome, late, n)
    select agency_id, received_year, coalesce(concluded_year, 0), applicant_kind, coalesce(outcome, ''), ${lateOf}, count(*)
    from info_requests group by 1, 2, 3, 4, 5, 6`.execute(db);
  const changed = WATCHED.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  if (isPostgres(db)) {
    await sql.raw(`create function info_request_counts_apply() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          update info_request_counts set n = n - 1 where (${KEY}) = (${pgKey('old')});
        end if;
        if tg_op <> 'DELETE' then
          insert into info_request_counts (${KEY}, n) values (${pgKey('new')}, 1)
            on conflict (${KEY}) do update set n = info_request_counts.n + 1;
        end if;
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger info_request_counts_rows after insert or delete on info_requests
      for each row execute function info_request_counts_apply()`).execute(db);
    await sql.raw(`create trigger info_request_counts_update after update of ${WATCHED.join(', ')} on info_requests
      for each row when (${changed}) execute function info_request_counts_apply()`).execute(db);
    return;
  }
  const add = `insert into info_request_counts (${KEY}, n) values (${sqliteKey('new')}, 1) on conflict (${KEY}) do update set n = n + 1;`;
  const remove = `update info_request_counts set n = n - 1 where (${KEY}) = (${sqliteKey('old')});`;
  await sql.raw(`create trigger info_request_counts_insert after insert on info_requests begin ${add} end`).execute(db);
  await sql.raw(`create trigger info_request_counts_delete after delete on info_requests begin ${remove} end`).execute(db);
  await sql.raw(`create trigger info_request_counts_update after update of ${WATCHED.join(', ')} on info_requests
    when ${WATCHED.map((c) => `old.${c} is not new.${c}`).join(' or ')} begin ${remove} ${add} end`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('drop trigger if exists info_request_counts_update on info_requests').execute(db);
    await sql.raw('drop trigger if exists info_request_counts_rows on info_requests').execute(db);
    await sql.raw('drop function if exists info_request_counts_apply()').execute(db);
  } else {
    for (const t of ['insert', 'delete', 'update']) await sql.raw(`drop trigger if exists info_request_counts_${t}`).execute(db);
  }
  await db.schema.dropTable('info_request_counts').execute();
}

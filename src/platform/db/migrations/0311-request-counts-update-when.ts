/**
 * The case counts' update trigger (migration 0310) fires only when a case's counted key changes: agency, applicant
 * kind, receipt year, conclusion year, outcome or whether the reply was late, not on every change of the due date or
 * reply date. A recomputation of due dates after a calendar change (Regulation Art. 33 clocks) moves the due dates of
 * every open case in one transaction; with 0310's trigger each of those updates wrote (and on PostgreSQL locked until
 * commit) the agency's row of open cases, so submissions to those agencies waited for the recomputation.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_dialect.ts';

const WATCHED = ['agency_id', 'applicant_kind', 'received_year', 'concluded_year', 'outcome', 'replied_on', 'due_on'];
const KEY = 'agency_id, received_year, concluded_year, applicant_kind, outcome, late';
const sqliteKey = (r: 'new' | 'old') =>
  `${r}.agency_id, ${r}.received_year, coalesce(${r}.concluded_year, 0), ${r}.applicant_kind, coalesce(${r}.outcome, ''), coalesce(${r}.replied_on > ${r}.due_on, 0)`;

/** The trigger condition: a counted column changed, or the late flag did (comparisons of the 'YYYY-MM-DD' texts). */
function keyChanged(pg: boolean, changedWhen: (c: string) => string): string {
  const late = (r: 'old' | 'new') => (pg ? `coalesce(${r}.replied_on > ${r}.due_on, false)` : `coalesce(${r}.replied_on > ${r}.due_on, 0)`);
  const cols = ['agency_id', 'applicant_kind', 'received_year', 'concluded_year', 'outcome'].map(changedWhen);
  return [...cols, pg ? `${late('old')} is distinct from ${late('new')}` : `${late('old')} is not ${late('new')}`].join(' or ');
}

/** Replaces the update trigger; `narrow` selects this migration's condition, otherwise 0310's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
async function replaceUpdateTrigger(db: Kysely<any>, narrow: boolean): Promise<void> {
  if (isPostgres(db)) {
    const when = narrow ? keyChanged(true, (c) => `old.${c} is distinct from new.${c}`) : WATCHED.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
    await sql.raw('drop trigger if exists info_request_counts_update on info_requests').execute(db);
    await sql.raw(`create trigger info_request_counts_update after update of ${WATCHED.join(', ')} on info_requests
      for each row when (${when}) execute function info_request_counts_apply()`).execute(db);
    return;
  }
  const when = narrow ? keyChanged(false, (c) => `old.${c} is not new.${c}`) : WATCHED.map((c) => `old.${c} is not new.${c}`).join(' or ');
  const add = `insert into info_request_counts (${KEY}, n) values (${sqliteKey('new')}, 1) on conflict (${KEY}) do update set n = n + 1;`;
  const remove = `update info_request_counts set n = n - 1 where (${KEY}) = (${sqliteKey('old')});`;
  await sql.raw('drop trigger if exists info_request_counts_update').execute(db);
  await sql.raw(`create trigger info_request_counts_update after update of ${WATCHED.join(', ')} on info_requests
    when ${when} begin ${remove} ${add} end`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function up(db: Kysely<any>): Promise<void> {
  await replaceUpdateTrigger(db, true);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await replaceUpdateTrigger(db, false);
}

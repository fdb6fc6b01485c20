/** Row type of the embedded job queue (migration 0700). */
import type { Generated } from 'kysely';

export interface JobsTable {
  job_id: string;
  name: string;
  payload: Generated<string>;
  singleton_key: string | null;
  status: string;
  run_after: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** The job tables, for composition into the Database interface. */
export interface JobTables {
  jobs: JobsTable;
}

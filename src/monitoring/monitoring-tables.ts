/** Row types of the website-health tables (migration 0500). */
import type { Generated } from 'kysely';

export interface MonitoringRunsTable {
  run_id: string;
  agency_id: string;
  trigger: string;
  status: string;
  stopped_by: string | null;
  started_at: string;
  finished_at: string | null;
  pages: Generated<number>;
  links: Generated<number>;
  open_findings: Generated<number>;
  by_indicator: Generated<string>;
  state: string | null;
}

export interface SiteFindingsTable {
  finding_id: string;
  agency_id: string;
  key: string;
  kind: string;
  indicator: string;
  severity: string;
  page: string;
  place: string;
  target: string;
  detail: string;
  status: string;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  owner_user_id: string | null;
  due_on: string | null;
  note: Generated<string>;
}

export interface AvailabilityProbesTable {
  probe_id: string;
  agency_id: string;
  at: string;
  ok: number;
  ms: number;
  status: number | null;
}

/** The website-health tables, for composition into the Database interface. */
export interface MonitoringTables {
  monitoring_runs: MonitoringRunsTable;
  site_findings: SiteFindingsTable;
  availability_probes: AvailabilityProbesTable;
}

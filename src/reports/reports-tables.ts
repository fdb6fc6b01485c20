/** Row types of the annual-report tables (migration 0600). */
import type { Generated } from 'kysely';

export interface AnnualReportsTable {
  report_id: string;
  agency_id: string;
  year: number;
  template: string;
  state: string;
  narrative: Generated<string>;
  explanations: Generated<string>;
  snapshot: string | null;
  return_comment: Generated<string>;
  rolled_up: Generated<number>;
  submitted_by: string | null;
  submitted_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  published_item_id: string | null;
  published_on: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ReportStatisticsTable {
  statistic_id: string;
  agency_id: string;
  year: number;
  label: string;
  value: number;
  unit: string;
  source: string;
  at_least: Generated<number>;
  sort_order: Generated<number>;
  entered_by: string | null;
  is_demo: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** The report tables, for composition into the Database interface. */
export interface ReportsTables {
  annual_reports: AnnualReportsTable;
  report_statistics: ReportStatisticsTable;
}

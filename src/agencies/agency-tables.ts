/** Row types of the agency tables (migration 0001). */
import type { Generated } from 'kysely';

export interface AgenciesTable {
  agency_id: string;
  code: string;
  parent_id: string | null;
  kind: string;
  name: string;
  short_name: string;
  name_en: Generated<string>;
  credit_code: Generated<string>;
  org_code: Generated<string>;
  address: Generated<string>;
  postcode: Generated<string>;
  office_hours: Generated<string>;
  phone: Generated<string>;
  fax: Generated<string>;
  email: Generated<string>;
  website: Generated<string>;
  functions: Generated<string>;
  is_demo: Generated<number>;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AgencyLeadersTable {
  leader_id: string;
  agency_id: string;
  name: string;
  title: string;
  duties: Generated<string>;
  sort_order: Generated<number>;
}

export interface AgencyUnitsTable {
  unit_id: string;
  agency_id: string;
  kind: string;
  name: string;
  head: Generated<string>;
  phone: Generated<string>;
  functions: Generated<string>;
  sort_order: Generated<number>;
}

/** The agency tables, for composition into the Database interface. */
export interface AgencyTables {
  agencies: AgenciesTable;
  agency_leaders: AgencyLeadersTable;
  agency_units: AgencyUnitsTable;
}

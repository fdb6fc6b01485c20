/** Row types of the calendar tables (migration 0100). */

export interface CalendarNoticesTable {
  year: number;
  title: string;
  document_number: string;
  created_at: string;
  updated_at: string;
  /** Username of the administrator who entered it (not personal data beyond the staff login). */
  updated_by: string;
}

export interface CalendarNoticeDaysTable {
  year: number;
  day_on: string;
  /** rest | work */
  kind: string;
  name: string;
}

export interface CalendarLocalDaysTable {
  agency_id: string;
  day_on: string;
  /** rest | work */
  kind: string;
  name: string;
  created_at: string;
  created_by: string;
}

export interface CalendarSettingsTable {
  agency_id: string;
  /** after_start | start_day_counts */
  counting: string;
  updated_at: string;
}

/** The calendar tables, for composition into the Database interface. */
export interface CalendarTables {
  calendar_notices: CalendarNoticesTable;
  calendar_notice_days: CalendarNoticeDaysTable;
  calendar_local_days: CalendarLocalDaysTable;
  calendar_settings: CalendarSettingsTable;
}

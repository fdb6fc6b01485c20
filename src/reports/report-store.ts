/** Storage of annual reports and yearly statistics (migration 0600). Functions take `db` first so a trx passes. */
import type { DB } from '../platform/db/database.ts';
import type { AnnualReport } from './report-format.ts';
import type { NarrativeSections } from './report-narrative.ts';

/** Workflow states of an annual report (issue 6 “Workflow”). */
export const REPORT_STATES = {
  draft: '草稿',
  submitted: '已报送',
  returned: '已退回',
  approved: '已审核',
  published: '已发布',
} as const;
/** A report state. */
export type ReportState = keyof typeof REPORT_STATES;
/** English names of the states. */
export const REPORT_STATES_EN: Record<ReportState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  approved: 'Approved',
  published: 'Published',
};

/** A stored report of one agency-year. */
export interface ReportRecord {
  id: string;
  agencyId: string;
  year: number;
  template: string;
  state: ReportState;
  narrative: NarrativeSections;
  /** Written explanations of warnings, keyed `rule@where`. */
  explanations: Record<string, string>;
  /** The tables frozen at submission (null while a draft or returned). */
  snapshot: AnnualReport | null;
  returnComment: string;
  rolledUp: boolean;
  submittedBy: string | null;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  publishedItemId: string | null;
  publishedOn: string | null;
  version: number;
  updatedAt: string;
}

type Row = Awaited<ReturnType<typeof selectRow>>;

function selectRow(db: DB, agencyId: string, year: number) {
  return db.selectFrom('annual_reports').selectAll().where('agency_id', '=', agencyId).where('year', '=', year).executeTakeFirst();
}

function toRecord(r: NonNullable<Row>): ReportRecord {
  return {
    id: r.report_id, agencyId: r.agency_id, year: Number(r.year), template: r.template, state: r.state as ReportState,
    narrative: JSON.parse(r.narrative) as NarrativeSections, explanations: JSON.parse(r.explanations) as Record<string, string>,
    snapshot: r.snapshot ? (JSON.parse(r.snapshot) as AnnualReport) : null, returnComment: r.return_comment,
    rolledUp: r.rolled_up === 1, submittedBy: r.submitted_by, submittedAt: r.submitted_at, decidedBy: r.decided_by,
    decidedAt: r.decided_at, publishedItemId: r.published_item_id, publishedOn: r.published_on, version: Number(r.version),
    updatedAt: r.updated_at,
  };
}

/** The stored report of an agency-year, if any. */
export async function selectReport(db: DB, agencyId: string, year: number): Promise<ReportRecord | undefined> {
  const r = await selectRow(db, agencyId, year);
  return r ? toRecord(r) : undefined;
}

/** Stored reports of a year for the given agencies (supervisor overview). */
export async function selectReportsOfYear(db: DB, agencyIds: string[], year: number): Promise<ReportRecord[]> {
  if (!agencyIds.length) return [];
  const rows = await db.selectFrom('annual_reports').selectAll().where('year', '=', year).where('agency_id', 'in', agencyIds).execute();
  return rows.map(toRecord);
}

/** Published reports of an agency, newest year first. */
export async function selectPublishedReports(db: DB, agencyId: string): Promise<ReportRecord[]> {
  const rows = await db.selectFrom('annual_reports').selectAll().where('agency_id', '=', agencyId).where('state', '=', 'published')
    .orderBy('year', 'desc').execute();
  return rows.map(toRecord);
}

/** Creates the row of an agency-year in draft (idempotent: an existing row is left as it is). */
export async function ensureReport(db: DB, r: { id: string; agencyId: string; year: number; template: string }, at: string): Promise<ReportRecord> {
  const existing = await selectReport(db, r.agencyId, r.year);
  if (existing) return existing;
  await db.insertInto('annual_reports').values({
    report_id: r.id, agency_id: r.agencyId, year: r.year, template: r.template, state: 'draft', snapshot: null,
    submitted_by: null, submitted_at: null, decided_by: null, decided_at: null, published_item_id: null, published_on: null,
    created_at: at, updated_at: at,
  }).onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing()).execute();
  return (await selectReport(db, r.agencyId, r.year))!;
}

/** Column values an update may set. */
export interface ReportUpdate {
  state?: ReportState;
  narrative?: NarrativeSections;
  explanations?: Record<string, string>;
  snapshot?: AnnualReport | null;
  returnComment?: string;
  rolledUp?: boolean;
  submittedBy?: string | null;
  submittedAt?: string | null;
  decidedBy?: string | null;
  decidedAt?: string | null;
  publishedItemId?: string | null;
  publishedOn?: string | null;
}

/** Updates a report if its version is still `version` (optimistic locking); false when someone saved first. */
export async function updateReport(db: DB, id: string, version: number, u: ReportUpdate, at: string): Promise<boolean> {
  const set: Record<string, unknown> = { version: version + 1, updated_at: at };
  if (u.state !== undefined) set.state = u.state;
  if (u.narrative !== undefined) set.narrative = JSON.stringify(u.narrative);
  if (u.explanations !== undefined) set.explanations = JSON.stringify(u.explanations);
  if (u.snapshot !== undefined) set.snapshot = u.snapshot === null ? null : JSON.stringify(u.snapshot);
  if (u.returnComment !== undefined) set.return_comment = u.returnComment;
  if (u.rolledUp !== undefined) set.rolled_up = u.rolledUp ? 1 : 0;
  if (u.submittedBy !== undefined) set.submitted_by = u.submittedBy;
  if (u.submittedAt !== undefined) set.submitted_at = u.submittedAt;
  if (u.decidedBy !== undefined) set.decided_by = u.decidedBy;
  if (u.decidedAt !== undefined) set.decided_at = u.decidedAt;
  if (u.publishedItemId !== undefined) set.published_item_id = u.publishedItemId;
  if (u.publishedOn !== undefined) set.published_on = u.publishedOn;
  const res = await db.updateTable('annual_reports').set(set).where('report_id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A yearly statistic as entered (value, unit, source). */
export interface StatisticInput {
  label: string;
  value: number;
  unit: string;
  source: string;
  atLeast: boolean;
  sortOrder: number;
}

/** Inserts a yearly statistic. */
export async function insertStatistic(db: DB, s: StatisticInput & { id: string; agencyId: string; year: number; enteredBy: string | null; isDemo?: boolean }, at: string): Promise<void> {
  await db.insertInto('report_statistics').values({
    statistic_id: s.id, agency_id: s.agencyId, year: s.year, label: s.label, value: s.value, unit: s.unit, source: s.source,
    at_least: s.atLeast ? 1 : 0, sort_order: s.sortOrder, entered_by: s.enteredBy, is_demo: s.isDemo ? 1 : 0, created_at: at, updated_at: at,
  }).execute();
}

/** Deletes a yearly statistic of an agency; false when there was none. */
export async function deleteStatistic(db: DB, agencyId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('report_statistics').where('statistic_id', '=', id).where('agency_id', '=', agencyId).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

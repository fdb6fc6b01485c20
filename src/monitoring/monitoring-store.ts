/** SQL of website-health runs, findings and probes. */
import type { Selectable } from 'kysely';
import type { DB } from '../platform/db/database.ts';
import type { DetectedFinding, FindingKind, Indicator, Severity } from './monitoring.ts';
import type { SiteFindingsTable } from './monitoring-tables.ts';

/** A stored finding: a detected problem with its history and task fields. */
export interface SiteFinding extends DetectedFinding {
  id: string;
  agencyId: string;
  status: 'open' | 'resolved';
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  ownerUserId: string | null;
  dueOn: string | null;
  note: string;
}

function toFinding(r: Selectable<SiteFindingsTable>): SiteFinding {
  return {
    id: r.finding_id, agencyId: r.agency_id, key: r.key, kind: r.kind as FindingKind, indicator: r.indicator as Indicator,
    severity: r.severity as Severity, page: r.page, place: r.place, target: r.target, detail: r.detail,
    status: r.status as SiteFinding['status'], firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at,
    resolvedAt: r.resolved_at, ownerUserId: r.owner_user_id, dueOn: r.due_on, note: r.note,
  };
}

/** Findings of an agency, optionally only open ones or one indicator, newest first. */
export async function selectFindings(
  db: DB,
  agencyId: string,
  f: { status?: 'open' | 'resolved'; indicator?: string; kinds?: string[]; limit?: number; offset?: number } = {},
): Promise<SiteFinding[]> {
  let q = db.selectFrom('site_findings').selectAll().where('agency_id', '=', agencyId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.indicator) q = q.where('indicator', '=', f.indicator);
  if (f.kinds) q = q.where('kind', 'in', f.kinds.length ? f.kinds : ['']);
  const rows = await q.orderBy('severity', 'desc').orderBy('last_seen_at', 'desc').orderBy('key').limit(f.limit ?? 10000).offset(f.offset ?? 0).execute();
  return rows.map(toFinding);
}

/** One finding by id. */
export async function selectFindingById(db: DB, id: string): Promise<SiteFinding | undefined> {
  const r = await db.selectFrom('site_findings').selectAll().where('finding_id', '=', id).executeTakeFirst();
  return r ? toFinding(r) : undefined;
}

/** Inserts a newly detected finding. */
export async function insertFinding(db: DB, id: string, agencyId: string, d: DetectedFinding, at: string, dueOn: string): Promise<void> {
  await db.insertInto('site_findings').values({
    finding_id: id, agency_id: agencyId, key: d.key, kind: d.kind, indicator: d.indicator, severity: d.severity,
    page: d.page, place: d.place, target: d.target, detail: d.detail, status: 'open', first_seen_at: at, last_seen_at: at,
    resolved_at: null, owner_user_id: null, due_on: dueOn,
  }).execute();
}

/** Marks a finding seen again (reopening it if it had been resolved) with its current severity and detail. */
export async function updateFindingSeen(db: DB, id: string, d: DetectedFinding, at: string): Promise<void> {
  await db.updateTable('site_findings')
    .set({ last_seen_at: at, severity: d.severity, detail: d.detail, status: 'open', resolved_at: null })
    .where('finding_id', '=', id).execute();
}

/** Resolves findings that a run no longer sees. */
export async function updateFindingsResolved(db: DB, ids: string[], at: string): Promise<void> {
  if (!ids.length) return;
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('site_findings').set({ status: 'resolved', resolved_at: at }).where('finding_id', 'in', ids.slice(i, i + 500)).execute();
  }
}

/** Sets the task fields of a finding. */
export async function updateFindingTask(db: DB, id: string, t: { ownerUserId: string | null; dueOn: string | null; note: string }): Promise<void> {
  await db.updateTable('site_findings').set({ owner_user_id: t.ownerUserId, due_on: t.dueOn, note: t.note }).where('finding_id', '=', id).execute();
}

/** A run row as the service sees it. */
export interface MonitoringRun {
  id: string;
  agencyId: string;
  trigger: string;
  status: string;
  stoppedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  links: number;
  openFindings: number;
  byIndicator: Record<string, number>;
}

/** Inserts a run. */
export async function insertRun(db: DB, r: { id: string; agencyId: string; trigger: string; startedAt: string }): Promise<void> {
  await db.insertInto('monitoring_runs').values({ run_id: r.id, agency_id: r.agencyId, trigger: r.trigger, status: 'running', started_at: r.startedAt, stopped_by: null, finished_at: null, state: null }).execute();
}

/** Finishes a run with its totals (and the crawl state when it stopped early, for resuming). */
export async function updateRunFinished(db: DB, id: string, r: { status: string; stoppedBy: string; finishedAt: string; pages: number; links: number; openFindings: number; byIndicator: Record<string, number>; state: string | null }): Promise<void> {
  await db.updateTable('monitoring_runs').set({
    status: r.status, stopped_by: r.stoppedBy, finished_at: r.finishedAt, pages: r.pages, links: r.links,
    open_findings: r.openFindings, by_indicator: JSON.stringify(r.byIndicator), state: r.state,
  }).where('run_id', '=', id).execute();
}

/** The latest runs of an agency, newest first. */
export async function selectRuns(db: DB, agencyId: string, limit = 30): Promise<MonitoringRun[]> {
  const rows = await db.selectFrom('monitoring_runs').selectAll().where('agency_id', '=', agencyId).orderBy('started_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.run_id, agencyId: r.agency_id, trigger: r.trigger, status: r.status, stoppedBy: r.stopped_by, startedAt: r.started_at,
    finishedAt: r.finished_at, pages: r.pages, links: r.links, openFindings: r.open_findings,
    byIndicator: JSON.parse(r.by_indicator) as Record<string, number>,
  }));
}

/** The saved crawl state of the newest stopped run, for resuming. */
export async function selectResumableState(db: DB, agencyId: string): Promise<{ runId: string; state: string } | undefined> {
  const r = await db.selectFrom('monitoring_runs').select(['run_id', 'state', 'status']).where('agency_id', '=', agencyId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return r && r.status === 'stopped' && r.state ? { runId: r.run_id, state: r.state } : undefined;
}

/** Records an availability probe. */
export async function insertProbe(db: DB, p: { id: string; agencyId: string; at: string; ok: boolean; ms: number; status: number | null }): Promise<void> {
  await db.insertInto('availability_probes').values({ probe_id: p.id, agency_id: p.agencyId, at: p.at, ok: p.ok ? 1 : 0, ms: p.ms, status: p.status }).execute();
}

/** Probes of an agency since an instant. */
export async function selectProbesSince(db: DB, agencyId: string, since: string): Promise<{ ok: boolean }[]> {
  const rows = await db.selectFrom('availability_probes').select('ok').where('agency_id', '=', agencyId).where('at', '>=', since).execute();
  return rows.map((r) => ({ ok: r.ok === 1 }));
}

/**
 * The annual-report workflow (issue 6 “Workflow”; Regulation Art. 49, domain.md §1): a report per agency-year is a
 * draft whose tables always come from the records and whose narrative (sections 一–六) staff edit (reports.edit);
 * submitting freezes the tables (a snapshot) and sends it to the supervising office, which approves it or returns it
 * with comments (reports.approve); an approved report is published into the catalogue (category 年度报告 ndbg) through
 * the catalogue's services, so it passes the 保密审查 of a reviewer (Art. 17) and appears in the portal, search and
 * feeds. Deadlines: 31 January for departments, 31 March for governments (Art. 49).
 */
import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { assertPermission, actorOf, hasPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import type { Agency } from '../agencies/agency.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { computeAnnualReportDeadline } from '../calendar/clocks.ts';
import { createItem } from '../catalogue/item-service.ts';
import { submitItem } from '../catalogue/workflow-service.ts';
import { Conflict, InvalidInput, InvalidTransition, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { buildAnnualReport, linkFindings, mergeNarrative, type BuiltReport } from './report-build.ts';
import { templateForYear, type AnnualReport } from './report-format.ts';
import { narrativeText, type NarrativeSections, type SectionNumber } from './report-narrative.ts';
import { ReportArticle } from './render-html.tsx';
import { reportTitle } from './render-md.ts';
import { rollUpTables } from './report-rollup.ts';
import { ensureReport, REPORT_STATES, selectReport, updateReport, type ReportRecord, type ReportState } from './report-store.ts';
import { validateReport } from './report-validate.ts';

/** What the back office shows for one agency-year. */
export interface ReportView {
  agency: Agency;
  year: number;
  record: ReportRecord | null;
  state: ReportState;
  /** The tables: from the records (draft, returned) or the frozen snapshot (submitted and later). */
  report: AnnualReport;
  /** The narrative as it will be printed: staff's text where they wrote one, else the draft from the records. */
  narrative: NarrativeSections;
  drafted: NarrativeSections;
  built: BuiltReport | null;
  deadline: { dueOn: string; level: 'department' | 'government'; daysLeft: number };
  /** Tables summed from the agencies under this one (a government's report). */
  rolledUp: boolean;
}

const FROZEN: readonly ReportState[] = ['submitted', 'approved', 'published'];

/** The Art. 49 deadline of an agency's report for `year`. */
export function reportDeadline(ctx: Ctx, agency: Agency, year: number): ReportView['deadline'] {
  const level = agency.kind === 'government' ? 'government' : 'department';
  const dueOn = computeAnnualReportDeadline({ year, level }).dueOn;
  const today = todayOn(ctx.clock);
  const daysLeft = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return { dueOn, level, daysLeft };
}

async function agencyOf(ctx: Ctx, agencyId: string): Promise<Agency> {
  const a = await selectAgencyById(ctx.db, agencyId);
  if (!a) throw new NotFound('未找到该机构');
  return a;
}

function checkYear(ctx: Ctx, year: number): void {
  const current = Number(todayOn(ctx.clock).slice(0, 4));
  if (!Number.isInteger(year) || year < 2019 || year > current) {
    throw new InvalidInput(`年度应在2019年至${current}年之间`, { year: '年度报告格式自2019年度起适用' });
  }
}

/** Builds the tables of an agency-year: its own records, or (rolled up) its own plus those of every agency under it. */
async function buildFor(ctx: Ctx, agency: Agency, year: number, record: ReportRecord | null): Promise<BuiltReport> {
  const narrative = record?.narrative ?? {};
  const built = await buildAnnualReport(ctx, agency.id, year, { narrative });
  if (!record?.rolledUp) return built;
  const children = (await ctx.db.selectFrom('agencies').select('agency_id').where('parent_id', '=', agency.id).execute()).map((r) => r.agency_id);
  const parts = await Promise.all(children.map(async (id) => {
    const stored = await selectReport(ctx.db, id, year);
    return stored?.snapshot ?? (await buildAnnualReport(ctx, id, year, { previous: null })).report;
  }));
  const summed = rollUpTables(built.report, parts);
  const previous = await ctx.db.selectFrom('annual_reports').select('snapshot').where('agency_id', '=', agency.id)
    .where('year', '=', year - 1).where('snapshot', 'is not', null).executeTakeFirst();
  const v = validateReport(summed, {
    previous: previous?.snapshot ? (JSON.parse(previous.snapshot) as AnnualReport) : null,
    narrative: narrativeText(mergeNarrative(built.drafted, narrative)),
  });
  return { ...built, report: linkFindings(v, agency.code, year) };
}

/** The report of an agency-year as staff see it (content.read at the agency). */
export async function getReportView(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number): Promise<ReportView> {
  assertPermission(principal, 'content.read', agencyId);
  checkYear(ctx, year);
  const agency = await agencyOf(ctx, agencyId);
  let record = (await selectReport(ctx.db, agencyId, year)) ?? null;
  if (record) record = await syncPublication(ctx, record);
  const state = record?.state ?? 'draft';
  const deadline = reportDeadline(ctx, agency, year);
  if (record?.snapshot && FROZEN.includes(state)) {
    return {
      agency, year, record, state, report: record.snapshot, narrative: record.narrative, drafted: record.narrative,
      built: null, deadline, rolledUp: record.rolledUp,
    };
  }
  const built = await buildFor(ctx, agency, year, record);
  return {
    agency, year, record, state, report: built.report, narrative: mergeNarrative(built.drafted, record?.narrative ?? {}),
    drafted: built.drafted, built, deadline, rolledUp: record?.rolledUp ?? false,
  };
}

const MAX_SECTION = 20_000;

async function openRecord(ctx: Ctx, agencyId: string, year: number): Promise<ReportRecord> {
  return ensureReport(ctx.db, { id: newId(), agencyId, year, template: templateForYear(year) }, ctx.clock.now().toISOString());
}

async function save(ctx: Ctx, record: ReportRecord, version: number | undefined, u: Parameters<typeof updateReport>[3]): Promise<void> {
  if (version !== undefined && version !== record.version) {
    throw new Conflict('该年度报告已被他人修改，请刷新后重试', { currentVersion: record.version }, 'version_conflict');
  }
  const ok = await updateReport(ctx.db, record.id, record.version, u, ctx.clock.now().toISOString());
  if (!ok) throw new Conflict('该年度报告已被他人修改，请刷新后重试', undefined, 'version_conflict');
}

async function audit(ctx: Ctx, p: Principal, ip: string | undefined, action: string, record: ReportRecord, summary: Record<string, unknown> = {}) {
  await appendAudit(ctx.db, ctx.dialect, actorOf(p, ip), {
    action: `reports.${action}`, objectType: 'annual_report', objectId: record.id, agencyId: record.agencyId,
    summary: { year: record.year, from: record.state, ...summary },
  }, ctx.clock.now());
}

function requireState(record: ReportRecord, allowed: readonly ReportState[], action: string): void {
  if (!allowed.includes(record.state)) throw new InvalidTransition(REPORT_STATES[record.state], action);
}

/** Options of a workflow step. */
export interface ReportStepOptions {
  version?: number;
  ip?: string;
}

/**
 * Saves the narrative (sections 一–六) of a draft or returned report (reports.edit). Only the text changes: the
 * tables are never stored from a form, they come from the records (or the snapshot once submitted).
 */
export async function saveNarrative(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, sections: Record<string, unknown>, opts: ReportStepOptions = {}): Promise<ReportRecord> {
  const p = assertPermission(principal, 'reports.edit', agencyId);
  checkYear(ctx, year);
  const narrative: NarrativeSections = {};
  const fields: Record<string, string> = {};
  for (const n of [1, 2, 3, 4, 5, 6] as SectionNumber[]) {
    const raw = sections[String(n)];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string') { fields[`section${n}`] = '应为文本'; continue; }
    const text = raw.replace(/\r\n?/g, '\n').trim();
    if (text.length > MAX_SECTION) fields[`section${n}`] = `不能超过${MAX_SECTION}字`;
    else if (text) narrative[n] = text;
  }
  if (Object.keys(fields).length) throw new InvalidInput('正文有误，请修改后保存', fields);
  const record = await openRecord(ctx, agencyId, year);
  requireState(record, ['draft', 'returned'], '修改正文');
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateReport(trx, record.id, record.version, { narrative }, ctx.clock.now().toISOString());
    if (!ok || (opts.version !== undefined && opts.version !== record.version)) {
      throw new Conflict('该年度报告已被他人修改，请刷新后重试', { currentVersion: record.version }, 'version_conflict');
    }
    await appendAudit(trx, ctx.dialect, actorOf(p, opts.ip), {
      action: 'reports.narrative', objectType: 'annual_report', objectId: record.id, agencyId, summary: { year, sections: Object.keys(narrative) },
    }, ctx.clock.now());
  });
  return (await selectReport(ctx.db, agencyId, year))!;
}

/** Warning key for explanations: `rule@where`. */
export const warningKey = (w: { rule: string; where: string }) => `${w.rule}@${w.where}`;

/**
 * Submits a report to the supervising office (reports.edit): refused while it has violations (R0–R6); every warning
 * needs a written explanation. The tables are frozen into a snapshot.
 */
export async function submitReport(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, explanations: Record<string, string> = {}, opts: ReportStepOptions = {}): Promise<ReportRecord> {
  const p = assertPermission(principal, 'reports.edit', agencyId);
  checkYear(ctx, year);
  const record = await openRecord(ctx, agencyId, year);
  requireState(record, ['draft', 'returned'], '报送');
  const view = await getReportView(ctx, principal, agencyId, year);
  if (view.report.violations.length) {
    throw new InvalidInput(`报告有${view.report.violations.length}处不符合填报规则，须改正后报送`, { report: view.report.violations.map((v) => `${v.rule} ${v.message}`).slice(0, 5).join('；') }, 'report_violations');
  }
  const kept: Record<string, string> = {};
  const missing: Record<string, string> = {};
  for (const w of view.report.warnings) {
    const text = (explanations[warningKey(w)] ?? record.explanations[warningKey(w)] ?? '').trim();
    if (text.length > 2000) missing[warningKey(w)] = '说明不能超过2000字';
    else if (!text) missing[warningKey(w)] = `请说明：${w.message}`;
    else kept[warningKey(w)] = text;
  }
  if (Object.keys(missing).length) throw new InvalidInput('请对每项提示作出书面说明后报送', missing, 'explanations_required');
  const now = ctx.clock.now().toISOString();
  await save(ctx, record, opts.version, {
    state: 'submitted', snapshot: view.report, narrative: view.narrative, explanations: kept, submittedBy: p.userId, submittedAt: now, returnComment: '',
  });
  await audit(ctx, p, opts.ip, 'submit', record, { warnings: view.report.warnings.length });
  return (await selectReport(ctx.db, agencyId, year))!;
}

async function submitted(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, action: string) {
  const p = assertPermission(principal, 'reports.approve', agencyId);
  const record = await selectReport(ctx.db, agencyId, year);
  if (!record) throw new NotFound('该年度报告尚未起草');
  requireState(record, ['submitted'], action);
  return { p, record };
}

/** The supervising office approves a submitted report (reports.approve). */
export async function approveReport(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, opts: ReportStepOptions = {}): Promise<ReportRecord> {
  const { p, record } = await submitted(ctx, principal, agencyId, year, '审核通过');
  await save(ctx, record, opts.version, { state: 'approved', decidedBy: p.userId, decidedAt: ctx.clock.now().toISOString() });
  await audit(ctx, p, opts.ip, 'approve', record);
  return (await selectReport(ctx.db, agencyId, year))!;
}

/** The supervising office returns a submitted report with comments (required); the tables are unfrozen. */
export async function returnReport(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, comment: string, opts: ReportStepOptions = {}): Promise<ReportRecord> {
  const { p, record } = await submitted(ctx, principal, agencyId, year, '退回');
  const c = (comment ?? '').trim();
  if (!c) throw new InvalidInput('请填写退回意见', { comment: '退回时须说明修改意见' });
  if (c.length > 2000) throw new InvalidInput('退回意见过长', { comment: '不能超过2000字' });
  await save(ctx, record, opts.version, { state: 'returned', snapshot: null, returnComment: c, decidedBy: p.userId, decidedAt: ctx.clock.now().toISOString() });
  await audit(ctx, p, opts.ip, 'return', record);
  return (await selectReport(ctx.db, agencyId, year))!;
}

/**
 * Publishes an approved report (reports.edit and content.draft): the report becomes a 年度报告 item of the catalogue,
 * submitted for the reviewer's 保密审查 (Art. 17); the report counts as published once that item is published.
 */
export async function publishReport(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, opts: ReportStepOptions = {}): Promise<ReportRecord> {
  const p = assertPermission(principal, 'reports.edit', agencyId);
  const record = await selectReport(ctx.db, agencyId, year);
  if (!record) throw new NotFound('该年度报告尚未起草');
  requireState(record, ['approved'], '发布');
  if (record.publishedItemId) throw new Conflict('该年度报告已提交发布，等待审核人保密审查后发布', undefined, 'already_publishing');
  const report = record.snapshot!;
  const bodyHtml = renderToString(h(ReportArticle, { report, sections: record.narrative }));
  const item = await createItem(ctx, p, agencyId, {
    categoryCode: 'ndbg', title: reportTitle(report), formedOn: todayOn(ctx.clock), bodyHtml, disclosure: 'proactive',
    summary: `${reportTitle(report)}（依据《中华人民共和国政府信息公开条例》第四十九条、第五十条编制）`,
  }, opts.ip);
  await submitItem(ctx, p, item.id, { ip: opts.ip });
  await save(ctx, record, opts.version, { publishedItemId: item.id });
  await audit(ctx, p, opts.ip, 'publish', record, { item: item.id });
  return syncPublication(ctx, (await selectReport(ctx.db, agencyId, year))!);
}

/** Marks an approved report published once its catalogue item is published (the catalogue's reviewer did so). */
export async function syncPublication(ctx: Ctx, record: ReportRecord): Promise<ReportRecord> {
  if (record.state !== 'approved' || !record.publishedItemId) return record;
  const item = await ctx.db.selectFrom('catalogue_items').select(['state', 'first_published_on']).where('item_id', '=', record.publishedItemId).executeTakeFirst();
  if (item?.state !== 'published') return record;
  const ok = await updateReport(ctx.db, record.id, record.version, { state: 'published', publishedOn: item.first_published_on }, ctx.clock.now().toISOString());
  if (ok) ctx.events.emit('content.changed', { agencyId: record.agencyId, reason: 'report.publish' });
  return (await selectReport(ctx.db, record.agencyId, record.year))!;
}

/** Sets whether a government's report sums the tables of the agencies under it (reports.edit at the government). */
export async function setRollUp(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, rolledUp: boolean, opts: ReportStepOptions = {}): Promise<ReportRecord> {
  const p = assertPermission(principal, 'reports.edit', agencyId);
  checkYear(ctx, year);
  const agency = await agencyOf(ctx, agencyId);
  if (rolledUp && agency.kind !== 'government') throw new InvalidInput('只有人民政府的年度报告汇总所属部门的数据', { rolledUp: '本机关不是人民政府' });
  const record = await openRecord(ctx, agencyId, year);
  requireState(record, ['draft', 'returned'], '汇总');
  await save(ctx, record, opts.version, { rolledUp });
  await audit(ctx, p, opts.ip, 'rollup', record, { rolledUp });
  return (await selectReport(ctx.db, agencyId, year))!;
}

/** One agency's line in the supervisor's overview. */
export interface OverviewRow {
  agency: Agency;
  state: ReportState;
  dueOn: string;
  daysLeft: number;
  submittedAt: string | null;
  violations: number | null;
  warnings: number | null;
}

/** The status of every agency the principal may see reports of, for a year (supervisors see their subtree). */
export async function reportOverview(ctx: Ctx, principal: Principal | undefined, year: number): Promise<OverviewRow[]> {
  if (!principal) assertPermission(principal, 'content.read', '');
  checkYear(ctx, year);
  const agencies = (await ctx.db.selectFrom('agencies').select('agency_id').execute()).map((r) => r.agency_id)
    .filter((id) => hasPermission(principal!, 'content.read', id));
  const out: OverviewRow[] = [];
  const records = new Map((await Promise.all(agencies.map((id) => selectReport(ctx.db, id, year)))).filter((r): r is ReportRecord => !!r).map((r) => [r.agencyId, r]));
  for (const id of agencies) {
    const agency = await agencyOf(ctx, id);
    let r = records.get(id) ?? null;
    if (r) r = await syncPublication(ctx, r);
    const d = reportDeadline(ctx, agency, year);
    out.push({
      agency, state: r?.state ?? 'draft', dueOn: d.dueOn, daysLeft: d.daysLeft, submittedAt: r?.submittedAt ?? null,
      violations: r?.snapshot ? r.snapshot.violations.length : null, warnings: r?.snapshot ? r.snapshot.warnings.length : null,
    });
  }
  return out;
}

/** The published report of an agency-year (public), or undefined. */
export async function publishedReport(ctx: Ctx, agencyId: string, year: number): Promise<ReportRecord | undefined> {
  const r = await selectReport(ctx.db, agencyId, year);
  if (!r) return undefined;
  const synced = await syncPublication(ctx, r);
  return synced.state === 'published' ? synced : undefined;
}

/** The report of an agency-year as it stands: frozen once submitted, else built from the records. */
export async function currentReport(ctx: Ctx, agencyId: string, year: number): Promise<{ report: AnnualReport; sections: NarrativeSections }> {
  const stored = await selectReport(ctx.db, agencyId, year);
  if (stored?.snapshot) return { report: stored.snapshot, sections: stored.narrative };
  const built = await buildFor(ctx, await agencyOf(ctx, agencyId), year, stored ?? null);
  return { report: built.report, sections: mergeNarrative(built.drafted, stored?.narrative ?? {}) };
}

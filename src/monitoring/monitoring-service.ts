/**
 * Use cases of website health (issue: website health): run a check of an agency's portal and outbound links, keep
 * findings as tasks with owners and due dates (a fixed page clears its finding on the next run), the dashboard's
 * predicted standing, and the pre-publication gate reviewers see.
 */
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { selectUsersAtAgencies } from '../accounts/account-store.ts';
import { getAgency } from '../agencies/agency-service.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import { calendarFor } from '../calendar/calendar-snapshot.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { scanForPersonalData, PII_KINDS } from '../platform/privacy/pii-scan.ts';
import { crawl, type CrawlOptions, type CrawlState } from './crawler.ts';
import { extractPage } from './html-extract.ts';
import { FETCH_ERRORS, fetchForCheck, parseCheckableUrl } from './link-fetch.ts';
import {
  findingFromAvailability, findingsFromColumns, findingsFromCrawl, findingsFromMailbox, predictStanding,
  INDICATORS, type ColumnState, type DetectedFinding, type Indicator,
} from './monitoring.ts';
import { monitoringSources, type ContentLink } from './monitoring-sources.ts';
import './monitoring-sources-default.ts';
import {
  insertFinding, insertProbe, insertRun, selectFindingById, selectFindings, selectProbesSince, selectResumableState,
  selectRuns, updateFindingSeen, updateFindingsResolved, updateFindingTask, updateRunFinished, type MonitoringRun,
  type SiteFinding,
} from './monitoring-store.ts';

/** Options of one check run. */
export interface SiteCheckOptions {
  /** Where the portal is reachable (PUBLIC_URL, or the loopback address the CLI serves it on). */
  baseUrl: string;
  trigger: 'schedule' | 'manual' | 'cli';
  actor?: Actor;
  maxLinks?: number;
  maxPages?: number;
  maxDurationMs?: number;
  /** Continue the newest run that stopped at a limit. */
  resume?: boolean;
  crawl?: Partial<Omit<CrawlOptions, 'seeds' | 'extraLinks'>>;
  onProgress?: (p: { done: number; queued: number; pages: number }) => void;
}

/** What a run found. */
export interface SiteCheckSummary {
  runId: string;
  agencyCode: string;
  pages: number;
  links: number;
  stoppedBy: string;
  newFindings: number;
  stillOpen: number;
  resolved: number;
  byIndicator: Record<string, number>;
  standing: ReturnType<typeof predictStanding>;
}

const CRAWL_KINDS = new Set(['dead_link_internal', 'dead_link_external', 'redirect_offsite', 'pii_exposed']);

/** Runs the checks for one agency and reconciles the findings. */
export async function runSiteCheck(ctx: Ctx, agencyCode: string, opts: SiteCheckOptions): Promise<SiteCheckSummary> {
  const agency = await getAgency(ctx, agencyCode);
  const base = opts.baseUrl.replace(/\/+$/, '');
  const home = `${base}/agencies/${encodeURIComponent(agency.code)}`;
  const today = todayOn(ctx.clock);
  const runId = newId();
  const startedAt = ctx.clock.now().toISOString();
  await insertRun(ctx.db, { id: runId, agencyId: agency.id, trigger: opts.trigger, startedAt });

  const columns: ColumnState[] = [];
  const links: ContentLink[] = [];
  const overdue: Awaited<ReturnType<NonNullable<ReturnType<typeof monitoringSources>[number]['overdueLetters']>>> = [];
  const texts: { page: string; text: string }[] = [];
  for (const s of monitoringSources()) {
    if (s.columns) columns.push(...(await s.columns(ctx, agency.id, base)));
    if (s.contentLinks) links.push(...(await s.contentLinks(ctx, agency.id, base)));
    if (s.overdueLetters) overdue.push(...(await s.overdueLetters(ctx, agency.id, today)));
    if (s.publishedTexts) texts.push(...(await s.publishedTexts(ctx, agency.id, base)));
  }

  let resumeState: CrawlState | undefined;
  if (opts.resume) {
    const saved = await selectResumableState(ctx.db, agency.id);
    if (saved) resumeState = JSON.parse(saved.state) as CrawlState;
  }
  const limits = Object.fromEntries(
    Object.entries({ maxLinks: opts.maxLinks, maxPages: opts.maxPages, maxDurationMs: opts.maxDurationMs, onProgress: opts.onProgress })
      .filter(([, v]) => v !== undefined),
  ) as Partial<CrawlOptions>;
  const result = await crawl({
    ...opts.crawl,
    ...limits,
    seeds: [home, ...columns.map((c) => c.url)],
    extraLinks: links.map((l) => ({ url: l.url, page: l.page, text: l.text })),
  }, resumeState);

  const homeCheck = result.state.checks[home];
  const probeAt = ctx.clock.now();
  if (homeCheck) {
    await insertProbe(ctx.db, { id: newId(), agencyId: agency.id, at: probeAt.toISOString(), ok: !homeCheck.error, ms: homeCheck.ms, status: homeCheck.status });
  }
  const weekAgo = new Date(probeAt.getTime() - 7 * 86_400_000).toISOString();
  const probes = await selectProbesSince(ctx.db, agency.id, weekAgo);

  const detected: DetectedFinding[] = [
    ...findingsFromCrawl(Object.values(result.state.checks), result.pages),
    ...findingsFromColumns(columns, home, today),
    ...findingsFromMailbox(overdue, today),
    ...findingFromAvailability(probes, home),
    ...texts.flatMap((t) => scanForPersonalData(t.text).map((f): DetectedFinding => ({
      key: `pii_exposed|${t.page}|${f.kind}|${f.masked}`, kind: 'pii_exposed', indicator: 'security', severity: 'veto',
      page: t.page, place: f.masked, target: f.kind, detail: `${PII_KINDS[f.kind]} ${f.masked}`,
    }))),
  ];
  const crawlComplete = result.stoppedBy === 'done';
  const at = ctx.clock.now().toISOString();
  // Due dates in working days of the agency's own calendar (its local rest and working days count).
  const cal = await calendarFor(ctx, agency.id);
  const reconciled = await ctx.db.transaction().execute(async (trx) => {
    const existing = await selectFindings(trx, agency.id);
    const byKey = new Map(existing.map((f) => [f.key, f]));
    const seen = new Set<string>();
    let created = 0;
    for (const d of detected) {
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      const old = byKey.get(d.key);
      if (old) await updateFindingSeen(trx, old.id, d, at);
      else {
        created++;
        await insertFinding(trx, newId(), agency.id, d, at, cal.addWorkdays(today, d.severity === 'veto' ? 2 : 5));
      }
    }
    // A finding not seen again is fixed — but only judge crawl findings when the crawl reached everything.
    const gone = existing.filter((f) => f.status === 'open' && !seen.has(f.key) && (crawlComplete || !CRAWL_KINDS.has(f.kind)));
    await updateFindingsResolved(trx, gone.map((f) => f.id), at);
    const open = await selectFindings(trx, agency.id, { status: 'open' });
    const byIndicator: Record<string, number> = {};
    for (const k of Object.keys(INDICATORS)) byIndicator[k] = open.filter((f) => f.indicator === k).length;
    await updateRunFinished(trx, runId, {
      status: crawlComplete ? 'done' : 'stopped', stoppedBy: result.stoppedBy, finishedAt: at, pages: result.state.pagesCrawled,
      links: Object.keys(result.state.checks).length, openFindings: open.length, byIndicator,
      state: crawlComplete ? null : JSON.stringify(result.state),
    });
    await appendAudit(trx, ctx.dialect, opts.actor ?? SYSTEM_ACTOR, {
      action: 'monitoring.run', objectType: 'monitoring_run', objectId: runId, agencyId: agency.id,
      summary: { trigger: opts.trigger, pages: result.state.pagesCrawled, links: Object.keys(result.state.checks).length, created, resolved: gone.length, open: open.length },
    }, ctx.clock.now());
    return { created, resolved: gone.length, open, byIndicator };
  });
  return {
    runId, agencyCode: agency.code, pages: result.state.pagesCrawled, links: Object.keys(result.state.checks).length,
    stoppedBy: result.stoppedBy, newFindings: reconciled.created, stillOpen: reconciled.open.length,
    resolved: reconciled.resolved, byIndicator: reconciled.byIndicator, standing: predictStanding(reconciled.open),
  };
}

/** Probes each agency's portal home once (站点无法访问: 15 s or more counts as a failure) and records the result. */
export async function probeAvailability(ctx: Ctx, baseUrl: string): Promise<number> {
  const agencies = await ctx.db.selectFrom('agencies').select(['agency_id', 'code']).execute();
  for (const a of agencies) {
    const r = await fetchForCheck(`${baseUrl.replace(/\/+$/, '')}/agencies/${encodeURIComponent(a.code)}`, { timeoutMs: 15_000, maxBytes: 1, maxRedirects: 5, userAgent: 'gongkai-sitecheck/1.0', readHtml: false });
    await insertProbe(ctx.db, { id: newId(), agencyId: a.agency_id, at: ctx.clock.now().toISOString(), ok: !r.error, ms: r.ms, status: r.status });
  }
  return agencies.length;
}

/** The dashboard of an agency: standing per indicator, open findings, and the trend of recent runs. */
export async function getMonitoringDashboard(ctx: Ctx, principal: Principal | undefined, agencyCode: string): Promise<{
  agencyCode: string; agencyName: string; standing: ReturnType<typeof predictStanding>; open: SiteFinding[];
  resolvedRecently: SiteFinding[]; runs: MonitoringRun[];
}> {
  const agency = await getAgency(ctx, agencyCode);
  assertPermission(principal, 'content.read', agency.id);
  const [open, resolved, runs] = await Promise.all([
    selectFindings(ctx.db, agency.id, { status: 'open' }),
    selectFindings(ctx.db, agency.id, { status: 'resolved', limit: 50 }),
    selectRuns(ctx.db, agency.id, 30),
  ]);
  return { agencyCode: agency.code, agencyName: agency.name, standing: predictStanding(open), open, resolvedRecently: resolved, runs };
}

/** Gives a finding an owner, a due date and a note (the findings workflow). */
export async function assignFinding(
  ctx: Ctx,
  principal: Principal | undefined,
  findingId: string,
  input: { ownerUserId: string | null; dueOn: string | null; note: string },
  ip?: string,
): Promise<SiteFinding> {
  const f = await selectFindingById(ctx.db, findingId);
  if (!f) throw new NotFound('未找到该问题');
  const p = assertPermission(principal, 'monitoring.manage', f.agencyId);
  if (input.dueOn && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn)) throw new InvalidInput('整改期限格式应为 YYYY-MM-DD', { dueOn: '整改期限格式应为 YYYY-MM-DD' });
  if (input.note.length > 2000) throw new InvalidInput('备注过长', { note: '备注不超过2000字' });
  if (input.ownerUserId) {
    const owner = await ctx.db.selectFrom('user_roles').select('user_id').where('user_id', '=', input.ownerUserId).where('agency_id', '=', f.agencyId).executeTakeFirst();
    if (!owner) throw new InvalidInput('责任人须为本机关工作人员', { ownerUserId: '责任人须为本机关工作人员' });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateFindingTask(trx, f.id, input);
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'monitoring.assign', objectType: 'site_finding', objectId: f.id, agencyId: f.agencyId,
      summary: { owner: input.ownerUserId, dueOn: input.dueOn },
    }, ctx.clock.now());
  });
  return (await selectFindingById(ctx.db, f.id))!;
}

/** Staff of the finding's agency who can own a finding (for the assignment form). */
export async function listFindingOwners(ctx: Ctx, principal: Principal | undefined, agencyCode: string): Promise<{ id: string; name: string }[]> {
  const agency = await getAgency(ctx, agencyCode);
  assertPermission(principal, 'content.read', agency.id);
  const users = await selectUsersAtAgencies(ctx.db, [agency.id]);
  return users.filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: `${u.displayName}（${u.username}）` }));
}

/** One finding with a read check. */
export async function getFinding(ctx: Ctx, principal: Principal | undefined, findingId: string): Promise<SiteFinding & { agencyCode: string }> {
  const f = await selectFindingById(ctx.db, findingId);
  if (!f) throw new NotFound('未找到该问题');
  assertPermission(principal, 'content.read', f.agencyId);
  const a = await ctx.db.selectFrom('agencies').select('code').where('agency_id', '=', f.agencyId).executeTakeFirstOrThrow();
  return { ...f, agencyCode: a.code };
}

/** A warning the reviewer sees before publishing. */
export interface PrePublicationWarning {
  kind: 'dead_link' | 'personal_data';
  message: string;
  target: string;
}

/**
 * The pre-publication gate: the same link and personal-data checks, on a document's body and attachment texts,
 * as warnings for the reviewer (bounded: at most 40 links, 8 s each).
 */
export async function checkBeforePublish(html: string, extraTexts: { label: string; text: string }[] = [], baseUrl?: string): Promise<PrePublicationWarning[]> {
  const page = extractPage(html);
  const out: PrePublicationWarning[] = [];
  for (const t of [{ label: '正文', text: page.text }, ...extraTexts]) {
    for (const f of scanForPersonalData(t.text)) {
      out.push({ kind: 'personal_data', target: t.label, message: `${t.label}含未遮蔽的${PII_KINDS[f.kind]}：${f.masked}` });
    }
  }
  const urls = [...new Set(page.links.map((l) => l.href))]
    .map((h) => parseCheckableUrl(h, baseUrl))
    .filter((u): u is URL => typeof u !== 'string')
    .slice(0, 40);
  const results = await Promise.all(urls.map((u) => fetchForCheck(u.href, { timeoutMs: 8000, maxBytes: 1, maxRedirects: 5, userAgent: 'gongkai-sitecheck/1.0', readHtml: false })));
  for (const r of results) {
    if (r.error) out.push({ kind: 'dead_link', target: r.url, message: `链接无法访问（${r.error === 'http_error' ? `HTTP ${r.status}` : FETCH_ERRORS[r.error]}）：${r.url}` });
  }
  return out;
}

/** Indicator names for views. */
export function indicatorLabel(i: Indicator, lang: 'zh' | 'en'): string {
  return lang === 'en' ? INDICATORS[i].en : INDICATORS[i].zh;
}

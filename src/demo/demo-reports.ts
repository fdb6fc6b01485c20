/**
 * Demo annual reports (design.md §5.5). Yearly statistics the platform cannot count itself, entered with their source
 * — gskjt 2020 from the seed: 政务微信公众号粉丝20万余人 (the seed: “粉丝超过20万”; the source wording is INVENTED and
 * marked demo) — and the published reports: the real workflow (issue 6; Regulation Art. 49) run by the demo staff on
 * dates before the 31 January deadline: the editor submits the report built from the records, the province's
 * supervisor approves it, the editor publishes it into the catalogue (年度报告) and the reviewer passes it through 保密审查
 * (Art. 17) and publishes it, so the portal lists it. The dates are INVENTED.
 */
import { selectUserByUsername } from '../accounts/account-store.ts';
import type { Principal } from '../accounts/principal.ts';
import { loadPrincipal } from '../accounts/session-service.ts';
import { nationalCalendar } from '../calendar/calendar.ts';
import { approveItem, publishItem } from '../catalogue/workflow-service.ts';
import { fixedClock } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { approveReport, getReportView, publishReport, submitReport, syncPublication, warningKey } from '../reports/report-service.ts';
import { insertStatistic, selectReport } from '../reports/report-store.ts';
import type { DemoAgencies } from './demo-agencies.ts';

/** Loads the demo yearly statistics (before the reports are built). */
export async function loadReportsDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await insertStatistic(ctx.db, {
    id: newId(), agencyId: agencies.gskjt.id, year: 2020, label: '政务微信公众号粉丝', value: 200_000, unit: '人',
    source: '微信公众平台后台统计（演示）', atLeast: true, sortOrder: 1, enteredBy: null, isDemo: true,
  }, at);
}

/** A report published in the demo: whose, which year, who does each step, and when (YYYY-MM-DD, Asia/Shanghai). */
export interface DemoReportRun {
  agency: keyof DemoAgencies;
  year: number;
  editor: string;
  supervisor: string;
  reviewer: string;
  submitOn: string;
  approveOn: string;
  publishOn: string;
}

/**
 * The reports the demo publishes: gskjt 2020, the seed's report regenerated from the demo records, and the busier
 * agency's reports 2020–2025, submitted on the first working day after 11 January and published four working days
 * later (before the 31 January deadline of Art. 49).
 */
const cal = nationalCalendar();
export const DEMO_REPORT_RUNS: DemoReportRun[] = [
  { agency: 'gskjt', year: 2020, editor: 'kjt.editor', supervisor: 'gansu.supervisor', reviewer: 'kjt.reviewer', submitOn: '2021-01-18', approveOn: '2021-01-20', publishOn: '2021-01-22' },
  ...[2020, 2021, 2022, 2023, 2024, 2025].map((year): DemoReportRun => {
    const submitOn = cal.addWorkdays(`${year + 1}-01-11`, 1);
    const approveOn = cal.addWorkdays(submitOn, 2);
    return {
      agency: 'busy', year, editor: 'zrzy.editor', supervisor: 'gansu.supervisor', reviewer: 'zrzy.reviewer',
      submitOn, approveOn, publishOn: cal.addWorkdays(approveOn, 2),
    };
  }),
];

/**
 * The written explanations submitting needs (one per warning). The demo records give exactly one kind: R8 (domain.md
 * §2.6, a heuristic) where normative documents were revised during the year — the revision is counted as 制发, the
 * revised original leaves 现行有效 without being 废止. Any other warning is a defect of the demo data and stops the load.
 */
async function explanationsOf(ctx: Ctx, editor: Principal, agencyId: string, year: number): Promise<Record<string, string>> {
  const view = await getReportView(ctx, editor, agencyId, year);
  const out: Record<string, string> = {};
  for (const w of view.report.warnings) {
    const revised = view.built?.facts.catalogue.normativeDocuments.revised ?? 0;
    const previous = (await selectReport(ctx.db, agencyId, year - 1))?.snapshot;
    const now = view.report.template === '2021' ? view.report.table2.normative_documents : undefined;
    const before = previous?.template === '2021' ? previous.table2.normative_documents.inForce : undefined;
    const gap = now && typeof before === 'number' && now.made !== null && now.repealed !== null && now.inForce !== null
      ? before + now.made - now.repealed - now.inForce : undefined;
    if (w.rule !== 'R8' || w.where !== 'table2.normative_documents.inForce' || !revised || gap !== revised) {
      throw new Error(`demo report ${year}: unexpected warning ${warningKey(w)} ${w.message}`);
    }
    out[warningKey(w)] = `本年修订规范性文件${revised}件：修订后的文件计入本年制发件数，被修订的原文件不再现行有效，但不属于废止，`
      + `因此现行有效件数比“上年现行有效＋本年制发－本年废止”少${revised}件。（演示）`;
  }
  return out;
}

/** The principal of a demo staff account (loaded by the accounts demo). */
export async function demoStaff(ctx: Ctx, username: string): Promise<Principal> {
  const user = await selectUserByUsername(ctx.db, username);
  if (!user) throw new Error(`demo account ${username} is missing (load the accounts demo first)`);
  return loadPrincipal(ctx, user);
}

/**
 * Runs the report workflow for each demo report (after every module's records are loaded: the tables and narrative
 * are built from them). The catalogue item of the report is marked demo.
 */
export async function publishDemoReports(ctx: Ctx, agencies: DemoAgencies, runs: readonly DemoReportRun[] = DEMO_REPORT_RUNS): Promise<void> {
  for (const run of runs) {
    const agencyId = agencies[run.agency].id;
    const [editor, supervisor, reviewer] = await Promise.all([run.editor, run.supervisor, run.reviewer].map((u) => demoStaff(ctx, u)));
    const clock = fixedClock(`${run.submitOn}T02:00:00Z`);
    const c: Ctx = { ...ctx, clock };
    await submitReport(c, editor, agencyId, run.year, await explanationsOf(c, editor, agencyId, run.year));
    clock.set(`${run.approveOn}T02:00:00Z`);
    await approveReport(c, supervisor, agencyId, run.year);
    clock.set(`${run.publishOn}T01:00:00Z`);
    const record = await publishReport(c, editor, agencyId, run.year);
    await ctx.db.updateTable('catalogue_items').set({ is_demo: 1 }).where('item_id', '=', record.publishedItemId!).execute();
    clock.set(`${run.publishOn}T03:00:00Z`);
    await approveItem(c, reviewer, record.publishedItemId!, { confidentialityChecked: true });
    clock.set(`${run.publishOn}T03:30:00Z`);
    await publishItem(c, reviewer, record.publishedItemId!);
    await syncPublication(c, (await selectReport(ctx.db, agencyId, run.year))!);
  }
}

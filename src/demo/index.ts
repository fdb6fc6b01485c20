/**
 * `gongkai demo`: loads the demo data into an empty database (design.md §5.5). Each module adds its records with one
 * call below, in dependency order.
 */
import type { Ctx } from '../platform/context.ts';
import { loadAccountDemo } from './demo-accounts.ts';
import { loadAgencyDemo, type DemoAgencies } from './demo-agencies.ts';
import { loadAttachmentDemo } from './demo-attachments.ts';
import { loadMailboxDemo } from './demo-mailbox.ts';
import { loadRegistersDemo } from './demo-registers.ts';
import { loadCatalogueDemo } from './demo-catalogue.ts';
import { loadRequestDemo } from './demo-requests.ts';
import { loadReportsDemo, publishDemoReports } from './demo-reports.ts';

/** Options of the demo loader. */
export interface DemoOptions {
  /** Called with progress messages for the terminal. */
  progress?: (message: string) => void;
  /** Called once with demo staff credentials (printed once, written to a 0600 file). */
  credentials?: (lines: string[]) => void;
}

/** True when the database has no agencies yet. */
export async function isEmptyDatabase(ctx: Ctx): Promise<boolean> {
  const r = await ctx.db.selectFrom('agencies').select('agency_id').limit(1).executeTakeFirst();
  return !r;
}

/** Loads every module's demo records. */
export async function loadDemo(ctx: Ctx, opts: DemoOptions = {}): Promise<DemoAgencies> {
  const progress = opts.progress ?? (() => {});
  progress('机构 / agencies');
  const agencies = await loadAgencyDemo(ctx);
  progress('工作人员账号 / staff accounts'); await loadAccountDemo(ctx, agencies, opts.credentials);
  progress('政府信息公开目录 / catalogue'); await loadCatalogueDemo(ctx, agencies);
  progress('依申请公开 / requests'); await loadRequestDemo(ctx, agencies);
  progress('年度报告 / annual reports'); await loadReportsDemo(ctx, agencies);
  // After requests: reconsideration and litigation cases link to the demo requests they concern.
  progress('清单与公示 / registers'); await loadRegistersDemo(ctx, agencies);
  progress('政民互动 / mailbox'); await loadMailboxDemo(ctx, agencies);
  // Last: the published reports are built from every module's records.
  progress('发布年度报告 / publishing annual reports'); await publishDemoReports(ctx, agencies);
  // After the reports: items published on the load date with Word/Excel attachments (their snapshots stay as built).
  progress('附件 / catalogue attachments'); await loadAttachmentDemo(ctx, agencies);
  return agencies;
}

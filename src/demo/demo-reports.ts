/**
 * Demo yearly statistics for the annual reports (design.md §5.5): figures the platform cannot count itself, entered
 * with their source. gskjt 2020 from the seed: 政务微信公众号粉丝20万余人 (the seed: “粉丝超过20万”); the source is
 * INVENTED wording marked as demo.
 */
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { insertStatistic } from '../reports/report-store.ts';
import type { DemoAgencies } from './demo-agencies.ts';

/** Loads the demo yearly statistics. */
export async function loadReportsDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await insertStatistic(ctx.db, {
    id: newId(), agencyId: agencies.gskjt.id, year: 2020, label: '政务微信公众号粉丝', value: 200_000, unit: '人',
    source: '微信公众平台后台统计（演示）', atLeast: true, sortOrder: 1, enteredBy: null, isDemo: true,
  }, at);
}

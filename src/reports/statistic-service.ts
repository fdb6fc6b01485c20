/**
 * Yearly statistics for the annual report (issue 6 “Narrative”): figures the platform cannot count itself (WeChat
 * followers, online-service visits, service counts of other systems), entered by staff (reports.edit) with their
 * source; the drafted narrative states them with that source.
 */
import { z } from 'zod';
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';
import { listStatistics } from './report-facts.ts';
import { deleteStatistic, insertStatistic } from './report-store.ts';
import type { YearlyStatistic } from './report-draft.ts';

/** The form of a yearly statistic. */
export const StatisticInputSchema = z.object({
  label: z.string().trim().min(2, { error: '请填写统计项目，如“政务微信公众号粉丝”' }).max(60, { error: '不能超过60个字' }),
  value: z.coerce.number({ error: '请填写数值' }).int({ error: '应为整数' }).min(0, { error: '不能为负数' }).max(1e12, { error: '数值过大' }),
  unit: z.string().trim().min(1, { error: '请填写单位，如“人”“次”“件”' }).max(10, { error: '不能超过10个字' }),
  source: z.string().trim().min(2, { error: '请注明数据来源，如“微信公众平台后台统计”' }).max(100, { error: '不能超过100个字' }),
  atLeast: z.preprocess((v) => v === 'on' || v === true || v === '1', z.boolean()).default(false),
  sortOrder: z.coerce.number().int().min(0).max(999).default(0),
});

/** The statistics of an agency-year (content.read). */
export async function statisticsOf(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number): Promise<(YearlyStatistic & { id: string })[]> {
  assertPermission(principal, 'content.read', agencyId);
  return listStatistics(ctx, agencyId, year);
}

/** Adds a statistic (reports.edit). */
export async function addStatistic(ctx: Ctx, principal: Principal | undefined, agencyId: string, year: number, raw: unknown, ip?: string): Promise<string> {
  const p = assertPermission(principal, 'reports.edit', agencyId);
  const input = parseInput(StatisticInputSchema, raw);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await insertStatistic(trx, { ...input, id, agencyId, year, enteredBy: p.userId }, ctx.clock.now().toISOString());
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'reports.statistic.add', objectType: 'report_statistic', objectId: id, agencyId, summary: { year, label: input.label },
    }, ctx.clock.now());
  });
  return id;
}

/** Removes a statistic (reports.edit). */
export async function removeStatistic(ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, ip?: string): Promise<void> {
  const p = assertPermission(principal, 'reports.edit', agencyId);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteStatistic(trx, agencyId, id))) throw new NotFound('未找到该统计项目');
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'reports.statistic.remove', objectType: 'report_statistic', objectId: id, agencyId, summary: {},
    }, ctx.clock.now());
  });
}

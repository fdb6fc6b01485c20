/**
 * The figures of the 政府网站工作年度报表 (国办函〔2018〕12号; domain.md §5.4) that the platform can count itself:
 * information published (total and per column), interaction (letters received, answered, average handling days,
 * published replies), solicitations (periods, opinions received, results published), and the health checks run
 * (security checks, problems found and fixed). Figures the platform cannot know (visits, new-media accounts) are left
 * for staff to fill in; the export says so instead of inventing them.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../platform/lazy-modules.ts';
import { assertPermission, type Principal } from '../accounts/principal.ts';
import { getAgency } from '../agencies/agency-service.ts';
import { letterStatisticsOf } from '../mailbox/letter-service.ts';
import type { Ctx } from '../platform/context.ts';
import { daysBetween } from './monitoring.ts';

/** One line of the report: section, item, value (null = not counted by the platform), unit. */
export interface WebsiteFigure {
  section: string;
  item: string;
  value: number | string | null;
  unit: string;
}

/** Counts the year's figures for one agency's site. */
export async function websiteYearFigures(ctx: Ctx, principal: Principal | undefined, agencyCode: string, year: number): Promise<{ agencyName: string; figures: WebsiteFigure[] }> {
  const agency = await getAgency(ctx, agencyCode);
  assertPermission(principal, 'content.read', agency.id);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const perCategory = await ctx.db.selectFrom('catalogue_published')
    .select((eb) => ['kind', 'category_code', eb.fn.countAll<number>().as('n')])
    .where('agency_id', '=', agency.id).where('published_on', '>=', from).where('published_on', '<=', to)
    .groupBy(['kind', 'category_code']).execute();
  const count = (pred: (r: { kind: string; category_code: string }) => boolean) => perCategory.filter(pred).reduce((s, r) => s + Number(r.n), 0);
  const letters = await letterStatisticsOf(ctx, agency.id, year);
  const answered = await ctx.db.selectFrom('mailbox_letters').select(['received_on', 'replied_on'])
    .where('agency_id', '=', agency.id).where('received_on', '>=', from).where('received_on', '<=', to).where('replied_on', 'is not', null).execute();
  const avgDays = answered.length ? answered.reduce((s, l) => s + daysBetween(l.received_on, l.replied_on!), 0) / answered.length : null;
  const sols = await ctx.db.selectFrom('solicitations').select(['solicitation_id', 'summary_published_on'])
    .where('agency_id', '=', agency.id).where('opens_on', '<=', to).where('closes_on', '>=', from).execute();
  const opinions = sols.length
    ? Number((await ctx.db.selectFrom('solicitation_submissions').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('solicitation_id', 'in', sols.map((s) => s.solicitation_id)).executeTakeFirstOrThrow()).n)
    : 0;
  const runs = await ctx.db.selectFrom('monitoring_runs').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agency_id', '=', agency.id).where('started_at', '>=', `${from}T00:00:00`).where('started_at', '<=', `${to}T23:59:59.999Z`).executeTakeFirstOrThrow();
  const found = await ctx.db.selectFrom('site_findings').select(['status', 'resolved_at'])
    .where('agency_id', '=', agency.id).where('first_seen_at', '>=', `${from}T00:00:00`).where('first_seen_at', '<=', `${to}T23:59:59.999Z`).execute();
  const figures: WebsiteFigure[] = [
    { section: '信息发布', item: '总数', value: count(() => true), unit: '条' },
    { section: '信息发布', item: '概况类信息更新量', value: count((r) => r.category_code === 'jgzn'), unit: '条' },
    { section: '信息发布', item: '政务动态信息更新量', value: count((r) => r.kind === 'news'), unit: '条' },
    { section: '信息发布', item: '信息公开目录信息更新量', value: count((r) => r.kind === 'document'), unit: '条' },
    { section: '解读回应', item: '解读信息发布总数', value: count((r) => r.category_code === 'zcjd'), unit: '条' },
    { section: '互动交流', item: '收到留言数量', value: letters.received, unit: '条' },
    { section: '互动交流', item: '办结留言数量', value: letters.answered, unit: '条' },
    { section: '互动交流', item: '平均办理时间', value: avgDays === null ? null : Math.round(avgDays * 10) / 10, unit: '天' },
    { section: '互动交流', item: '公开答复数量', value: letters.published, unit: '条' },
    { section: '互动交流', item: '征集调查期数', value: sols.length, unit: '期' },
    { section: '互动交流', item: '收到意见数量', value: opinions, unit: '条' },
    { section: '互动交流', item: '公布调查结果期数', value: sols.filter((s) => s.summary_published_on).length, unit: '期' },
    { section: '安全防护', item: '安全检测评估次数', value: Number(runs.n), unit: '次' },
    { section: '安全防护', item: '发现问题数量', value: found.length, unit: '个' },
    { section: '安全防护', item: '问题整改数量', value: found.filter((f) => f.status === 'resolved').length, unit: '个' },
    { section: '访问量', item: '独立用户访问总量、网站总访问量', value: null, unit: '（由网站统计系统填报）' },
    { section: '移动新媒体', item: '微博、微信等', value: null, unit: '（由新媒体运营单位填报）' },
  ];
  return { agencyName: agency.name, figures };
}

/** The figures as an XLSX workbook staff copy into the national reporting system. */
export async function websiteYearFiguresXlsx(agencyName: string, year: number, figures: WebsiteFigure[]): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'gongkai';
  const ws = wb.addWorksheet(`${year}年报表`);
  ws.columns = [{ width: 14 }, { width: 36 }, { width: 14 }, { width: 24 }];
  ws.addRow([`${agencyName} 政府网站工作年度报表（${year}年度，平台可统计部分）`]).font = { bold: true, size: 13 };
  ws.mergeCells('A1:D1');
  ws.addRow(['栏目', '指标', '数值', '单位/说明']).font = { bold: true };
  for (const f of figures) ws.addRow([f.section, f.item, f.value ?? '', f.unit]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

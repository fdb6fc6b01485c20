/**
 * Everything the records say about one agency-year, gathered for the annual report (issue 6): the counting functions
 * of the catalogue, registers, requests and mailbox modules, plus the few figures they do not count (the clean-up of
 * normative documents, licensing by type, 信息处理费 collected, overdue replies, 部分公开 cases) and the yearly
 * statistics staff entered with their source. All queries are bounded by agency and year and use the modules'
 * indexes (info_request_counts for table 三 and overdue replies, licensing/enforcement by agency and date, catalogue by
 * agency).
 */
import { countCatalogueFacts, type CatalogueFacts } from '../catalogue/catalogue-facts.ts';
import { letterStatisticsOf } from '../mailbox/letter-service.ts';
import type { LetterStatistics } from '../mailbox/letter.ts';
import type { Ctx } from '../platform/context.ts';
import { countRegisterFacts, countTable4, type RegisterFacts } from '../registers/register-facts.ts';
import { sumLicensingByTypeAndAction } from '../registers/registers-store.ts';
import { countLateReplies } from '../requests/request-counts.ts';
import { countRequestTable, type RequestTable } from '../requests/request-stats.ts';
import type { YearlyStatistic } from './report-draft.ts';

/** The clean-up of normative documents announced in the year (seed: 继续施行34件、修订5件、废止11件, 甘科政〔2020〕13号). */
export interface CleanupFacts {
  kept: number;
  revised: number;
  repealed: number;
  documentNumber?: string;
  announcementItemId: string | null;
}

/** Licensing cases of one family of licences in the year (issue, renew, change, cancel; not annual inspections). */
export interface LicensingFamily {
  label: string;
  cases: number;
}

/** The facts of one agency-year. */
export interface YearFacts {
  catalogue: CatalogueFacts;
  registers: RegisterFacts;
  table3: RequestTable;
  table4: number[];
  letters: LetterStatistics;
  cleanup: CleanupFacts | null;
  licensing: LicensingFamily[];
  /** 信息处理费 paid in the year, in 分 (国办函〔2020〕109号). */
  feesCollectedFen: number;
  /** Replies given after their due date (Regulation Art. 33). */
  overdueReplies: number;
  /** 部分公开 cases concluded in the year and whether each records the withheld part (Art. 37; P1); ids only where missing. */
  partlyGranted: { id: string; hasWithheldPartRecord: boolean }[];
  statistics: (YearlyStatistic & { id: string })[];
}

/**
 * Licence types reported together in the narrative. The 外国人来华工作许可 service (外国人来华工作管理服务系统) issues the
 * 确认函 for high-end talent, the 许可通知 and the 许可证 itself; the seed counts all of them as “外国人来华工作许可519件”.
 */
const LICENCE_FAMILIES: readonly [RegExp, string][] = [[/^外国(?:人来华工作许可|高端人才确认函)/, '外国人来华工作许可']];

function familyOf(type: string): string {
  for (const [re, label] of LICENCE_FAMILIES) if (re.test(type)) return label;
  return type;
}

/** Gathers the facts of `agencyId` in `year` (every query in parallel). */
export async function gatherYearFacts(ctx: Ctx, agencyId: string, year: number): Promise<YearFacts> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [catalogue, registers, table3, table4, letters, cleanup, licensing, fees, overdue, partly, statistics] = await Promise.all([
    countCatalogueFacts(ctx, agencyId, year),
    countRegisterFacts(ctx, agencyId, year),
    countRequestTable(ctx, agencyId, year, { withCases: false }),
    countTable4(ctx, agencyId, year),
    letterStatisticsOf(ctx, agencyId, year),
    cleanupOfYear(ctx, agencyId, from, to),
    sumLicensingByTypeAndAction(ctx.db, agencyId, from, to),
    ctx.db.selectFrom('info_requests').select((eb) => eb.fn.sum<number>('fee_fen').as('n'))
      .where('agency_id', '=', agencyId).where('fee_paid_on', '>=', from).where('fee_paid_on', '<=', to).executeTakeFirst(),
    countLateReplies(ctx.db, agencyId, year),
    // Only the 部分公开 cases without a withheld-part record are listed (the others are counted in table 三). Sorted
    // here, not with ORDER BY … LIMIT: PostgreSQL then walks the primary key hoping to stop early, and reads every
    // case of the table when none matches (it cannot know that 部分公开 cases nearly always record the withheld part).
    ctx.db.selectFrom('info_requests').select('request_id')
      .where('agency_id', '=', agencyId).where('concluded_year', '=', year).where('outcome', '=', 'partly_granted')
      .where('withheld_parts', 'in', ['', '[]', '{}', 'null'])
      .execute().then((rows) => rows.sort((a, b) => (a.request_id < b.request_id ? -1 : 1)).slice(0, 1000)),
    listStatistics(ctx, agencyId, year),
  ]);
  const families = new Map<string, number>();
  for (const l of licensing) {
    if (l.action === 'inspect') continue;
    families.set(familyOf(l.licenceType), (families.get(familyOf(l.licenceType)) ?? 0) + l.cases);
  }
  return {
    catalogue, registers, table3, table4, letters, cleanup,
    licensing: [...families].map(([label, cases]) => ({ label, cases })).sort((a, b) => b.cases - a.cases),
    feesCollectedFen: Number(fees?.n ?? 0),
    overdueReplies: overdue,
    partlyGranted: partlyGrantedCases(table3.rows.partly_granted?.[6] ?? 0, partly.map((r) => r.request_id)),
    statistics,
  };
}

/** The 部分公开 cases of the year: those without a withheld-part record by id, the rest (counted) as recorded. */
function partlyGrantedCases(total: number, missing: string[]): { id: string; hasWithheldPartRecord: boolean }[] {
  const recorded = Math.max(0, total - missing.length);
  return [...missing.map((id) => ({ id, hasWithheldPartRecord: false })), ...Array.from({ length: recorded }, () => ({ id: '', hasWithheldPartRecord: true }))];
}

/** The campaign whose announcement was published in the year, with its decisions counted. */
async function cleanupOfYear(ctx: Ctx, agencyId: string, from: string, to: string): Promise<CleanupFacts | null> {
  const c = await ctx.db.selectFrom('catalogue_cleanups as c')
    .innerJoin('catalogue_items as i', 'i.item_id', 'c.announcement_item_id')
    .select(['c.cleanup_id', 'c.announcement_item_id', 'i.document_number'])
    .where('c.agency_id', '=', agencyId).where('c.state', '=', 'announced')
    .where('i.first_published_on', '>=', from).where('i.first_published_on', '<=', to)
    .orderBy('i.first_published_on', 'desc').executeTakeFirst();
  if (!c) return null;
  const rows = await ctx.db.selectFrom('catalogue_cleanup_decisions').select(['decision', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cleanup_id', '=', c.cleanup_id).groupBy('decision').execute();
  const n = (d: string) => Number(rows.find((r) => r.decision === d)?.n ?? 0);
  return {
    kept: n('continue'), revised: n('revise'), repealed: n('repeal'),
    documentNumber: c.document_number ?? undefined, announcementItemId: c.announcement_item_id,
  };
}

/** The yearly statistics of an agency-year, in the order staff set. */
export async function listStatistics(ctx: Ctx, agencyId: string, year: number): Promise<(YearlyStatistic & { id: string })[]> {
  const rows = await ctx.db.selectFrom('report_statistics').selectAll()
    .where('agency_id', '=', agencyId).where('year', '=', year).orderBy('sort_order').orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.statistic_id, label: r.label, value: Number(r.value), unit: r.unit, source: r.source, atLeast: r.at_least === 1 }));
}

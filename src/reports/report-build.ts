/**
 * Building an agency's annual report from the records (issue 6, design.md §5.3): table 二 from the catalogue and the
 * registers in the year's template (2019 format for 2019–2020, 2021 format from 2021; domain.md §2.0, §2.2), table 三
 * from the cases (§2.3), table 四 from the reconsideration/litigation records (§2.4); the narrative drafted from the
 * same facts (so text and tables cannot disagree); validation (R0–R6, warnings R7/R8/N1/Y1/P1) against the previous
 * year's report. Every finding on a cell links to a page listing the records behind it.
 */
import type { Ctx } from '../platform/context.ts';
import { draftNarrative, type NarrativeFacts } from './report-draft.ts';
import { gatherYearFacts, type YearFacts } from './report-facts.ts';
import {
  blankReport,
  templateForYear,
  type AnnualReport,
  type AnnualReport2019,
  type AnnualReport2021,
  type Finding,
} from './report-format.ts';
import { narrativeText, type NarrativeSections } from './report-narrative.ts';
import { validateReport } from './report-validate.ts';

/** A report built from the records, with the facts it came from and the drafted narrative. */
export interface BuiltReport {
  report: AnnualReport;
  /** The narrative drafted from the records (sections 一, 五, 六; 二–四 are the tables). */
  drafted: NarrativeSections;
  facts: YearFacts;
}

/** Where the records behind a cell are listed in the back office. */
export function cellRecordsUrl(agencyCode: string, year: number, where: string): string {
  return `/admin/reports/${encodeURIComponent(agencyCode)}/${year}/cells/${encodeURIComponent(where)}`;
}

/** The tables of an agency-year from its facts (pure). */
export function tablesFromFacts(facts: YearFacts, meta: { agencyCode: string; agencyName: string; year: number }): AnnualReport {
  const template = templateForYear(meta.year);
  const docs = facts.catalogue.normativeDocuments;
  const rules = facts.catalogue.rules;
  const rows = Object.fromEntries(Object.entries(facts.table3.rows).map(([k, cells]) => [k, [...cells]]));
  if (template === '2019') {
    const r = blankReport('2019', meta) as AnnualReport2019;
    const g = facts.registers['2019'];
    r.table2 = {
      // 规章: the 规章 category of governments with rule-making power (《立法法》第九十三条); zero elsewhere.
      regulations: { made: rules.made, published: rules.published, totalPublic: rules.totalPublic },
      normative_documents: { made: docs.made, published: docs.published, totalPublic: docs.totalPublic },
      licensing: { ...g.licensing },
      other_services: { ...g.other_services },
      penalties: { ...g.penalties },
      coercion: { ...g.coercion },
      fees: { ...g.fees },
      procurement: { projects: g.procurement.projects, amount: { ...g.procurement.amount } },
    };
    r.table3.rows = rows;
    r.table4 = [...facts.table4];
    return r;
  }
  const r = blankReport('2021', meta) as AnnualReport2021;
  const g = facts.registers['2021'];
  r.table2 = {
    regulations: { made: rules.made, repealed: rules.repealed, inForce: rules.inForce },
    normative_documents: { made: docs.made, repealed: docs.repealed, inForce: docs.inForce },
    licensing: { ...g.licensing },
    penalties: { ...g.penalties },
    coercion: { ...g.coercion },
    fees: { ...g.fees },
  };
  r.table3.rows = rows;
  r.table4 = [...facts.table4];
  return r;
}

/** The narrative facts of draftNarrative from the year's facts (pure). */
export function narrativeFactsOf(facts: YearFacts, year: number): NarrativeFacts {
  const licensing = facts.licensing.filter((l) => l.cases > 0);
  const other: string[] = [];
  if (licensing.length) {
    other.push(`${year}年办理行政许可：${licensing.map((l) => `${l.label}${l.cases}件`).join('，')}。`);
  }
  return {
    portalItems: facts.catalogue.itemsPublished,
    proactiveDocuments: facts.catalogue.proactiveDocuments,
    // Of the 规范性文件 made (not 规章, counted in their own row).
    normativeDocumentsPublic: facts.catalogue.normativeDocuments.madeProactive,
    normativeCleanup: facts.cleanup
      ? { kept: facts.cleanup.kept, revised: facts.cleanup.revised, repealed: facts.cleanup.repealed, documentNumber: facts.cleanup.documentNumber }
      : undefined,
    mailbox: facts.letters.received ? { received: facts.letters.received, answered: facts.letters.answered } : undefined,
    overdueReplies: facts.overdueReplies,
    feesCollectedYuan: facts.feesCollectedFen / 100,
    statistics: facts.statistics.map(({ id: _id, ...s }) => s),
    otherMatters: other,
  };
}

/** Adds to each finding on a cell a link to the records behind it. */
export function linkFindings(report: AnnualReport, agencyCode: string, year: number): AnnualReport {
  const link = (f: Finding): Finding =>
    f.where.startsWith('table') && !f.records?.length
      ? { ...f, records: [{ kind: 'cell', id: f.where, url: cellRecordsUrl(agencyCode, year, f.where.split('+')[0]) }] }
      : f;
  return { ...report, violations: report.violations.map(link), warnings: report.warnings.map(link) };
}

/** Merges staff's sections over the drafted ones (a section left empty keeps the draft). */
export function mergeNarrative(drafted: NarrativeSections, edited: NarrativeSections): NarrativeSections {
  const out: NarrativeSections = { ...drafted };
  for (const n of [1, 2, 3, 4, 5, 6] as const) if (edited[n]?.trim()) out[n] = edited[n];
  return out;
}

/** Options of a build. */
export interface BuildOptions {
  /** The sections staff edited; merged over the drafted narrative (an empty section keeps the draft) for N1. */
  narrative?: NarrativeSections | null;
  /** The same agency's report for the year before (R7, R8, Y1); when undefined, its frozen snapshot if submitted. */
  previous?: AnnualReport | null;
}

/**
 * Builds the report of `agencyId` for `year` from the records, validated against the previous year's submitted
 * report (R7, R8, Y1) when there is one.
 */
export async function buildAnnualReport(ctx: Ctx, agencyId: string, year: number, opts: BuildOptions = {}): Promise<BuiltReport> {
  const agency = await ctx.db.selectFrom('agencies').select(['code', 'name']).where('agency_id', '=', agencyId).executeTakeFirst();
  if (!agency) throw new RangeError(`unknown agency ${agencyId}`);
  const meta = { agencyCode: agency.code, agencyName: agency.name, year };
  const [facts, previous] = await Promise.all([
    gatherYearFacts(ctx, agencyId, year),
    opts.previous !== undefined ? opts.previous : previousReport(ctx, agencyId, year - 1),
  ]);
  const tables = tablesFromFacts(facts, meta);
  const drafted = draftNarrative(tables, narrativeFactsOf(facts, year));
  const narrative = mergeNarrative(drafted, opts.narrative ?? {});
  const validated = validateReport(tables, {
    previous,
    narrative: narrativeText(narrative),
    partlyGrantedCases: facts.partlyGranted.map((c) => ({
      ref: { kind: 'request', id: c.id, url: cellRecordsUrl(agency.code, year, 'table3.partly_granted.total') },
      hasWithheldPartRecord: c.hasWithheldPartRecord,
    })),
  });
  return { report: linkFindings(validated, agency.code, year), drafted, facts };
}

/**
 * The previous year's report as submitted (its frozen snapshot), or null. A previous year rebuilt from today's records
 * would agree with this year by construction (R7) and report swings against years the platform has no records of
 * (Y1), so only what the agency actually reported is compared.
 */
export async function previousReport(ctx: Ctx, agencyId: string, year: number): Promise<AnnualReport | null> {
  const frozen = await ctx.db.selectFrom('annual_reports').select('snapshot')
    .where('agency_id', '=', agencyId).where('year', '=', year).where('snapshot', 'is not', null).executeTakeFirst();
  return frozen?.snapshot ? (JSON.parse(frozen.snapshot) as AnnualReport) : null;
}

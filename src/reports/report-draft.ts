/**
 * Drafting the narrative of an annual report from its tables and the year's facts (issue 6 "Narrative"): numbers
 * are inserted from the data, so text and tables cannot disagree (N1 never fires on a draft); staff then edit the
 * draft in the back office. Figures the platform cannot count (WeChat followers, visits of other systems) come from
 * yearly statistics that staff entered with their source, and the text names the source.
 */
import type { AnnualReport } from './report-format.ts';
import type { NarrativeSections } from './report-narrative.ts';

/** A yearly figure entered by staff, with where it comes from (e.g. WeChat followers, “微信公众平台后台”). */
export interface YearlyStatistic {
  label: string;
  value: number;
  unit: string;
  source: string;
  /** Whether the figure is a lower bound (“20万余人”, “超过”). */
  atLeast?: boolean;
}

/** What the records say about the year beyond the tables. */
export interface NarrativeFacts {
  /** Items published on the portal in the year (news and notices included). */
  portalItems?: number;
  /** Of which proactively disclosed documents (the catalogue). */
  proactiveDocuments?: number;
  /** Normative documents whose disclosure attribute is 主动公开 (of those made this year). */
  normativeDocumentsPublic?: number;
  /** Cleanup of normative documents in the year: kept, revised, repealed. */
  normativeCleanup?: { kept: number; revised: number; repealed: number; documentNumber?: string };
  /** Letters to the agency's mailbox (信箱) and how many were answered. */
  mailbox?: { received: number; answered: number };
  /** Replies given after the statutory time limit (Regulation Art. 33). */
  overdueReplies?: number;
  /** 信息处理费 collected in the year, in 元 (国办函〔2020〕109号; reported under 六). */
  feesCollectedYuan?: number;
  statistics?: YearlyStatistic[];
  /** Further items of 六 written by staff (落实年度政务公开工作要点情况, 建议提案办理结果公开情况 …). */
  otherMatters?: string[];
}

const sumOf = (r: AnnualReport, prefix: string) =>
  Object.entries(r.table3.rows)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((s, [, cells]) => s + (cells[6] ?? 0), 0);
const t3 = (r: AnnualReport, row: string) => r.table3.rows[row]?.[6] ?? 0;
const plain = (n: number) => String(n);

function statisticSentence(s: YearlyStatistic): string {
  return `${s.label}${s.atLeast ? '超过' : ''}${plain(s.value)}${s.unit}（数据来源：${s.source}）`;
}

/** Drafts sections 一, 五 and 六 from the report's tables and the year's facts. */
export function draftNarrative(report: AnnualReport, facts: NarrativeFacts = {}): NarrativeSections {
  const who = report.agencyName ?? '本机关';
  const year = report.year ? `${report.year}年` : '本年度';
  const docs = report.table2.normative_documents;
  const made = docs.made ?? 0;
  const recon = report.table4[4] ?? 0;
  const lawsuits = (report.table4[9] ?? 0) + (report.table4[14] ?? 0);
  const corrected = (report.table4[1] ?? 0) + (report.table4[6] ?? 0) + (report.table4[11] ?? 0);

  const proactive: string[] = [];
  if (facts.portalItems !== undefined) {
    proactive.push(
      `通过政府门户网站发布信息${plain(facts.portalItems)}条` +
        (facts.proactiveDocuments !== undefined ? `，其中主动公开文件${plain(facts.proactiveDocuments)}件` : ''),
    );
  }
  proactive.push(
    `制定规范性文件${plain(made)}件` +
      (facts.normativeDocumentsPublic !== undefined ? `，其中主动公开属性的${plain(facts.normativeDocumentsPublic)}件` : ''),
  );
  if (facts.normativeCleanup) {
    const c = facts.normativeCleanup;
    proactive.push(
      `开展行政规范性文件清理，决定继续施行${plain(c.kept)}件、修订${plain(c.revised)}件、废止${plain(c.repealed)}件` +
        (c.documentNumber ? `（${c.documentNumber}）` : ''),
    );
  }

  const requestSummary =
    `全年共收到政府信息公开申请${plain(t3(report, 'new'))}件，上年结转${plain(t3(report, 'carried_over'))}件；` +
    `办结${plain(t3(report, 'total'))}件，其中予以公开${plain(t3(report, 'granted'))}件，部分公开${plain(t3(report, 'partly_granted'))}件，` +
    `不予公开${plain(sumOf(report, 'withheld_'))}件，无法提供${plain(sumOf(report, 'unavailable_'))}件，` +
    `不予处理${plain(sumOf(report, 'not_processed_'))}件，其他处理${plain(sumOf(report, 'other'))}件；` +
    `结转下年度继续办理${plain(t3(report, 'carried_forward'))}件。`;

  const remedies =
    (recon === 0 ? '未被申请行政复议' : `因政府信息公开工作被申请行政复议${plain(recon)}件`) +
    '，' +
    (lawsuits === 0 ? '未被提起行政诉讼' : `被提起行政诉讼${plain(lawsuits)}件`) +
    '。';

  const platform = (facts.statistics ?? []).map(statisticSentence);
  const mailbox = facts.mailbox ? `收到信箱来信${plain(facts.mailbox.received)}件，答复${plain(facts.mailbox.answered)}件` : null;

  const one = [
    `（一）主动公开。${year}，${who}${proactive.join('；')}。`,
    `（二）依申请公开。${requestSummary}`,
    `（三）政府信息管理。${mailbox ? `${mailbox}。` : ''}主动公开文件印发实施后20个工作日内上网发布（《中华人民共和国政府信息公开条例》第二十六条）。`,
    platform.length ? `（四）政府信息公开平台建设。${platform.join('；')}。` : null,
    `（五）监督保障。${remedies}`,
  ];

  const problems: string[] = [];
  if ((facts.overdueReplies ?? 0) > 0) problems.push(`有${plain(facts.overdueReplies!)}件政府信息公开申请未在法定期限内答复`);
  if (corrected > 0) problems.push(`行政复议、行政诉讼中被纠正${plain(corrected)}件`);
  const five = problems.length
    ? `${year}，${problems.join('，')}。下一步将逐件分析原因，完善办理流程和期限提醒，严格依法答复。`
    : `${year}，依申请公开均在法定期限内答复，行政复议、行政诉讼中没有被纠正的决定。`;

  const six = [
    facts.feesCollectedYuan ? `${year}收取信息处理费${plain(facts.feesCollectedYuan)}元。` : `${year}未收取信息处理费。`,
    ...(facts.otherMatters ?? []),
  ];

  // 二、三、四 are the tables themselves; their figures are summarised once, in 一.
  return { 1: unique(one), 5: five, 6: unique(six) };
}

/** Joins paragraphs, dropping empty ones and any paragraph that appears twice (issue 6: no paragraph twice). */
function unique(paragraphs: (string | null)[]): string {
  return [...new Set(paragraphs.filter((p): p is string => !!p && p.trim() !== ''))].join('\n');
}

/**
 * Site-health rules, mapped to the national inspection indicators (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号;
 * domain.md §5.2): which finding belongs to which indicator, its severity, and the thresholds that turn individual
 * findings into a single-veto (单项否决) verdict. Pure: no I/O.
 */
import { scanForPersonalData, PII_KINDS } from '../platform/privacy/pii-scan.ts';
import type { CrawledPage, LinkCheck } from './crawler.ts';
import { FETCH_ERRORS } from './link-fetch.ts';

/** The indicators we can check ourselves (domain.md §5.2). */
export const INDICATORS = {
  security: { zh: '安全、泄密事故等严重问题', en: 'Security and leaks', veto: true },
  site_unreachable: { zh: '站点无法访问', en: 'Site unreachable', veto: true },
  home_not_updated: { zh: '首页不更新', en: 'Home page not updated', veto: true },
  columns_not_updated: { zh: '栏目不更新', en: 'Columns not updated', veto: true },
  interaction: { zh: '互动回应差', en: 'Poor interaction', veto: true },
  usability: { zh: '可用性（链接可用）', en: 'Usability (working links)', veto: false },
} as const;
/** An indicator key. */
export type Indicator = keyof typeof INDICATORS;

/** Kinds of finding, each under one indicator. */
export const FINDING_KINDS = {
  pii_exposed: { indicator: 'security', zh: '页面含未遮蔽的个人信息', en: 'Unmasked personal data on a page' },
  site_unreachable: { indicator: 'site_unreachable', zh: '网站无法访问', en: 'Site cannot be reached' },
  home_stale: { indicator: 'home_not_updated', zh: '首页超过2周无更新', en: 'Home page not updated for 2 weeks' },
  column_stale: { indicator: 'columns_not_updated', zh: '栏目未按期更新', en: 'Column not updated in its period' },
  column_empty: { indicator: 'columns_not_updated', zh: '空白栏目', en: 'Empty column' },
  mailbox_overdue: { indicator: 'interaction', zh: '留言逾期未答复', en: 'Letter unanswered past its due date' },
  dead_link_internal: { indicator: 'usability', zh: '站内链接失效', en: 'Broken internal link' },
  dead_link_external: { indicator: 'usability', zh: '外部链接失效', en: 'Broken external link' },
  redirect_offsite: { indicator: 'usability', zh: '外部链接跳转到无关网站', en: 'External link now lands on an unrelated site' },
} as const satisfies Record<string, { indicator: Indicator; zh: string; en: string }>;
/** A finding kind. */
export type FindingKind = keyof typeof FINDING_KINDS;

/** Severity: a single-veto item (the site fails inspection) or a score item (points deducted). */
export type Severity = 'veto' | 'score';

/** A problem found by a check, identified by a stable key so it can be tracked across runs. */
export interface DetectedFinding {
  /** Stable identity: kind + page + target; the same problem on the next run has the same key. */
  key: string;
  kind: FindingKind;
  indicator: Indicator;
  severity: Severity;
  /** The page (URL) where the problem shows. */
  page: string;
  /** The place in the page: link text, column name, masked value. */
  place: string;
  /** The broken link target or the object concerned. */
  target: string;
  detail: string;
}

/** Thresholds of the indicators (domain.md §5.2); per-column periods are configurable. */
export const THRESHOLDS = {
  /** Home page: no update within 2 weeks ⇒ veto. */
  homeMaxAgeDays: 14,
  /** News-type (动态、要闻) columns: 2 weeks. */
  newsMaxAgeDays: 14,
  /** Notices and policy documents (通知公告、政策文件): 6 months. */
  noticeMaxAgeDays: 183,
  /** ≥ 5 stale columns ⇒ veto. */
  staleColumnsVeto: 5,
  /** ≥ 5 empty columns ⇒ veto. */
  emptyColumnsVeto: 5,
  /** Unreachable ≥ 5% of checks (≥ 15 s) ⇒ veto. */
  unreachableRatioVeto: 0.05,
  /** A letter unanswered for more than 3 months ⇒ veto (互动回应差). */
  mailboxVetoDays: 92,
} as const;

/** Days between two YYYY-MM-DD dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function finding(kind: FindingKind, page: string, place: string, target: string, detail: string, severity?: Severity): DetectedFinding {
  const def = FINDING_KINDS[kind];
  // Links are identified by their target alone (the page that shows them may change between runs).
  const linkKind = kind === 'dead_link_internal' || kind === 'dead_link_external' || kind === 'redirect_offsite';
  return {
    key: (linkKind ? `${kind}|${target}` : `${kind}|${page}|${target}|${place}`).slice(0, 500),
    kind,
    indicator: def.indicator,
    severity: severity ?? (kind === 'pii_exposed' ? 'veto' : 'score'),
    page,
    place,
    target,
    detail,
  };
}

function hostWithoutWww(u: string): string {
  try {
    return new URL(u).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Findings from one crawl: dead links (with the pages and link texts that carry them) and unmasked personal data. */
export function findingsFromCrawl(checks: LinkCheck[], pages: CrawledPage[]): DetectedFinding[] {
  const out: DetectedFinding[] = [];
  for (const c of checks) {
    if (c.skipped) continue;
    const broken = c.error !== null && !(c.error === 'too_large' || c.truncated);
    // One finding per broken target: a dead link in the site chrome is one problem, however many pages show it.
    const first = c.referrers[0] ?? { page: c.url, text: '' };
    const more = c.referrers.length > 1 ? `；共出现在 ${c.referrers.length} 个页面` : '';
    if (broken) {
      const kind: FindingKind = c.internal ? 'dead_link_internal' : 'dead_link_external';
      const why = c.error === 'http_error' ? `HTTP ${c.status}` : FETCH_ERRORS[c.error!];
      out.push(finding(kind, first.page, first.text, c.url, why + more));
    } else if (!c.internal && c.redirects.length) {
      // A link that now lands on another registrable host (parked domains, hijacked sites) is suspect.
      const from = hostWithoutWww(c.url);
      const to = hostWithoutWww(c.finalUrl);
      const sameSite = to === from || to.endsWith(`.${from}`) || from.endsWith(`.${to}`);
      if (!sameSite) out.push(finding('redirect_offsite', first.page, first.text, c.url, `→ ${c.finalUrl}${more}`));
    }
  }
  for (const p of pages) {
    for (const f of scanForPersonalData(p.content.text)) {
      out.push(finding('pii_exposed', p.url, f.masked, f.kind, `${PII_KINDS[f.kind]} ${f.masked}`));
    }
  }
  return dedupe(out);
}

/** A column of the portal with its latest publication date and item count (from the records). */
export interface ColumnState {
  code: string;
  name: string;
  url: string;
  /** 'news' columns must update within 2 weeks, 'notice' ones within 6 months; 'static' ones only must not be empty. */
  period: 'news' | 'notice' | 'static' | { days: number };
  itemCount: number;
  latestOn: string | null;
}

/** Findings for stale and empty columns and a stale home page, on `today`. */
export function findingsFromColumns(columns: ColumnState[], homeUrl: string, today: string): DetectedFinding[] {
  const out: DetectedFinding[] = [];
  const stale: DetectedFinding[] = [];
  const empty: DetectedFinding[] = [];
  for (const c of columns) {
    if (c.itemCount === 0) {
      empty.push(finding('column_empty', c.url, c.name, c.code, '栏目没有任何内容'));
      continue;
    }
    const maxAge = typeof c.period === 'object' ? c.period.days : c.period === 'news' ? THRESHOLDS.newsMaxAgeDays : c.period === 'notice' ? THRESHOLDS.noticeMaxAgeDays : null;
    if (maxAge !== null && c.latestOn && daysBetween(c.latestOn, today) > maxAge) {
      stale.push(finding('column_stale', c.url, c.name, c.code, `最近更新 ${c.latestOn}，已 ${daysBetween(c.latestOn, today)} 天（期限 ${maxAge} 天）`));
    }
  }
  const staleVeto = stale.length >= THRESHOLDS.staleColumnsVeto;
  const emptyVeto = empty.length >= THRESHOLDS.emptyColumnsVeto;
  out.push(...stale.map((f) => ({ ...f, severity: (staleVeto ? 'veto' : 'score') as Severity })));
  out.push(...empty.map((f) => ({ ...f, severity: (emptyVeto ? 'veto' : 'score') as Severity })));
  const latest = columns.map((c) => c.latestOn).filter((d): d is string => !!d).sort().at(-1);
  if (!latest || daysBetween(latest, today) > THRESHOLDS.homeMaxAgeDays) {
    out.push(finding('home_stale', homeUrl, '首页', homeUrl, latest ? `首页最近更新 ${latest}` : '首页从未更新', 'veto'));
  }
  return out;
}

/** Findings for letters unanswered past their due date; over 3 months is the 互动回应差 veto. */
export function findingsFromMailbox(
  overdue: { id: string; receivedOn: string; dueOn: string; url: string }[],
  today: string,
): DetectedFinding[] {
  return overdue.map((l) => {
    const age = daysBetween(l.receivedOn, today);
    return finding('mailbox_overdue', l.url, `来信 ${l.receivedOn}`, l.id, `答复期限 ${l.dueOn}，已收信 ${age} 天`, age > THRESHOLDS.mailboxVetoDays ? 'veto' : 'score');
  });
}

/** The site-unreachable finding when the share of failed home-page probes reaches 5%. */
export function findingFromAvailability(probes: { ok: boolean }[], homeUrl: string): DetectedFinding[] {
  if (!probes.length) return [];
  const failed = probes.filter((p) => !p.ok).length;
  const ratio = failed / probes.length;
  if (failed === 0) return [];
  return [finding('site_unreachable', homeUrl, '首页', homeUrl, `${failed}/${probes.length} 次访问失败（${(ratio * 100).toFixed(1)}%）`, ratio >= THRESHOLDS.unreachableRatioVeto ? 'veto' : 'score')];
}

/** The predicted standing per indicator: fails (veto hit), deductions, or fine. */
export function predictStanding(findings: Pick<DetectedFinding, 'indicator' | 'severity'>[]): Record<Indicator, 'fail' | 'deduct' | 'pass'> {
  const out = {} as Record<Indicator, 'fail' | 'deduct' | 'pass'>;
  for (const k of Object.keys(INDICATORS) as Indicator[]) {
    const fs = findings.filter((f) => f.indicator === k);
    out[k] = fs.some((f) => f.severity === 'veto') ? 'fail' : fs.length ? 'deduct' : 'pass';
  }
  return out;
}

function dedupe(fs: DetectedFinding[]): DetectedFinding[] {
  const seen = new Map<string, DetectedFinding>();
  for (const f of fs) if (!seen.has(f.key)) seen.set(f.key, f);
  return [...seen.values()];
}

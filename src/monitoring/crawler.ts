/**
 * The crawler of the agency's own portal and of every outbound link (issue: website health): polite (robots.txt,
 * per-host concurrency and minimum interval, retries with backoff), bounded in time and count, resumable (the caller
 * persists `CrawlState` and passes it back), reporting progress. Inside tests it crawls only loopback servers.
 */
import { extractPage, type PageContent } from './html-extract.ts';
import { DEFAULT_FETCH_OPTIONS, fetchForCheck, parseCheckableUrl, type FetchOptions, type FetchResult } from './link-fetch.ts';

/** One URL's check, with where it was linked from. */
export interface LinkCheck extends FetchResult {
  /** Pages (internal URLs) that link here, with the link text: "the page and the place in it". */
  referrers: { page: string; text: string }[];
  internal: boolean;
  attempts: number;
  /** Set when robots.txt forbids fetching it; the link is then not judged. */
  skipped?: 'robots' | 'limit';
}

/** A crawled internal page with its content, for the column, staleness and personal-data checks. */
export interface CrawledPage {
  url: string;
  status: number | null;
  content: PageContent;
}

/** Options of one crawl. */
export interface CrawlOptions {
  /** Start pages of the agency's portal; their origins count as internal. */
  seeds: string[];
  /** Extra URLs to check (links in published content and attachments) with where they were found. */
  extraLinks?: { url: string; page: string; text: string }[];
  /** Internal pages to fetch and parse at most. */
  maxPages: number;
  /** URLs to check at most (internal and external). */
  maxLinks: number;
  /** Wall-clock budget in ms; the crawl stops scheduling new work after it. */
  maxDurationMs: number;
  concurrency: number;
  perHostConcurrency: number;
  /** Minimum ms between requests to one host. */
  perHostIntervalMs: number;
  retries: number;
  retryBaseMs: number;
  fetch: FetchOptions;
  respectRobots: boolean;
  /** Query parameters that only change presentation (e.g. `lang`); dropped from internal URLs before queueing. */
  ignoreQueryParams: string[];
  onProgress?: (p: { done: number; queued: number; pages: number }) => void;
}

/** Defaults suited to a nightly check of one agency's portal. */
export const DEFAULT_CRAWL_OPTIONS: Omit<CrawlOptions, 'seeds'> = {
  maxPages: 2000,
  maxLinks: 20000,
  maxDurationMs: 30 * 60_000,
  concurrency: 16,
  perHostConcurrency: 4,
  perHostIntervalMs: 0,
  retries: 2,
  retryBaseMs: 500,
  fetch: DEFAULT_FETCH_OPTIONS,
  respectRobots: true,
  ignoreQueryParams: ['lang'],
};

/** A URL waiting to be checked, with the pages that link to it. */
export interface QueuedLink {
  url: string;
  referrers: { page: string; text: string }[];
}

/** Resumable state: what is done and what is still queued (plain JSON, so the caller can persist it). */
export interface CrawlState {
  checks: Record<string, LinkCheck>;
  queue: QueuedLink[];
  pagesCrawled: number;
  finished: boolean;
}

/** The result of a crawl. */
export interface CrawlResult {
  state: CrawlState;
  pages: CrawledPage[];
  stoppedBy: 'done' | 'max_links' | 'max_duration';
}

const RETRYABLE = new Set(['timeout', 'reset', 'network', 'refused']);

/** A small robots.txt reader: the `User-agent: *` group's Disallow/Allow prefixes (longest match wins). */
export function parseRobots(txt: string): (path: string) => boolean {
  const rules: { allow: boolean; prefix: string }[] = [];
  let applies = false;
  let sawRuleInGroup = false;
  for (const raw of txt.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'user-agent') {
      if (sawRuleInGroup) {
        applies = false;
        sawRuleInGroup = false;
      }
      if (value === '*' || /gongkai/i.test(value)) applies = true;
    } else if (key === 'disallow' || key === 'allow') {
      sawRuleInGroup = true;
      if (applies && value) rules.push({ allow: key === 'allow', prefix: value });
    }
  }
  return (path) => {
    let best: { allow: boolean; prefix: string } | undefined;
    for (const r of rules) if (path.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
    return !best || best.allow;
  };
}

function hostOf(url: string): string {
  const u = parseCheckableUrl(url);
  return typeof u === 'string' ? '' : u.host;
}

/** Runs (or resumes) a crawl. */
export async function crawl(options: Partial<CrawlOptions> & { seeds: string[] }, resume?: CrawlState): Promise<CrawlResult> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const opts: CrawlOptions = { ...DEFAULT_CRAWL_OPTIONS, ...given } as CrawlOptions;
  const internalOrigins = new Set(opts.seeds.map((s) => new URL(s).origin));
  const state: CrawlState = resume ?? { checks: {}, queue: [], pagesCrawled: 0, finished: false };
  const pages: CrawledPage[] = [];
  const started = Date.now();

  // Per-host queues so a slow host never blocks the others; `queued` finds a waiting URL in O(1).
  const queued = new Map<string, QueuedLink>();
  const inflight = new Map<string, QueuedLink>();
  const hostQueues = new Map<string, QueuedLink[]>();
  const push = (item: QueuedLink) => {
    queued.set(item.url, item);
    const h = hostOf(item.url);
    let q = hostQueues.get(h);
    if (!q) hostQueues.set(h, (q = []));
    q.push(item);
  };
  for (const item of state.queue) push(item);

  const enqueue = (url: string, page: string, text: string) => {
    const u = parseCheckableUrl(url, page || undefined);
    if (typeof u !== 'string' && internalOrigins.has(u.origin)) for (const q of opts.ignoreQueryParams) u.searchParams.delete(q);
    const key = typeof u === 'string' ? url : u.href;
    const ref = page ? [{ page, text }] : [];
    const holder = state.checks[key] ?? queued.get(key) ?? inflight.get(key);
    if (holder) {
      if (page && !holder.referrers.some((r) => r.page === page)) holder.referrers.push({ page, text });
      return;
    }
    push({ url: key, referrers: ref });
  };

  if (!resume) {
    for (const s of opts.seeds) enqueue(s, '', '');
    for (const l of opts.extraLinks ?? []) enqueue(l.url, l.page, l.text);
  }

  const robots = new Map<string, Promise<(path: string) => boolean>>();
  const robotsFor = (u: URL) => {
    let p = robots.get(u.origin);
    if (!p) {
      p = fetch(`${u.origin}/robots.txt`, { signal: AbortSignal.timeout(5000), redirect: 'follow' })
        .then(async (res) => (res.ok ? parseRobots((await res.text()).slice(0, 100_000)) : () => true))
        .catch(() => () => true);
      robots.set(u.origin, p);
    }
    return p;
  };

  const hostActive = new Map<string, number>();
  const hostLast = new Map<string, number>();
  let active = 0;
  let checked = Object.keys(state.checks).length;
  let stoppedBy: CrawlResult['stoppedBy'] = 'done';
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const checkOne = async (item: QueuedLink): Promise<void> => {
    const parsed = parseCheckableUrl(item.url);
    const internal = typeof parsed !== 'string' && internalOrigins.has(parsed.origin);
    const check: LinkCheck = {
      url: item.url, finalUrl: item.url, status: null, redirects: [], contentType: '', html: '', truncated: false,
      error: typeof parsed === 'string' ? parsed : null, ms: 0, internal, attempts: 0, referrers: item.referrers,
    };
    if (typeof parsed !== 'string') {
      if (opts.respectRobots && !(await robotsFor(parsed))(parsed.pathname + parsed.search)) {
        check.skipped = 'robots';
      } else {
        const wantPage = internal && state.pagesCrawled < opts.maxPages;
        for (let attempt = 0; attempt <= opts.retries; attempt++) {
          const wait = (hostLast.get(parsed.host) ?? 0) + opts.perHostIntervalMs - Date.now();
          if (wait > 0) await sleep(wait);
          hostLast.set(parsed.host, Date.now());
          const r = await fetchForCheck(parsed.href, { ...opts.fetch, readHtml: wantPage });
          check.attempts = attempt + 1;
          Object.assign(check, r, { url: item.url });
          if (!r.error || !RETRYABLE.has(r.error) || attempt === opts.retries) break;
          await sleep(opts.retryBaseMs * 2 ** attempt);
        }
        if (wantPage && check.html && !check.error && internalOrigins.has(new URL(check.finalUrl).origin)) {
          state.pagesCrawled++;
          const content = extractPage(check.html);
          pages.push({ url: check.finalUrl, status: check.status, content });
          for (const l of content.links) {
            const target = parseCheckableUrl(l.href, check.finalUrl);
            if (target === 'unsupported_scheme') continue; // mailto:, tel:, javascript: are not fetched
            enqueue(typeof target === 'string' ? l.href : target.href, check.finalUrl, l.text);
          }
        }
      }
    }
    check.html = ''; // pages keep their parsed content; the state stays small enough to persist
    state.checks[item.url] = check;
    inflight.delete(item.url);
    checked++;
  };

  await new Promise<void>((resolveAll) => {
    const pump = () => {
      outer: while (active < opts.concurrency && queued.size > 0) {
        if (Date.now() - started > opts.maxDurationMs) {
          stoppedBy = 'max_duration';
          break;
        }
        if (checked + active >= opts.maxLinks) {
          stoppedBy = 'max_links';
          break;
        }
        for (const [host, q] of hostQueues) {
          if (!q.length) {
            hostQueues.delete(host);
            continue;
          }
          if ((hostActive.get(host) ?? 0) >= opts.perHostConcurrency) continue;
          const item = q.shift()!;
          queued.delete(item.url);
          inflight.set(item.url, item);
          hostActive.set(host, (hostActive.get(host) ?? 0) + 1);
          active++;
          checkOne(item)
            .catch(() => {})
            .finally(() => {
              active--;
              hostActive.set(host, (hostActive.get(host) ?? 1) - 1);
              opts.onProgress?.({ done: checked, queued: queued.size, pages: state.pagesCrawled });
              pump();
            });
          continue outer;
        }
        break; // every host with work is at its concurrency limit
      }
      if (active === 0 && (queued.size === 0 || stoppedBy !== 'done')) resolveAll();
    };
    pump();
  });
  state.queue = [...queued.values()];
  state.finished = state.queue.length === 0;
  return { state, pages, stoppedBy };
}

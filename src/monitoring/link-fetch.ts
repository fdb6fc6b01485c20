/**
 * Fetching one URL for the site-health checks: bounded in time (connect, headers and whole body), in bytes, and in
 * redirects; every failure becomes a classified result, never an exception (issue: website health — the crawler
 * never hangs or crashes on redirect loops, endless or huge responses, slow-loris servers or non-HTML content).
 */

/** Why a fetch did not give a usable answer. */
export const FETCH_ERRORS = {
  bad_url: '链接地址格式错误',
  unsupported_scheme: '不支持的链接协议',
  dns: '域名无法解析',
  refused: '连接被拒绝',
  timeout: '访问超时',
  tls: '证书或加密连接错误',
  reset: '连接被中断',
  redirect_loop: '重定向循环',
  too_many_redirects: '重定向次数过多',
  too_large: '内容超过大小上限（已截断）',
  http_error: 'HTTP 错误状态',
  network: '网络错误',
} as const;
/** A fetch error kind. */
export type FetchErrorKind = keyof typeof FETCH_ERRORS;

/** The outcome of fetching one URL. */
export interface FetchResult {
  url: string;
  finalUrl: string;
  status: number | null;
  redirects: { from: string; to: string; status: number }[];
  contentType: string;
  /** The body as text for HTML pages (up to maxBytes); empty for other content. */
  html: string;
  /** True when the body was cut at maxBytes. */
  truncated: boolean;
  error: FetchErrorKind | null;
  ms: number;
}

/** Limits of one fetch. */
export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Read the body only for HTML responses (links and text); others are cancelled after the headers. */
  readHtml: boolean;
}

/** Default limits: 15 s per URL (the inspection indicators' threshold for "cannot open"), 5 MB, 5 redirects. */
export const DEFAULT_FETCH_OPTIONS: FetchOptions = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'gongkai-sitecheck/1.0 (government website health check)',
  readHtml: true,
};

function classify(err: unknown): FetchErrorKind {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const code = e?.cause?.code ?? e?.code ?? '';
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'reset';
  if (/CERT|SSL|TLS|ERR_TLS/.test(code)) return 'tls';
  return 'network';
}

/** Parses a URL for checking; only http(s) is fetched. */
export function parseCheckableUrl(raw: string, base?: string): URL | FetchErrorKind {
  let u: URL;
  try {
    u = new URL(raw.trim(), base);
  } catch {
    return 'bad_url';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'unsupported_scheme';
  u.hash = '';
  return u;
}

/** Fetches a URL following redirects by hand (to record each hop and detect loops), within the limits. */
export async function fetchForCheck(rawUrl: string, opts: FetchOptions = DEFAULT_FETCH_OPTIONS): Promise<FetchResult> {
  const started = performance.now();
  const result: FetchResult = {
    url: rawUrl, finalUrl: rawUrl, status: null, redirects: [], contentType: '', html: '', truncated: false, error: null, ms: 0,
  };
  const done = () => {
    result.ms = Math.round(performance.now() - started);
    return result;
  };
  const parsed = parseCheckableUrl(rawUrl);
  if (typeof parsed === 'string') {
    result.error = parsed;
    return done();
  }
  // One deadline for the whole exchange, body included: a slow-loris server cannot hold us longer than timeoutMs.
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let current = parsed.href;
  const seen = new Set<string>([current]);
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': opts.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.5' },
      });
      result.status = res.status;
      result.finalUrl = current;
      result.contentType = res.headers.get('content-type') ?? '';
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(() => {});
        const next = parseCheckableUrl(location, current);
        if (typeof next === 'string') {
          result.error = next;
          return done();
        }
        result.redirects.push({ from: current, to: next.href, status: res.status });
        if (seen.has(next.href)) {
          result.error = 'redirect_loop';
          return done();
        }
        if (hop + 1 > opts.maxRedirects) {
          result.error = 'too_many_redirects';
          return done();
        }
        seen.add(next.href);
        current = next.href;
        continue;
      }
      const isHtml = /text\/html|application\/xhtml/i.test(result.contentType);
      if (opts.readHtml && isHtml && res.body) {
        const chunks: Buffer[] = [];
        let size = 0;
        const reader = res.body.getReader();
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          size += value.byteLength;
          if (size > opts.maxBytes) {
            chunks.push(Buffer.from(value.subarray(0, value.byteLength - (size - opts.maxBytes))));
            result.truncated = true;
            await reader.cancel().catch(() => {});
            break;
          }
          chunks.push(Buffer.from(value));
        }
        result.html = decodeHtml(Buffer.concat(chunks), result.contentType);
      } else {
        await res.body?.cancel().catch(() => {});
      }
      if (res.status >= 400) result.error = 'http_error';
      return done();
    }
  } catch (err) {
    result.error = classify(err);
    return done();
  }
}

/** Decodes an HTML body by its declared charset (GBK/GB18030 pages are still common on government sites). */
export function decodeHtml(bytes: Buffer, contentType: string): string {
  let charset = /charset=([\w-]+)/i.exec(contentType)?.[1];
  if (!charset) {
    const head = bytes.subarray(0, 2048).toString('latin1');
    charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder((charset ?? 'utf-8').toLowerCase(), { fatal: false }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

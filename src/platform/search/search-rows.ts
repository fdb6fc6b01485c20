/**
 * What both index implementations share around their SQL: the stored row of a document, validation, ordering
 * keys, paging limits, and turning rows into highlighted hits.
 */
import { InvalidInput } from '../../errors.ts';
import { COUNT_CAP, type SearchDocument, type SearchFacets, type SearchHit, type SearchQuery, type SearchResult } from './search.ts';
import { highlightText, makeSnippet, snippetFromBytes } from './search-snippet.ts';
import { highlightTerms, SEQ_DAY_BITS, type ParsedQuery } from './search-text.ts';

/** A row of search_documents as read back (seq may arrive as a string from pg's bigint). */
export interface DocRow {
  seq: number | string;
  doc_id: string;
  agency_id: string;
  agency_code: string;
  agency_name: string;
  title: string;
  /** Text, or UTF-8 bytes where the store reads it as a blob (decoded only around the snippet). */
  body: string | Buffer;
  document_number: string;
  category_code: string;
  category_name: string;
  published_on: string;
  validity: string;
  kind: string;
  url: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] && +m[1] >= 1970;
}

/** Checks a document and maps it to its stored row (without seq). Throws InvalidInput on a malformed document. */
export function docRow(doc: SearchDocument): Omit<DocRow, 'seq'> & { body: string } {
  const fields: Record<string, string> = {};
  if (!doc.id) fields.id = '缺少编号';
  if (!doc.agencyId || !doc.agencyCode) fields.agencyCode = '缺少发布机关';
  if (!isValidDate(doc.publishedOn)) fields.publishedOn = '发布日期应为 YYYY-MM-DD';
  if (typeof doc.title !== 'string' || !doc.title.trim()) fields.title = '缺少标题';
  // A site path: '//host' or '/\\host' would leave the site from a results page.
  if (typeof doc.url !== 'string' || !/^\/(?![/\\])/.test(doc.url)) fields.url = '链接应为站内路径';
  if (Object.keys(fields).length) throw new InvalidInput('索引文档有误', fields);
  // PostgreSQL refuses NUL in text; it carries no meaning in any of these fields.
  const clean = (v: string | undefined) => (v ?? '').replaceAll('\u0000', '');
  return {
    doc_id: doc.id,
    agency_id: doc.agencyId,
    agency_code: doc.agencyCode,
    agency_name: clean(doc.agencyName),
    title: clean(doc.title),
    body: clean(doc.body),
    document_number: clean(doc.documentNumber),
    category_code: doc.categoryCode ?? '',
    category_name: clean(doc.categoryName),
    published_on: doc.publishedOn,
    validity: doc.validity ?? '',
    kind: doc.kind ?? '',
    url: doc.url,
  };
}

/** The body of a row as text. */
export function bodyText(r: DocRow): string {
  return typeof r.body === 'string' ? r.body : r.body.toString('utf8');
}

/** The document a stored row came from (for re-indexing). */
export function docFromRow(r: DocRow): SearchDocument {
  return {
    id: r.doc_id,
    agencyId: r.agency_id,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    title: r.title,
    body: bodyText(r),
    documentNumber: r.document_number,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    publishedOn: r.published_on,
    validity: r.validity,
    kind: r.kind,
    url: r.url,
  };
}

/** The next ordering key of a publication day, given the largest key already used that day. */
export function seqFor(day: { lo: number; hi: number }, usedMax: number | string | null): number {
  const next = usedMax === null ? day.lo : Number(usedMax) + 1;
  if (next > day.hi) throw new InvalidInput(`同一天发布的条目超过 ${2 ** SEQ_DAY_BITS} 条`);
  return next;
}

/** What a capped count walk found: matches counted (≤ COUNT_CAP + 1) and the oldest key among them. */
export interface MatchCount {
  counted: number;
  floor: number | null;
}

/**
 * The total to show: exact when the walk ended before the cap; otherwise extrapolated from the share of the
 * indexed period (keys `lo`…`hi`, publication order) that the newest COUNT_CAP matches cover, to two significant digits.
 */
export function estimateTotal(c: MatchCount, span: { lo: number; hi: number } | null): { total: number; estimate: boolean } {
  if (c.counted <= COUNT_CAP) return { total: c.counted, estimate: false };
  if (!span || c.floor === null || span.hi <= c.floor) return { total: COUNT_CAP, estimate: true };
  const raw = (COUNT_CAP * (span.hi - span.lo)) / (span.hi - c.floor);
  const digits = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return { total: Math.max(COUNT_CAP + 1, Math.round(raw / digits) * digits), estimate: true };
}

/** Paging arithmetic: which slice to fetch and the result header. `reachable` bounds how deep paging goes. */
export function fetchLimits(q: SearchQuery, count: { total: number; estimate: boolean }, reachable: number): { offset: number; size: number; result: Omit<SearchResult, 'hits'> } {
  const last = Math.min(count.total, reachable);
  const offset = (q.page - 1) * q.pageSize;
  const size = offset < last ? Math.min(q.pageSize, last - offset) : 0;
  return {
    offset,
    size,
    result: { total: count.total, totalIsEstimate: count.estimate, page: q.page, pageSize: q.pageSize, pageCount: Math.ceil(last / q.pageSize) },
  };
}

/** Rows (in result order) as hits with highlighted title and snippet. */
export function hitsFromRows(rows: DocRow[], pq: ParsedQuery | []): SearchHit[] {
  const terms = Array.isArray(pq) ? pq : highlightTerms(pq);
  return rows.map((r) => ({
    id: r.doc_id,
    title: r.title,
    titleHtml: highlightText(r.title, terms),
    snippet: typeof r.body === 'string' ? makeSnippet(r.body, terms) : snippetFromBytes(r.body, terms),
    publishedOn: r.published_on,
    url: r.url,
    documentNumber: r.document_number,
    agencyCode: r.agency_code,
    agencyName: r.agency_name || r.agency_code,
    categoryCode: r.category_code,
    categoryName: r.category_name || r.category_code,
    validity: r.validity,
    kind: r.kind,
  }));
}

/** The calendar years spanned by a range of ordering keys, newest first (candidates for the year filter). */
export function yearsSpanned(bounds: { lo: number | string | null; hi: number | string | null }): number[] {
  if (bounds.lo === null || bounds.hi === null) return [];
  const yearOf = (seq: number) => new Date(Math.floor(seq / 2 ** SEQ_DAY_BITS) * 86_400_000).getUTCFullYear();
  const years: number[] = [];
  for (let y = yearOf(Number(bounds.hi)); y >= yearOf(Number(bounds.lo)); y--) years.push(y);
  return years;
}

/** Facet lists from distinct agency and category rows and the years that hold documents. */
export function facetsFromRows(agencies: { code: string; name: string }[], categories: { code: string; name: string }[], years: number[]): SearchFacets {
  const named = (v: { code: string; name: string }[]) =>
    v.filter((x) => x.code !== '').map((x) => ({ code: x.code, name: x.name || x.code })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return { agencies: named(agencies), categories: named(categories), years, validities: ['有效', '已修订', '已废止', '失效'] };
}

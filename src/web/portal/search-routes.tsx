/**
 * The public search page `/search?q=&agency=&category=&year=&validity=&sort=&page=` (issue 4 "Search"): results with
 * highlighted titles and snippets, filters, sorting, pagination and help when nothing matches. A plain GET form, so
 * it works without JavaScript; any query text is accepted (search-text.ts turns it into safe index syntax).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_CATEGORIES, RULE_CATEGORY_NODE } from '../../catalogue/categories.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import type { SearchFacets, SearchHit, SearchQuery, SearchResult } from '../../platform/search/search.ts';
import { searchQueryFromParams } from '../../platform/search/search.ts';
import { searchIndexFor } from '../../platform/search/search-index.ts';
import { warmUpSearchText } from '../../platform/search/search-text.ts';
import { Layout } from '../shared/layout.tsx';
import { sendPage } from '../shared/render.tsx';

const VALIDITY_EN: Record<string, string> = { 有效: 'In force', 已修订: 'Revised', 已废止: 'Repealed', 失效: 'Expired' };
const CATEGORY_EN = new Map([...DEFAULT_CATEGORIES, RULE_CATEGORY_NODE].map((c) => [c.code, c.en]));
/** A category's name in the page's language: built-in categories have English names; an agency's own keep theirs. */
const categoryName = (code: string, name: string, lang: Lang) => (lang === 'en' ? CATEGORY_EN.get(code) ?? name : name);

/** The URL of the search page for a query (empty values dropped; page 1 omitted). */
export function searchHref(q: SearchQuery, over: Partial<SearchQuery> = {}): string {
  const s = { ...q, ...over };
  const u = new URLSearchParams();
  if (s.q) u.set('q', s.q);
  for (const a of s.agencyCodes ?? []) u.append('agency', a);
  for (const c of s.categoryCodes ?? []) u.append('category', c);
  if (s.year !== undefined) u.set('year', String(s.year));
  if (s.validity) u.set('validity', s.validity);
  if (s.kind) u.set('kind', s.kind);
  if (s.sort !== (s.q.trim() ? 'relevance' : 'date')) u.set('sort', s.sort);
  if (s.page > 1) u.set('page', String(s.page));
  const str = u.toString();
  return str ? `/search?${str}` : '/search';
}

/** Registers the search page. */
export async function registerSearchRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  // Off the first visitor's path: the character tables take ~0.3 s to build (skipped in tests, which build many apps).
  if (ctx.config.env !== 'test') setTimeout(warmUpSearchText, 0).unref();
  app.get('/search', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (req, reply) => {
    const q = searchQueryFromParams(req.query);
    const index = searchIndexFor(ctx);
    const [result, facets] = await Promise.all([index.query(q), index.facets()]);
    reply.header('cache-control', 'no-cache');
    return sendPage(req, reply, <SearchPage req={req} q={q} result={result} facets={facets} />);
  });
}

function SearchPage(props: { req: FastifyRequest; q: SearchQuery; result: SearchResult; facets: SearchFacets }) {
  const { req, q, result, facets } = props;
  const t = translator(req.lang);
  const text = q.q.trim();
  const title = text ? t(`“${text.slice(0, 40)}”的搜索结果`, `Search results for “${text.slice(0, 40)}”`) : t('站内搜索', 'Search');
  const filtered = Boolean(q.agencyCodes?.length || q.categoryCodes?.length || q.year !== undefined || q.validity || q.kind);
  return (
    <Layout req={req} title={title} head={<meta name="robots" content="noindex, follow" />}>
      <h1>{t('站内搜索', 'Search')}</h1>
      <SearchForm lang={req.lang} q={q} facets={facets} />
      <section aria-labelledby="results-h" class="search-results">
        <h2 id="results-h" class="visually-hidden">{t('搜索结果', 'Results')}</h2>
        <div class="results-bar">
          <p role="status">{countText(req.lang, result, text, filtered)}</p>
          {result.hits.length && text ? <SortLinks lang={req.lang} q={q} /> : null}
        </div>
        {result.hits.length ? (
          <ol class="search-hits" start={(result.page - 1) * result.pageSize + 1}>
            {result.hits.map((h) => <Hit hit={h} lang={req.lang} />)}
          </ol>
        ) : result.page > 1 && result.total > 0 ? (
          <p><a href={searchHref(q, { page: 1 })}>{t('返回第一页', 'Back to the first page')}</a></p>
        ) : (
          <NoResults lang={req.lang} q={q} filtered={filtered} />
        )}
        <SearchPager lang={req.lang} q={q} result={result} />
      </section>
    </Layout>
  );
}

function countText(lang: Lang, r: SearchResult, text: string, filtered: boolean): string {
  const t = translator(lang);
  const n = r.total.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  if (!text && !filtered) return t(`共 ${n} 条公开信息，按发布日期排列`, `${n} published items, newest first`);
  if (r.total === 0) return t('没有找到符合条件的信息', 'No matching items');
  return r.totalIsEstimate ? t(`找到约 ${n} 条结果`, `About ${n} results`) : t(`找到 ${n} 条结果`, `${n} results`);
}

function SearchForm(props: { lang: Lang; q: SearchQuery; facets: SearchFacets }) {
  const { q, facets } = props;
  const t = translator(props.lang);
  const selected = (list: string[] | undefined, v: string) => (list ?? []).includes(v);
  return (
    <form method="get" action="/search" role="search" class="search-form panel">
      <div class="search-box">
        <label for="search-q">{t('关键词', 'Keywords')}</label>
        <input id="search-q" name="q" type="search" value={q.q} maxLength={200} aria-describedby="search-hint"
          placeholder={t('如：科技  行政许可  甘科政〔2020〕13号', 'e.g. 科技, 行政许可, 甘科政〔2020〕13号')} />
        <button type="submit">{t('搜索', 'Search')}</button>
      </div>
      <p id="search-hint" class="trace">
        {t('多个词用空格分开（须同时包含）；用引号搜索完整短语；词前加减号排除，如：科技 -新闻。繁体、简体均可。',
          'Separate words with spaces (all must match); use quotes for an exact phrase; a leading minus excludes a word. Traditional and Simplified characters both work.')}
      </p>
      <fieldset class="filters">
        <legend>{t('筛选', 'Filters')}</legend>
        <div class="field">
          <label for="search-agency">{t('发布机关', 'Agency')}</label>
          <select id="search-agency" name="agency">
            <option value="">{t('全部', 'All')}</option>
            {facets.agencies.map((a) => <option value={a.code} selected={selected(q.agencyCodes, a.code)}>{a.name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="search-category">{t('信息类别', 'Category')}</label>
          <select id="search-category" name="category">
            <option value="">{t('全部', 'All')}</option>
            {facets.categories.map((c) => <option value={c.code} selected={selected(q.categoryCodes, c.code)}>{categoryName(c.code, c.name, props.lang)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="search-year">{t('发布年份', 'Year')}</label>
          <select id="search-year" name="year">
            <option value="">{t('全部', 'All')}</option>
            {facets.years.map((y) => <option value={String(y)} selected={q.year === y}>{y}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="search-validity">{t('效力状态', 'Validity')}</label>
          <select id="search-validity" name="validity">
            <option value="">{t('全部', 'All')}</option>
            {facets.validities.map((v) => <option value={v} selected={q.validity === v}>{props.lang === 'en' ? VALIDITY_EN[v] ?? v : v}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="search-sort">{t('排序', 'Order')}</label>
          <select id="search-sort" name="sort">
            <option value="relevance" selected={q.sort === 'relevance'}>{t('按相关度', 'Relevance')}</option>
            <option value="date" selected={q.sort === 'date'}>{t('按发布日期', 'Newest first')}</option>
          </select>
        </div>
        <button type="submit" class="secondary">{t('应用筛选', 'Apply')}</button>
      </fieldset>
    </form>
  );
}

function SortLinks(props: { lang: Lang; q: SearchQuery }) {
  const t = translator(props.lang);
  const link = (sort: SearchQuery['sort'], label: string) =>
    props.q.sort === sort ? <strong aria-current="true">{label}</strong> : <a href={searchHref(props.q, { sort, page: 1 })}>{label}</a>;
  return (
    <p class="sort-links">
      {t('排序：', 'Order: ')}{link('relevance', t('相关度', 'relevance'))} · {link('date', t('最新发布', 'newest'))}
    </p>
  );
}

function Hit(props: { hit: SearchHit; lang: Lang }) {
  const h = props.hit;
  const t = translator(props.lang);
  return (
    <li class="search-hit">
      {/* titleHtml and snippet are escaped by search-snippet.ts; the only markup is <mark>. */}
      <h3><a href={h.url} dangerouslySetInnerHTML={{ __html: h.titleHtml }} /></h3>
      <p class="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
      <p class="trace">
        <span>{h.agencyName}</span>
        {h.documentNumber ? <> · <span>{t('文号：', 'No. ')}{h.documentNumber}</span></> : null}
        {h.categoryName ? <> · <span>{categoryName(h.categoryCode, h.categoryName, props.lang)}</span></> : null}
        {' · '}<time dateTime={h.publishedOn}>{h.publishedOn}</time>
        {h.validity ? <> · <span class={h.validity === '有效' ? 'badge ok' : 'badge bad'}>{props.lang === 'en' ? VALIDITY_EN[h.validity] ?? h.validity : h.validity}</span></> : null}
      </p>
    </li>
  );
}

function NoResults(props: { lang: Lang; q: SearchQuery; filtered: boolean }) {
  const t = translator(props.lang);
  const agency = props.q.agencyCodes?.length === 1 ? props.q.agencyCodes[0] : undefined;
  return (
    <div class="notice search-help">
      <p>{t('建议您：', 'Suggestions:')}</p>
      <ul>
        <li>{t('检查错别字，或换用更常用、更简短的词语；', 'Check the spelling, or try shorter, more common words;')}</li>
        <li>{t('减少关键词的数量（多个词须同时出现）；', 'Use fewer words (every word must appear);')}</li>
        {props.filtered ? (
          <li><a href={searchHref({ q: props.q.q, sort: props.q.sort, page: 1, pageSize: props.q.pageSize })}>{t('取消筛选条件后重新搜索', 'Search again without the filters')}</a>；</li>
        ) : null}
        <li>{t('按类别浏览各机关的', 'Browse an agency’s ')}<a href="/">{t('政府信息公开目录', 'disclosure catalogue')}</a>；</li>
        <li>
          {t('仍未找到所需信息的，可以', 'If the information is not published, you may ')}
          <a href={agency ? `/agencies/${encodeURIComponent(agency)}/apply` : '/'}>{t('申请政府信息公开', 'apply for disclosure')}</a>
          {t('（《政府信息公开条例》第二十七条）。', ' (Regulations, Art. 27).')}
        </li>
      </ul>
    </div>
  );
}

function SearchPager(props: { lang: Lang; q: SearchQuery; result: SearchResult }) {
  const { q, result } = props;
  const t = translator(props.lang);
  if (result.pageCount <= 1) return null;
  const first = Math.max(1, Math.min(result.page - 4, result.pageCount - 9));
  const pages = Array.from({ length: Math.min(10, result.pageCount) }, (_, i) => first + i).filter((p) => p <= result.pageCount);
  return (
    <nav class="pager" aria-label={t('分页', 'Pages')}>
      {result.page > 1 ? <a href={searchHref(q, { page: result.page - 1 })} rel="prev">{t('上一页', 'Previous')}</a> : null}
      <ul class="page-list">
        {pages.map((p) => (
          <li>{p === result.page ? <span aria-current="page">{p}</span> : <a href={searchHref(q, { page: p })}>{p}</a>}</li>
        ))}
      </ul>
      {result.page < result.pageCount ? <a href={searchHref(q, { page: result.page + 1 })} rel="next">{t('下一页', 'Next')}</a> : null}
    </nav>
  );
}

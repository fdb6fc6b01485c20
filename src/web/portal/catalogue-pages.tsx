/**
 * The 政府信息公开 column of an agency's portal: 指南 (Art. 12), 目录 browsable by category and year with counts,
 * 法定主动公开内容 (Art. 20), and the news columns (政务动态, 通知公告, 工作动态). Cached, invalidated on publication.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Agency } from '../../agencies/agency.ts';
import { getAgency } from '../../agencies/agency-service.ts';
import { ART20_ITEMS, NEWS_COLUMNS } from '../../catalogue/categories.ts';
import { countByCategory, countByYear, latestByCategory, listPublished } from '../../catalogue/catalogue-query.ts';
import { loadCategoryTree, readCatalogueSettings } from '../../catalogue/catalogue-settings.ts';
import { NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { Layout } from '../shared/layout.tsx';
import { sendCachedPage } from '../shared/page-cache-hook.ts';
import { agencyNav } from './agency-nav.ts';
import { ItemList, ItemTable, Pager, withQuery } from './catalogue-views.tsx';

const ListQuery = z.object({
  category: z.string().max(40).regex(/^[a-z0-9_-]*$/).optional().catch(undefined),
  year: z.coerce.number().int().min(1990).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).default(1).catch(1),
});

function agencyName(a: Agency, lang: Lang): string {
  return lang === 'en' && a.nameEn ? a.nameEn : a.name;
}

function feedLinks(code: string, category?: string) {
  const q = category ? `?category=${encodeURIComponent(category)}` : '';
  return <>
    <link rel="alternate" type="application/atom+xml" title="Atom" href={`/feeds/${code}.atom${q}`} />
    <link rel="alternate" type="application/feed+json" title="JSON Feed" href={`/feeds/${code}.json${q}`} />
  </>;
}

/** The latest items of each news column, for the agency home page. */
export async function latestColumns(ctx: Ctx, agency: Agency, req: FastifyRequest) {
  const t = translator(req.lang);
  const tree = await loadCategoryTree(ctx.db, agency.id);
  const latest = await latestByCategory(ctx, agency.id, [...NEWS_COLUMNS, 'gfxwj', 'zcjd'], 6);
  return (
    <div class="grid columns-latest">
      {[...NEWS_COLUMNS, 'gfxwj', 'zcjd'].map((code) => (
        <section class="panel" aria-labelledby={`latest-${code}`}>
          <h2 id={`latest-${code}`}>{tree.label(code, req.lang)}</h2>
          <ItemList items={latest.get(code) ?? []} lang={req.lang} />
          <p><a href={NEWS_COLUMNS.includes(code as never) ? `/agencies/${agency.code}/columns/${code}` : `/agencies/${agency.code}/catalogue?category=${code}`}>{t('更多', 'More')} ›</a></p>
        </section>
      ))}
    </div>
  );
}

/** Registers the catalogue's portal pages. */
export async function registerCataloguePortalRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { code: string } }>('/agencies/:code/guide', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const [settings, tree] = await Promise.all([readCatalogueSettings(ctx.db, a.id), loadCategoryTree(ctx.db, a.id)]);
    const office = settings.disclosureOffice || t(`${a.name}办公室`, `General Office, ${agencyName(a, req.lang)}`);
    const title = t('政府信息公开指南', 'Guide to government information disclosure');
    return sendCachedPage(req, reply,
      <Layout req={req} title={title} nav={agencyNav(a.code, req.lang)} breadcrumbs={[{ href: `/agencies/${a.code}`, label: agencyName(a, req.lang) }]}>
        <h1>{agencyName(a, req.lang)} · {title}</h1>
        <p>{t('为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》第十二条，编制本指南。',
          'This guide is published under Article 12 of the Regulations on the Disclosure of Government Information.')}</p>
        <h2>{t('一、主动公开', '1. Proactive disclosure')}</h2>
        <h3>{t('（一）公开范围和分类编排', 'Scope and classification')}</h3>
        <p>{t('本机关依照条例第十九条、第二十条主动公开政府信息，按以下分类编排，每条信息标注索引号、名称、发文字号、成文日期和发布日期：',
          'Information is published under Articles 19–20 in these categories; each item carries an index number, title, document number and dates:')}</p>
        <ul>{tree.children(null, 'document').map((c) => <li><a href={`/agencies/${a.code}/catalogue?category=${c.code}`}>{req.lang === 'en' ? c.en : c.zh}</a>
          {tree.children(c.code).length ? `（${tree.children(c.code).map((x) => (req.lang === 'en' ? x.en : x.zh)).join('、')}）` : ''}</li>)}</ul>
        <h3>{t('（二）公开方式和时限', 'Channels and time limits')}</h3>
        <p>{t('通过本网站“政府信息公开”专栏、政务新媒体、新闻发布会等方式公开（条例第二十三条），提供检索、查阅、下载（第二十四条），并提供订阅（Atom、JSON Feed）。属于主动公开范围的政府信息，自形成或者变更之日起20个工作日内公开（第二十六条）。',
          'Published on this site, official social media and at press conferences (Art. 23), searchable and downloadable (Art. 24), with feeds. Information is published within 20 working days of being formed or changed (Art. 26).')}</p>
        <h2>{t('二、依申请公开', '2. Disclosure on request')}</h2>
        <p>{t('公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息（条例第二十七条）。', 'You may request information not published proactively (Art. 27).')}</p>
        <dl class="meta">
          <dt>{t('受理机构', 'Office')}</dt><dd>{office}</dd>
          {a.address ? <><dt>{t('办公地址', 'Address')}</dt><dd>{a.address}{a.postcode ? `（${t('邮编', 'postcode')} ${a.postcode}）` : ''}</dd></> : null}
          {a.officeHours ? <><dt>{t('办公时间', 'Office hours')}</dt><dd>{a.officeHours}</dd></> : null}
          {a.phone ? <><dt>{t('联系电话', 'Phone')}</dt><dd>{a.phone}</dd></> : null}
          {a.fax ? <><dt>{t('传真号码', 'Fax')}</dt><dd>{a.fax}</dd></> : null}
          {a.email ? <><dt>{t('电子邮箱', 'Email')}</dt><dd>{a.email}</dd></> : null}
          <dt>{t('在线申请', 'Online')}</dt><dd><a href={`/agencies/${a.code}/apply`}>{t('在线提交申请', 'Apply online')}</a></dd>
        </dl>
        <p>{t('申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式、途径（第二十九条）。内容不明确的，本机关在7个工作日内一次性告知补正（第三十条）。',
          'A request states who you are and how to reach you, the information sought (title, document number or description) and the form you want it in (Art. 29). Unclear requests get one notice to clarify within 7 working days (Art. 30).')}</p>
        <p>{t('本机关自收到申请之日起20个工作日内予以答复；需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日（第三十三条）。依申请提供政府信息不收取费用，申请数量、频次明显超过合理范围的除外（第四十二条）。',
          'Replies are given within 20 working days, extendable by at most 20 working days with notice (Art. 33). No fee is charged unless requests clearly exceed a reasonable volume (Art. 42).')}</p>
        <h2>{t('三、监督和救济', '3. Oversight and remedies')}</h2>
        <p>{t('公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（第五十一条）。',
          'If you believe your rights were infringed, you may complain to the supervising authority, or apply for administrative reconsideration or bring a lawsuit (Art. 51).')}</p>
        {settings.guideHtml ? <div class="body-text" dangerouslySetInnerHTML={{ __html: settings.guideHtml }} /> : null}
      </Layout>, { agencies: [a.id] });
  });

  app.get<{ Params: { code: string }; Querystring: Record<string, string> }>('/agencies/:code/catalogue', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const q = ListQuery.parse(req.query);
    const tree = await loadCategoryTree(ctx.db, a.id);
    if (q.category && !tree.get(q.category)) throw new NotFound('未找到该分类');
    const pageSize = 20;
    const [list, years, counts] = await Promise.all([
      listPublished(ctx, { agencyIds: [a.id], kind: 'document', categoryCodes: q.category ? tree.withDescendants(q.category) : undefined, year: q.year, page: q.page, pageSize }),
      countByYear(ctx, a.id, 'document'),
      countByCategory(ctx, a.id, q.year),
    ]);
    const sum = (code: string) => tree.withDescendants(code).reduce((n, c) => n + (counts.get(c) ?? 0), 0);
    const here = `/agencies/${a.code}/catalogue`;
    const title = t('政府信息公开目录', 'Information catalogue');
    const heading = [q.category ? tree.label(q.category, req.lang) : '', q.year ? t(`${q.year}年`, String(q.year)) : ''].filter(Boolean).join(' · ');
    return sendCachedPage(req, reply,
      <Layout req={req} title={heading ? `${title} · ${heading}` : title} nav={agencyNav(a.code, req.lang)} head={feedLinks(a.code, q.category)}
        breadcrumbs={[{ href: `/agencies/${a.code}`, label: agencyName(a, req.lang) }]}>
        <h1>{title}{heading ? ` · ${heading}` : ''}</h1>
        <div class="catalogue-layout">
          <nav class="panel catalogue-filters" aria-label={t('分类与年份', 'Categories and years')}>
            <h2>{t('按分类', 'By category')}</h2>
            <ul class="tree">
              <li><a href={withQuery(here, { year: q.year })} aria-current={!q.category ? 'page' : undefined}>{t('全部', 'All')}</a></li>
              {tree.children(null, 'document').map((c) => (
                <li>
                  <a href={withQuery(here, { category: c.code, year: q.year })} aria-current={q.category === c.code ? 'page' : undefined}>{req.lang === 'en' ? c.en : c.zh}</a> <span class="count">({sum(c.code)})</span>
                  {tree.children(c.code).length ? <ul>{tree.children(c.code).map((s) => (
                    <li><a href={withQuery(here, { category: s.code, year: q.year })} aria-current={q.category === s.code ? 'page' : undefined}>{req.lang === 'en' ? s.en : s.zh}</a> <span class="count">({sum(s.code)})</span></li>
                  ))}</ul> : null}
                </li>
              ))}
            </ul>
            <h2>{t('按年份', 'By year')}</h2>
            <ul class="tree">
              <li><a href={withQuery(here, { category: q.category })} aria-current={!q.year ? 'page' : undefined}>{t('全部年份', 'All years')}</a></li>
              {years.map((y) => <li><a href={withQuery(here, { category: q.category, year: y.year })} aria-current={q.year === y.year ? 'page' : undefined}>{t(`${y.year}年`, String(y.year))}</a> <span class="count">({y.count})</span></li>)}
            </ul>
          </nav>
          <div>
            <ItemTable items={list.items} lang={req.lang} tree={q.category ? undefined : tree} />
            <Pager lang={req.lang} page={q.page} pageSize={pageSize} total={list.total} href={(p) => withQuery(here, { category: q.category, year: q.year, page: p })} />
          </div>
        </div>
      </Layout>, { agencies: [a.id], query: ['category', 'year', 'page'] });
  });

  app.get<{ Params: { code: string } }>('/agencies/:code/disclosure', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const tree = await loadCategoryTree(ctx.db, a.id);
    const counts = await countByCategory(ctx, a.id);
    const title = t('法定主动公开内容', 'Proactive disclosure under Article 20');
    return sendCachedPage(req, reply,
      <Layout req={req} title={title} nav={agencyNav(a.code, req.lang)} breadcrumbs={[{ href: `/agencies/${a.code}`, label: agencyName(a, req.lang) }]}>
        <h1>{title}</h1>
        <p>{t('依据《中华人民共和国政府信息公开条例》第二十条，行政机关应当主动公开下列政府信息：', 'Article 20 requires agencies to publish the following:')}</p>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('条例第二十条', 'Article 20')}</th><th scope="col">{t('本机关公开栏目', 'Where published')}</th></tr></thead>
          <tbody>{ART20_ITEMS.map((item) => {
            const cats = tree.all.filter((c) => c.art20?.includes(item.n) && c.parent === null);
            return (
              <tr>
                <th scope="row">{item.zh}</th>
                <td>{cats.length ? <ul class="inline-list">{cats.map((c) => {
                  const n = tree.withDescendants(c.code).reduce((s, x) => s + (counts.get(x) ?? 0), 0);
                  return <li><a href={`/agencies/${a.code}/catalogue?category=${c.code}`}>{req.lang === 'en' ? c.en : c.zh}</a> ({n})</li>;
                })}</ul> : t('本机关无此类信息', 'Not applicable to this agency')}</td>
              </tr>
            );
          })}</tbody>
        </table></div>
      </Layout>, { agencies: [a.id] });
  });

  app.get<{ Params: { code: string; column: string }; Querystring: Record<string, string> }>('/agencies/:code/columns/:column', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const tree = await loadCategoryTree(ctx.db, a.id);
    const col = tree.get(req.params.column);
    if (!col) throw new NotFound('未找到该栏目');
    const q = ListQuery.parse(req.query);
    const pageSize = 20;
    const list = await listPublished(ctx, { agencyIds: [a.id], categoryCodes: tree.withDescendants(col.code), year: q.year, page: q.page, pageSize });
    const here = `/agencies/${a.code}/columns/${col.code}`;
    const title = tree.label(col.code, req.lang);
    return sendCachedPage(req, reply,
      <Layout req={req} title={title} nav={agencyNav(a.code, req.lang)} head={feedLinks(a.code, col.code)}
        breadcrumbs={[{ href: `/agencies/${a.code}`, label: agencyName(a, req.lang) }]}>
        <h1>{title}</h1>
        <p class="trace"><a href={`/feeds/${a.code}.atom?category=${col.code}`}>{t('订阅本栏目（Atom）', 'Subscribe (Atom)')}</a></p>
        <ItemList items={list.items} lang={req.lang} />
        <Pager lang={req.lang} page={q.page} pageSize={pageSize} total={list.total} href={(p) => withQuery(here, { year: q.year, page: p })} />
      </Layout>, { agencies: [a.id], query: ['year', 'page'] });
  });
}

/**
 * Channels for aggregators and the WeChat account: Atom and JSON Feed 1.1 per agency (and per category with
 * `?category=`), and the sitemap (design.md §5.4). Only live published items appear.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getAgency, listAgencies } from '../../agencies/agency-service.ts';
import { documentUrl } from '../../catalogue/catalogue-indexing.ts';
import { listPublished, sitemapEntries } from '../../catalogue/catalogue-query.ts';
import { loadCategoryTree } from '../../catalogue/catalogue-settings.ts';
import { NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { toPlainText } from '../../platform/html/sanitize.ts';

const FEED_SIZE = 50;

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** The absolute origin for links in feeds and the sitemap. */
export function originOf(ctx: Ctx, req: FastifyRequest): string {
  return (ctx.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '');
}

async function feedItems(ctx: Ctx, code: string, category: unknown) {
  const agency = await getAgency(ctx, code);
  const tree = await loadCategoryTree(ctx.db, agency.id);
  const cat = typeof category === 'string' && category ? tree.get(category) : undefined;
  if (typeof category === 'string' && category && !cat) throw new NotFound('未找到该分类');
  const list = await listPublished(ctx, { agencyIds: [agency.id], categoryCodes: cat ? tree.withDescendants(cat.code) : undefined, page: 1, pageSize: FEED_SIZE });
  const full = await ctx.db.selectFrom('catalogue_published').select(['item_id', 'body_html', 'updated_at'])
    .where('item_id', 'in', list.items.length ? list.items.map((i) => i.id) : ['']).execute();
  const byId = new Map(full.map((r) => [r.item_id, r]));
  return { agency, tree, cat, items: list.items.map((i) => ({ ...i, bodyHtml: byId.get(i.id)?.body_html ?? '', updatedAt: byId.get(i.id)?.updated_at ?? i.publishedOn })) };
}

/** Registers the feeds and the sitemap. */
export async function registerFeedRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { file: string }; Querystring: { category?: string } }>('/feeds/:file', async (req, reply) => {
    const m = /^([a-z0-9-]{1,64})\.(atom|json)$/.exec(req.params.file);
    if (!m) throw new NotFound();
    const [, code, format] = m;
    const { agency, tree, cat, items } = await feedItems(ctx, code, req.query.category);
    const origin = originOf(ctx, req);
    const title = cat ? `${agency.name} · ${tree.label(cat.code, 'zh-CN')}` : `${agency.name} · 政务公开`;
    const self = `${origin}/feeds/${code}.${format}${cat ? `?category=${cat.code}` : ''}`;
    const home = `${origin}/agencies/${agency.code}${cat ? `/catalogue?category=${cat.code}` : ''}`;
    const updated = items.reduce((u, i) => (i.updatedAt > u ? i.updatedAt : u), '1970-01-01T00:00:00.000Z');
    reply.header('cache-control', 'public, max-age=300');
    if (format === 'json') {
      reply.type('application/feed+json; charset=utf-8');
      return {
        version: 'https://jsonfeed.org/version/1.1', title, home_page_url: home, feed_url: self, language: 'zh-CN',
        items: items.map((i) => ({
          id: `${origin}${documentUrl(i.publicId)}`, url: `${origin}${documentUrl(i.publicId)}`, title: i.title,
          content_html: i.bodyHtml, summary: i.summary || toPlainText(i.bodyHtml).slice(0, 200),
          date_published: `${i.publishedOn}T00:00:00+08:00`, date_modified: i.updatedAt,
          tags: [tree.label(i.categoryCode, 'zh-CN'), ...(i.documentNumber ? [i.documentNumber] : [])],
          authors: [{ name: i.issuer }],
        })),
      };
    }
    const entries = items.map((i) => `  <entry>
    <id>${xml(`${origin}${documentUrl(i.publicId)}`)}</id>
    <title>${xml(i.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(`${origin}${documentUrl(i.publicId)}`)}"/>
    <published>${i.publishedOn}T00:00:00+08:00</published>
    <updated>${xml(i.updatedAt)}</updated>
    <author><name>${xml(i.issuer)}</name></author>
    <category term="${xml(i.categoryCode)}" label="${xml(tree.label(i.categoryCode, 'zh-CN'))}"/>
    <summary type="text">${xml(i.summary || toPlainText(i.bodyHtml).slice(0, 200))}</summary>
    <content type="html">${xml(i.bodyHtml)}</content>
  </entry>`).join('\n');
    reply.type('application/atom+xml; charset=utf-8');
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${xml(self)}</id>
  <title>${xml(title)}</title>
  <updated>${xml(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>
  <link rel="alternate" type="text/html" href="${xml(home)}"/>
  <author><name>${xml(agency.name)}</name></author>
${entries}
</feed>
`;
  });

  app.get('/sitemap.xml', async (req, reply) => {
    const origin = originOf(ctx, req);
    const [agencies, entries] = await Promise.all([listAgencies(ctx), sitemapEntries(ctx)]);
    const pages = ['', '/info', '/guide', '/catalogue', '/disclosure'];
    const urls = [
      `  <url><loc>${xml(origin)}/</loc></url>`,
      ...agencies.flatMap((a) => pages.map((p) => `  <url><loc>${xml(`${origin}/agencies/${a.code}${p}`)}</loc></url>`)),
      ...entries.map((e) => `  <url><loc>${xml(`${origin}${documentUrl(e.publicId)}`)}</loc><lastmod>${e.updatedAt.slice(0, 10)}</lastmod></url>`),
    ];
    reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
  });
}

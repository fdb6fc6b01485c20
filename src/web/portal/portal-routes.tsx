/** Portal pages of the foundation: the platform home, an agency's 政务公开 home, and its 机构信息 page. */
import type { FastifyInstance } from 'fastify';
import type { Agency, AgencyProfile } from '../../agencies/agency.ts';
import { getAgencyProfile, listAgencies } from '../../agencies/agency-service.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { Layout } from '../shared/layout.tsx';
import { sendCachedPage } from '../shared/page-cache-hook.ts';
import { agencyNav, disclosureColumn } from './agency-nav.ts';
import { latestColumns } from './catalogue-pages.tsx';

/** Registers the foundation's portal pages. */
export async function registerPortalRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  // Crawlers (and our own link checker) stay out of the back office and the API.
  app.get('/robots.txt', async (req, reply) => {
    const origin = ctx.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return `User-agent: *\nDisallow: /admin\nDisallow: /api/\n\nSitemap: ${origin}/sitemap.xml\n`;
  });

  // Browsers and feed readers that ignore <link rel="icon"> ask for /favicon.ico: point them at the site icon.
  app.get('/favicon.ico', async (_req, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301));

  app.get('/', async (req, reply) => {
    const agencies = await listAgencies(ctx);
    const t = translator(req.lang);
    return sendCachedPage(req, reply,
      <Layout req={req} title={t('首页', 'Home')}>
        <h1>{t('政务公开平台', 'Government Information Disclosure Platform')}</h1>
        <p>{t('依据《中华人民共和国政府信息公开条例》，各机关在此主动公开政府信息、受理政府信息公开申请。',
          'Agencies publish government information and accept disclosure requests here under the Regulations on the Disclosure of Government Information.')}</p>
        <h2>{t('公开机关', 'Agencies')}</h2>
        <AgencyTree agencies={agencies} parentId={null} lang={req.lang} />
      </Layout>);
  });

  app.get<{ Params: { code: string } }>('/agencies/:code', async (req, reply) => {
    const a = await getAgencyProfile(ctx, req.params.code);
    const t = translator(req.lang);
    const name = displayName(a, req.lang);
    const latest = await latestColumns(ctx, a, req);
    return sendCachedPage(req, reply,
      <Layout req={req} title={name} nav={agencyNav(a.code, req.lang)}>
        <h1>{name}{t(' 政务公开', ': open government')}</h1>
        <section aria-labelledby="col-h">
          <h2 id="col-h">{t('政府信息公开', 'Government information disclosure')}</h2>
          <ul class="tiles">
            {disclosureColumn(a.code, req.lang).map((c) => (
              <li><a href={c.href}>{c.label}<span>{c.description}</span></a></li>
            ))}
          </ul>
        </section>
        {latest}
        <section aria-labelledby="contact-h" class="panel">
          <h2 id="contact-h">{t('联系我们', 'Contact')}</h2>
          <ContactList a={a} lang={req.lang} />
        </section>
      </Layout>, { agencies: [a.id] });
  });

  app.get<{ Params: { code: string } }>('/agencies/:code/info', async (req, reply) => {
    const a = await getAgencyProfile(ctx, req.params.code);
    const t = translator(req.lang);
    const name = displayName(a, req.lang);
    return sendCachedPage(req, reply,
      <Layout req={req} title={t('机构信息', 'Organisation')} nav={agencyNav(a.code, req.lang)}
        breadcrumbs={[{ href: `/agencies/${a.code}`, label: name }]}>
        <h1>{name} · {t('机构信息', 'Organisation')}</h1>
        {a.isDemo ? <p class="notice warn">{t('演示数据：本页部分内容为演示用途虚构。', 'Demo data: parts of this page are invented for demonstration.')}</p> : null}
        <h2>{t('基本信息', 'Basic information')}</h2>
        <ContactList a={a} lang={req.lang} />
        <h2>{t('机构职能', 'Functions')}</h2>
        <div class="body-text" dangerouslySetInnerHTML={{ __html: a.functions || `<p>${t('暂无', 'None recorded')}</p>` }} />
        {a.leaders.length ? <>
          <h2>{t('领导信息', 'Leadership')}</h2>
          <div class="table-scroll" tabIndex={0}><table>
            <thead><tr><th scope="col">{t('姓名', 'Name')}</th><th scope="col">{t('职务', 'Title')}</th><th scope="col">{t('分工', 'Responsibilities')}</th></tr></thead>
            <tbody>{a.leaders.map((l) => <tr><td>{l.name}</td><td>{l.title}</td><td>{l.duties}</td></tr>)}</tbody>
          </table></div>
        </> : null}
        <UnitTable title={t('内设机构', 'Internal units')} units={a.units.filter((u) => u.kind === 'internal')} lang={req.lang} />
        <UnitTable title={t('直属单位', 'Affiliated units')} units={a.units.filter((u) => u.kind === 'affiliated')} lang={req.lang} />
        {a.parent || a.children.length ? <>
          <h2>{t('上下级机构', 'Related agencies')}</h2>
          <ul>
            {a.parent ? <li>{t('上级机关：', 'Parent: ')}<a href={`/agencies/${a.parent.code}/info`}>{a.parent.name}</a></li> : null}
            {a.children.map((c) => <li>{t('下级机构：', 'Subordinate: ')}<a href={`/agencies/${c.code}/info`}>{c.name}</a></li>)}
          </ul>
        </> : null}
        <p class="trace">{t('更新时间：', 'Updated: ')}{a.updatedAt.slice(0, 10)}</p>
      </Layout>, { agencies: [a.id, a.parentId] });
  });
}

function displayName(a: Agency, lang: string): string {
  return lang === 'en' && a.nameEn ? a.nameEn : a.name;
}

function AgencyTree(props: { agencies: Agency[]; parentId: string | null; lang: 'zh-CN' | 'zh-TW' | 'en' }) {
  const kids = props.agencies.filter((a) => a.parentId === props.parentId);
  if (!kids.length) return null;
  return (
    <ul class="agency-tree">
      {kids.map((a) => (
        <li>
          <a href={`/agencies/${a.code}`}>{displayName(a, props.lang)}</a>
          <AgencyTree agencies={props.agencies} parentId={a.id} lang={props.lang} />
        </li>
      ))}
    </ul>
  );
}

function ContactList({ a, lang }: { a: AgencyProfile; lang: 'zh-CN' | 'zh-TW' | 'en' }) {
  const t = translator(lang);
  const rows: [string, string | undefined][] = [
    [t('机构全称', 'Full name'), a.name],
    [t('统一社会信用代码', 'Unified social credit code'), a.creditCode],
    [t('办公地址', 'Address'), a.address + (a.postcode ? `（${t('邮编', 'postcode')} ${a.postcode}）` : '')],
    [t('办公时间', 'Office hours'), a.officeHours],
    [t('联系电话', 'Phone'), a.phone],
    [t('传真', 'Fax'), a.fax],
    [t('电子邮箱', 'Email'), a.email],
  ];
  return (
    <dl class="meta">
      {rows.filter(([, v]) => v).map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}
      {a.website ? <><dt>{t('网站', 'Website')}</dt><dd><a href={a.website} rel="noopener noreferrer">{a.website}</a></dd></> : null}
    </dl>
  );
}

function UnitTable(props: { title: string; units: AgencyProfile['units']; lang: 'zh-CN' | 'zh-TW' | 'en' }) {
  if (!props.units.length) return null;
  const t = translator(props.lang);
  return <>
    <h2>{props.title}</h2>
    <div class="table-scroll" tabIndex={0}><table>
      <thead><tr><th scope="col">{t('名称', 'Name')}</th><th scope="col">{t('负责人', 'Head')}</th><th scope="col">{t('电话', 'Phone')}</th><th scope="col">{t('主要职责', 'Main duties')}</th></tr></thead>
      <tbody>{props.units.map((u) => <tr><td>{u.name}</td><td>{u.head}</td><td>{u.phone}</td><td>{u.functions}</td></tr>)}</tbody>
    </table></div>
  </>;
}

/**
 * The page chrome of the portal and the back office: skip link, header with language switch, navigation, main,
 * footer. Semantic HTML that works without JavaScript (issue: foundation; WCAG 2.1 AA, GB/T 37668).
 */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { ROLES, ROLES_EN } from '../../accounts/principal.ts';
import { htmlLang, translator, type Lang } from '../../platform/i18n/i18n.ts';

/** A navigation link. */
export interface NavLink {
  href: string;
  label: string;
}

/** Props of the page chrome. */
export interface LayoutProps {
  req: FastifyRequest;
  title: string;
  /** 'portal' for the public, 'admin' for the back office. */
  area?: 'portal' | 'admin';
  /** Agency-specific navigation under the header (portal) or the sidebar (admin). */
  nav?: NavLink[];
  breadcrumbs?: NavLink[];
  /** Extra <head> content such as feed links. */
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** The URL of the current page in another language, keeping the other query parameters. */
export function langHref(url: string, lang: Lang): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  // Plain paths (every page has three of these links) skip WHATWG URL parsing, which cost ~10% of a list render;
  // anything unusual (`//host`, backslashes, dot segments, raw non-ASCII) is normalised by the URL parser instead.
  if (!SIMPLE_PATH.test(path) || path.includes('/.') || url.includes('#')) {
    const u = new URL(url, 'http://x');
    u.searchParams.set('lang', lang);
    return u.pathname + u.search;
  }
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}
const SIMPLE_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/%]*$/;

/** A link that keeps the current language only when it is not the default (the cookie carries it otherwise). */
const LANG_LABELS: Record<Lang, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'English' };

/** The full HTML page. */
export function Layout(props: LayoutProps) {
  const { req, title } = props;
  const t = translator(req.lang);
  const area = props.area ?? 'portal';
  const siteName = area === 'admin' ? t('gongkai 政务公开管理后台', 'gongkai back office') : t('政务公开平台', 'Government Information Disclosure');
  return (
    <html lang={htmlLang(req.lang)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - ${siteName}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {props.head}
      </head>
      <body class={`area-${area}`}>
        <a class="skip-link" href="#main">{t('跳到主要内容', 'Skip to main content')}</a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="site-name" href={area === 'admin' ? '/admin' : '/'}>
              <span class="emblem" aria-hidden="true">公</span>
              {siteName}
            </a>
            <nav class="lang-switch" aria-label={t('语言', 'Language')}>
              <ul>
                {(['zh-CN', 'zh-TW', 'en'] as const).map((l) => (
                  <li>
                    <a href={langHref(req.url, l)} lang={htmlLang(l)} aria-current={l === req.lang ? 'true' : undefined}>
                      {LANG_LABELS[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {area === 'admin' && req.principal ? <StaffMenu req={req} /> : null}
          </div>
          {area === 'portal' ? <PortalSearch lang={req.lang} /> : null}
        </header>
        {props.nav && props.nav.length ? (
          <nav class="main-nav" aria-label={t('栏目导航', 'Sections')}>
            <ul class="wrap">
              {props.nav.map((n) => (
                <li>
                  <a href={n.href} aria-current={isCurrent(req.url, n.href) ? 'page' : undefined}>{n.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="main" class="wrap" tabIndex={-1}>
          {props.breadcrumbs && props.breadcrumbs.length ? (
            <nav aria-label={t('当前位置', 'Breadcrumb')} class="breadcrumbs">
              <ol>
                {props.breadcrumbs.map((b) => (
                  <li><a href={b.href}>{b.label}</a></li>
                ))}
                <li aria-current="page">{title}</li>
              </ol>
            </nav>
          ) : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('本站依据《中华人民共和国政府信息公开条例》公开政府信息。', 'Information published under the Regulations on the Disclosure of Government Information of the PRC.')}</p>
            <p>
              <a href="/">{t('门户首页', 'Portal home')}</a> · <a href="/sitemap.xml">{t('网站地图', 'Sitemap')}</a> ·{' '}
              <a href="/admin">{t('工作人员入口', 'Staff sign-in')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

function isCurrent(url: string, href: string): boolean {
  const path = url.split('?')[0];
  return path === href.split('?')[0];
}

function PortalSearch({ lang }: { lang: Lang }) {
  const t = translator(lang);
  return (
    <form class="wrap site-search" role="search" method="get" action="/search">
      <label for="site-q">{t('站内搜索', 'Search')}</label>
      <input id="site-q" name="q" type="search" maxLength={200} />
      <button type="submit">{t('搜索', 'Search')}</button>
    </form>
  );
}

function StaffMenu({ req }: { req: FastifyRequest }) {
  const t = translator(req.lang);
  const p = req.principal!;
  const roles = [...new Set(p.grants.map((g) => (req.lang === 'en' ? ROLES_EN[g.role] : ROLES[g.role])))].join('、');
  return (
    <div class="staff-menu">
      <span>
        {p.displayName}
        {roles ? `（${roles}）` : ''}
      </span>
      <a href="/admin/account">{t('我的账号', 'My account')}</a>
      <form method="post" action="/admin/logout" class="inline">
        <input type="hidden" name="_csrf" value={req.csrfToken ?? ''} />
        <button type="submit" class="link-button">{t('退出', 'Sign out')}</button>
      </form>
    </div>
  );
}

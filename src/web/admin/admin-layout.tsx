/** The back office's page frame: the shared chrome plus a sidebar of the areas the user may use. */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { agenciesWithPermission } from '../../accounts/principal.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { Layout, type NavLink } from '../shared/layout.tsx';
import { ADMIN_NAV } from './admin-nav.ts';

/** Props of an admin page. */
export interface AdminLayoutProps {
  req: FastifyRequest;
  title: string;
  breadcrumbs?: NavLink[];
  children: ComponentChildren;
}

/** A back-office page with the sidebar. */
export function AdminLayout(props: AdminLayoutProps) {
  const { req } = props;
  const t = translator(req.lang);
  const p = req.principal;
  const entries = ADMIN_NAV.filter((e) => !e.permission || (p && agenciesWithPermission(p, e.permission).length > 0));
  const path = req.url.split('?')[0];
  const current = entries
    .filter((e) => path === e.href || (e.href !== '/admin' && path.startsWith(e.href + '/')))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <Layout req={req} title={props.title} area="admin" breadcrumbs={props.breadcrumbs}>
      <div class="admin-layout">
        {p ? (
          <nav class="sidebar panel" aria-label={t('后台导航', 'Back-office navigation')}>
            <ul>
              {entries.map((e) => (
                <li><a href={e.href} aria-current={e === current ? 'page' : undefined}>{t(e.zh, e.en)}</a></li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="admin-content">{props.children}</div>
      </div>
    </Layout>
  );
}

/** The back-office home: per role, what is waiting, from the panels modules register in dashboard-panels.ts. */
import type { FastifyInstance } from 'fastify';
import { ROLES, ROLES_EN, type Principal } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { isSetupDue } from '../../accounts/setup-service.ts';
import { mfaStatus } from '../../accounts/mfa-service.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { DASHBOARD_PANELS, type Panel, type PanelProvider } from './dashboard-panels.ts';

/** Runs every provider; a failing panel is logged and left out rather than taking the dashboard down. */
async function collectPanels(ctx: Ctx, p: Principal, providers: PanelProvider[], log: (e: unknown) => void): Promise<Panel[]> {
  const results = await Promise.all(providers.map((f) => f(ctx, p).catch((e) => (log(e), null))));
  return results.filter((x): x is Panel => x !== null).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

/** Registers the dashboard. */
export async function registerDashboardRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin', async (req, reply) => {
    if (!req.staffSession && (await isSetupDue(ctx))) return reply.redirect('/admin/setup', 303);
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const agencies = await listAgencies(ctx);
    const nameOf = (id: string) => agencies.find((a) => a.id === id)?.name ?? id;
    const panels = await collectPanels(ctx, p, DASHBOARD_PANELS, (e) => req.log.error({ err: e }, 'dashboard panel failed'));
    const mfa = await mfaStatus(ctx, p.userId);
    const q = req.query as Record<string, string | undefined>;
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('工作台', 'Dashboard')}>
        <h1>{t('工作台', 'Dashboard')}</h1>
        {q.passwordChanged ? <p class="notice ok" role="status">{t('新密码已保存。', 'Your new password is saved.')}</p> : null}
        {mfa.recoveryCodesLeft <= 2 ? (
          <p class="notice warn">{t(`您只剩 ${mfa.recoveryCodesLeft} 个恢复码，请在“我的账号”中重新生成。`,
            `You have ${mfa.recoveryCodesLeft} recovery codes left; generate new ones under My account.`)} <a href="/admin/account">{t('我的账号', 'My account')}</a></p>
        ) : null}
        <section class="panel" aria-labelledby="roles-h">
          <h2 id="roles-h">{t('我的角色', 'My roles')}</h2>
          <ul>
            {p.grants.map((g) => <li>{nameOf(g.agencyId)} · {req.lang === 'en' ? ROLES_EN[g.role] : ROLES[g.role]}
              {g.role === 'supervisor' ? t('（含下级机构）', ' (with subordinate agencies)') : ''}</li>)}
          </ul>
        </section>
        {panels.length ? (
          <div class="grid dashboard">
            {panels.map((panel) => (
              <section class="panel" aria-labelledby={`panel-${panel.id}`}>
                <h2 id={`panel-${panel.id}`}>{t(panel.titleZh, panel.titleEn)}</h2>
                {panel.items.length ? (
                  <ul class="list">
                    {panel.items.map((it) => (
                      <li>
                        {it.href ? <a href={it.href}>{t(it.zh, it.en)}</a> : <span>{t(it.zh, it.en)}</span>}
                        {it.count !== undefined ? <span class={`badge ${it.tone ?? ''}`}>{it.count}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : <p>{t(panel.emptyZh ?? '暂无待办事项', panel.emptyEn ?? 'Nothing waiting')}</p>}
                {panel.href ? <p><a href={panel.href}>{t('查看全部', 'See all')}</a></p> : null}
              </section>
            ))}
          </div>
        ) : <p class="notice">{t('目前没有待办事项。', 'Nothing is waiting for you.')}</p>}
      </AdminLayout>);
  });
}

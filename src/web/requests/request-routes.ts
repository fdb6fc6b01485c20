/**
 * Disclosure on request on all three web surfaces: the portal (apply, track), the back office (cases, statistics)
 * and the JSON API (design.md §5.4); plus the dashboard panel of overdue and due-soon cases.
 */
import type { FastifyInstance } from 'fastify';
import { agenciesWithPermission, type Principal } from '../../accounts/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { listCases } from '../../requests/case-service.ts';
import { DASHBOARD_PANELS, type Panel } from '../admin/dashboard-panels.ts';
import { registerRequestAdmin } from './request-admin.tsx';
import { registerRequestApi } from './request-api.ts';
import { registerRequestPortal } from './request-portal.tsx';

/** The dashboard panel: overdue and due-soon applications of the user's agencies. */
export async function requestsPanel(ctx: Ctx, p: Principal): Promise<Panel | null> {
  if (!agenciesWithPermission(p, 'requests.read').length) return null;
  const [overdue, soon] = await Promise.all([
    listCases(ctx, p, { due: 'overdue', pageSize: 1 }, []),
    listCases(ctx, p, { due: 'soon', pageSize: 1 }, []),
  ]);
  return {
    id: 'requests', titleZh: '依申请公开', titleEn: 'Information requests', href: '/admin/requests', order: 20,
    items: [
      { zh: '已逾期的申请', en: 'Overdue', count: overdue.total, tone: overdue.total ? 'bad' : 'ok', href: '/admin/requests?due=overdue' },
      { zh: '5个工作日内到期', en: 'Due within 5 working days', count: soon.total, tone: soon.total ? 'warn' : 'ok', href: '/admin/requests?due=soon' },
    ],
  };
}

/** Registers every route of the requests module. */
export async function registerRequestRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  if (!DASHBOARD_PANELS.includes(requestsPanel)) DASHBOARD_PANELS.push(requestsPanel);
  await registerRequestPortal(app, ctx);
  await registerRequestAdmin(app, ctx);
  await registerRequestApi(app, ctx);
}

/** The web surfaces of the annual reports in one call for buildApp: portal pages, JSON API, back office, dashboard. */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../platform/context.ts';
import { DASHBOARD_PANELS } from './admin/dashboard-panels.ts';
import { registerReportAdmin } from './admin/reports-admin.tsx';
import { reportsPanel } from './admin/reports-panel.ts';
import { registerReportsApi } from './api/reports-api.ts';
import { registerReportPages } from './portal/reports-pages.tsx';

/** Registers every route of the reports module. */
export async function registerReportRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  if (!DASHBOARD_PANELS.includes(reportsPanel)) DASHBOARD_PANELS.push(reportsPanel);
  await registerReportPages(app, ctx);
  await registerReportsApi(app, ctx);
  await registerReportAdmin(app, ctx);
}

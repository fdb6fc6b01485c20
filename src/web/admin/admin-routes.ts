/** The back office's routes of the accounts module: sign-in, dashboard, account, users, agencies, audit log. */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.ts';
import { registerAccountRoutes } from './account-routes.tsx';
import { registerAgencyAdminRoutes } from './agency-routes.tsx';
import { registerAuditAdminRoutes } from './audit-routes.tsx';
import { registerDashboardRoutes } from './dashboard-routes.tsx';
import { registerLoginRoutes } from './login-routes.tsx';
import { registerUserAdminRoutes } from './user-routes.tsx';

/** Registers the back-office shell. */
export async function registerAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await registerLoginRoutes(app, ctx);
  await registerDashboardRoutes(app, ctx);
  await registerAccountRoutes(app, ctx);
  await registerUserAdminRoutes(app, ctx);
  await registerAgencyAdminRoutes(app, ctx);
  await registerAuditAdminRoutes(app, ctx);
}

/** The back office's routes of the accounts module: sign-in, dashboard, account, users, agencies, audit log. */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.ts';
import { registerDashboardRoutes } from './dashboard-routes.tsx';
import { registerLoginRoutes } from './login-routes.tsx';

/** Registers the back-office shell. */
export async function registerAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await registerLoginRoutes(app, ctx);
  await registerDashboardRoutes(app, ctx);
}

/**
 * The web surfaces of the registers and mailbox modules in one call for buildApp: portal pages, JSON API and back
 * office of 权责清单, 执法主体, decisions, fees, procurement, cases, 厅长信箱 and 征集意见.
 */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../platform/context.ts';
import { DASHBOARD_PANELS } from './admin/dashboard-panels.ts';
import { registerMailboxAdmin } from './admin/mailbox-admin.tsx';
import { mailboxPanel } from './admin/mailbox-panel.ts';
import { registerPowerAdmin } from './admin/power-admin.tsx';
import { registerRegisterAdmin } from './admin/register-admin.tsx';
import { registerRegisterWithdrawal } from './admin/register-admin-withdraw.tsx';
import { registerSolicitationAdmin } from './admin/solicitation-admin.tsx';
import { registerMailboxApi } from './api/mailbox-api.ts';
import { registerRegistersApi } from './api/registers-api.ts';
import { registerMailboxPages } from './portal/mailbox-pages.tsx';
import { registerRegisterPages } from './portal/registers-pages.tsx';

/** Registers every route of the registers and mailbox modules. */
export async function registerRegistersAndMailboxRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  if (!DASHBOARD_PANELS.includes(mailboxPanel)) DASHBOARD_PANELS.push(mailboxPanel);
  await registerRegisterPages(app, ctx);
  await registerMailboxPages(app, ctx);
  await registerRegistersApi(app, ctx);
  await registerMailboxApi(app, ctx);
  await registerPowerAdmin(app, ctx);
  await registerRegisterAdmin(app, ctx);
  await registerRegisterWithdrawal(app, ctx);
  await registerMailboxAdmin(app, ctx);
  await registerSolicitationAdmin(app, ctx);
}

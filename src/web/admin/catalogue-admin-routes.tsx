/** Back-office pages of the catalogue (filled in below). */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.ts';

/** Registers the catalogue's back-office pages. */
export async function registerCatalogueAdminRoutes(_app: FastifyInstance, _ctx: Ctx): Promise<void> {}

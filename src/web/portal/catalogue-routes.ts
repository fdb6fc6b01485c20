/**
 * Registers everything the catalogue serves: portal pages (指南, 目录, 法定主动公开内容, columns, item pages), feeds
 * and sitemap, the documents API and the back-office pages. Scheduled items are released by the
 * `catalogue.release-scheduled` job (src/jobs.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../platform/context.ts';
import { registerCatalogueAdminRoutes } from '../admin/catalogue-admin-routes.tsx';
import { registerDocumentApi } from '../api/document-api.ts';
import { registerCataloguePortalRoutes } from './catalogue-pages.tsx';
import { registerDocumentPageRoutes } from './document-page.tsx';
import { registerFeedRoutes } from './feeds.ts';

/** Registers the catalogue's routes on the app. */
export async function registerCatalogueRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await registerCataloguePortalRoutes(app, ctx);
  await registerDocumentPageRoutes(app, ctx);
  await registerFeedRoutes(app, ctx);
  await registerDocumentApi(app, ctx);
  await registerCatalogueAdminRoutes(app, ctx);
}

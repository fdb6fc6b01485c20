/**
 * Registers everything the catalogue serves: portal pages (指南, 目录, 法定主动公开内容, columns, item pages), feeds
 * and sitemap, the documents API, the back-office pages, and the minute timer that releases scheduled items.
 */
import type { FastifyInstance } from 'fastify';
import { releaseScheduledItems } from '../../catalogue/workflow-service.ts';
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
  if (ctx.config.jobs) {
    // 定时发布: publish scheduled items when their time comes (several processes may run this; the optimistic lock
    // lets exactly one publish each item).
    const timer = setInterval(() => {
      releaseScheduledItems(ctx).catch((err: unknown) => app.log.error({ err }, 'releasing scheduled items failed'));
    }, 60_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
}

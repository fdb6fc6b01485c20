/**
 * The pre-publication gate the reviewer sees (issue: website health): the site checks' link and personal-data
 * checks run on one document before it is published, as warnings (not blocks: a reviewer may know better).
 */
import type { FastifyInstance } from 'fastify';
import { getItemForStaff } from '../../catalogue/item-service.ts';
import { scanItem } from '../../catalogue/workflow-service.ts';
import { checkBeforePublish } from '../../monitoring/monitoring-service.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';

/** Registers GET /admin/catalogue/:id/precheck. */
export async function registerCataloguePrecheckRoute(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { id: string } }>('/admin/catalogue/:id/precheck', async (req, reply) => {
    const p = requirePrincipal(req);
    const item = await getItemForStaff(ctx, p, req.params.id);
    const t = translator(req.lang);
    const base = ctx.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    const [warnings, attachmentPii] = await Promise.all([checkBeforePublish(item.bodyHtml, [], base), scanItem(ctx.db, item)]);
    const all = [
      ...warnings.map((w) => w.message),
      ...attachmentPii.map((f) => t(`正文或附件含疑似${f.kind}：${f.masked}`, `Possible ${f.kind} in the text or attachments: ${f.masked}`)),
    ];
    const unique = [...new Set(all)];
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('发布前检查', 'Pre-publication check')} breadcrumbs={[{ href: `/admin/catalogue/${item.id}`, label: item.title }]}>
        <h1>{t('发布前检查', 'Pre-publication check')}：{item.title}</h1>
        <p>{t('检查正文中的链接能否打开，以及正文和附件中是否含未遮蔽的身份证号、手机号、银行卡号。', 'Checks that the links in the text open, and that the text and attachments hold no unmasked ID, phone or bank card numbers.')}</p>
        {unique.length
          ? <div class="notice warn" role="status"><p>{t(`发现 ${unique.length} 个问题：`, `${unique.length} problems found:`)}</p><ul>{unique.map((m) => <li>{m}</li>)}</ul></div>
          : <p class="notice ok" role="status">{t('未发现失效链接或个人信息。', 'No broken links or personal data found.')}</p>}
        <p><a href={`/admin/catalogue/${item.id}`}>{t('返回审核', 'Back to the review')}</a></p>
      </AdminLayout>);
  });
}

/**
 * The public page of one item: the catalogue metadata table (domain.md §4.1: 索引号, 分类, 发布机构, 发文字号, 成文日期,
 * 发布日期, 有效性, 主题词), the body, attachments, the validity banner of superseded normative documents, linked
 * interpretations and related items. Withdrawn items answer 410 with their public explanation only.
 */
import type { FastifyInstance } from 'fastify';
import { INTERPRETATION_FORMS, INTERPRETATION_FORMS_EN, validityBanner } from '../../catalogue/catalogue.ts';
import { getAgencyById } from '../../catalogue/agency-lookup.ts';
import { documentUrl } from '../../catalogue/catalogue-indexing.ts';
import {
  findWithdrawal, getPublished, itemLinks, publishedAttachmentFile, publishedAttachments,
} from '../../catalogue/catalogue-query.ts';
import { loadCategoryTree } from '../../catalogue/catalogue-settings.ts';
import { NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { Layout } from '../shared/layout.tsx';
import { sendCachedPage } from '../shared/page-cache-hook.ts';
import { sendPage } from '../shared/render.tsx';
import { agencyNav } from './agency-nav.ts';
import { ItemList, validityLabel } from './catalogue-views.tsx';

function fileSize(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Registers /documents/:id and its attachments. */
export async function registerDocumentPageRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { id: string } }>('/documents/:id', async (req, reply) => {
    const t = translator(req.lang);
    let item;
    try {
      item = await getPublished(ctx, req.params.id);
    } catch (err) {
      const w = err instanceof NotFound ? await findWithdrawal(ctx, req.params.id) : undefined;
      if (!w) throw err;
      reply.header('cache-control', 'no-store');
      return sendPage(req, reply,
        <Layout req={req} title={t('信息已撤回', 'Withdrawn')}>
          <h1>{t('该信息已撤回', 'This information has been withdrawn')}</h1>
          <p>{t(`撤回日期：${w.withdrawnOn}`, `Withdrawn on ${w.withdrawnOn}`)}</p>
          <p>{t('撤回说明：', 'Explanation: ')}{w.reason}</p>
        </Layout>, 410);
    }
    const [agency, tree, links, files] = await Promise.all([
      getAgencyById(ctx, item.agencyId), loadCategoryTree(ctx.db, item.agencyId), itemLinks(ctx, item), publishedAttachments(ctx, item.id),
    ]);
    const banner = validityBanner(item);
    const rows: [string, string | undefined][] = [
      [t('索引号', 'Index number'), item.indexNumber ?? undefined],
      [t('分类', 'Category'), tree.path(item.categoryCode).map((c) => (req.lang === 'en' ? c.en : c.zh)).join(' \\ ')],
      [t('发布机构', 'Issued by'), item.issuer],
      [t('发文字号', 'Document number'), item.documentNumber ?? undefined],
      [t('成文日期', 'Date formed'), item.formedOn ?? undefined],
      [t('发布日期', 'Date published'), item.publishedOn],
      [t('有效性', 'Validity'), item.isNormative ? validityLabel(item.validity, req.lang) : undefined],
      [t('生效日期', 'Effective'), item.isNormative ? item.effectiveOn ?? undefined : undefined],
      [t('主题词', 'Subject words'), item.subjectWords || undefined],
      [t('解读形式', 'Interpretation form'), item.interpretationForm ? (req.lang === 'en' ? INTERPRETATION_FORMS_EN : INTERPRETATION_FORMS)[item.interpretationForm] : undefined],
    ];
    return sendCachedPage(req, reply,
      <Layout req={req} title={item.title} nav={agencyNav(agency.code, req.lang)}
        breadcrumbs={[{ href: `/agencies/${agency.code}`, label: agency.name }, { href: `/agencies/${agency.code}/catalogue?category=${item.categoryCode}`, label: tree.label(item.categoryCode, req.lang) }]}>
        <article class="document">
          {banner ? <div class="notice warn validity-banner" role="note"><p>{t(banner.zh, banner.en)}
            {links.supersededBy ? <> {t('见：', 'See: ')}<a href={documentUrl(links.supersededBy.publicId)}>{links.supersededBy.title}</a>{links.supersededBy.documentNumber ? `（${links.supersededBy.documentNumber}）` : ''}</> : null}</p></div> : null}
          {item.isDemo ? <p class="notice warn">{t('演示数据：本条信息为演示用途生成。', 'Demo data: generated for demonstration.')}</p> : null}
          <h1>{item.title}</h1>
          <table class="doc-meta">
            <caption class="visually-hidden">{t('信息属性', 'Metadata')}</caption>
            <tbody>{rows.filter(([, v]) => v).map(([k, v]) => <tr><th scope="row">{k}</th><td>{v}</td></tr>)}</tbody>
          </table>
          {item.summary ? <p class="summary"><strong>{t('内容概述：', 'Summary: ')}</strong>{item.summary}</p> : null}
          {item.bodyHtml ? <div class="body-text" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} /> : null}
          {item.videoUrl ? <p><a href={item.videoUrl} rel="noopener noreferrer">{t('观看视频解读', 'Watch the video')}</a></p> : null}
          {files.length ? <section aria-labelledby="att-h">
            <h2 id="att-h">{t('附件', 'Attachments')}</h2>
            <ul>{files.map((f) => <li>
              <a href={`${documentUrl(item.publicId)}/files/${f.attachment_id}`}>{f.name}</a> <span class="trace">（{fileSize(f.size)}）</span>
              {f.content_type === 'application/pdf' ? <> · <a href={`${documentUrl(item.publicId)}/files/${f.attachment_id}?inline=1`}>{t('在线预览', 'Preview')}</a></> : null}
            </li>)}</ul>
          </section> : null}
          {links.interprets ? <section aria-labelledby="interp-of-h">
            <h2 id="interp-of-h">{t('解读的文件', 'Document explained')}</h2>
            <ItemList items={[links.interprets]} lang={req.lang} />
          </section> : null}
          {links.interpretations.length ? <section aria-labelledby="interp-h">
            <h2 id="interp-h">{t('政策解读', 'Policy interpretation')}</h2>
            <ItemList items={links.interpretations} lang={req.lang} />
          </section> : null}
          {links.supersedes.length ? <section aria-labelledby="sup-h">
            <h2 id="sup-h">{t('本文件修订或替代的文件', 'Documents this one revises or replaces')}</h2>
            <ItemList items={links.supersedes} lang={req.lang} />
          </section> : null}
          {links.related.length ? <section aria-labelledby="rel-h" class="no-print">
            <h2 id="rel-h">{t('相关信息', 'Related')}</h2>
            <ItemList items={links.related} lang={req.lang} />
          </section> : null}
        </article>
      </Layout>, { agencies: [item.agencyId] });
  });

  app.get<{ Params: { id: string; file: string }; Querystring: { inline?: string } }>('/documents/:id/files/:file', async (req, reply) => {
    if (!/^[a-z0-9]{8,32}$/.test(req.params.id) || !/^[0-9A-Z]{26}$/.test(req.params.file)) throw new NotFound('未找到该附件');
    const f = await publishedAttachmentFile(ctx, req.params.id, req.params.file);
    const inline = req.query.inline === '1' && f.contentType === 'application/pdf';
    reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-cache');
    return reply.type(f.contentType).send(f.bytes);
  });
}

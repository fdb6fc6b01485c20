/**
 * Back-office oversight of the catalogue: the Art. 26 clock (overdue, due soon, on-time rate), 谁起草谁解读 tracking,
 * Art. 18 re-reviews, Art. 44 suggestions, the normative-document clean-up campaign, and bulk import.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { importCatalogue, type ImportError } from '../../catalogue/bulk-import.ts';
import { CLEANUP_DECISIONS, NON_DISCLOSURE_GROUNDS, type CleanupDecision } from '../../catalogue/catalogue.ts';
import {
  cleanupEntries, decideCleanup, draftCleanupAnnouncement, getCleanup, listCleanups, openCleanup, tallyCleanup,
} from '../../catalogue/cleanup-service.ts';
import { missingInterpretations, onTimeRate, publicationClock, recordReview, reviewsDue } from '../../catalogue/oversight-service.ts';
import { closeSuggestion, disclosureSuggestions } from '../../catalogue/request-signals.ts';
import { DomainError } from '../../errors.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { AgencyPicker, mayImportCatalogue, pickAgency, readMultipart, StateBadge } from './catalogue-admin-parts.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, formString, type FieldErrors } from './form-fields.tsx';

function percent(r: number | null): string {
  return r === null ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** Registers the oversight, clean-up and import pages. */
export async function registerCatalogueOversightRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Querystring: Record<string, string> }>('/admin/catalogue/oversight', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const { agency, agencies } = await pickAgency(ctx, p, req.query.agency);
    const year = Number(todayOn(ctx.clock).slice(0, 4));
    const [clock, rateNow, ratePrev, missing, reviews, suggestions] = await Promise.all([
      publicationClock(ctx, p, agency.id), onTimeRate(ctx, agency.id, year), onTimeRate(ctx, agency.id, year - 1),
      missingInterpretations(ctx, p, agency.id), reviewsDue(ctx, p, agency.id), disclosureSuggestions(ctx, p, agency.id),
    ]);
    const mayReview = hasPermission(p, 'content.review', agency.id);
    const mayDraft = hasPermission(p, 'content.draft', agency.id);
    const title = t('时限与解读跟踪', 'Deadlines and interpretations');
    return sendPage(req, reply,
      <AdminLayout req={req} title={title} breadcrumbs={[{ href: `/admin/catalogue?agency=${agency.code}`, label: t('政府信息', 'Government information') }]}>
        <h1>{title} · {agency.name}</h1>
        <AgencyPicker req={req} agencies={agencies} current={agency} action="/admin/catalogue/oversight" />
        <section aria-labelledby="clock-h">
          <h2 id="clock-h">{t('主动公开时限（条例第二十六条：形成之日起20个工作日内）', 'Art. 26: publish within 20 working days')}</h2>
          <p>{t(`按时发布率：${year}年 ${percent(rateNow.rate)}（${rateNow.onTime}/${rateNow.published}）；${year - 1}年 ${percent(ratePrev.rate)}（${ratePrev.onTime}/${ratePrev.published}）`,
            `On time: ${year} ${percent(rateNow.rate)} (${rateNow.onTime}/${rateNow.published}); ${year - 1} ${percent(ratePrev.rate)} (${ratePrev.onTime}/${ratePrev.published})`)}</p>
          {clock.length ? <div class="table-scroll" tabIndex={0}><table>
            <caption class="visually-hidden">{t('待发布信息', 'Unpublished documents')}</caption>
            <thead><tr><th scope="col">{t('标题', 'Title')}</th><th scope="col">{t('状态', 'State')}</th><th scope="col">{t('成文日期', 'Formed')}</th><th scope="col">{t('期限', 'Due')}</th><th scope="col">{t('剩余工作日', 'Working days left')}</th></tr></thead>
            <tbody>{clock.map((c) => <tr class={c.status}>
              <th scope="row"><a href={`/admin/catalogue/${c.item.id}`}>{c.item.title}</a></th><td><StateBadge state={c.item.state} lang={req.lang} /></td>
              <td>{c.item.formedOn}</td><td>{c.dueOn}</td>
              <td>{c.status === 'overdue' ? <span class="badge bad">{t(`已超期${-c.workdaysLeft}个工作日`, `${-c.workdaysLeft} overdue`)}</span> : c.status === 'due_soon' ? <span class="badge warn">{c.workdaysLeft}</span> : c.workdaysLeft}</td>
            </tr>)}</tbody>
          </table></div> : <p>{t('没有待发布的主动公开文件。', 'Nothing waiting.')}</p>}
        </section>
        <section aria-labelledby="interp-h">
          <h2 id="interp-h">{t('缺少政策解读的规范性文件（谁起草谁解读）', 'Normative documents without an interpretation')}</h2>
          {missing.length ? <ul>{missing.map((m) => <li>
            <a href={`/admin/catalogue/${m.item.id}`}>{m.item.title}</a>{m.item.documentNumber ? `（${m.item.documentNumber}）` : ''} · {t(`已发布${m.daysWaiting}天`, `${m.daysWaiting} days`)} ·{' '}
            {m.draftId ? <a href={`/admin/catalogue/${m.draftId}`}>{t('解读办理中', 'Interpretation in progress')}</a>
              : mayDraft ? <a href={`/admin/catalogue/new?agency=${agency.code}&category=zcjd&interprets=${encodeURIComponent(m.item.indexNumber ?? m.item.publicId)}`}>{t('起草解读', 'Draft an interpretation')}</a>
                : t('尚无解读', 'No interpretation yet')}
          </li>)}</ul> : <p>{t('所有现行有效的规范性文件均已发布解读。', 'Every normative document in force has an interpretation.')}</p>}
        </section>
        <section aria-labelledby="review-h">
          <h2 id="review-h">{t('不予主动公开信息的定期审查（条例第十八条）', 'Periodic re-review (Art. 18)')}</h2>
          {reviews.length ? <div class="table-scroll" tabIndex={0}><table>
            <thead><tr><th scope="col">{t('标题', 'Title')}</th><th scope="col">{t('依据', 'Ground')}</th><th scope="col">{t('审查日期', 'Due')}</th><th scope="col">{t('审查', 'Review')}</th></tr></thead>
            <tbody>{reviews.map((i) => <tr>
              <th scope="row"><a href={`/admin/catalogue/${i.id}`}>{i.title}</a></th><td>{i.disclosureGround ? NON_DISCLOSURE_GROUNDS[i.disclosureGround] : ''}</td><td>{i.nextReviewOn}</td>
              <td>{mayReview ? <form method="post" action={`/admin/catalogue/${i.id}/review`} class="inline-form">
                <CsrfField req={req} /><input type="hidden" name="version" value={String(i.version)} />
                <label class="visually-hidden" for={`o-${i.id}`}>{t('结论', 'Outcome')}</label>
                <select id={`o-${i.id}`} name="outcome"><option value="keep">{t('维持', 'Keep')}</option><option value="disclose">{t('转为主动公开', 'Disclose')}</option></select>{' '}
                <label class="visually-hidden" for={`n-${i.id}`}>{t('理由', 'Reason')}</label>
                <input id={`n-${i.id}`} name="note" maxLength={1000} placeholder={t('审查理由', 'Reason')} />{' '}
                <button type="submit" class="secondary">{t('记录', 'Record')}</button>
              </form> : null}</td>
            </tr>)}</tbody>
          </table></div> : <p>{t('近期没有需要审查的信息。', 'Nothing due.')}</p>}
        </section>
        <section aria-labelledby="sugg-h">
          <h2 id="sugg-h">{t('多次被申请的信息（条例第四十四条：可纳入主动公开）', 'Requested repeatedly (Art. 44)')}</h2>
          <p>{t('多个申请人就相同政府信息申请公开，且该信息属于可以公开的，可以纳入主动公开范围。下列信息按予以公开、部分公开的答复计数（同一发文字号或相同名称），建议起草为主动公开信息发布。',
            'Information disclosed on request to several applicants (counted from granted and partly granted replies, by document number or name) may be published proactively; draft it for proactive disclosure.')}</p>
          {suggestions.length ? <ul>{suggestions.map((s) => <li>{s.topic} · {t(`${s.requestCount}次申请`, `${s.requestCount} requests`)}
            {s.itemId ? <> · <a href={`/admin/catalogue/${s.itemId}`}>{t('目录中的信息', 'Catalogue item')}</a></> : null}
            {mayDraft ? <> · <a href={`/admin/catalogue/new?agency=${agency.code}&title=${encodeURIComponent(s.topic)}`}>{t('起草主动公开信息', 'Draft for proactive disclosure')}</a></> : null}
            {mayReview ? <> <form method="post" action={`/admin/catalogue/suggestions/${s.id}`} class="inline"><CsrfField req={req} /><input type="hidden" name="status" value="published" /><button type="submit" class="link-button">{t('已主动公开', 'Now published')}</button></form>
              {' '}<form method="post" action={`/admin/catalogue/suggestions/${s.id}`} class="inline"><CsrfField req={req} /><input type="hidden" name="status" value="dismissed" /><button type="submit" class="link-button">{t('不宜公开', 'Dismiss')}</button></form></> : null}
          </li>)}</ul> : <p>{t('暂无。', 'None.')}</p>}
        </section>
      </AdminLayout>);
  });

  app.post<{ Params: { id: string } }>('/admin/catalogue/:id/review', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const b = req.body as Record<string, unknown>;
    const item = await recordReview(ctx, p, req.params.id, {
      outcome: formString(b, 'outcome') === 'disclose' ? 'disclose' : 'keep', note: formString(b, 'note'), version: Number(formString(b, 'version')) || undefined,
    }, req.ip);
    return reply.redirect(`/admin/catalogue/${item.id}?done=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/catalogue/suggestions/:id', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    await closeSuggestion(ctx, p, req.params.id, formString(req.body, 'status') === 'published' ? 'published' : 'dismissed', req.ip);
    return reply.redirect('/admin/catalogue/oversight', 303);
  });

  const cleanupsPage = async (req: FastifyRequest, reply: FastifyReply, agency: Agency, agencies: Agency[], errors?: FieldErrors, status = 200) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const list = await listCleanups(ctx, p, agency.id);
    const title = t('规范性文件清理', 'Normative document clean-up');
    return sendPage(req, reply,
      <AdminLayout req={req} title={title} breadcrumbs={[{ href: `/admin/catalogue?agency=${agency.code}`, label: t('政府信息', 'Government information') }]}>
        <h1>{title} · {agency.name}</h1>
        <AgencyPicker req={req} agencies={agencies} current={agency} action="/admin/catalogue/cleanups" />
        {list.length ? <ul>{list.map((c) => <li><a href={`/admin/catalogue/cleanups/${c.id}`}>{c.title}</a> · {c.state === 'announced' ? t('已公布', 'Announced') : t('进行中', 'Open')} · {c.createdAt.slice(0, 10)}</li>)}</ul> : <p>{t('暂无清理工作。', 'No campaigns yet.')}</p>}
        {hasPermission(p, 'content.draft', agency.id) ? <form method="post" action={`/admin/catalogue/cleanups?agency=${agency.code}`} class="stacked panel">
          <h2>{t('开展清理', 'Open a campaign')}</h2>
          <CsrfField req={req} /><ErrorSummary req={req} errors={errors} />
          <Field req={req} name="title" label={t('名称', 'Name')} errors={errors} required maxLength={100} />
          <Field req={req} name="coversFrom" label={t('清理范围：成文日期自', 'Documents formed since')} type="date" errors={errors} required />
          <button type="submit">{t('开始', 'Open')}</button>
        </form> : null}
      </AdminLayout>, status);
  };

  app.get<{ Querystring: Record<string, string> }>('/admin/catalogue/cleanups', async (req, reply) => {
    const { agency, agencies } = await pickAgency(ctx, requirePrincipal(req), req.query.agency);
    return cleanupsPage(req, reply, agency, agencies);
  });

  app.post<{ Querystring: Record<string, string> }>('/admin/catalogue/cleanups', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const { agency, agencies } = await pickAgency(ctx, p, req.query.agency);
    try {
      const c = await openCleanup(ctx, p, agency.id, { title: formString(req.body, 'title'), coversFrom: formString(req.body, 'coversFrom') }, req.ip);
      return reply.redirect(`/admin/catalogue/cleanups/${c.id}`, 303);
    } catch (err) {
      return cleanupsPage(req, reply, agency, agencies, fieldErrorsOf(err), 422);
    }
  });

  const cleanupPage = async (req: FastifyRequest, reply: FastifyReply, id: string, errors?: FieldErrors, status = 200) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const c = await getCleanup(ctx, p, id);
    const entries = await cleanupEntries(ctx, p, id);
    const tally = tallyCleanup(entries);
    const editable = c.state === 'open' && hasPermission(p, 'content.draft', c.agencyId);
    return sendPage(req, reply,
      <AdminLayout req={req} title={c.title} breadcrumbs={[{ href: '/admin/catalogue/cleanups', label: t('规范性文件清理', 'Clean-up') }]}>
        <h1>{c.title}</h1>
        <ErrorSummary req={req} errors={errors} />
        <p>{t(`范围：${c.coversFrom} 以来成文的现行有效规范性文件，共 ${entries.length} 件。继续施行 ${tally.continue} 件，修订 ${tally.revise} 件，废止 ${tally.repeal} 件，未决定 ${tally.undecided} 件。`,
          `${entries.length} documents since ${c.coversFrom}: continue ${tally.continue}, revise ${tally.revise}, repeal ${tally.repeal}, undecided ${tally.undecided}.`)}</p>
        {c.announcementItemId ? <p><a href={`/admin/catalogue/${c.announcementItemId}`}>{t('清理结果公告', 'The announcement')}</a>{c.state === 'announced' ? t('（已公布，废止决定已生效）', ' (published; repeals applied)') : t('（审核发布后，废止决定生效）', ' (repeals apply when it is published)')}</p> : null}
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('文件', 'Document')}</th><th scope="col">{t('发文字号', 'Doc. no.')}</th><th scope="col">{t('成文日期', 'Formed')}</th><th scope="col">{t('决定', 'Decision')}</th></tr></thead>
          <tbody>{entries.map((e) => <tr>
            <th scope="row"><a href={`/admin/catalogue/${e.item.id}`}>{e.item.title}</a></th><td>{e.item.documentNumber ?? ''}</td><td>{e.item.formedOn}</td>
            <td>{editable ? <form method="post" action={`/admin/catalogue/cleanups/${c.id}/decisions`} class="inline-form">
              <CsrfField req={req} /><input type="hidden" name="itemId" value={e.item.id} />
              <label class="visually-hidden" for={`d-${e.item.id}`}>{t('清理决定', 'Decision')}</label>
              <select id={`d-${e.item.id}`} name="decision"><option value="">{t('未决定', 'Undecided')}</option>
                {(Object.keys(CLEANUP_DECISIONS) as CleanupDecision[]).map((d) => <option value={d} selected={d === e.decision}>{CLEANUP_DECISIONS[d]}</option>)}</select>{' '}
              <button type="submit" class="secondary">{t('保存', 'Save')}</button>
            </form> : e.decision ? CLEANUP_DECISIONS[e.decision] : t('未决定', 'Undecided')}</td>
          </tr>)}</tbody>
        </table></div>
        {editable && !c.announcementItemId ? <form method="post" action={`/admin/catalogue/cleanups/${c.id}/announcement`} class="stacked panel">
          <h2>{t('起草清理结果公告', 'Draft the announcement')}</h2>
          <CsrfField req={req} />
          <Field req={req} name="title" label={t('标题', 'Title')} value={t('关于公布行政规范性文件清理结果的公告', 'Announcement of the clean-up results')} errors={errors} required />
          <Field req={req} name="documentNumber" label={t('发文字号', 'Document number')} errors={errors} hint={t('如：甘科政〔2020〕13号', 'e.g. 甘科政〔2020〕13号')} />
          <Field req={req} name="formedOn" label={t('成文日期', 'Date formed')} type="date" value={todayOn(ctx.clock)} errors={errors} required />
          <button type="submit">{t('生成公告草稿', 'Create the draft')}</button>
        </form> : null}
      </AdminLayout>, status);
  };

  app.get<{ Params: { id: string } }>('/admin/catalogue/cleanups/:id', async (req, reply) => cleanupPage(req, reply, req.params.id));

  app.post<{ Params: { id: string } }>('/admin/catalogue/cleanups/:id/decisions', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    try {
      await decideCleanup(ctx, p, req.params.id, formString(req.body, 'itemId'), formString(req.body, 'decision'), '', req.ip);
    } catch (err) {
      return cleanupPage(req, reply, req.params.id, fieldErrorsOf(err), 422);
    }
    return reply.redirect(`/admin/catalogue/cleanups/${req.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/catalogue/cleanups/:id/announcement', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    try {
      const item = await draftCleanupAnnouncement(ctx, p, req.params.id, {
        title: formString(req.body, 'title'), documentNumber: formString(req.body, 'documentNumber'), formedOn: formString(req.body, 'formedOn'),
      }, req.ip);
      return reply.redirect(`/admin/catalogue/${item.id}`, 303);
    } catch (err) {
      return cleanupPage(req, reply, req.params.id, fieldErrorsOf(err), 422);
    }
  });

  const importPage = async (req: FastifyRequest, reply: FastifyReply, agency: Agency, agencies: Agency[], o: { errors?: FieldErrors; rows?: ImportError[]; done?: string; status?: number } = {}) => {
    const t = translator(req.lang);
    const title = t('批量导入', 'Bulk import');
    return sendPage(req, reply,
      <AdminLayout req={req} title={title} breadcrumbs={[{ href: `/admin/catalogue?agency=${agency.code}`, label: t('政府信息', 'Government information') }]}>
        <h1>{title} · {agency.name}</h1>
        <AgencyPicker req={req} agencies={agencies} current={agency} action="/admin/catalogue/import" />
        {o.done ? <p class="notice ok" role="status">{o.done}</p> : null}
        <ErrorSummary req={req} errors={o.errors} />
        {o.rows?.length ? <div class="table-scroll" tabIndex={0}><table>
          <caption>{t('错误明细（未导入任何数据）', 'Errors (nothing was imported)')}</caption>
          <thead><tr><th scope="col">{t('行', 'Row')}</th><th scope="col">{t('列', 'Column')}</th><th scope="col">{t('问题', 'Problem')}</th></tr></thead>
          <tbody>{o.rows.map((e) => <tr><td>{e.row}</td><td>{e.column}</td><td>{e.message}</td></tr>)}</tbody>
        </table></div> : null}
        <p>{t('表格第1行为表头，可用列：索引号、标题、发文字号、分类、发布机构、主题词、内容概述、成文日期、发布日期、公开属性、不予公开依据、有效性、正文、附件（压缩包中的文件名，多个用分号分隔）。有发布日期的主动公开信息直接发布；其余登记入目录。',
          'Row 1 is the header. Columns: 索引号, 标题, 发文字号, 分类, 发布机构, 主题词, 内容概述, 成文日期, 发布日期, 公开属性, 不予公开依据, 有效性, 正文, 附件.')}</p>
        {mayImportCatalogue(requirePrincipal(req), agency.id) ? <form method="post" action={`/admin/catalogue/import?agency=${agency.code}`} enctype="multipart/form-data" class="stacked">
          <CsrfField req={req} />
          <Field req={req} name="file" label={t('目录表格（.xlsx 或 .csv）', 'Spreadsheet (.xlsx or .csv)')} type="file" errors={o.errors} required />
          <Field req={req} name="zip" label={t('附件压缩包（.zip，可选）', 'Attachments (.zip, optional)')} type="file" errors={o.errors} />
          <button type="submit">{t('导入', 'Import')}</button>
        </form> : <p class="notice" role="note">{t('批量导入会直接发布信息，需要在本机构同时具有起草和审核发布的权限。', 'Bulk import publishes items, so it takes both drafting and review rights at this agency.')}</p>}
      </AdminLayout>, o.status ?? 200);
  };

  app.get<{ Querystring: Record<string, string> }>('/admin/catalogue/import', async (req, reply) => {
    const { agency, agencies } = await pickAgency(ctx, requirePrincipal(req), req.query.agency);
    return importPage(req, reply, agency, agencies);
  });

  app.post<{ Querystring: Record<string, string> }>('/admin/catalogue/import', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const { agency, agencies } = await pickAgency(ctx, p, req.query.agency);
    const { files } = await readMultipart(req);
    try {
      if (!files.file) return importPage(req, reply, agency, agencies, { errors: { file: '请选择要导入的表格' }, status: 422 });
      const r = await importCatalogue(ctx, p, agency.id, files.file, files.zip, req.ip);
      return importPage(req, reply, agency, agencies, { done: t(`已导入 ${r.imported} 条，其中发布 ${r.published} 条，附件 ${r.attachments} 个。`, `Imported ${r.imported} (${r.published} published, ${r.attachments} attachments).`) });
    } catch (err) {
      const rows = err instanceof DomainError && err.code === 'import_failed' ? (err.details as { errors: ImportError[] }).errors : undefined;
      return importPage(req, reply, agency, agencies, { errors: fieldErrorsOf(err), rows, status: 422 });
    }
  });
}

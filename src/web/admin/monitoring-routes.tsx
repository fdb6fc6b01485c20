/**
 * Back office of website health (issue: website health): per-agency dashboard with the predicted standing on each
 * inspection indicator, the trend of open findings (echarts SVG), the findings as tasks with owner and due date,
 * and a "check now" action.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, agenciesWithPermission, hasPermission } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { FINDING_KINDS, INDICATORS, type Indicator } from '../../monitoring/monitoring.ts';
import {
  assignFinding, getFinding, getMonitoringDashboard, listFindingOwners, runSiteCheck,
} from '../../monitoring/monitoring-service.ts';
import { websiteYearFigures, websiteYearFiguresXlsx } from '../../monitoring/website-report.ts';
import { renderChartSvg } from '../../platform/charts/svg-chart.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, formString, type FieldErrors } from './form-fields.tsx';

const STANDING: Record<'fail' | 'deduct' | 'pass', [string, string, string]> = {
  fail: ['单项否决风险', 'Veto risk', 'bad'],
  deduct: ['扣分项', 'Deductions', 'warn'],
  pass: ['正常', 'OK', 'ok'],
};

function kindLabel(kind: string, lang: Lang): string {
  const k = FINDING_KINDS[kind as keyof typeof FINDING_KINDS];
  return k ? (lang === 'en' ? k.en : k.zh) : kind;
}

/** Registers the website-health pages. */
export async function registerMonitoringAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin/monitoring', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const ids = new Set(agenciesWithPermission(p, 'content.read'));
    const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
    if (agencies.length === 1) return reply.redirect(`/admin/monitoring/${agencies[0].code}`, 303);
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('网站健康检查', 'Website health')}>
        <h1>{t('网站健康检查', 'Website health')}</h1>
        <ul>{agencies.map((a) => <li><a href={`/admin/monitoring/${a.code}`}>{a.name}</a></li>)}</ul>
      </AdminLayout>);
  });

  app.get<{ Params: { code: string }; Querystring: { indicator?: string; ran?: string } }>('/admin/monitoring/:code', async (req, reply) => {
    const p = requirePrincipal(req);
    const d = await getMonitoringDashboard(ctx, p, req.params.code);
    const t = translator(req.lang);
    const indicator = (req.query.indicator && req.query.indicator in INDICATORS ? req.query.indicator : undefined) as Indicator | undefined;
    const shown = indicator ? d.open.filter((f) => f.indicator === indicator) : d.open;
    // Assigning findings takes monitoring.manage; readers (auditors, supervisors, reviewers…) see the list without the link.
    const canAssign = shown.length > 0 && hasPermission(p, 'monitoring.manage', shown[0].agencyId);
    const runs = [...d.runs].reverse();
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('网站健康检查', 'Website health')} breadcrumbs={[{ href: '/admin/monitoring', label: t('网站健康检查', 'Website health') }]}>
        <h1>{d.agencyName} · {t('网站健康检查', 'Website health')}</h1>
        {req.query.ran ? <p class="notice ok" role="status">{t('检查已完成。', 'The check has finished.')}</p> : null}
        <form method="post" action={`/admin/monitoring/${d.agencyCode}/run`} class="no-print">
          <CsrfField req={req} />
          <button type="submit">{t('立即检查', 'Check now')}</button>{' '}
          <span class="hint">{t('检查门户页面、正文和附件中的链接、栏目更新和个人信息。', 'Checks portal pages, links in content and attachments, column updates and personal data.')}</span>
        </form>
        <p><a href={`/admin/monitoring/${d.agencyCode}/annual-figures`}>{t('政府网站工作年度报表（平台可统计数据）', 'Website annual report figures')}</a></p>
        <h2>{t('各项指标预判', 'Predicted standing per indicator')}</h2>
        <div class="table-scroll" tabIndex={0}><table>
          <caption class="visually-hidden">{t('按《政府网站与政务新媒体检查指标》预判', 'Per the national inspection indicators')}</caption>
          <thead><tr><th scope="col">{t('指标', 'Indicator')}</th><th scope="col">{t('类型', 'Kind')}</th><th scope="col">{t('未解决问题', 'Open findings')}</th><th scope="col">{t('预判', 'Standing')}</th></tr></thead>
          <tbody>{(Object.keys(INDICATORS) as Indicator[]).map((k) => {
            const s = STANDING[d.standing[k]];
            const n = d.open.filter((f) => f.indicator === k).length;
            return <tr>
              <th scope="row"><a href={`/admin/monitoring/${d.agencyCode}?indicator=${k}`}>{t(INDICATORS[k].zh, INDICATORS[k].en)}</a></th>
              <td>{INDICATORS[k].veto ? t('单项否决指标', 'Single veto') : t('扣分指标', 'Score item')}</td>
              <td>{n}</td>
              <td><span class={`badge ${s[2]}`}>{t(s[0], s[1])}</span></td>
            </tr>;
          })}</tbody>
        </table></div>
        {runs.length ? <>
          <h2>{t('未解决问题趋势', 'Open findings over time')}</h2>
          <figure>
            <img src={`/admin/monitoring/${d.agencyCode}/trend.svg?lang=${req.lang}`} width={720} height={300}
              alt={t(`最近${runs.length}次检查的未解决问题数：`, `Open findings in the last ${runs.length} checks: `) + runs.map((r) => r.openFindings).join('、')} />
            <figcaption>{t('按指标统计的未解决问题数（最近30次检查）', 'Open findings by indicator (last 30 checks)')}</figcaption>
          </figure>
          <h2>{t('检查记录', 'Check runs')}</h2>
          <div class="table-scroll" tabIndex={0}><table>
            <thead><tr><th scope="col">{t('开始时间', 'Started')}</th><th scope="col">{t('方式', 'Trigger')}</th><th scope="col">{t('页面', 'Pages')}</th><th scope="col">{t('链接', 'Links')}</th><th scope="col">{t('未解决', 'Open')}</th><th scope="col">{t('状态', 'Status')}</th></tr></thead>
            <tbody>{d.runs.slice(0, 10).map((r) => <tr><td>{r.startedAt.replace('T', ' ').slice(0, 19)}</td><td>{r.trigger}</td><td>{r.pages}</td><td>{r.links}</td><td>{r.openFindings}</td><td>{r.status}{r.stoppedBy && r.stoppedBy !== 'done' ? `（${r.stoppedBy}）` : ''}</td></tr>)}</tbody>
          </table></div>
        </> : <p class="notice">{t('尚未检查过。', 'No check has run yet.')}</p>}
        <h2 id="findings">{indicator ? `${t('问题清单', 'Findings')}：${t(INDICATORS[indicator].zh, INDICATORS[indicator].en)}` : t('问题清单', 'Findings')}（{shown.length}）</h2>
        {shown.length ? <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('问题', 'Problem')}</th><th scope="col">{t('严重程度', 'Severity')}</th><th scope="col">{t('页面与位置', 'Page and place')}</th><th scope="col">{t('详情', 'Detail')}</th><th scope="col">{t('首次/最近发现', 'First / last seen')}</th><th scope="col">{t('整改期限', 'Due')}</th>{canAssign ? <th scope="col"><span class="visually-hidden">{t('操作', 'Actions')}</span></th> : null}</tr></thead>
          <tbody>{shown.slice(0, 500).map((f) => <tr>
            <td>{kindLabel(f.kind, req.lang)}</td>
            <td><span class={`badge ${f.severity === 'veto' ? 'bad' : 'warn'}`}>{f.severity === 'veto' ? t('单项否决', 'Veto') : t('扣分', 'Score')}</span></td>
            <td><a href={f.page} rel="noopener noreferrer">{f.page}</a>{f.place ? <><br />{t('位置：', 'At: ')}{f.place}</> : null}</td>
            <td>{f.detail}{f.target && f.target !== f.page && /^https?:/.test(f.target) ? <><br /><code>{f.target}</code></> : null}</td>
            <td>{f.firstSeenAt.slice(0, 10)} / {f.lastSeenAt.slice(0, 10)}</td>
            <td>{f.dueOn ?? ''}</td>
            {canAssign ? <td><a href={`/admin/monitoring/findings/${f.id}`}>{t('分派', 'Assign')}</a></td> : null}
          </tr>)}</tbody>
        </table></div> : <p>{t('没有未解决的问题。', 'No open findings.')}</p>}
      </AdminLayout>);
  });

  app.get<{ Params: { code: string } }>('/admin/monitoring/:code/trend.svg', async (req, reply) => {
    const p = requirePrincipal(req);
    const d = await getMonitoringDashboard(ctx, p, req.params.code);
    const t = translator(req.lang);
    const runs = [...d.runs].reverse();
    const svg = renderChartSvg({
      kind: 'bar', stacked: true,
      categories: runs.map((r) => r.startedAt.slice(5, 10)),
      series: (Object.keys(INDICATORS) as Indicator[]).map((k) => ({ name: t(INDICATORS[k].zh, INDICATORS[k].en), values: runs.map((r) => r.byIndicator[k] ?? 0) })),
    });
    reply.header('cache-control', 'private, no-store');
    return reply.type('image/svg+xml; charset=utf-8').send(svg);
  });

  app.get<{ Params: { code: string }; Querystring: { year?: string; format?: string } }>('/admin/monitoring/:code/annual-figures', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const thisYear = Number(new Date().toISOString().slice(0, 4));
    const year = /^\d{4}$/.test(req.query.year ?? '') ? Number(req.query.year) : thisYear - 1;
    const { agencyName, figures } = await websiteYearFigures(ctx, p, req.params.code, year);
    if (req.query.format === 'xlsx') {
      const bytes = await websiteYearFiguresXlsx(agencyName, year, figures);
      return reply
        .header('content-disposition', `attachment; filename="website-report-${req.params.code}-${year}.xlsx"`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(bytes);
    }
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('政府网站工作年度报表', 'Website annual report figures')} breadcrumbs={[{ href: `/admin/monitoring/${req.params.code}`, label: t('网站健康检查', 'Website health') }]}>
        <h1>{agencyName} · {t(`政府网站工作年度报表（${year}年度）`, `Website annual report figures (${year})`)}</h1>
        <p>{t('以下为平台可自行统计的数据（国办函〔2018〕12号）；访问量、新媒体等由相关系统填报。', 'Figures the platform counts itself; visits and new-media figures come from other systems.')}</p>
        <form method="get" class="no-print">
          <label for="year">{t('年度', 'Year')}</label> <input id="year" name="year" inputMode="numeric" value={String(year)} maxLength={4} />{' '}
          <button type="submit" class="secondary">{t('查看', 'Show')}</button>{' '}
          <a class="button" href={`/admin/monitoring/${req.params.code}/annual-figures?year=${year}&format=xlsx`}>{t('导出 XLSX', 'Export XLSX')}</a>
        </form>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('栏目', 'Section')}</th><th scope="col">{t('指标', 'Item')}</th><th scope="col">{t('数值', 'Value')}</th><th scope="col">{t('单位', 'Unit')}</th></tr></thead>
          <tbody>{figures.map((f) => <tr><td>{f.section}</td><th scope="row">{f.item}</th><td>{f.value ?? '—'}</td><td>{f.unit}</td></tr>)}</tbody>
        </table></div>
      </AdminLayout>);
  });

  app.post<{ Params: { code: string } }>('/admin/monitoring/:code/run', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const baseUrl = ctx.config.publicUrl ?? `http://127.0.0.1:${req.socket.localPort}`;
    const dash = await getMonitoringDashboard(ctx, p, req.params.code); // read check before the work
    await runSiteCheck(ctx, dash.agencyCode, { baseUrl, trigger: 'manual', actor: actorOf(p, req.ip), maxLinks: 3000, maxDurationMs: 120_000 });
    return reply.redirect(`/admin/monitoring/${dash.agencyCode}?ran=1`, 303);
  });

  const findingPage = async (req: FastifyRequest<{ Params: { id: string } }>, errors?: FieldErrors, values?: Record<string, string>) => {
    const p = requirePrincipal(req);
    const f = await getFinding(ctx, p, req.params.id);
    const owners = await listFindingOwners(ctx, p, f.agencyCode);
    const t = translator(req.lang);
    const v = values ?? { ownerUserId: f.ownerUserId ?? '', dueOn: f.dueOn ?? '', note: f.note };
    const canAssign = hasPermission(p, 'monitoring.manage', f.agencyId);
    const title = canAssign ? t('分派整改任务', 'Assign the finding') : t('整改任务', 'Finding');
    return <AdminLayout req={req} title={title} breadcrumbs={[{ href: `/admin/monitoring/${f.agencyCode}`, label: t('网站健康检查', 'Website health') }]}>
      <h1>{title}</h1>
      <dl class="meta">
        <dt>{t('问题', 'Problem')}</dt><dd>{kindLabel(f.kind, req.lang)}（{f.severity === 'veto' ? t('单项否决', 'veto') : t('扣分', 'score')}）</dd>
        <dt>{t('页面', 'Page')}</dt><dd><a href={f.page} rel="noopener noreferrer">{f.page}</a></dd>
        <dt>{t('位置', 'Place')}</dt><dd>{f.place}</dd>
        <dt>{t('详情', 'Detail')}</dt><dd>{f.detail}</dd>
        <dt>{t('状态', 'Status')}</dt><dd>{f.status === 'open' ? t('未解决', 'Open') : t('已解决', 'Resolved')}</dd>
        {!canAssign ? <>
          <dt>{t('责任人', 'Owner')}</dt><dd>{owners.find((o) => o.id === f.ownerUserId)?.name ?? t('（未指定）', '(none)')}</dd>
          <dt>{t('整改期限', 'Due date')}</dt><dd>{f.dueOn ?? '—'}</dd>
          <dt>{t('备注', 'Note')}</dt><dd>{f.note || '—'}</dd>
        </> : null}
      </dl>
      {canAssign ? <><ErrorSummary req={req} errors={errors} labels={{ ownerUserId: t('责任人', 'Owner'), dueOn: t('整改期限', 'Due date'), note: t('备注', 'Note') }} />
      <form method="post" class="stacked" action={`/admin/monitoring/findings/${f.id}`}>
        <CsrfField req={req} />
        <Field req={req} name="ownerUserId" label={t('责任人', 'Owner')} value={v.ownerUserId} errors={errors}
          options={[{ value: '', label: t('（未指定）', '(none)') }, ...owners.map((o) => ({ value: o.id, label: o.name }))]} />
        <Field req={req} name="dueOn" type="date" label={t('整改期限', 'Due date')} value={v.dueOn} errors={errors} />
        <Field req={req} name="note" label={t('备注', 'Note')} value={v.note} errors={errors} multiline maxLength={2000} />
        <button type="submit">{t('保存', 'Save')}</button>
      </form></> : null}
    </AdminLayout>;
  };

  app.get<{ Params: { id: string } }>('/admin/monitoring/findings/:id', async (req, reply) => sendPage(req, reply, await findingPage(req)));

  app.post<{ Params: { id: string } }>('/admin/monitoring/findings/:id', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const values = { ownerUserId: formString(req.body, 'ownerUserId'), dueOn: formString(req.body, 'dueOn'), note: formString(req.body, 'note') };
    try {
      const f = await assignFinding(ctx, p, req.params.id, { ownerUserId: values.ownerUserId || null, dueOn: values.dueOn || null, note: values.note }, req.ip);
      const a = await getFinding(ctx, p, f.id);
      return reply.redirect(`/admin/monitoring/${a.agencyCode}#findings`, 303);
    } catch (err) {
      return sendPage(req, reply, await findingPage(req, fieldErrorsOf(err), values), 422);
    }
  });
}

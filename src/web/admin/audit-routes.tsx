/** The audit log for auditors (security.md "audit"): filter by actor, action, object, agency and dates; paginated. */
import type { FastifyInstance } from 'fastify';
import { agenciesWithPermission, hasPermission } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { browseAudit, type AuditQuery } from '../../audit/audit-browse.ts';
import { InvalidInput } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { ErrorSummary, Field, type FieldErrors } from './form-fields.tsx';

const FILTERS = ['actor', 'action', 'objectType', 'objectId', 'agency', 'from', 'to'] as const;

/** Shanghai wall-clock time of an instant, `YYYY-MM-DD HH:mm:ss`. */
function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Registers the audit log page. */
export async function registerAuditAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin/audit', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const raw = req.query as Record<string, unknown>;
    const v: Record<string, string> = {};
    for (const k of [...FILTERS, 'page'] as const) if (typeof raw[k] === 'string') v[k] = (raw[k] as string).slice(0, 100);
    const readable = new Set(agenciesWithPermission(p, 'audit.read'));
    const agencies = (await listAgencies(ctx)).filter((a) => readable.has(a.id));
    const agencyId = v.agency ? agencies.find((a) => a.code === v.agency)?.id ?? '\u0000' : undefined;
    const platform = agencies.some((a) => a.parentId === null && hasPermission(p, 'audit.read', a.id));
    const q: AuditQuery = {
      actor: v.actor, action: v.action, objectType: v.objectType, objectId: v.objectId, agencyId, from: v.from, to: v.to,
      page: Number(v.page) || 1, pageSize: 50,
    };
    let errors: FieldErrors | undefined;
    let result: Awaited<ReturnType<typeof browseAudit>> = { rows: [], total: 0, page: 1, pageSize: 50 };
    try {
      result = await browseAudit(ctx, p, q, { platform });
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      errors = err.fields;
    }
    const nameOf = (id: string | null) => (id ? agencies.find((a) => a.id === id)?.shortName ?? id : t('平台', 'Platform'));
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const link = (page: number) => {
      const u = new URLSearchParams({ ...v, page: String(page) });
      return `/admin/audit?${u.toString()}`;
    };
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('审计日志', 'Audit log')}>
        <h1>{t('审计日志', 'Audit log')}</h1>
        <p>{t('审计日志只能追加，每条记录都带有前一条的哈希值；可用 gongkai audit verify 校验。', 'The audit log is append-only and hash-chained; check it with gongkai audit verify.')}</p>
        <ErrorSummary req={req} errors={errors} />
        <form method="get" action="/admin/audit" class="stacked panel filters">
          <div class="grid">
            <Field req={req} name="actor" label={t('操作人（用户名）', 'Actor (username)')} value={v.actor} maxLength={64} />
            <Field req={req} name="action" label={t('操作', 'Action')} hint={t('如 auth.login、agency.edit；可只填前缀', 'e.g. auth.login, agency.edit; a prefix works')} value={v.action} maxLength={64} />
            <Field req={req} name="objectType" label={t('对象类型', 'Object type')} value={v.objectType} maxLength={64} />
            <Field req={req} name="objectId" label={t('对象编号', 'Object id')} value={v.objectId} maxLength={64} />
            <Field req={req} name="agency" label={t('机构', 'Agency')} value={v.agency ?? ''}
              options={[{ value: '', label: t('全部', 'All') }, ...agencies.map((a) => ({ value: a.code, label: a.name }))]} />
            <Field req={req} name="from" type="date" label={t('开始日期', 'From')} value={v.from} errors={errors} />
            <Field req={req} name="to" type="date" label={t('结束日期', 'To')} value={v.to} errors={errors} />
          </div>
          <button type="submit">{t('筛选', 'Filter')}</button> <a href="/admin/audit">{t('清除条件', 'Clear')}</a>
        </form>
        <p role="status">{t(`共 ${result.total} 条`, `${result.total} entries`)}</p>
        <div class="table-scroll" tabIndex={0}><table>
          <caption class="visually-hidden">{t('审计记录，最新的在前', 'Audit entries, newest first')}</caption>
          <thead><tr>
            <th scope="col">{t('序号', 'No.')}</th><th scope="col">{t('时间（北京时间）', 'Time (Beijing)')}</th>
            <th scope="col">{t('操作人', 'Actor')}</th><th scope="col">{t('机构', 'Agency')}</th>
            <th scope="col">{t('操作', 'Action')}</th><th scope="col">{t('对象', 'Object')}</th>
            <th scope="col">{t('摘要', 'Summary')}</th><th scope="col">IP</th>
          </tr></thead>
          <tbody>
            {result.rows.map((r) => (
              <tr>
                <td>{r.seq}</td><td><time dateTime={r.at}>{shanghaiTime(r.at)}</time></td><td>{r.actorLabel}</td>
                <td>{nameOf(r.agencyId)}</td><td><code>{r.action}</code></td>
                <td>{r.objectType}{r.objectId ? <> <code>{r.objectId}</code></> : null}</td>
                <td><code class="summary">{r.summary === '{}' ? '' : r.summary}</code></td><td>{r.ip}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
        <nav class="pager" aria-label={t('分页', 'Pages')}>
          {result.page > 1 ? <a href={link(result.page - 1)} rel="prev">{t('上一页', 'Previous')}</a> : null}
          <span>{t(`第 ${result.page} / ${pages} 页`, `Page ${result.page} of ${pages}`)}</span>
          {result.page < pages ? <a href={link(result.page + 1)} rel="next">{t('下一页', 'Next')}</a> : null}
        </nav>
      </AdminLayout>, errors ? 422 : 200);
  });
}

/** Browsing the audit log (security.md "audit"): auditors filter by actor, action, object, agency and dates. */
import { agenciesWithPermission, type Principal } from '../accounts/principal.ts';
import { Forbidden, InvalidInput } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { selectAuditRows, type AuditRow } from './audit-store.ts';

/** The filters of the audit page. Dates are Asia/Shanghai calendar dates, inclusive. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  agencyId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC instant at which an Asia/Shanghai (UTC+8, no DST) calendar date begins. */
function shanghaiMidnight(date: string, plusDays = 0): string {
  const t = Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000;
  return new Date(t).toISOString();
}

/**
 * A page of entries the principal may read: entries of agencies where they hold `audit.read`; platform entries
 * (no agency: logins, setup) only for those who hold it at a top-level agency's level, i.e. anywhere when `platform`.
 */
export async function browseAudit(
  ctx: Ctx, p: Principal | undefined, q: AuditQuery, opts: { platform: boolean },
): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number }> {
  if (!p) throw new Forbidden();
  const readable = agenciesWithPermission(p, 'audit.read');
  if (!readable.length) throw new Forbidden();
  const fields: Record<string, string> = {};
  if (q.from && !DATE.test(q.from)) fields.from = '日期格式应为 YYYY-MM-DD';
  if (q.to && !DATE.test(q.to)) fields.to = '日期格式应为 YYYY-MM-DD';
  if (Object.keys(fields).length) throw new InvalidInput('筛选条件有误', fields);
  if (q.agencyId && !readable.includes(q.agencyId)) throw new Forbidden();
  const page = Math.max(1, Math.min(10_000, Math.floor(q.page ?? 1)));
  const pageSize = Math.max(1, Math.min(100, Math.floor(q.pageSize ?? 50)));
  const { rows, total } = await selectAuditRows(ctx.db, {
    agencyIds: q.agencyId ? [q.agencyId] : readable,
    includePlatform: opts.platform && !q.agencyId,
    actor: q.actor?.trim() || undefined,
    action: q.action?.trim() || undefined,
    objectType: q.objectType?.trim() || undefined,
    objectId: q.objectId?.trim() || undefined,
    from: q.from ? shanghaiMidnight(q.from) : undefined,
    to: q.to ? shanghaiMidnight(q.to, 1) : undefined,
    page, pageSize,
  });
  return { rows, total, page, pageSize };
}

/** Shared parts of the registers' and mailbox's back-office pages: agency chooser, guard, tabs, form helpers. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { agenciesWithPermission, assertPermission, hasPermission, type Permission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { getAgency, listAgencies } from '../../agencies/agency-service.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';

/** The agency of `:code` when the signed-in user holds `permission` there (Forbidden otherwise). */
export async function staffAgency(ctx: Ctx, req: FastifyRequest, code: string, permission: Permission): Promise<Agency> {
  const p = requirePrincipal(req);
  const a = await getAgency(ctx, code);
  assertPermission(p, permission, a.id);
  return a;
}

/**
 * True when the signed-in user may change the agency's registers: forms, edit links and buttons are shown only then
 * (read-only roles such as auditors and supervisors would get 403 on submit; the services check again).
 */
export function mayEditRegisters(req: FastifyRequest, agencyId: string): boolean {
  return !!req.principal && hasPermission(req.principal, 'registers.edit', agencyId);
}

/** The labels of coded values (kinds, states) in the page's language: the English map on English pages. */
export function coded<K extends string>(req: FastifyRequest, zh: Readonly<Record<K, string>>, en: Readonly<Record<K, string>>): Readonly<Record<K, string>> {
  return req.lang === 'en' ? en : zh;
}

/** The chooser of agencies where the user holds `permission`; with only one, redirects straight to it. */
export async function sendAgencyChooser(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, opts: { permission: Permission; base: string; titleZh: string; titleEn: string }) {
  const p = requirePrincipal(req);
  const t = translator(req.lang);
  const ids = new Set(agenciesWithPermission(p, opts.permission));
  const agencies = (await listAgencies(ctx)).filter((a) => ids.has(a.id));
  if (agencies.length === 1) return reply.redirect(`${opts.base}/${agencies[0].code}`, 303);
  return sendPage(req, reply,
    <AdminLayout req={req} title={t(opts.titleZh, opts.titleEn)}>
      <h1>{t(opts.titleZh, opts.titleEn)}</h1>
      {agencies.length ? <ul class="list">{agencies.map((a) => <li><a href={`${opts.base}/${a.code}`}>{a.name}</a></li>)}</ul>
        : <p class="notice">{t('您没有可管理的机构。', 'You have no agency to manage here.')}</p>}
    </AdminLayout>);
}

/** Tabs of a section's pages. */
export function AdminTabs({ tabs, current, label }: { tabs: [string, string][]; current: string; label: string }) {
  return (
    <nav class="subnav" aria-label={label}>
      <ul>{tabs.map(([href, text]) => <li><a href={href} aria-current={current === href ? 'page' : undefined}>{text}</a></li>)}</ul>
    </nav>
  );
}

/** The string fields of a urlencoded body. */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf' || k === '__proto__') continue;
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string') out[k] = s;
  }
  return out;
}

/** Splits "a｜b｜c" lines (full- or half-width bar) into trimmed cells; blank lines dropped. */
export function splitLines(text: string | undefined, cells: number): string[][] {
  return (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => {
    const parts = l.split(/[|｜]/).map((x) => x.trim());
    while (parts.length < cells) parts.push('');
    return [...parts.slice(0, cells - 1), parts.slice(cells - 1).join('｜')];
  });
}

/** Folds item-level errors ("legalBasis.2.law") onto their textarea ("legalBasis") with the line number. */
export function foldListErrors(errors: Record<string, string>, lists: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const [head, index] = k.split('.');
    if (lists.includes(head) && index !== undefined && /^\d+$/.test(index)) out[head] ??= `第${Number(index) + 1}行：${v}`;
    else out[k] = v;
  }
  return out;
}

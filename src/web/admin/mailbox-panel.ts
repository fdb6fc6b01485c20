/** The dashboard panel of the mailbox: letters waiting for an answer, overdue ones first (dashboard-panels.ts). */
import { agenciesWithPermission } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { addCalendarDays } from '../../calendar/dates.ts';
import { openLetterCounts } from '../../mailbox/letter-service.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Panel, PanelProvider } from './dashboard-panels.ts';

/** Letters open per agency where the user answers letters; null when there is nothing to show. */
export const mailboxPanel: PanelProvider = async (ctx, principal) => {
  const ids = agenciesWithPermission(principal, 'mailbox.reply');
  if (!ids.length) return null;
  const today = todayOn(ctx.clock);
  const [counts, agencies] = await Promise.all([openLetterCounts(ctx, ids, today, addCalendarDays(today, 3)), listAgencies(ctx)]);
  const items: Panel['items'] = [];
  for (const c of counts) {
    const a = agencies.find((x) => x.id === c.agencyId);
    if (!a || !c.open) continue;
    const href = `/admin/mailbox/${a.code}`;
    if (c.overdue) items.push({ zh: `${a.shortName || a.name}：逾期未答复的来信`, en: `${a.nameEn || a.name}: overdue letters`, href, count: c.overdue, tone: 'bad' });
    if (c.dueSoon) items.push({ zh: `${a.shortName || a.name}：3日内到期的来信`, en: `${a.nameEn || a.name}: letters due within 3 days`, href, count: c.dueSoon, tone: 'warn' });
    items.push({ zh: `${a.shortName || a.name}：待答复的来信`, en: `${a.nameEn || a.name}: letters to answer`, href, count: c.open });
  }
  return { id: 'mailbox', titleZh: '厅长信箱与在线咨询', titleEn: 'Letters and questions', items, emptyZh: '没有待答复的来信', emptyEn: 'No letters waiting', href: '/admin/mailbox', order: 30 };
};

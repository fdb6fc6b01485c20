/**
 * The dashboard panel of the annual reports: the countdown to the Art. 49 deadline of last year's report at each
 * agency where the user edits reports, and for supervisors the reports waiting for their decision.
 */
import { agenciesWithPermission } from '../../accounts/principal.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import { todayOn } from '../../platform/clock.ts';
import { reportDeadline } from '../../reports/report-service.ts';
import { selectReportsOfYear } from '../../reports/report-store.ts';
import { REPORT_STATES, REPORT_STATES_EN } from '../../reports/report-store.ts';
import type { Panel, PanelProvider } from './dashboard-panels.ts';

/** Days before the deadline from which the countdown is shown as due soon. */
const SOON = 15;

/** Annual-report countdowns and decisions waiting; null when the user has nothing to do with reports. */
export const reportsPanel: PanelProvider = async (ctx, principal) => {
  const editIds = agenciesWithPermission(principal, 'reports.edit');
  const approveIds = agenciesWithPermission(principal, 'reports.approve');
  if (!editIds.length && !approveIds.length) return null;
  const year = Number(todayOn(ctx.clock).slice(0, 4)) - 1;
  const [agencies, records] = await Promise.all([listAgencies(ctx), selectReportsOfYear(ctx.db, [...new Set([...editIds, ...approveIds])], year)]);
  const items: Panel['items'] = [];
  for (const id of editIds) {
    const a = agencies.find((x) => x.id === id);
    if (!a) continue;
    const state = records.find((r) => r.agencyId === id)?.state ?? 'draft';
    if (state === 'published') continue;
    const d = reportDeadline(ctx, a, year);
    const href = `/admin/reports/${a.code}/${year}`;
    const name = a.shortName || a.name;
    items.push(d.daysLeft < 0
      ? { zh: `${name}：${year}年度报告已超过公布期限（${d.dueOn}），${REPORT_STATES[state]}`, en: `${a.nameEn || a.name}: ${year} report past its deadline (${d.dueOn}), ${REPORT_STATES_EN[state]}`, href, count: -d.daysLeft, tone: 'bad' }
      : { zh: `${name}：${year}年度报告距公布期限（${d.dueOn}）天数，${REPORT_STATES[state]}`, en: `${a.nameEn || a.name}: days to the ${year} report deadline (${d.dueOn}), ${REPORT_STATES_EN[state]}`, href, count: d.daysLeft, tone: d.daysLeft <= SOON ? 'warn' : 'ok' });
  }
  const waiting = records.filter((r) => r.state === 'submitted' && approveIds.includes(r.agencyId));
  if (waiting.length) {
    items.push({ zh: `待审核的${year}年度报告`, en: `${year} reports waiting for approval`, href: `/admin/reports?year=${year}`, count: waiting.length, tone: 'warn' });
  }
  return { id: 'reports', titleZh: '政府信息公开工作年度报告', titleEn: 'Annual reports', items, emptyZh: `${year}年度报告均已发布`, emptyEn: `All ${year} reports are published`, href: `/admin/reports?year=${year}`, order: 20 };
};

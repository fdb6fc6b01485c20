/** The 政府信息公开 column of an agency's portal (issue: foundation; Regulations Arts. 12, 19–20, 27, 49). */
import type { Lang } from '../../platform/i18n/i18n.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { NavLink } from '../shared/layout.tsx';

/** The column entries with a one-line description each. */
export function disclosureColumn(code: string, lang: Lang): (NavLink & { description: string })[] {
  const t = translator(lang);
  const base = `/agencies/${encodeURIComponent(code)}`;
  return [
    { href: `${base}/guide`, label: t('政府信息公开指南', 'Disclosure guide'), description: t('如何获取政府信息（条例第十二条）', 'How to obtain information (Art. 12)') },
    { href: `${base}/catalogue`, label: t('政府信息公开目录', 'Information catalogue'), description: t('按类别、年份浏览已公开的政府信息', 'Browse published information by category and year') },
    { href: `${base}/disclosure`, label: t('法定主动公开内容', 'Proactive disclosure'), description: t('条例第二十条规定主动公开的内容', 'Content published under Art. 20') },
    { href: `${base}/reports`, label: t('政府信息公开年报', 'Annual reports'), description: t('历年政府信息公开工作年度报告', 'Annual reports on disclosure work') },
    { href: `${base}/apply`, label: t('依申请公开', 'Request information'), description: t('在线提交政府信息公开申请并查询进度', 'Apply online and track your request') },
    { href: `${base}/powers`, label: t('权责清单与执法公示', 'Powers and enforcement'), description: t('权责清单、执法主体、许可和处罚公示、收费（条例第二十条）', 'Powers, enforcement bodies, licences, penalties and fees (Art. 20)') },
  ];
}

/** The navigation bar of an agency's portal pages. */
export function agencyNav(code: string, lang: Lang): NavLink[] {
  const t = translator(lang);
  const base = `/agencies/${encodeURIComponent(code)}`;
  return [
    { href: base, label: t('政务公开首页', 'Home') },
    { href: `${base}/info`, label: t('机构信息', 'Organisation') },
    ...disclosureColumn(code, lang).map(({ href, label }) => ({ href, label })),
    { href: `${base}/mailbox`, label: t('政民互动', 'Contact us') },
  ];
}

/**
 * Register pages that answer items of Regulation Art. 20 (（五） licensing and other services, （六） penalties and
 * coercion, （八） fees), for the 法定主动公开内容 page to link next to its catalogue categories.
 */
export function art20RegisterLinks(code: string, lang: Lang): (NavLink & { item: number })[] {
  const t = translator(lang);
  const base = `/agencies/${encodeURIComponent(code)}`;
  return [
    { item: 5, href: `${base}/powers?kind=licensing`, label: t('行政许可事项（权责清单）', 'Licensing powers') },
    { item: 5, href: `${base}/licences`, label: t('行政许可办理结果公示', 'Licensing decisions') },
    { item: 6, href: `${base}/powers?kind=penalty`, label: t('行政处罚事项（权责清单）', 'Penalty powers') },
    { item: 6, href: `${base}/penalties`, label: t('行政处罚、行政强制决定', 'Penalty and coercion decisions') },
    { item: 6, href: `${base}/enforcement`, label: t('行政执法主体公示', 'Law-enforcement bodies') },
    { item: 8, href: `${base}/fees`, label: t('行政事业性收费项目', 'Administrative fees') },
  ];
}

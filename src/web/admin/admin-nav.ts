/**
 * The back office's sidebar: one entry per area, shown to those who hold its permission at some agency.
 * A module adds its area with one line.
 */
import type { Permission } from '../../accounts/principal.ts';

/** A sidebar entry. */
export interface AdminNavEntry {
  href: string;
  zh: string;
  en: string;
  /** Shown when the user holds this permission at any agency (undefined: every staff member). */
  permission?: Permission;
}

/** The sidebar, in display order. */
export const ADMIN_NAV: AdminNavEntry[] = [
  { href: '/admin', zh: '工作台', en: 'Dashboard' },
  { href: '/admin/agencies', zh: '机构信息', en: 'Agencies', permission: 'agency.read' },
  { href: '/admin/catalogue', zh: '政府信息', en: 'Government information', permission: 'content.read' },
  { href: '/admin/users', zh: '用户管理', en: 'Users', permission: 'users.manage' },
  { href: '/admin/requests', zh: '依申请公开', en: 'Information requests', permission: 'requests.read' },
  { href: '/admin/audit', zh: '审计日志', en: 'Audit log', permission: 'audit.read' },
  { href: '/admin/calendar', zh: '工作日历', en: 'Working-day calendar', permission: 'calendar.edit' },
  { href: '/admin/registers', zh: '清单与公示', en: 'Registers', permission: 'content.read' },
  { href: '/admin/mailbox', zh: '政民互动', en: 'Public interaction', permission: 'mailbox.reply' },
  { href: '/admin/monitoring', zh: '网站健康检查', en: 'Website health', permission: 'content.read' },
  { href: '/admin/reports', zh: '年度报告', en: 'Annual reports', permission: 'content.read' },
];

/** The accounts module's dashboard panel: for administrators, users who need attention (locked, not yet set up). */
import { agenciesWithPermission, type Principal } from '../../accounts/principal.ts';
import { listUsers } from '../../accounts/user-service.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Panel } from './dashboard-panels.ts';

/** Users of the administrator's agencies who are locked out, have not set up TOTP, or must change a password. */
export async function accountsPanel(ctx: Ctx, p: Principal): Promise<Panel | null> {
  if (!agenciesWithPermission(p, 'users.manage').length) return null;
  const now = ctx.clock.now().getTime();
  const users = (await listUsers(ctx, p)).filter((u) => u.status === 'active');
  const locked = users.filter((u) => u.lockedUntil && Date.parse(u.lockedUntil) > now).length;
  const noTotp = users.filter((u) => !u.totpEnabled).length;
  const mustChange = users.filter((u) => u.mustChangePassword).length;
  const items: Panel['items'] = [];
  if (locked) items.push({ zh: '登录失败次数过多、暂时锁定的用户', en: 'Users locked out after failed sign-ins', href: '/admin/users', count: locked, tone: 'bad' });
  if (noTotp) items.push({ zh: '尚未设置双因素认证的用户', en: 'Users without two-factor authentication yet', href: '/admin/users', count: noTotp, tone: 'warn' });
  if (mustChange) items.push({ zh: '持临时密码、待修改密码的用户', en: 'Users holding a temporary password', href: '/admin/users', count: mustChange, tone: 'warn' });
  return {
    id: 'accounts', titleZh: '用户账号', titleEn: 'User accounts', items, href: '/admin/users', order: 90,
    emptyZh: '所有用户账号状态正常', emptyEn: 'All user accounts are in order',
  };
}

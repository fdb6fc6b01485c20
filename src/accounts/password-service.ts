/** A user changes their own password (also the forced change after a reset or a dengbao expiry). */
import { appendAudit } from '../audit/audit-service.ts';
import { InvalidInput, Unauthenticated } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { selectAgencies } from '../agencies/agency-store.ts';
import { selectGrants, selectHomeAgencyId, selectUserById, updateUser } from './account-store.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { getPasswordProfile } from './password-profile.ts';
import { endSessionsOfUser } from './session-service.ts';
import { assertPasswordPolicy } from './user-service.ts';

/** The password-change form. */
export interface PasswordChange {
  current: string;
  next: string;
  confirm: string;
}

/**
 * Changes the signed-in user's password after checking the current one and the policy; ends the user's other
 * sessions (the one in use stays) and clears a forced change.
 */
export async function changeOwnPassword(
  ctx: Ctx, userId: string, currentSessionId: string, raw: Partial<PasswordChange>, ip?: string,
): Promise<void> {
  const u = await selectUserById(ctx.db, userId);
  if (!u || u.status !== 'active') throw new Unauthenticated();
  const current = String(raw.current ?? '');
  const next = String(raw.next ?? '');
  const confirm = String(raw.confirm ?? '');
  if (!(await verifyPassword(u.passwordHash, current))) throw new InvalidInput('当前密码不正确', { current: '当前密码不正确' });
  if (next !== confirm) throw new InvalidInput('两次输入的新密码不一致', { confirm: '两次输入的新密码不一致' });
  if (next === current) throw new InvalidInput('新密码不能与当前密码相同', { next: '新密码不能与当前密码相同' });
  const agencies = await selectAgencies(ctx.db);
  const grants = await selectGrants(ctx.db, u.id);
  const words = agencies.filter((a) => grants.some((g) => g.agencyId === a.id)).flatMap((a) => [a.code, a.shortName]);
  assertPasswordPolicy(next, await getPasswordProfile(ctx), { username: u.username, displayName: u.displayName, words }, 'next');
  const hash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now().toISOString();
    await updateUser(trx, u.id, { passwordHash: hash, passwordChangedAt: at, mustChangePassword: false }, at);
    const ended = await endSessionsOfUser(trx, u.id, currentSessionId);
    await appendAudit(trx, ctx.dialect, { userId: u.id, label: u.username, ip }, {
      action: 'auth.password_changed', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id), summary: { forced: u.mustChangePassword, otherSessionsEnded: ended },
    }, ctx.clock.now());
  });
}

/**
 * TOTP enrolment and recovery codes (security.md "staff MFA"). A secret is first stored as pending (encrypted) and
 * only becomes the user's second factor once a code from the app confirms it; recovery codes are shown once and
 * stored hashed.
 */
import { appendAudit } from '../audit/audit-service.ts';
import { InvalidInput, Unauthenticated } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import {
  countUnusedRecoveryCodes, replaceRecoveryCodes, selectHomeAgencyId, selectUserById, updateUser, type UserSecrets,
} from './account-store.ts';
import { completeLoginAfterEnrolment, findPendingSession, type LoginStep } from './login-service.ts';
import { verifyPassword } from './password.ts';
import { actorOf, type Principal } from './principal.ts';
import type { SessionMeta } from './session-service.ts';
import {
  RECOVERY_CODE_COUNT, hashRecoveryCode, matchTotp, newRecoveryCode, newTotpSecret, totpQrDataUrl, totpUri,
} from './totp.ts';

/** What the enrolment page shows: the QR code, and the secret for typing in by hand. */
export interface Enrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

const ISSUER = 'gongkai';

async function activeUser(ctx: Ctx, userId: string): Promise<UserSecrets> {
  const u = await selectUserById(ctx.db, userId);
  if (!u || u.status !== 'active') throw new Unauthenticated();
  return u;
}

/**
 * The pending secret of a user who is enrolling (first login, or a reset from the account page), created when absent.
 * A user who already has TOTP and no pending secret gets Unauthenticated: re-enrolment starts with the password.
 */
export async function startEnrolment(ctx: Ctx, userId: string): Promise<Enrolment> {
  const u = await activeUser(ctx, userId);
  let secret: string;
  if (u.totpPendingSecret) {
    secret = ctx.cipher.decrypt(u.totpPendingSecret);
  } else {
    if (u.totpEnabled) throw new Unauthenticated('已设置双因素认证');
    secret = newTotpSecret();
    await updateUser(ctx.db, u.id, { totpPendingSecret: ctx.cipher.encrypt(secret) }, ctx.clock.now().toISOString());
  }
  const uri = totpUri(secret, u.username, ISSUER);
  return { secret, uri, qrDataUrl: await totpQrDataUrl(uri) };
}

/** The result of a confirmed enrolment: new recovery codes (shown once) and, for a first login, the new session. */
export interface EnrolmentDone {
  recoveryCodes: string[];
  login?: LoginStep;
}

/**
 * Confirms the pending secret with a code from the app: it becomes the user's TOTP secret, new recovery codes are
 * issued, and a pending login session (if `sessionToken` names one) is completed under a new token.
 */
export async function confirmEnrolment(
  ctx: Ctx,
  userId: string,
  code: string,
  sessionToken: string | undefined,
  meta: SessionMeta = {},
): Promise<EnrolmentDone> {
  const u = await activeUser(ctx, userId);
  if (!u.totpPendingSecret) throw new InvalidInput('请先开始设置', { code: '设置已过期，请刷新页面重新扫码' });
  const now = ctx.clock.now();
  const step = matchTotp(ctx.cipher.decrypt(u.totpPendingSecret), String(code ?? ''), now);
  if (step === null) throw new InvalidInput('验证码不正确', { code: '验证码不正确，请确认手机时间准确后重新输入' });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const pending = await findPendingSession(ctx, sessionToken);
  return ctx.db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    await updateUser(trx, u.id, {
      totpSecret: u.totpPendingSecret, totpEnabled: true, totpPendingSecret: null, totpLastStep: step,
    }, at);
    await replaceRecoveryCodes(trx, u.id, codes.map((c) => ({ id: newId(), hash: hashRecoveryCode(c) })));
    await appendAudit(trx, ctx.dialect, { userId: u.id, label: u.username, ip: meta.ip }, {
      action: 'auth.totp_enrolled', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id), summary: { renewal: u.totpEnabled, recoveryCodes: codes.length },
    }, now);
    const login = pending && pending.user.id === u.id ? await completeLoginAfterEnrolment(trx, ctx, pending, meta) : undefined;
    return { recoveryCodes: codes, login };
  });
}

async function assertOwnPassword(ctx: Ctx, p: Principal, password: string): Promise<UserSecrets> {
  const u = await activeUser(ctx, p.userId);
  if (!(await verifyPassword(u.passwordHash, String(password ?? '')))) {
    throw new InvalidInput('当前密码不正确', { password: '当前密码不正确' });
  }
  return u;
}

/** Starts replacing the signed-in user's authenticator (after their password): a new pending secret to scan. */
export async function restartEnrolment(ctx: Ctx, p: Principal, password: string, ip?: string): Promise<void> {
  const u = await assertOwnPassword(ctx, p, password);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, u.id, { totpPendingSecret: ctx.cipher.encrypt(newTotpSecret()) }, ctx.clock.now().toISOString());
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'auth.totp_reset_started', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id),
    }, ctx.clock.now());
  });
}

/** Issues a fresh set of recovery codes (after the password), invalidating the old ones; returns them once. */
export async function regenerateRecoveryCodes(ctx: Ctx, p: Principal, password: string, ip?: string): Promise<string[]> {
  const u = await assertOwnPassword(ctx, p, password);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await ctx.db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, u.id, codes.map((c) => ({ id: newId(), hash: hashRecoveryCode(c) })));
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'auth.recovery_codes_regenerated', objectType: 'user', objectId: u.id, agencyId: await selectHomeAgencyId(trx, u.id), summary: { count: codes.length },
    }, ctx.clock.now());
  });
  return codes;
}

/** How many recovery codes the user has left, and whether a re-enrolment is pending. */
export async function mfaStatus(ctx: Ctx, userId: string): Promise<{ recoveryCodesLeft: number; enrolmentPending: boolean }> {
  const u = await activeUser(ctx, userId);
  return { recoveryCodesLeft: await countUnusedRecoveryCodes(ctx.db, userId), enrolmentPending: Boolean(u.totpPendingSecret) };
}

/**
 * Administration of staff users: create with roles, change roles, disable and enable (disabling ends every
 * session), administrator-issued password reset (a temporary password that must be changed at next login).
 * An administrator acts only on users whose every role lies in agencies they manage: where they hold the
 * administrator role and the agencies below it (user-scope.ts; security.md "tenancy").
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { selectAgencies, selectAgencyByCode } from '../agencies/agency-store.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { isUniqueViolation } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';
import { GRANTABLE_ROLES, USERNAME_PATTERN, normaliseUsername, type UserWithGrants } from './account.ts';
import {
  deleteGrant, insertGrant, insertUser, publicUser, replaceRecoveryCodes, selectGrants, selectGrantsOf,
  selectUserById, selectUserByUsername, selectUsersAtAgencies, updateUser,
} from './account-store.ts';
import { generatePassword, hashPassword, passwordProblems, type PasswordProfile } from './password.ts';
import { getPasswordProfile } from './password-profile.ts';
import { isPlatformAdmin } from './platform-admin.ts';
import { ROLES, actorOf, type Principal, type Role, type RoleGrant } from './principal.ts';
import { endSessionsOfUser } from './session-service.ts';
import { managedAgencyIds } from './user-scope.ts';

const grantSchema = z.object({
  agencyId: z.string().min(1, { error: '请选择机构' }),
  role: z.enum(Object.keys(ROLES) as [Role, ...Role[]], { error: '请选择角色' }),
});

/** The fields of a new user. */
export const NewUserInput = z.object({
  username: z
    .string().trim().toLowerCase()
    .regex(USERNAME_PATTERN, { error: '用户名为 3–32 位小写字母、数字、“.”“_”“-”，以字母开头' }),
  displayName: z.string().trim().min(1, { error: '请填写姓名' }).max(50, { error: '姓名不超过 50 个字符' }),
  email: z.union([z.literal(''), z.email({ error: '电子邮箱格式不正确' })]).default(''),
  grants: z.array(grantSchema).min(1, { error: '请至少选择一个角色' }).max(50),
});
/** Parsed new-user input. */
export type NewUserInput = z.infer<typeof NewUserInput>;

/** Throws InvalidInput with the policy's problems for `field`, or returns. */
export function assertPasswordPolicy(
  password: string, profile: PasswordProfile, context: { username?: string; displayName?: string; words?: string[] }, field = 'password',
): void {
  const problems = passwordProblems(password, profile, context);
  if (problems.length) throw new InvalidInput('密码不符合要求', { [field]: problems.map((p) => p.zh).join('；') });
}

/** The agency codes of some grants, as context words the password may not contain. */
async function agencyWords(db: DB, grants: RoleGrant[]): Promise<string[]> {
  const all = await selectAgencies(db);
  return all.filter((a) => grants.some((g) => g.agencyId === a.id)).flatMap((a) => [a.code, a.shortName]);
}

/** Inserts a user with grants and an audit entry, inside the caller's transaction; returns the id. */
async function insertUserWithGrants(
  trx: DB, ctx: Ctx, actor: Actor, input: NewUserInput, passwordHash: string, mustChangePassword: boolean,
): Promise<string> {
  const id = newId();
  const at = ctx.clock.now().toISOString();
  try {
    await insertUser(trx, { id, username: input.username, displayName: input.displayName, email: input.email, passwordHash, mustChangePassword }, at);
  } catch (err) {
    if (isUniqueViolation(err)) throw new InvalidInput('用户名已被使用', { username: '该用户名已被使用' }, 'username_taken');
    throw err;
  }
  for (const g of input.grants) await insertGrant(trx, id, g);
  for (const g of input.grants) {
    await appendAudit(trx, ctx.dialect, actor, {
      action: 'user.create', objectType: 'user', objectId: id, agencyId: g.agencyId, summary: { role: g.role },
    }, ctx.clock.now());
  }
  return id;
}

/** Checks that the principal may grant every role in `grants` (agency in their subtree; supervisor only by platform admins). */
async function assertMayGrant(ctx: Ctx, p: Principal, grants: RoleGrant[]): Promise<void> {
  const managed = await managedAgencyIds(ctx, p);
  for (const g of grants) {
    if (!managed.has(g.agencyId)) throw new Forbidden('无权为该机构分配角色');
    if (!GRANTABLE_ROLES.includes(g.role) && !(await isPlatformAdmin(ctx, p))) throw new Forbidden('只有平台管理员可以分配监督员角色');
  }
}

/** Checks that the principal manages every agency where the target holds a role. */
async function assertManages(ctx: Ctx, p: Principal | undefined, userId: string): Promise<Principal> {
  if (!p) throw new Forbidden();
  const grants = await selectGrants(ctx.db, userId);
  const managed = await managedAgencyIds(ctx, p);
  if (!managed.size || (grants.length > 0 && !grants.every((g) => managed.has(g.agencyId)))) throw new Forbidden();
  if (grants.length === 0 && !(await isPlatformAdmin(ctx, p))) throw new Forbidden();
  return p;
}

/** A new user and the temporary password to hand over (shown once). */
export interface CreatedUser {
  userId: string;
  temporaryPassword: string;
}

/** An administrator adds a user with roles; the user gets a temporary password to change at first login. */
export async function createUser(ctx: Ctx, p: Principal | undefined, raw: unknown, ip?: string): Promise<CreatedUser> {
  if (!p) throw new Forbidden();
  const input = parseInput(NewUserInput, raw);
  await assertMayGrant(ctx, p, input.grants);
  const temporaryPassword = generatePassword(randomBytes);
  const hash = await hashPassword(temporaryPassword);
  const userId = await ctx.db.transaction().execute((trx) => insertUserWithGrants(trx, ctx, actorOf(p, ip), input, hash, true));
  return { userId, temporaryPassword };
}

/**
 * Creates a user without a signed-in administrator: the CLI, first-run setup and the demo. With `password` the
 * user keeps it (checked against the policy); without, a temporary password is generated and must be changed.
 */
export async function createUserAsSystem(
  ctx: Ctx,
  raw: unknown,
  opts: { password?: string; mustChangePassword?: boolean; actor?: Actor; trx?: DB } = {},
): Promise<CreatedUser> {
  const input = parseInput(NewUserInput, raw);
  const db = opts.trx ?? ctx.db;
  let password = opts.password;
  if (password !== undefined) {
    assertPasswordPolicy(password, await getPasswordProfile(ctx, db), {
      username: input.username, displayName: input.displayName, words: await agencyWords(db, input.grants),
    });
  } else {
    password = generatePassword(randomBytes);
  }
  const hash = await hashPassword(password);
  const must = opts.mustChangePassword ?? opts.password === undefined;
  const run = (trx: DB) => insertUserWithGrants(trx, ctx, opts.actor ?? SYSTEM_ACTOR, input, hash, must);
  const userId = opts.trx ? await run(opts.trx) : await ctx.db.transaction().execute(run);
  return { userId, temporaryPassword: password };
}

/** Users holding roles at agencies the principal manages (their own and those below), with their grants. */
export async function listUsers(ctx: Ctx, p: Principal | undefined): Promise<UserWithGrants[]> {
  if (!p) throw new Forbidden();
  const managed = await managedAgencyIds(ctx, p);
  if (!managed.size) throw new Forbidden();
  const users = await selectUsersAtAgencies(ctx.db, [...managed]);
  const grants = await selectGrantsOf(ctx.db, users.map((u) => u.id));
  return users.map((u) => ({ ...publicUser(u), grants: grants.get(u.id) ?? [] }));
}

/** One user the principal administers, with grants. */
export async function getManagedUser(ctx: Ctx, p: Principal | undefined, userId: string): Promise<UserWithGrants> {
  const u = await selectUserById(ctx.db, userId);
  if (!u) throw new NotFound('未找到该用户');
  await assertManages(ctx, p, userId);
  return { ...publicUser(u), grants: await selectGrants(ctx.db, userId) };
}

/** Adds or removes one role grant of a user. */
export async function changeGrant(
  ctx: Ctx, p: Principal | undefined, userId: string, raw: unknown, add: boolean, ip?: string,
): Promise<void> {
  const admin = await assertManages(ctx, p, userId);
  const g = parseInput(grantSchema, raw);
  await assertMayGrant(ctx, admin, [g]);
  if (!add && userId === admin.userId && g.role === 'admin') throw new Conflict('不能撤销自己的管理员角色', undefined, 'own_admin_role');
  const current = await selectGrants(ctx.db, userId);
  if (!add && current.length === 1 && current[0].agencyId === g.agencyId && current[0].role === g.role) {
    throw new Conflict('用户至少需要保留一个角色；不再使用的账号请停用', undefined, 'last_role');
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (add) await insertGrant(trx, userId, g);
    else await deleteGrant(trx, userId, g);
    await appendAudit(trx, ctx.dialect, actorOf(admin, ip), {
      action: add ? 'user.grant' : 'user.revoke', objectType: 'user', objectId: userId, agencyId: g.agencyId, summary: { role: g.role },
    }, ctx.clock.now());
  });
}

async function setStatus(ctx: Ctx, actor: Actor, userId: string, status: 'active' | 'disabled', agencyId: string | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now().toISOString();
    await updateUser(trx, userId, { status, ...(status === 'active' ? { lockedUntil: null, failedLogins: 0, firstFailedAt: null } : {}) }, at);
    const ended = status === 'disabled' ? await endSessionsOfUser(trx, userId) : 0;
    await appendAudit(trx, ctx.dialect, actor, {
      action: status === 'disabled' ? 'user.disable' : 'user.enable', objectType: 'user', objectId: userId, agencyId,
      summary: status === 'disabled' ? { sessionsEnded: ended } : {},
    }, ctx.clock.now());
  });
}

/** Disables a user and ends their sessions. */
export async function disableUser(ctx: Ctx, p: Principal | undefined, userId: string, ip?: string): Promise<void> {
  const admin = await assertManages(ctx, p, userId);
  if (userId === admin.userId) throw new Conflict('不能停用自己的账号', undefined, 'own_account');
  const grants = await selectGrants(ctx.db, userId);
  await setStatus(ctx, actorOf(admin, ip), userId, 'disabled', grants[0]?.agencyId ?? null);
}

/** Enables a disabled user again (and lifts a lockout). */
export async function enableUser(ctx: Ctx, p: Principal | undefined, userId: string, ip?: string): Promise<void> {
  const admin = await assertManages(ctx, p, userId);
  const grants = await selectGrants(ctx.db, userId);
  await setStatus(ctx, actorOf(admin, ip), userId, 'active', grants[0]?.agencyId ?? null);
}

async function applyReset(ctx: Ctx, actor: Actor, userId: string, resetTotp: boolean, agencyId: string | null): Promise<string> {
  const temporaryPassword = generatePassword(randomBytes);
  const hash = await hashPassword(temporaryPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.clock.now().toISOString();
    await updateUser(trx, userId, {
      passwordHash: hash, passwordChangedAt: at, mustChangePassword: true, lockedUntil: null, failedLogins: 0, firstFailedAt: null,
      ...(resetTotp ? { totpEnabled: false, totpSecret: null, totpPendingSecret: null, totpLastStep: null } : {}),
    }, at);
    if (resetTotp) await replaceRecoveryCodes(trx, userId, []);
    const ended = await endSessionsOfUser(trx, userId);
    await appendAudit(trx, ctx.dialect, actor, {
      action: 'user.password_reset', objectType: 'user', objectId: userId, agencyId, summary: { resetTotp, sessionsEnded: ended },
    }, ctx.clock.now());
  });
  return temporaryPassword;
}

/**
 * An administrator resets a user's password: a temporary password (returned once) that must be changed at the next
 * login; sessions end and a lockout is lifted. With `resetTotp` the user also enrols a new authenticator.
 */
export async function resetPassword(
  ctx: Ctx, p: Principal | undefined, userId: string, opts: { resetTotp?: boolean } = {}, ip?: string,
): Promise<string> {
  const admin = await assertManages(ctx, p, userId);
  if (userId === admin.userId) throw new Conflict('请在“我的账号”中修改自己的密码', undefined, 'own_account');
  const grants = await selectGrants(ctx.db, userId);
  return applyReset(ctx, actorOf(admin, ip), userId, Boolean(opts.resetTotp), grants[0]?.agencyId ?? null);
}

/** The CLI's reset and disable by username, acting as the system (an operator at the server's console). */
export async function findUserIdByUsername(ctx: Ctx, username: string): Promise<string> {
  const u = await selectUserByUsername(ctx.db, normaliseUsername(username));
  if (!u) throw new NotFound(`未找到用户 ${username}`);
  return u.id;
}

/** `gongkai user reset`: a temporary password, TOTP re-enrolment, sessions ended. */
export async function resetPasswordAsSystem(ctx: Ctx, username: string, opts: { keepTotp?: boolean } = {}): Promise<string> {
  const id = await findUserIdByUsername(ctx, username);
  const grants = await selectGrants(ctx.db, id);
  return applyReset(ctx, SYSTEM_ACTOR, id, !opts.keepTotp, grants[0]?.agencyId ?? null);
}

/** `gongkai user disable`. */
export async function disableUserAsSystem(ctx: Ctx, username: string): Promise<void> {
  const id = await findUserIdByUsername(ctx, username);
  const grants = await selectGrants(ctx.db, id);
  await setStatus(ctx, SYSTEM_ACTOR, id, 'disabled', grants[0]?.agencyId ?? null);
}

/** The agency id of a code, for the CLI's `--agency`. */
export async function agencyIdOfCode(ctx: Ctx, code: string): Promise<string> {
  const a = await selectAgencyByCode(ctx.db, code);
  if (!a) throw new InvalidInput(`未找到机构代码 ${code}`, { agency: `未找到机构代码 ${code}` });
  return a.id;
}

/**
 * User administration for agency administrators: list, add with roles, change roles, disable/enable, reset the
 * password and two-factor enrolment (a temporary password shown once). An administrator manages the accounts of
 * their agency and the agencies below it (accounts/user-scope.ts); the services enforce the scope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GRANTABLE_ROLES, USER_STATUSES, type UserWithGrants } from '../../accounts/account.ts';
import { PASSWORD_PROFILES } from '../../accounts/password.ts';
import { getPasswordProfile, setPasswordProfile } from '../../accounts/password-profile.ts';
import { isPlatformAdmin } from '../../accounts/platform-admin.ts';
import { ROLES, ROLES_EN, type Principal, type Role } from '../../accounts/principal.ts';
import { managedAgencyTree } from '../../accounts/user-scope.ts';
import {
  changeGrant, createUser, disableUser, enableUser, getManagedUser, listUsers, resetPassword,
} from '../../accounts/user-service.ts';
import { listAgencies } from '../../agencies/agency-service.ts';
import type { Agency } from '../../agencies/agency.ts';
import { Conflict, Forbidden } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, fieldMessage, formString, type FieldErrors } from './form-fields.tsx';

type Body = Record<string, unknown> | undefined;

function roleName(lang: Lang, r: Role): string {
  return lang === 'en' ? ROLES_EN[r] : ROLES[r];
}

function listOf(body: Body, key: string): string[] {
  const v = body?.[key];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** The agencies whose accounts the principal manages, in tree order, each labelled with its depth (Forbidden if none). */
async function managedAgencies(ctx: Ctx, p: Principal): Promise<(Agency & { label: string })[]> {
  const tree = await managedAgencyTree(ctx, p);
  if (!tree.length) throw new Forbidden();
  return tree.map(({ agency, depth }) => ({ ...agency, label: `${'　'.repeat(depth)}${depth ? '└ ' : ''}${agency.name}` }));
}

async function grantableRoles(ctx: Ctx, p: Principal): Promise<Role[]> {
  return (await isPlatformAdmin(ctx, p)) ? [...GRANTABLE_ROLES, 'supervisor'] : GRANTABLE_ROLES;
}

/** Registers the user administration pages. */
export async function registerUserAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin/users', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const [everyone, agencies, all] = await Promise.all([listUsers(ctx, p), managedAgencies(ctx, p), listAgencies(ctx)]);
    const platform = await isPlatformAdmin(ctx, p);
    const profile = await getPasswordProfile(ctx);
    const q = req.query as Record<string, string | undefined>;
    const scope = new Set(agencies.map((a) => a.id));
    const only = agencies.find((a) => a.code === q.agency);
    const users = only ? everyone.filter((u) => u.grants.some((g) => g.agencyId === only.id)) : everyone;
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('用户管理', 'Users')}>
        <h1>{t('用户管理', 'Users')}</h1>
        {q.saved ? <p class="notice ok" role="status">{t('设置已保存。', 'Setting saved.')}</p> : null}
        <p>{t('您管理本机构及下级机构的工作人员账号：', 'You manage the staff accounts of your agency and the agencies below it: ')}{agencies.map((a) => a.name).join('、')}</p>
        <p><a class="button" href="/admin/users/new">{t('添加用户', 'Add a user')}</a></p>
        {agencies.length > 1 ? (
          <form method="get" action="/admin/users" class="filters">
            <Field req={req} name="agency" label={t('机构', 'Agency')} value={only?.code ?? ''}
              options={[{ value: '', label: t('全部机构', 'All agencies') }, ...agencies.map((a) => ({ value: a.code, label: a.label }))]} />
            <button type="submit">{t('筛选', 'Filter')}</button>
          </form>
        ) : null}
        <p>{t(`共 ${users.length} 个账号`, `${users.length} accounts`)}</p>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr>
            <th scope="col">{t('用户名', 'Username')}</th><th scope="col">{t('姓名', 'Name')}</th><th scope="col">{t('角色', 'Roles')}</th>
            <th scope="col">{t('状态', 'Status')}</th><th scope="col">{t('双因素认证', 'Two-factor')}</th>
          </tr></thead>
          <tbody>
            {users.map((u) => (
              <tr>
                {/* A user who also holds roles outside this administrator's agencies is managed further up: listed, not linked. */}
                <th scope="row">{u.grants.every((g) => scope.has(g.agencyId)) ? <a href={`/admin/users/${u.id}`}>{u.username}</a> : u.username}</th>
                <td>{u.displayName}</td>
                <td>{u.grants.filter((g) => scope.has(g.agencyId)).map((g) => `${all.find((a) => a.id === g.agencyId)?.shortName ?? '?'}·${roleName(req.lang, g.role)}`).join('，')}
                  {u.grants.some((g) => !scope.has(g.agencyId)) ? <span class="hint">{t('（另有其他机构的角色，由上级管理员管理）', ' (also holds roles elsewhere; managed by a higher administrator)')}</span> : null}</td>
                <td><StatusBadge lang={req.lang} u={u} now={ctx.clock.now()} /></td>
                <td>{u.totpEnabled ? t('已设置', 'Set up') : t('未设置', 'Not yet')}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
        {platform ? (
          <section class="panel" aria-labelledby="policy-h">
            <h2 id="policy-h">{t('密码策略', 'Password profile')}</h2>
            <form method="post" action="/admin/settings/password-profile" class="stacked narrow-form">
              <CsrfField req={req} />
              <Field req={req} name="profile" label={t('全平台密码策略', 'Password profile for the whole platform')} value={profile}
                options={Object.entries(PASSWORD_PROFILES).map(([value, label]) => ({ value, label: req.lang === 'en' ? (value === 'dengbao' ? 'MLPS level 3 (3 of 4 character classes, change every 90 days)' : 'Standard (12+ characters, common passwords refused)') : label }))} />
              <button type="submit">{t('保存', 'Save')}</button>
            </form>
          </section>
        ) : null}
      </AdminLayout>);
  });

  app.get('/admin/users/new', async (req, reply) => {
    const p = requirePrincipal(req);
    return newUserPage(req, reply, await managedAgencies(ctx, p), await grantableRoles(ctx, p));
  });

  app.post<{ Body: Body }>('/admin/users', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const t = translator(req.lang);
    const agencyId = formString(req.body, 'agencyId');
    const roles = listOf(req.body, 'roles');
    const values = { username: formString(req.body, 'username'), displayName: formString(req.body, 'displayName'), email: formString(req.body, 'email') };
    try {
      const created = await createUser(ctx, p, { ...values, grants: roles.map((role) => ({ agencyId, role })) }, req.ip);
      return sendPage(req, reply,
        <AdminLayout req={req} title={t('用户已创建', 'User created')} breadcrumbs={[{ href: '/admin/users', label: t('用户管理', 'Users') }]}>
          <h1>{t('用户已创建', 'User created')}</h1>
          <TemporaryPassword req={req} username={values.username.trim().toLowerCase()} password={created.temporaryPassword} />
          <p><a href={`/admin/users/${created.userId}`}>{t('查看该用户', 'View the user')}</a> · <a href="/admin/users">{t('返回用户列表', 'Back to users')}</a></p>
        </AdminLayout>, 201);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (errors.grants) { errors.roles = errors.grants; delete errors.grants; }
      for (const k of Object.keys(errors)) if (k.startsWith('grants.')) { errors.agencyId = errors[k]; delete errors[k]; }
      return newUserPage(req, reply, await managedAgencies(ctx, p), await grantableRoles(ctx, p), { ...values, agencyId, roles }, errors, 422);
    }
  });

  app.get<{ Params: { id: string } }>('/admin/users/:id', async (req, reply) => {
    const p = requirePrincipal(req);
    return userPage(req, reply, ctx, p, await getManagedUser(ctx, p, req.params.id));
  });

  const action = (path: string, run: (p: Principal, id: string, body: Body, req: FastifyRequest) => Promise<string | void>) => {
    app.post<{ Params: { id: string }; Body: Body }>(`/admin/users/:id/${path}`, async (req, reply) => {
      const p = requirePrincipal(req);
      assertCsrf(req);
      try {
        const temporaryPassword = await run(p, req.params.id, req.body, req);
        const u = await getManagedUser(ctx, p, req.params.id);
        return userPage(req, reply, ctx, p, u, { temporaryPassword: temporaryPassword ?? undefined, done: path });
      } catch (err) {
        // A refused change (own account, last role) is shown on the page; Forbidden and NotFound keep their pages.
        const errors = err instanceof Conflict ? { _: err.message } : fieldErrorsOf(err);
        return userPage(req, reply, ctx, p, await getManagedUser(ctx, p, req.params.id), { errors }, err instanceof Conflict ? 409 : 422);
      }
    });
  };
  action('disable', (p, id, _b, req) => disableUser(ctx, p, id, req.ip));
  action('enable', (p, id, _b, req) => enableUser(ctx, p, id, req.ip));
  action('reset', (p, id, b, req) => resetPassword(ctx, p, id, { resetTotp: formString(b, 'resetTotp') === '1' }, req.ip));
  action('grant', (p, id, b, req) => changeGrant(ctx, p, id, { agencyId: formString(b, 'agencyId'), role: formString(b, 'role') }, true, req.ip));
  action('revoke', (p, id, b, req) => changeGrant(ctx, p, id, { agencyId: formString(b, 'agencyId'), role: formString(b, 'role') }, false, req.ip));

  app.post<{ Body: Body }>('/admin/settings/password-profile', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    await setPasswordProfile(ctx, p, formString(req.body, 'profile'), req.ip);
    return reply.redirect('/admin/users?saved=1', 303);
  });
}

function StatusBadge({ lang, u, now }: { lang: Lang; u: UserWithGrants; now: Date }) {
  const t = translator(lang);
  if (u.status === 'disabled') return <span class="badge bad">{t(USER_STATUSES.disabled, 'Disabled')}</span>;
  if (u.lockedUntil && Date.parse(u.lockedUntil) > now.getTime()) return <span class="badge warn">{t('已锁定', 'Locked')}</span>;
  if (u.mustChangePassword) return <span class="badge warn">{t('待改密码', 'Must change password')}</span>;
  return <span class="badge ok">{t(USER_STATUSES.active, 'Active')}</span>;
}

function TemporaryPassword({ req, username, password }: { req: FastifyRequest; username: string; password: string }) {
  const t = translator(req.lang);
  return (
    <div class="notice warn" role="status">
      <p>{t('请将以下临时密码当面或通过安全渠道交给用户。此页关闭后将无法再次查看。用户首次登录时需设置新密码和双因素认证。',
        'Hand this temporary password to the user in person or over a secure channel. You will not see it again. At first sign-in the user chooses a new password and sets up two-factor authentication.')}</p>
      <dl class="meta"><dt>{t('用户名', 'Username')}</dt><dd><code>{username}</code></dd><dt>{t('临时密码', 'Temporary password')}</dt><dd><code class="secret">{password}</code></dd></dl>
    </div>
  );
}

function newUserPage(
  req: FastifyRequest, reply: FastifyReply, agencies: (Agency & { label: string })[], roles: Role[],
  v: { username?: string; displayName?: string; email?: string; agencyId?: string; roles?: string[] } = {}, errors?: FieldErrors, status = 200,
) {
  const t = translator(req.lang);
  const rolesError = errors?.roles;
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('添加用户', 'Add a user')} breadcrumbs={[{ href: '/admin/users', label: t('用户管理', 'Users') }]}>
      <h1>{t('添加用户', 'Add a user')}</h1>
      <ErrorSummary req={req} errors={errors} />
      <form method="post" action="/admin/users" class="stacked panel narrow-form">
        <CsrfField req={req} />
        <Field req={req} name="username" label={t('用户名', 'Username')} hint={t('3–32 位小写字母、数字、“.”“_”“-”，以字母开头', '3–32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter')} value={v.username} errors={errors} required maxLength={32} autocomplete="off" />
        <Field req={req} name="displayName" label={t('姓名', 'Name')} value={v.displayName} errors={errors} required maxLength={50} autocomplete="off" />
        <Field req={req} name="email" type="email" label={t('电子邮箱（可选）', 'Email (optional)')} value={v.email} errors={errors} maxLength={200} autocomplete="off" />
        <Field req={req} name="agencyId" label={t('机构', 'Agency')} value={v.agencyId} errors={errors} options={agencies.map((a) => ({ value: a.id, label: a.label }))}
          hint={t('可以为本机构和下级机构添加用户（包括下级机构的管理员）。', 'You can add users to your agency and the agencies below it, including their administrators.')} />
        <fieldset id="f-roles" aria-describedby={rolesError ? 'f-roles-error' : undefined}>
          <legend>{t('角色', 'Roles')}</legend>
          {rolesError ? <span class="field-error" id="f-roles-error">{fieldMessage(req.lang, rolesError)}</span> : null}
          {roles.map((r) => (
            <label class="check"><input type="checkbox" name="roles" value={r} checked={v.roles?.includes(r)} /> {roleName(req.lang, r)}</label>
          ))}
        </fieldset>
        <button type="submit">{t('创建用户', 'Create the user')}</button>
      </form>
    </AdminLayout>, status);
}

async function userPage(
  req: FastifyRequest, reply: FastifyReply, ctx: Ctx, p: Principal, u: UserWithGrants,
  state: { temporaryPassword?: string; done?: string; errors?: FieldErrors } = {}, status = 200,
) {
  const t = translator(req.lang);
  const all = await listAgencies(ctx);
  const agencies = await managedAgencies(ctx, p);
  const roles = await grantableRoles(ctx, p);
  const self = u.id === p.userId;
  return sendPage(req, reply,
    <AdminLayout req={req} title={u.username} breadcrumbs={[{ href: '/admin/users', label: t('用户管理', 'Users') }]}>
      <h1>{u.displayName}（{u.username}）</h1>
      {state.done && !state.temporaryPassword ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
      {state.temporaryPassword ? <TemporaryPassword req={req} username={u.username} password={state.temporaryPassword} /> : null}
      <ErrorSummary req={req} errors={state.errors} />
      <dl class="meta">
        <dt>{t('状态', 'Status')}</dt><dd><StatusBadge lang={req.lang} u={u} now={ctx.clock.now()} /></dd>
        <dt>{t('双因素认证', 'Two-factor')}</dt><dd>{u.totpEnabled ? t('已设置', 'Set up') : t('未设置（首次登录时设置）', 'Not yet (at first sign-in)')}</dd>
        <dt>{t('创建时间', 'Created')}</dt><dd>{u.createdAt.slice(0, 10)}</dd>
        <dt>{t('密码修改时间', 'Password changed')}</dt><dd>{u.passwordChangedAt.slice(0, 10)}</dd>
      </dl>
      <section class="panel" aria-labelledby="roles-h">
        <h2 id="roles-h">{t('角色', 'Roles')}</h2>
        <ul>
          {u.grants.map((g) => (
            <li>
              {all.find((a) => a.id === g.agencyId)?.name ?? '?'} · {roleName(req.lang, g.role)}{' '}
              <form method="post" action={`/admin/users/${u.id}/revoke`} class="inline">
                <CsrfField req={req} />
                <input type="hidden" name="agencyId" value={g.agencyId} />
                <input type="hidden" name="role" value={g.role} />
                <button type="submit" class="link-button">{t('撤销', 'Remove')}<span class="visually-hidden"> {roleName(req.lang, g.role)}</span></button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`/admin/users/${u.id}/grant`} class="stacked narrow-form">
          <CsrfField req={req} />
          <Field req={req} name="agencyId" label={t('机构', 'Agency')} options={agencies.map((a) => ({ value: a.id, label: a.label }))} />
          <Field req={req} name="role" label={t('角色', 'Role')} options={roles.map((r) => ({ value: r, label: roleName(req.lang, r) }))} />
          <button type="submit" class="secondary">{t('添加角色', 'Add the role')}</button>
        </form>
      </section>
      {self ? <p>{t('修改自己的密码请到“我的账号”。', 'Change your own password under My account.')} <a href="/admin/account">{t('我的账号', 'My account')}</a></p> : (
        <section class="panel" aria-labelledby="actions-h">
          <h2 id="actions-h">{t('账号操作', 'Account actions')}</h2>
          <form method="post" action={`/admin/users/${u.id}/reset`} class="stacked">
            <CsrfField req={req} />
            <label class="check"><input type="checkbox" name="resetTotp" value="1" /> {t('同时重置双因素认证（用户手机丢失时）', 'Also reset two-factor authentication (the user lost their phone)')}</label>
            <button type="submit" class="secondary">{t('重置密码', 'Reset the password')}</button>
          </form>
          {u.status === 'active' ? (
            <form method="post" action={`/admin/users/${u.id}/disable`}>
              <CsrfField req={req} />
              <button type="submit">{t('停用账号（立即结束其所有会话）', 'Disable the account (ends all its sessions now)')}</button>
            </form>
          ) : (
            <form method="post" action={`/admin/users/${u.id}/enable`}>
              <CsrfField req={req} />
              <button type="submit">{t('启用账号', 'Enable the account')}</button>
            </form>
          )}
        </section>
      )}
    </AdminLayout>, status);
}

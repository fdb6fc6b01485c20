/**
 * "My account": password change, a new authenticator or new recovery codes (after the password), and the user's
 * sessions with revoke (security.md "staff sessions"; ASVS V3.3.4 lets users see and end their sessions).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mfaStatus, regenerateRecoveryCodes, restartEnrolment } from '../../accounts/mfa-service.ts';
import { changeOwnPassword } from '../../accounts/password-service.ts';
import { listMySessions, revokeMySession, revokeOtherSessions } from '../../accounts/session-service.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { PasswordFields, RecoveryCodeList } from './account-parts.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, formString, type FieldErrors } from './form-fields.tsx';

type Body = Record<string, unknown> | undefined;

/** Shanghai wall-clock time of an instant, `YYYY-MM-DD HH:mm`. */
function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Registers the account pages. */
export async function registerAccountRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const page = async (
    req: FastifyRequest, reply: FastifyReply,
    state: { passwordErrors?: FieldErrors; mfaErrors?: FieldErrors; codes?: string[]; notice?: string } = {}, status = 200,
  ) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const sessions = await listMySessions(ctx, p, req.staffSession!.session.sessionId);
    const mfa = await mfaStatus(ctx, p.userId);
    const q = req.query as Record<string, string | undefined>;
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('我的账号', 'My account')}>
        <h1>{t('我的账号', 'My account')}</h1>
        <dl class="meta">
          <dt>{t('用户名', 'Username')}</dt><dd>{p.username}</dd>
          <dt>{t('姓名', 'Name')}</dt><dd>{p.displayName}</dd>
        </dl>
        {q.recovered ? <p class="notice warn" role="status">{t('您使用恢复码登录。如果手机丢失，请在下方“更换身份验证器”。', 'You signed in with a recovery code. If you lost your phone, replace your authenticator below.')}</p> : null}
        {state.notice ? <p class="notice ok" role="status">{state.notice}</p> : null}
        {state.codes ? <RecoveryCodeList req={req} codes={state.codes} /> : null}

        <section class="panel" aria-labelledby="pw-h">
          <h2 id="pw-h">{t('修改密码', 'Change password')}</h2>
          <ErrorSummary req={req} errors={state.passwordErrors} />
          <form method="post" action="/admin/account/password" class="stacked narrow-form">
            <CsrfField req={req} />
            <PasswordFields req={req} errors={state.passwordErrors} />
            <button type="submit">{t('保存新密码', 'Save the new password')}</button>
          </form>
        </section>

        <section class="panel" aria-labelledby="mfa-h">
          <h2 id="mfa-h">{t('双因素认证', 'Two-factor authentication')}</h2>
          <p>{t(`已启用。剩余恢复码：${mfa.recoveryCodesLeft} 个。`, `On. Recovery codes left: ${mfa.recoveryCodesLeft}.`)}</p>
          {mfa.enrolmentPending ? <p class="notice warn"><a href="/admin/enrol">{t('继续设置新的身份验证器', 'Continue setting up the new authenticator')}</a></p> : null}
          <ErrorSummary req={req} errors={state.mfaErrors} />
          <form method="post" action="/admin/account/mfa" class="stacked narrow-form">
            <CsrfField req={req} />
            <Field req={req} name="password" type="password" label={t('当前密码（确认身份）', 'Current password (to confirm it is you)')} errors={state.mfaErrors} required autocomplete="current-password" maxLength={256} />
            <button type="submit" name="action" value="codes">{t('重新生成恢复码', 'Generate new recovery codes')}</button>{' '}
            <button type="submit" name="action" value="reenrol" class="secondary">{t('更换身份验证器', 'Replace my authenticator')}</button>
          </form>
        </section>

        <section class="panel" aria-labelledby="sess-h">
          <h2 id="sess-h">{t('登录会话', 'Sessions')}</h2>
          <div class="table-scroll" tabIndex={0}><table>
            <thead><tr>
              <th scope="col">{t('登录时间', 'Signed in')}</th><th scope="col">{t('最近活动', 'Last active')}</th>
              <th scope="col">IP</th><th scope="col">{t('浏览器', 'Browser')}</th><th scope="col">{t('操作', 'Action')}</th>
            </tr></thead>
            <tbody>
              {sessions.map((s) => (
                <tr>
                  <td>{shanghaiTime(s.createdAt)}</td><td>{shanghaiTime(s.lastSeenAt)}</td><td>{s.ip}</td><td>{s.userAgent.slice(0, 80)}</td>
                  <td>{s.current ? t('当前会话', 'This session') : (
                    <form method="post" action="/admin/account/sessions/revoke" class="inline">
                      <CsrfField req={req} />
                      <input type="hidden" name="handle" value={s.handle} />
                      <button type="submit" class="link-button">{t('结束', 'End')}</button>
                    </form>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
          {sessions.length > 1 ? (
            <form method="post" action="/admin/account/sessions/revoke-others">
              <CsrfField req={req} />
              <button type="submit" class="secondary">{t('结束其他所有会话', 'End all other sessions')}</button>
            </form>
          ) : null}
        </section>
      </AdminLayout>, status);
  };

  app.get('/admin/account', (req, reply) => page(req, reply));

  app.post<{ Body: Body }>('/admin/account/password', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const t = translator(req.lang);
    try {
      await changeOwnPassword(ctx, p.userId, req.staffSession!.session.sessionId, {
        current: formString(req.body, 'current'), next: formString(req.body, 'new'), confirm: formString(req.body, 'confirm'),
      }, req.ip);
      return page(req, reply, { notice: t('新密码已保存，其他会话已结束。', 'Your new password is saved; other sessions were ended.') });
    } catch (err) {
      const e = fieldErrorsOf(err);
      if (e.next) { e.new = e.next; delete e.next; }
      return page(req, reply, { passwordErrors: e }, 422);
    }
  });

  app.post<{ Body: Body }>('/admin/account/mfa', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const password = formString(req.body, 'password');
    try {
      if (formString(req.body, 'action') === 'reenrol') {
        await restartEnrolment(ctx, p, password, req.ip);
        return reply.redirect('/admin/enrol?next=%2Fadmin%2Faccount', 303);
      }
      const codes = await regenerateRecoveryCodes(ctx, p, password, req.ip);
      return page(req, reply, { codes });
    } catch (err) {
      return page(req, reply, { mfaErrors: fieldErrorsOf(err) }, 422);
    }
  });

  app.post<{ Body: Body }>('/admin/account/sessions/revoke', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    await revokeMySession(ctx, p, formString(req.body, 'handle'), req.ip);
    return reply.redirect('/admin/account', 303);
  });

  app.post('/admin/account/sessions/revoke-others', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    await revokeOtherSessions(ctx, p, req.staffSession!.session.sessionId, req.ip);
    return reply.redirect('/admin/account', 303);
  });
}

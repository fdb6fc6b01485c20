/**
 * Signing in to the back office: password, then a TOTP code (or a one-time recovery code), TOTP enrolment at first
 * login, the forced password change, sign-out, and first-run setup. Works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CODE_REFUSED, LOGIN_REFUSED, LoginRefused, loginWithPassword, loginWithRecoveryCode, loginWithTotp, type LoginStep } from '../../accounts/login-service.ts';
import { confirmEnrolment, startEnrolment } from '../../accounts/mfa-service.ts';
import { changeOwnPassword } from '../../accounts/password-service.ts';
import { endSession } from '../../accounts/session-service.ts';
import { completeFirstRunSetup, isSetupDue, setupNeedsAgency } from '../../accounts/setup-service.ts';
import { AGENCY_KINDS } from '../../agencies/agency.ts';
import { Unauthenticated } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, formString, safeNext, type FieldErrors } from './form-fields.tsx';
import { PasswordFields, RecoveryCodeList } from './account-parts.tsx';
import { clearSessionCookie, setSessionCookie } from './session-hook.ts';

type Body = Record<string, unknown> | undefined;

function meta(req: FastifyRequest) {
  return { ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') };
}

/** Where a session at a given stage goes next. */
function nextFor(stage: LoginStep['stage'], next: string): string {
  if (stage === 'totp') return `/admin/login?next=${encodeURIComponent(next)}`;
  if (stage === 'enrol') return `/admin/enrol?next=${encodeURIComponent(next)}`;
  if (stage === 'must_change') return `/admin/password?next=${encodeURIComponent(next)}`;
  return next;
}

function refusedText(req: FastifyRequest, err: unknown): string {
  const t = translator(req.lang);
  const m = (err as Error).message;
  if (m === LOGIN_REFUSED) return t(LOGIN_REFUSED, 'Wrong username or password. After 5 failed attempts the account is locked for 30 minutes.');
  if (m === CODE_REFUSED) return t(CODE_REFUSED, 'The code is wrong or was already used. Try again.');
  return t(m, 'Sign-in failed. Please start again.');
}

/** Registers the sign-in pages. */
export async function registerLoginRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Querystring: { next?: string } }>('/admin/login', async (req, reply) => {
    const next = safeNext(req.query.next);
    const s = req.staffSession;
    if (s && s.stage !== 'totp') return reply.redirect(nextFor(s.stage, next), 303);
    if (!s && (await isSetupDue(ctx))) return reply.redirect('/admin/setup', 303);
    return s ? totpPage(req, reply, next) : loginPage(req, reply, next);
  });

  app.post<{ Body: Body }>('/admin/login', async (req, reply) => {
    const next = safeNext(formString(req.body, 'next'));
    const username = formString(req.body, 'username');
    try {
      const step = await loginWithPassword(ctx, { username, password: formString(req.body, 'password') }, meta(req));
      if (req.staffSession) await endSession(ctx, req.staffSession.token, req.ip);
      setSessionCookie(ctx, reply, step.token);
      return reply.redirect(nextFor(step.stage, next), 303);
    } catch (err) {
      if (!(err instanceof LoginRefused)) throw err;
      return loginPage(req, reply, next, { username, error: refusedText(req, err) }, 422);
    }
  });

  app.post<{ Body: Body }>('/admin/login/totp', async (req, reply) => {
    const next = safeNext(formString(req.body, 'next'));
    assertPendingCsrf(req);
    try {
      const step = await loginWithTotp(ctx, req.staffSession?.token, formString(req.body, 'code'), meta(req));
      setSessionCookie(ctx, reply, step.token);
      return reply.redirect(nextFor(step.stage, next), 303);
    } catch (err) {
      if (!(err instanceof LoginRefused)) throw err;
      return totpPage(req, reply, next, refusedText(req, err), 422);
    }
  });

  app.get<{ Querystring: { next?: string } }>('/admin/login/recovery', async (req, reply) => {
    if (req.staffSession?.stage !== 'totp') return reply.redirect('/admin/login', 303);
    return recoveryPage(req, reply, safeNext(req.query.next));
  });

  app.post<{ Body: Body }>('/admin/login/recovery', async (req, reply) => {
    const next = safeNext(formString(req.body, 'next'));
    assertPendingCsrf(req);
    try {
      const step = await loginWithRecoveryCode(ctx, req.staffSession?.token, formString(req.body, 'code'), meta(req));
      setSessionCookie(ctx, reply, step.token);
      // A used recovery code usually means a lost phone: go straight to setting up a new authenticator.
      return reply.redirect(step.stage === 'ok' ? '/admin/account?recovered=1' : nextFor(step.stage, next), 303);
    } catch (err) {
      if (!(err instanceof LoginRefused)) throw err;
      return recoveryPage(req, reply, next, refusedText(req, err), 422);
    }
  });

  app.get<{ Querystring: { next?: string } }>('/admin/enrol', async (req, reply) => {
    const s = req.staffSession;
    if (!s || (s.stage !== 'enrol' && !s.principal)) throw new Unauthenticated();
    const enrolment = await startEnrolment(ctx, s.user.id).catch((err) => {
      if (err instanceof Unauthenticated && s.principal) return undefined; // already enrolled, nothing pending
      throw err;
    });
    if (!enrolment) return reply.redirect('/admin/account', 303);
    return enrolPage(req, reply, safeNext(req.query.next), enrolment);
  });

  app.post<{ Body: Body }>('/admin/enrol', async (req, reply) => {
    const s = req.staffSession;
    if (!s || (s.stage !== 'enrol' && !s.principal)) throw new Unauthenticated();
    assertCsrf(req);
    const next = safeNext(formString(req.body, 'next'));
    try {
      const done = await confirmEnrolment(ctx, s.user.id, formString(req.body, 'code'), s.stage === 'enrol' ? s.token : undefined, meta(req));
      if (done.login) setSessionCookie(ctx, reply, done.login.token);
      const cont = done.login ? nextFor(done.login.stage, next) : '/admin/account';
      const t = translator(req.lang);
      return sendPage(req, reply,
        <AdminLayout req={req} title={t('双因素认证已设置', 'Two-factor authentication is set up')}>
          <h1>{t('双因素认证已设置', 'Two-factor authentication is set up')}</h1>
          <RecoveryCodeList req={req} codes={done.recoveryCodes} />
          <p><a class="button" href={cont}>{t('我已保存恢复码，继续', 'I have saved the codes; continue')}</a></p>
        </AdminLayout>);
    } catch (err) {
      const errors = fieldErrorsOf(err);
      return enrolPage(req, reply, next, await startEnrolment(ctx, s.user.id), errors, 422);
    }
  });

  app.get<{ Querystring: { next?: string } }>('/admin/password', async (req, reply) => {
    const s = req.staffSession;
    if (!s || (s.stage !== 'must_change' && s.stage !== 'ok')) throw new Unauthenticated();
    return passwordPage(req, reply, safeNext(req.query.next));
  });

  app.post<{ Body: Body }>('/admin/password', async (req, reply) => {
    const s = req.staffSession;
    if (!s || (s.stage !== 'must_change' && s.stage !== 'ok')) throw new Unauthenticated();
    assertCsrf(req);
    const next = safeNext(formString(req.body, 'next'));
    try {
      await changeOwnPassword(ctx, s.user.id, s.session.sessionId, {
        current: formString(req.body, 'current'), next: formString(req.body, 'new'), confirm: formString(req.body, 'confirm'),
      }, req.ip);
      return reply.redirect(next === '/admin' ? '/admin?passwordChanged=1' : next, 303);
    } catch (err) {
      return passwordPage(req, reply, next, renameField(fieldErrorsOf(err), 'next', 'new'), 422);
    }
  });

  app.post('/admin/logout', async (req, reply) => {
    if (req.staffSession) {
      assertCsrf(req);
      await endSession(ctx, req.staffSession.token, req.ip);
    }
    clearSessionCookie(ctx, reply);
    return reply.redirect('/admin/login?loggedOut=1', 303);
  });

  app.get('/admin/setup', async (req, reply) => {
    if (!(await isSetupDue(ctx))) return reply.redirect('/admin/login', 303);
    return setupPage(req, reply, await setupNeedsAgency(ctx));
  });

  app.post<{ Body: Body }>('/admin/setup', async (req, reply) => {
    if (!(await isSetupDue(ctx))) return reply.redirect('/admin/login', 303);
    const needsAgency = await setupNeedsAgency(ctx);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const raw = Object.fromEntries(
      ['token', 'username', 'displayName', 'password', 'confirm', 'agencyCode', 'agencyName', 'agencyShortName', 'agencyKind']
        .map((k) => [k, formString(body, k) || undefined]),
    );
    try {
      const { username, password } = await completeFirstRunSetup(ctx, { ...raw, username: raw.username ?? '', displayName: raw.displayName ?? '', password: raw.password ?? '', confirm: raw.confirm ?? '' }, req.ip);
      // Straight into the real login, which continues with TOTP enrolment.
      const step = await loginWithPassword(ctx, { username, password }, meta(req));
      setSessionCookie(ctx, reply, step.token);
      return reply.redirect(nextFor(step.stage, '/admin'), 303);
    } catch (err) {
      return setupPage(req, reply, needsAgency, fieldErrorsOf(err), raw as Record<string, string | undefined>, 422);
    }
  });
}

function renameField(errors: FieldErrors, from: string, to: string): FieldErrors {
  if (!(from in errors)) return errors;
  const { [from]: v, ...rest } = errors;
  return { ...rest, [to]: v };
}

/** The TOTP and recovery forms belong to a half-signed-in session; its CSRF token guards them. */
function assertPendingCsrf(req: FastifyRequest): void {
  if (!req.staffSession || req.staffSession.stage !== 'totp') throw new Unauthenticated('登录已过期，请重新登录');
  assertCsrf(req);
}

function loginPage(req: FastifyRequest, reply: FastifyReply, next: string, state: { username?: string; error?: string } = {}, status = 200) {
  const t = translator(req.lang);
  const q = req.query as Record<string, string | undefined>;
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('工作人员登录', 'Staff sign-in')}>
      <h1>{t('工作人员登录', 'Staff sign-in')}</h1>
      {q.loggedOut ? <p class="notice ok" role="status">{t('您已安全退出。', 'You have signed out.')}</p> : null}
      {state.error ? <p class="notice error" role="alert">{state.error}</p> : null}
      <form method="post" action="/admin/login" class="stacked panel narrow-form">
        <input type="hidden" name="next" value={next} />
        <Field req={req} name="username" label={t('用户名', 'Username')} value={state.username} required autocomplete="username" maxLength={64} />
        <Field req={req} name="password" type="password" label={t('密码', 'Password')} required autocomplete="current-password" maxLength={256} />
        <button type="submit">{t('下一步', 'Continue')}</button>
      </form>
      <p class="trace">{t('忘记密码请联系本单位系统管理员重置。', 'Forgot your password? Ask your agency’s administrator to reset it.')}</p>
    </AdminLayout>, status);
}

function totpPage(req: FastifyRequest, reply: FastifyReply, next: string, error?: string, status = 200) {
  const t = translator(req.lang);
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('输入动态验证码', 'Enter your authentication code')}>
      <h1>{t('输入动态验证码', 'Enter your authentication code')}</h1>
      {error ? <p class="notice error" role="alert">{error}</p> : null}
      <form method="post" action="/admin/login/totp" class="stacked panel narrow-form">
        <CsrfField req={req} />
        <input type="hidden" name="next" value={next} />
        <Field req={req} name="code" label={t('6 位验证码', '6-digit code')} hint={t('打开手机上的身份验证器应用，输入“gongkai”显示的 6 位数字。', 'Open the authenticator app on your phone and enter the 6 digits shown for “gongkai”.')}
          required autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
        <button type="submit">{t('登录', 'Sign in')}</button>
      </form>
      <p><a href={`/admin/login/recovery?next=${encodeURIComponent(next)}`}>{t('手机丢失？使用恢复码登录', 'Lost your phone? Use a recovery code')}</a></p>
      <form method="post" action="/admin/logout" class="inline">
        <CsrfField req={req} />
        <button type="submit" class="link-button">{t('换一个账号登录', 'Sign in as someone else')}</button>
      </form>
    </AdminLayout>, status);
}

function recoveryPage(req: FastifyRequest, reply: FastifyReply, next: string, error?: string, status = 200) {
  const t = translator(req.lang);
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('使用恢复码登录', 'Sign in with a recovery code')}>
      <h1>{t('使用恢复码登录', 'Sign in with a recovery code')}</h1>
      {error ? <p class="notice error" role="alert">{error}</p> : null}
      <form method="post" action="/admin/login/recovery" class="stacked panel narrow-form">
        <CsrfField req={req} />
        <input type="hidden" name="next" value={next} />
        <Field req={req} name="code" label={t('恢复码', 'Recovery code')} hint={t('设置双因素认证时保存的恢复码之一，形如 ABCD-EFGH-JKLM-NPQR。每个恢复码只能使用一次。', 'One of the codes you saved when setting up two-factor authentication, like ABCD-EFGH-JKLM-NPQR. Each works once.')}
          required autocomplete="off" maxLength={32} />
        <button type="submit">{t('登录', 'Sign in')}</button>
      </form>
      <p><a href={`/admin/login?next=${encodeURIComponent(next)}`}>{t('返回输入动态验证码', 'Back to the authentication code')}</a></p>
    </AdminLayout>, status);
}

function enrolPage(
  req: FastifyRequest, reply: FastifyReply, next: string, e: { secret: string; qrDataUrl: string }, errors?: FieldErrors, status = 200,
) {
  const t = translator(req.lang);
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('设置双因素认证', 'Set up two-factor authentication')}>
      <h1>{t('设置双因素认证', 'Set up two-factor authentication')}</h1>
      <p>{t('为保护政务数据，每位工作人员登录时都需要输入手机身份验证器生成的动态验证码（TOTP）。',
        'To protect government data, every staff sign-in needs a code from an authenticator app on your phone (TOTP).')}</p>
      <ol>
        <li>{t('在手机上安装身份验证器应用（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）。', 'Install an authenticator app on your phone (such as Microsoft Authenticator, Google Authenticator or FreeOTP).')}</li>
        <li>{t('用应用扫描下面的二维码；无法扫码时，手动输入密钥。', 'Scan the QR code below with the app; if you cannot scan, type in the key.')}</li>
        <li>{t('输入应用显示的 6 位验证码完成设置。', 'Enter the 6-digit code the app shows to finish.')}</li>
      </ol>
      <figure class="qr panel">
        <img src={e.qrDataUrl} width={220} height={220} alt={t('用于身份验证器应用的二维码', 'QR code for your authenticator app')} />
        <figcaption>{t('密钥：', 'Key: ')}<code class="secret">{e.secret.match(/.{1,4}/g)!.join(' ')}</code></figcaption>
      </figure>
      <ErrorSummary req={req} errors={errors} />
      <form method="post" action="/admin/enrol" class="stacked panel narrow-form">
        <CsrfField req={req} />
        <input type="hidden" name="next" value={next} />
        <Field req={req} name="code" label={t('6 位验证码', '6-digit code')} errors={errors} required autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
        <button type="submit">{t('完成设置', 'Finish set-up')}</button>
      </form>
    </AdminLayout>, status);
}

function passwordPage(req: FastifyRequest, reply: FastifyReply, next: string, errors?: FieldErrors, status = 200) {
  const t = translator(req.lang);
  const forced = req.staffSession?.stage === 'must_change';
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('设置新密码', 'Choose a new password')}>
      <h1>{t('设置新密码', 'Choose a new password')}</h1>
      {forced ? <p class="notice warn">{t('您正在使用临时密码或密码已过期，请先设置新密码。', 'You are using a temporary or expired password. Choose a new one to continue.')}</p> : null}
      <ErrorSummary req={req} errors={errors} />
      <form method="post" action="/admin/password" class="stacked panel narrow-form">
        <CsrfField req={req} />
        <input type="hidden" name="next" value={next} />
        <PasswordFields req={req} errors={errors} />
        <button type="submit">{t('保存新密码', 'Save the new password')}</button>
      </form>
    </AdminLayout>, status);
}

function setupPage(
  req: FastifyRequest, reply: FastifyReply, needsAgency: boolean, errors?: FieldErrors, v: Record<string, string | undefined> = {}, status = 200,
) {
  const t = translator(req.lang);
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('首次设置', 'First-run set-up')}>
      <h1>{t('首次设置', 'First-run set-up')}</h1>
      <p>{t('系统中还没有任何用户。请创建第一个管理员账号。设置令牌在启动 gongkai 时显示在终端上，并保存在数据目录的 setup-token.txt 文件中。',
        'There are no users yet. Create the first administrator. The set-up token was printed to the terminal when gongkai started and is saved in setup-token.txt in the data directory.')}</p>
      <ErrorSummary req={req} errors={errors} />
      <form method="post" action="/admin/setup" class="stacked panel narrow-form">
        <Field req={req} name="token" label={t('设置令牌', 'Set-up token')} errors={errors} required autocomplete="off" maxLength={100} />
        {needsAgency ? (
          <fieldset>
            <legend>{t('本级机关', 'Your agency')}</legend>
            <Field req={req} name="agencyName" label={t('机构全称', 'Full name')} value={v.agencyName} errors={errors} required maxLength={100} />
            <Field req={req} name="agencyShortName" label={t('机构简称', 'Short name')} value={v.agencyShortName} errors={errors} required maxLength={40} />
            <Field req={req} name="agencyCode" label={t('机构代码', 'Agency code')} hint={t('用于网址，如 gskjt', 'Used in addresses, e.g. gskjt')} value={v.agencyCode} errors={errors} required maxLength={32} />
            <Field req={req} name="agencyKind" label={t('机构类别', 'Kind')} value={v.agencyKind ?? 'government'} errors={errors}
              options={Object.entries(AGENCY_KINDS).map(([value, label]) => ({ value, label }))} />
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{t('管理员账号', 'Administrator account')}</legend>
          <Field req={req} name="username" label={t('用户名', 'Username')} value={v.username} errors={errors} required autocomplete="username" maxLength={32} />
          <Field req={req} name="displayName" label={t('姓名', 'Name')} value={v.displayName} errors={errors} required autocomplete="name" maxLength={50} />
          <Field req={req} name="password" type="password" label={t('密码', 'Password')} hint={t('至少 12 个字符；可以使用一句话。', 'At least 12 characters; a sentence works well.')}
            errors={errors} required autocomplete="new-password" maxLength={128} />
          <Field req={req} name="confirm" type="password" label={t('再次输入密码', 'Repeat the password')} errors={errors} required autocomplete="new-password" maxLength={128} />
        </fieldset>
        <button type="submit">{t('创建管理员', 'Create the administrator')}</button>
      </form>
    </AdminLayout>, status);
}

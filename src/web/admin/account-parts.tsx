/** Parts shared by the sign-in and account pages: the new-password fields and the one-time recovery-code list. */
import type { FastifyRequest } from 'fastify';
import { PASSWORD_MIN } from '../../accounts/password.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { Field, type FieldErrors } from './form-fields.tsx';

/** Current, new and repeated password fields (names `current`, `new`, `confirm`). */
export function PasswordFields({ req, errors }: { req: FastifyRequest; errors?: FieldErrors }) {
  const t = translator(req.lang);
  return <>
    <Field req={req} name="current" type="password" label={t('当前密码', 'Current password')} errors={errors} required autocomplete="current-password" maxLength={256} />
    <Field req={req} name="new" type="password" label={t('新密码', 'New password')} errors={errors} required autocomplete="new-password" maxLength={128}
      hint={t(`至少 ${PASSWORD_MIN} 个字符，不能是常见密码，不能包含用户名、姓名或机构代码；可以使用一句话。`,
        `At least ${PASSWORD_MIN} characters, not a common password, without your username, name or agency code; a sentence works well.`)} />
    <Field req={req} name="confirm" type="password" label={t('再次输入新密码', 'Repeat the new password')} errors={errors} required autocomplete="new-password" maxLength={128} />
  </>;
}

/** Recovery codes shown once, with what to do with them. */
export function RecoveryCodeList({ req, codes }: { req: FastifyRequest; codes: string[] }) {
  const t = translator(req.lang);
  return (
    <section class="panel" aria-labelledby="rc-h">
      <h2 id="rc-h">{t('恢复码', 'Recovery codes')}</h2>
      <p class="notice warn">{t('请立即打印或抄写并妥善保管下列恢复码。手机丢失时，每个恢复码可代替动态验证码登录一次。此页关闭后将无法再次查看。',
        'Print or write down these codes now and keep them safe. If you lose your phone, each code signs you in once instead of an authentication code. You will not see them again.')}</p>
      <ol class="recovery-codes">{codes.map((c) => <li><code>{c}</code></li>)}</ol>
    </section>
  );
}

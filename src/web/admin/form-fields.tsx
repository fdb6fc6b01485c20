/**
 * Form parts of the back office: labelled fields that show their 422 messages (aria-invalid, aria-describedby,
 * `.field-error`), an error summary that links to the fields, and the CSRF field. Field messages come from services
 * in Chinese; `fieldMessage` gives the English of the known ones for English pages.
 */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { InvalidInput } from '../../errors.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';

/** Field messages by field path, as InvalidInput carries them. */
export type FieldErrors = Record<string, string>;

const EN: Record<string, string> = {
  请填写机构全称: 'Enter the full name of the agency',
  请填写机构简称: 'Enter a short name',
  邮政编码应为6位数字: 'A postcode has 6 digits',
  电子邮箱格式不正确: 'Enter a valid email address',
  '网址应以 http:// 或 https:// 开头': 'A website address starts with http:// or https://',
  '电话号码只能包含数字、括号、空格和“-”': 'A phone number may contain digits, brackets, spaces and “-” only',
  '用户名为 3–32 位小写字母、数字、“.”“_”“-”，以字母开头': 'A username has 3–32 lower-case letters, digits, “.”, “_” or “-” and starts with a letter',
  请填写姓名: 'Enter the name',
  '姓名不超过 50 个字符': 'Use at most 50 characters',
  请至少选择一个角色: 'Choose at least one role',
  请选择机构: 'Choose an agency',
  请选择角色: 'Choose a role',
  该用户名已被使用: 'This username is taken',
  当前密码不正确: 'The current password is wrong',
  两次输入的新密码不一致: 'The two new passwords differ',
  新密码不能与当前密码相同: 'The new password must differ from the current one',
  '验证码不正确，请确认手机时间准确后重新输入': 'Wrong code; check that your phone’s clock is right and try again',
  设置已过期请刷新页面重新扫码: 'The set-up expired; reload the page and scan again',
  设置令牌不正确: 'The set-up token is wrong',
  请填写名称: 'Enter a name',
  请填写职务: 'Enter a title',
  请选择密码策略: 'Choose a password profile',
  '密码至少需要 12 个字符': 'Use at least 12 characters',
  '密码不能超过 128 个字符': 'Use at most 128 characters',
  密码不能是重复或连续的字符: 'Do not use repeated or sequential characters',
  '这是常见密码，请换一个不易猜到的密码': 'This is a common password; choose one that is harder to guess',
  '密码不能包含用户名、姓名或机构代码': 'Do not include your username, name or agency code',
  '等保要求：密码需包含大写字母、小写字母、数字、符号中的至少三类': 'Use at least three of: upper case, lower case, digits, symbols',
  '机构代码为 2–32 位小写字母或数字': 'An agency code has 2–32 lower-case letters or digits',
  该机构代码已被使用: 'This agency code is taken',
  不能停用自己的账号: 'You cannot disable your own account',
  不能撤销自己的管理员角色: 'You cannot remove your own administrator role',
  用户至少需要保留一个角色: 'A user keeps at least one role',
  不再使用的账号请停用: 'disable accounts that are no longer used',
  '请在“我的账号”中修改自己的密码': 'Change your own password under My account',
  '日期格式应为 YYYY-MM-DD': 'Use the format YYYY-MM-DD',
  请填写设置令牌: 'Enter the set-up token',
  此项为必填项: 'This field is required',
  请选择此项: 'Choose an option',
};

/** A service's field message in the page language (messages joined with "；" are translated part by part). */
export function fieldMessage(lang: Lang, zh: string): string {
  if (lang !== 'en' || !/[\u3400-\u9fff]/.test(zh)) return zh; // no Chinese: a service already gave English
  return zh
    .split('；')
    .map((part) => EN[part] ?? EN[part.replace(/[，。]/g, '')] ?? 'Check this field')
    .join('; ');
}

/** The field messages of an InvalidInput, or rethrows anything else (so 403/404/409 keep their pages). */
export function fieldErrorsOf(err: unknown): FieldErrors {
  if (err instanceof InvalidInput) return Object.keys(err.fields).length ? err.fields : { _: err.message };
  throw err;
}

/** The hidden CSRF field every staff form carries. */
export function CsrfField({ req }: { req: FastifyRequest }) {
  return <input type="hidden" name="_csrf" value={req.csrfToken ?? ''} />;
}

/** A summary of the form's problems at its top, linking to each field (WCAG 3.3.1). */
export function ErrorSummary(props: { req: FastifyRequest; errors?: FieldErrors; labels?: Record<string, string> }) {
  const errors = props.errors ?? {};
  const keys = Object.keys(errors);
  if (!keys.length) return null;
  const t = translator(props.req.lang);
  return (
    <div class="notice error" role="alert" aria-labelledby="error-summary-title">
      <p id="error-summary-title"><strong>{t('提交的内容有误，请检查：', 'There is a problem:')}</strong></p>
      <ul>
        {keys.map((k) => (
          <li>
            {k === '_' ? fieldMessage(props.req.lang, errors[k]) : (
              <a href={`#f-${k.replace(/\./g, '-')}`}>
                {props.labels?.[k] ? `${props.labels[k]}：` : ''}{fieldMessage(props.req.lang, errors[k])}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Props of a labelled input. */
export interface FieldProps {
  req: FastifyRequest;
  name: string;
  label: string;
  value?: string;
  type?: string;
  hint?: string;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  maxLength?: number;
  inputMode?: string;
  /** Render a textarea instead of an input. */
  multiline?: boolean;
  /** Render a select with these options. */
  options?: { value: string; label: string }[];
  children?: ComponentChildren;
}

/** A labelled field with hint and error, wired for screen readers. */
export function Field(p: FieldProps) {
  const id = `f-${p.name.replace(/\./g, '-')}`;
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name: p.name, required: p.required, 'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class="field">
      <label for={id}>{p.label}{p.required ? <span aria-hidden="true"> *</span> : null}</label>
      {p.hint ? <span class="hint" id={`${id}-hint`}>{p.hint}</span> : null}
      {error ? <span class="field-error" id={`${id}-error`}>{fieldMessage(p.req.lang, error)}</span> : null}
      {p.options ? (
        <select {...common}>
          {p.options.map((o) => <option value={o.value} selected={o.value === p.value}>{o.label}</option>)}
        </select>
      ) : p.multiline ? (
        <textarea {...common} maxLength={p.maxLength}>{p.value ?? ''}</textarea>
      ) : (
        <input {...common} type={(p.type ?? 'text') as 'text'} value={p.value ?? ''} autoComplete={p.autocomplete}
          maxLength={p.maxLength} inputMode={p.inputMode as never} />
      )}
      {p.children}
    </div>
  );
}

/** A string form value from a parsed body (arrays from repeated fields give their first entry). */
export function formString(body: unknown, key: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** A path inside the back office to return to after login, or /admin (never another site). */
export function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/admin(\/|\?|$)/.test(v) && !v.includes('//') && !v.includes('\\') ? v : '/admin';
}

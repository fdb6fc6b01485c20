/**
 * Parsing input with zod into domain values, turning problems into InvalidInput with a message per field.
 * Messages are Chinese (zod's zh-CN locale and our own wording); the web layer renders them in the page language.
 */
import { z } from 'zod';
import { InvalidInput } from '../errors.ts';

const zodZhCN = z.locales.zhCN().localeError;

/** The message for a required field left empty: forms leave blank fields out, so the value arrives missing. */
export const REQUIRED_MESSAGE = '此项为必填项';
/** The message for a required choice left empty. */
export const CHOOSE_MESSAGE = '请选择此项';

/**
 * zod's zh-CN messages, except for a missing value: "无效输入：期望 string，实际接收 undefined" is what someone who left
 * a required field empty would otherwise read. Messages a schema sets on the field itself still take precedence.
 */
const zhCN = (issue: Parameters<typeof zodZhCN>[0]) => {
  const missing = issue.input === undefined || issue.input === null || issue.input === '';
  if (missing && issue.code === 'invalid_type') return REQUIRED_MESSAGE;
  if (missing && issue.code === 'invalid_value') return CHOOSE_MESSAGE;
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1 && String(issue.input ?? '').trim() === '') return REQUIRED_MESSAGE;
  return zodZhCN(issue);
};

/** Parses `raw` with `schema`, or throws InvalidInput whose fields map "a.b" paths to messages. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, message = '提交的内容有误，请检查标出的项目'): z.infer<S> {
  const r = schema.safeParse(raw, { error: zhCN as never });
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  throw new InvalidInput(message, fields);
}

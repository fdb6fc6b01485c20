/**
 * Parsing input with zod into domain values, turning problems into InvalidInput with a message per field.
 * Messages are Chinese (zod's zh-CN locale and our own wording); the web layer renders them in the page language.
 */
import { z } from 'zod';
import { InvalidInput } from '../errors.ts';

const zhCN = z.locales.zhCN().localeError;

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

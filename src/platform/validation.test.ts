// parseInput's messages: a required field left empty (forms leave blanks out) reads "此项为必填项" / "请选择此项", not
// zod's "无效输入：期望 string，实际接收 undefined" (found on the catalogue, procurement, registration and unmask forms);
// other problems keep zod's zh-CN wording, and a message set on the field itself still wins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import type { InvalidInput } from '../errors.ts';
import { fieldMessage } from '../web/admin/form-fields.tsx';
import { CHOOSE_MESSAGE, parseInput, REQUIRED_MESSAGE } from './validation.ts';

const schema = z.object({
  title: z.string().trim().min(1),
  kind: z.enum(['document', 'news']),
  count: z.coerce.number().int().optional(),
  reason: z.string({ error: '请填写理由' }),
  nested: z.object({ name: z.string() }),
});

function fields(raw: unknown): Record<string, string> {
  try {
    parseInput(schema, raw);
  } catch (e) {
    return (e as InvalidInput).fields;
  }
  return {};
}

const rows: [string, unknown, Record<string, string>][] = [
  ['every field missing', { nested: {} }, { title: REQUIRED_MESSAGE, kind: CHOOSE_MESSAGE, reason: '请填写理由', 'nested.name': REQUIRED_MESSAGE }],
  ['blank choice', { title: 'x', kind: '', reason: 'r', nested: { name: 'n' } }, { kind: CHOOSE_MESSAGE }],
  ['blank text that must not be empty', { title: '   ', kind: 'news', reason: 'r', nested: { name: 'n' } }, { title: REQUIRED_MESSAGE }],
  ['the field\'s own message wins', { title: 'x', kind: 'news', nested: { name: 'n' } }, { reason: '请填写理由' }],
];
for (const [name, raw, expected] of rows) {
  test(`missing values: ${name}`, () => assert.deepEqual(fields(raw), expected));
}

test('values that are present but wrong keep zod\'s zh-CN messages', () => {
  const f = fields({ title: 5, kind: 'video', reason: 'r', nested: { name: 'n' } });
  assert.match(f.title, /期望 string/);
  assert.match(f.kind, /期望以下之一/);
});

test('the two messages have English wording on English pages', () => {
  assert.equal(fieldMessage('en', REQUIRED_MESSAGE), 'This field is required');
  assert.equal(fieldMessage('en', CHOOSE_MESSAGE), 'Choose an option');
});

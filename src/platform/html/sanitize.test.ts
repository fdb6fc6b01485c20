import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeRichText, toPlainText } from './sanitize.ts';

const CASES: [string, string, string][] = [
  ['a body h1 is kept as a heading one level down', '<h1>一、总体情况</h1><p>正文</p>', '<h2>一、总体情况</h2><p>正文</p>'],
  ['allowed structure is kept', '<h3>表</h3><table><tr><th>项目</th></tr></table>', '<h3>表</h3><table><tr><th>项目</th></tr></table>'],
  ['scripts are removed with their content', '<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
  ['event handlers are removed', '<p onclick="alert(1)">x</p>', '<p>x</p>'],
  ['javascript: links lose their href', '<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
  ['links get rel=noopener noreferrer', '<a href="https://www.gov.cn/">x</a>', '<a href="https://www.gov.cn/" rel="noopener noreferrer">x</a>'],
];

test('sanitizeRichText', async (t) => {
  for (const [name, input, expected] of CASES) await t.test(name, () => assert.equal(sanitizeRichText(input), expected));
});

test('toPlainText drops markup and collapses spaces', () => {
  assert.equal(toPlainText('<h1>标题</h1>\n<p>第一段  <b>加粗</b></p>'), '标题 第一段 加粗');
});

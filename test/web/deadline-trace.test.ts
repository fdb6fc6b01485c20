/** `<DeadlineTrace>`: due date, provisional warning and the steps, accessible and in the page language (built with `h`: the runner picks up .test.ts only). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { computeReplyDeadline } from '../../src/calendar/clocks.ts';
import { DeadlineTrace } from '../../src/web/shared/deadline-trace.tsx';

test('renders the due date and every step as an ordered list (Art. 33)', () => {
  const html = render(h(DeadlineTrace, { result: computeReplyDeadline({ received: '2020-09-28' }), lang: 'zh-CN', label: '答复期限' }));
  assert.match(html, /<section class="deadline-trace" aria-labelledby="deadline-label">/);
  assert.match(html, /<time datetime="2020-11-02"><strong>2020-11-02<\/strong><\/time>/);
  assert.match(html, /<details class="deadline-steps"><summary>期限是如何计算的<\/summary><ol/);
  assert.match(html, /<li>10-10（周六）国庆节调休上班，计第4个工作日<\/li>/);
  assert.doesNotMatch(html, /暂定/);
});

test('an unannounced year shows a visible warning and a badge; English pages get English steps', () => {
  const result = computeReplyDeadline({ received: '2026-12-15' });
  const zh = render(h(DeadlineTrace, { result, lang: 'zh-CN' }));
  assert.match(zh, /<span class="badge warn">暂定<\/span>/);
  assert.match(zh, /<div class="notice warn" role="note"><p>注意：2027年节假日安排尚未公布/);
  const en = render(h(DeadlineTrace, { result, lang: 'en', id: 'reply', open: true }));
  assert.match(en, /aria-labelledby="reply-label"/);
  assert.match(en, /<details class="deadline-steps" open>/);
  assert.match(en, /the 2027 holiday arrangement has not been announced/);
  assert.match(en, />provisional</);
});

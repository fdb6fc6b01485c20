// The language switch links (src/web/shared/layout.tsx `langHref`): the fast path for plain paths must give exactly
// what the WHATWG URL parser gives, and no request URL may turn into a link to another host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lang } from '../../src/platform/i18n/i18n.ts';
import { langHref } from '../../src/web/shared/layout.tsx';

function reference(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

const URLS = [
  '/', '/agencies/gskjt', '/agencies/gskjt/catalogue?category=gfxwj&year=2020&page=2', '/search?q=%E7%A7%91%E6%8A%80',
  '/search?q=科技', '/agencies/gskjt?lang=en', '/x?lang=en&lang=zh-TW', '/x?a=1&a=2&b', '/x?q=a+b&r=%2B', '/x?',
  '/%E7%A7%91/a', '/科技', '//evil.example/x', '/\\evil.example', '/a/../b', '/a/./b', '/x#frag', '/x?y=1#frag',
  '/x?__proto__=1', '/a b?c d',
];

test('langHref equals the URL parser\'s answer for every kind of request URL', () => {
  for (const url of URLS) {
    for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
      assert.equal(langHref(url, lang), reference(url, lang), `${url} → ${lang}`);
    }
  }
});

test('langHref never produces a protocol-relative or absolute link', () => {
  for (const url of URLS) {
    const href = langHref(url, 'en');
    assert.ok(href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\'), `${url} → ${href}`);
  }
});

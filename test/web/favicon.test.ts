// Every page names its icon, and the icon is served: without it browsers ask for /favicon.ico on the first visit and
// log a 404 in the console of every portal and back-office page (found by the QA crawl).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp } from '../support/harness.ts';

describe('site icon', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => { t = await createTestApp(); });
  after(() => t.cleanup());

  for (const url of ['/', '/search', '/no-such-page']) {
    it(`${url} links an icon that answers 200 as SVG`, async () => {
      const page = await t.app.inject(url);
      const href = /<link rel="icon" href="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(href, 'a <link rel="icon">');
      const icon = await t.app.inject(href);
      assert.equal(icon.statusCode, 200);
      assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
      assert.match(icon.body, /^<svg /);
    });
  }
});

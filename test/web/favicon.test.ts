// /favicon.ico (asked for by clients that ignore the layout's <link rel="icon">) leads to the site icon, not a 404.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../support/harness.ts';

test('/favicon.ico redirects permanently to the SVG icon, which is served', async (t) => {
  const { app, cleanup } = await createTestApp();
  t.after(cleanup);
  const r = await app.inject('/favicon.ico');
  assert.equal(r.statusCode, 301);
  assert.equal(r.headers.location, '/assets/favicon.svg');
  const icon = await app.inject(r.headers.location as string);
  assert.equal(icon.statusCode, 200);
  assert.match(String(icon.headers['content-type']), /image\/svg\+xml/);
  assert.match(icon.body, /<svg/);
});

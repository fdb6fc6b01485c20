// The SQLite connection reuses prepared statements by SQL text (src/platform/db/database.ts). These checks hold on
// both engines: a statement abandoned mid-iteration, new parameters, rows written later, and more statements than
// the cache keeps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, onPostgres } from '../support/harness.ts';

// Streaming is a SQLite feature here (the PostgreSQL dialect is configured without cursors), and so is the cache.
if (!onPostgres) test('a statement left mid-iteration by a stream that stopped early is reusable', async (t) => {
  const ctx = await createTestCtx();
  t.after(() => ctx.cleanup());
  for (const code of ['a1', 'a2', 'a3']) await makeAgency(ctx, { code });
  const query = ctx.db.selectFrom('agencies').select(['code']).where('code', 'in', ['a1', 'a2', 'a3']).orderBy('code');
  for await (const row of query.stream()) {
    assert.equal(row.code, 'a1');
    break; // the iterator is returned while rows remain
  }
  assert.deepEqual((await query.execute()).map((r) => r.code), ['a1', 'a2', 'a3']);
  const streamed: string[] = [];
  for await (const row of query.stream()) streamed.push(row.code);
  assert.deepEqual(streamed, ['a1', 'a2', 'a3']);
});

test('a reused statement binds new parameters and sees rows written after it was first prepared', async (t) => {
  const ctx = await createTestCtx();
  t.after(() => ctx.cleanup());
  const byCode = (code: string) => ctx.db.selectFrom('agencies').select(['code']).where('code', '=', code).executeTakeFirst();
  assert.equal(await byCode('later'), undefined);
  await makeAgency(ctx, { code: 'later' });
  assert.equal((await byCode('later'))?.code, 'later');
  await makeAgency(ctx, { code: 'other' });
  assert.equal((await byCode('other'))?.code, 'other');
});

test('more distinct statements than the cache holds all still run correctly', async (t) => {
  const ctx = await createTestCtx();
  t.after(() => ctx.cleanup());
  await makeAgency(ctx, { code: 'lru' });
  for (let i = 0; i < 600; i++) {
    const r = await ctx.db.selectFrom('agencies').select((eb) => eb.val(i).as('n')).where('code', '=', 'lru').executeTakeFirstOrThrow();
    assert.equal(Number(r.n), i);
  }
});

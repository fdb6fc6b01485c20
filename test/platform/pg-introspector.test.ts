// The Migrator introspects before every migration. On PostgreSQL it must read only its own schema: other
// installations (or test files) in the same database create and drop schemas meanwhile, and Kysely's stock
// introspector resolved every table of every schema by name, failing with 42P01 when one vanished (a CI failure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { newToken } from '../../src/platform/ids.ts';
import { onPostgres } from '../support/harness.ts';

const url = process.env.DATABASE_URL ?? '';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

if (onPostgres) test('migrations succeed while other schemas are created and dropped', async (t) => {
  const mine = `t_${newToken(10).toLowerCase()}`;
  await admin((c) => c.query(`create schema ${mine}`));
  const opened = openDatabase({ databaseUrl: url, dataDir: '', pgSchema: mine, poolSize: 2 });
  t.after(async () => {
    await opened.close();
    await admin((c) => c.query(`drop schema if exists ${mine} cascade`));
  });

  // Churn: schemas with serial-keyed tables appear and vanish until the migrations finish.
  let done = false;
  let churned = 0;
  const churn = admin(async (c) => {
    while (!done) {
      const other = `churn_${newToken(8).toLowerCase()}`;
      await c.query(`create schema ${other}`);
      for (let i = 0; i < 20; i++) await c.query(`create table ${other}.t${i} (id serial primary key, v text)`);
      await c.query(`drop schema ${other} cascade`);
      churned++;
    }
  });
  // Another installation's schema that stays: it must not show up in ours.
  const neighbour = `n_${newToken(8).toLowerCase()}`;
  await admin((c) => c.query(`create schema ${neighbour}; create table ${neighbour}.agencies (id serial primary key)`));
  t.after(() => admin((c) => c.query(`drop schema if exists ${neighbour} cascade`)));
  try {
    await migrateToLatest(opened.db);
    // The Migrator introspects once per run; widen the window by introspecting repeatedly during the churn.
    for (let i = 0; i < 40; i++) await opened.db.introspection.getTables({ withInternalKyselyTables: true });
  } finally {
    done = true;
    await churn;
  }
  assert.ok(churned > 0, 'schemas were dropped while migrating');

  const tables = await opened.db.introspection.getTables({ withInternalKyselyTables: true });
  assert.ok(tables.length > 50);
  assert.deepEqual(new Set(tables.map((x) => x.schema)), new Set([mine]));
  assert.ok(tables.some((x) => x.name === 'kysely_migration'));
  assert.ok(!(await opened.db.introspection.getTables()).some((x) => x.name === 'kysely_migration'));
  const agencies = tables.find((x) => x.name === 'agencies');
  assert.ok(agencies?.columns.some((col) => col.name === 'code' && !col.isNullable));
});

/**
 * The test harness: a fresh, migrated database per call (a temp SQLite file, or on PostgreSQL when DATABASE_URL is
 * set, a fresh schema), the whole Ctx, and optionally the app for `inject()`. Never a mock of our own storage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock, type Clock } from '../../src/platform/clock.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { createContext } from '../../src/platform/bootstrap.ts';
import { newToken } from '../../src/platform/ids.ts';

/** A test context with its clean-up. */
export interface TestCtx extends Ctx {
  clock: ReturnType<typeof fixedClock>;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** True when the suite runs against PostgreSQL. */
export const onPostgres = Boolean(process.env.DATABASE_URL);

/** Opens a fresh migrated database and a Ctx around it. */
export async function createTestCtx(opts: { now?: string; env?: Record<string, string> } = {}): Promise<TestCtx> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    GONGKAI_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    GONGKAI_ENCRYPTION_KEY: 'a'.repeat(64),
    GONGKAI_JOBS: '0',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  let schema: string | undefined;
  if (config.databaseUrl) {
    schema = `t_${newToken(10).toLowerCase()}`;
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  }
  const clock = fixedClock(opts.now ?? '2020-09-28T02:00:00Z');
  const ctx = await createContext(config, { clock: clock as Clock, pgSchema: schema });
  return {
    ...ctx,
    clock,
    dataDir,
    async cleanup() {
      await ctx.database.close();
      if (schema && config.databaseUrl) {
        const c = new pg.Client({ connectionString: config.databaseUrl });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test context plus the app built on it. */
export async function createTestApp(opts: { now?: string; env?: Record<string, string> } = {}): Promise<{ ctx: TestCtx; app: FastifyInstance; cleanup(): Promise<void> }> {
  const ctx = await createTestCtx(opts);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    ctx,
    app,
    async cleanup() {
      await app.close();
      await ctx.cleanup();
    },
  };
}

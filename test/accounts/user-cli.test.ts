/**
 * `gongkai user add|disable|reset` and `gongkai audit verify` as operators run them: the real bin/gongkai.js in a
 * child process against the test's SQLite file (the CLI cannot be pointed at a per-test PostgreSQL schema, so these
 * run on SQLite only; the services underneath are covered on both databases by the other account tests).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { selectUserByUsername } from '../../src/accounts/account-store.ts';
import { loginWithPassword } from '../../src/accounts/login-service.ts';
import { appendAudit, verifyAuditChain } from '../../src/audit/audit-service.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'gongkai.js');

function gongkai(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, GONGKAI_ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    execFile(process.execPath, [bin, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('gongkai user add | disable | reset', { skip: onPostgres ? 'the CLI runs against SQLite here' : false }, () => {
  let ctx: TestCtx;
  before(async () => {
    ctx = await createTestCtx();
    await makeAgency(ctx, { code: 'clitest' });
  });
  after(() => ctx?.cleanup());

  it('shows help with exit codes', async () => {
    for (const cmd of [['user', 'add'], ['user', 'disable'], ['user', 'reset']]) {
      const r = await gongkai([...cmd, '--help'], ctx.dataDir);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Exit codes/);
    }
  });

  it('adds a user with a temporary password printed once on stdout', async () => {
    const r = await gongkai(['user', 'add', 'Wang.Fang', '--agency', 'clitest', '--role', 'editor', '--role', 'reviewer', '--name', '王芳'], ctx.dataDir);
    assert.equal(r.code, 0, r.stderr);
    const password = r.stdout.trim();
    assert.match(password, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const u = await selectUserByUsername(ctx.db, 'wang.fang');
    assert.ok(u);
    assert.equal(u.displayName, '王芳');
    assert.equal(u.mustChangePassword, true);
    const step = await loginWithPassword(ctx, { username: 'wang.fang', password });
    assert.equal(step.stage, 'enrol');
  });

  it('refuses bad usage and invalid input with exit 2', async () => {
    assert.equal((await gongkai(['user', 'add', 'someone', '--role', 'editor'], ctx.dataDir)).code, 2);
    assert.equal((await gongkai(['user', 'add', 'someone', '--agency', 'clitest', '--role', 'boss'], ctx.dataDir)).code, 2);
    assert.equal((await gongkai(['user', 'add', 'someone', '--agency', 'nosuch', '--role', 'editor'], ctx.dataDir)).code, 2);
    const taken = await gongkai(['user', 'add', 'wang.fang', '--agency', 'clitest', '--role', 'editor'], ctx.dataDir);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /已被使用/);
    assert.equal((await gongkai(['user', 'disable', 'nobody'], ctx.dataDir)).code, 2);
    assert.equal((await gongkai(['user', 'reset'], ctx.dataDir)).code, 2);
  });

  it('resets and disables', async () => {
    const reset = await gongkai(['user', 'reset', 'wang.fang'], ctx.dataDir);
    assert.equal(reset.code, 0, reset.stderr);
    const step = await loginWithPassword(ctx, { username: 'wang.fang', password: reset.stdout.trim() });
    assert.equal(step.stage, 'enrol');
    const off = await gongkai(['user', 'disable', 'wang.fang'], ctx.dataDir);
    assert.equal(off.code, 0, off.stderr);
    assert.equal((await selectUserByUsername(ctx.db, 'wang.fang'))!.status, 'disabled');
    const sessions = await ctx.db.selectFrom('sessions').select('session_id').where('user_id', '=', step.userId).execute();
    assert.equal(sessions.length, 0);
  });

  it('audit verify exits 0 on an intact chain and 1 after tampering', async () => {
    assert.equal((await gongkai(['audit', 'verify'], ctx.dataDir)).code, 0);
    await sql`drop trigger audit_log_no_update`.execute(ctx.db);
    await sql`update audit_log set summary = '{"role":"admin"}' where seq = 1`.execute(ctx.db);
    const r = await gongkai(['audit', 'verify'], ctx.dataDir);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).ok, false);
  });
});

describe('the audit chain detects edited, deleted and truncated rows', () => {
  async function chainOf(n: number): Promise<TestCtx> {
    const ctx = await createTestCtx();
    for (let i = 0; i < n; i++) {
      await appendAudit(ctx.db, ctx.dialect, SYSTEM_ACTOR, { action: 'test.step', objectType: 'test', objectId: String(i), summary: { i } }, ctx.clock.now());
    }
    // Simulate raw tampering with the database file: the append-only triggers are gone.
    if (ctx.dialect === 'postgres') {
      await sql`drop trigger audit_log_no_update on audit_log`.execute(ctx.db);
    } else {
      await sql`drop trigger audit_log_no_update`.execute(ctx.db);
      await sql`drop trigger audit_log_no_delete`.execute(ctx.db);
    }
    return ctx;
  }

  it('an intact chain verifies', async () => {
    const ctx = await chainOf(5);
    try {
      assert.deepEqual(await verifyAuditChain(ctx.db), { ok: true, count: 5, breaks: [] });
    } finally {
      await ctx.cleanup();
    }
  });

  const cases: [string, string, string][] = [
    ['an edited row', `update audit_log set summary = '{"i":99}' where seq = 3`, 'hash_mismatch'],
    ['an edited actor', `update audit_log set actor_label = 'someone' where seq = 2`, 'hash_mismatch'],
    ['a deleted row', 'delete from audit_log where seq = 3', 'gap'],
    ['a truncated tail', 'delete from audit_log where seq >= 4', 'truncated'],
    ['a rewritten tail (edited and re-hashed without the key head)', `update audit_log set prev_hash = '${'f'.repeat(64)}' where seq = 5`, 'prev_mismatch'],
  ];
  for (const [name, statement, problem] of cases) {
    it(`detects ${name}`, async () => {
      const ctx = await chainOf(5);
      try {
        await sql.raw(statement).execute(ctx.db);
        const v = await verifyAuditChain(ctx.db);
        assert.equal(v.ok, false);
        assert.ok(v.breaks.some((b) => b.problem === problem), JSON.stringify(v.breaks));
      } finally {
        await ctx.cleanup();
      }
    });
  }
});

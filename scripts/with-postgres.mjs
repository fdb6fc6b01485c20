#!/usr/bin/env node
// Runs a command against a real PostgreSQL (`npm run test:pg` = `node scripts/with-postgres.mjs npm test`).
//
// - DATABASE_URL set: the command runs against that server unchanged.
// - Otherwise: a throwaway cluster is created in a temp directory (initdb from /usr/lib/postgresql/*/bin, C.UTF-8 so
//   pg_trgm indexes CJK text, trust auth, TCP on 127.0.0.1 only at a random free port, unix socket inside the temp
//   directory, fsync off), a database is created, the command runs with DATABASE_URL pointing at it, and the cluster
//   is stopped and removed afterwards, also when the command fails or we get SIGINT/SIGTERM/SIGHUP.
//   As root the server runs as the `postgres` OS user (PostgreSQL refuses to run as root), via runuser.
//
// Usage: node scripts/with-postgres.mjs <command> [args...]
// Environment: GONGKAI_PG_KEEP=1 keeps the cluster directory after exit (for debugging; printed on stderr).
// Exit code: the command's, or 3 when PostgreSQL could not be started.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
  process.stderr.write('Usage: node scripts/with-postgres.mjs <command> [args...]\n');
  process.exit(argv.length === 0 ? 2 : 0);
}

const say = (m) => process.stderr.write(`[with-postgres] ${m}\n`);

if (process.env.DATABASE_URL) {
  say(`using DATABASE_URL from the environment (${redact(process.env.DATABASE_URL)})`);
  process.exit(await runCommand(process.env));
}

const pgBin = findPgBin();
if (!pgBin) {
  say('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin.');
  say('Install them (Debian: apt-get install -y postgresql postgresql-contrib) or set DATABASE_URL.');
  process.exit(3);
}

const isRoot = process.getuid?.() === 0;
const runAs = isRoot ? postgresUser() : undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-pg-'));
if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
let started = false;
let cleanedUp = false;

function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (started) pg(['pg_ctl', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], { quiet: true });
  if (process.env.GONGKAI_PG_KEEP === '1') say(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', cleanup);

let child;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say(`${sig}: stopping`);
    if (child && child.exitCode === null) child.kill(sig);
    else {
      cleanup();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    }
  });
}

try {
  const t0 = Date.now();
  pg(['initdb', '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const opts = [
    '-c listen_addresses=127.0.0.1',
    `-p ${port}`,
    `-k ${dataDir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    '-c shared_buffers=128MB',
  ].join(' ');
  pg(['pg_ctl', '-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
  started = true;
  const psql = spawnSync(join(pgBin, 'psql'), ['-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', 'create database gongkai_test'], { encoding: 'utf8' });
  if (psql.status !== 0) throw new Error(`create database failed: ${psql.stderr}`);
  const url = `postgres://postgres@127.0.0.1:${port}/gongkai_test`;
  say(`PostgreSQL ${serverVersion()} up on 127.0.0.1:${port} in ${Date.now() - t0} ms (${dataDir})`);
  const code = await runCommand({ ...process.env, DATABASE_URL: url });
  cleanup();
  process.exit(code);
} catch (err) {
  say(`could not start PostgreSQL: ${err.message}`);
  const log = join(dataDir, 'server.log');
  if (existsSync(log)) process.stderr.write(readFileSync(log, 'utf8').slice(-4000));
  cleanup();
  process.exit(3);
}

/** Runs the wrapped command with the given environment; resolves to its exit code. */
function runCommand(env) {
  return new Promise((resolve) => {
    child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env, shell: process.platform === 'win32' });
    child.on('error', (e) => {
      say(`cannot run ${argv[0]}: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
  });
}

/** Runs a PostgreSQL binary, as the postgres OS user when we are root; throws with its output on failure. */
function pg(args, { quiet = false } = {}) {
  const bin = join(pgBin, args[0]);
  const cmd = runAs ? 'runuser' : bin;
  const full = runAs ? ['-u', runAs.name, '--', bin, ...args.slice(1)] : args.slice(1);
  const r = spawnSync(cmd, full, { encoding: 'utf8', cwd: dataDir, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (r.status !== 0 && !quiet) throw new Error(`${args[0]} exited ${r.status}: ${(r.stderr || r.stdout || '').trim()}`);
  return r;
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb, or one on PATH. */
function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    if (versions.length) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return join(which.stdout.trim(), '..');
  return undefined;
}

/** The `postgres` OS user the Debian package creates (PostgreSQL refuses to run as root). */
function postgresUser() {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) {
    say('running as root but there is no `postgres` OS user to run the server as (apt-get install postgresql creates it)');
    process.exit(3);
  }
  return { name: 'postgres', uid: Number(r.stdout), gid: Number(g.stdout) };
}

function serverVersion() {
  const r = spawnSync(join(pgBin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return (r.stdout.match(/\d+(\.\d+)?/) ?? ['?'])[0];
}

/** A free TCP port on loopback (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function signalNumber(sig) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[sig] ?? 1;
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Starts the real server for browser tests: `node bin/gongkai.js start --demo-if-empty` in a child process with a
 * temporary GONGKAI_DATA_DIR, on a free loopback port, and waits for /healthz. Always SQLite unless
 * GONGKAI_E2E_DATABASE_URL names a PostgreSQL database (the e2e suite does not share the test:pg cluster).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  dataDir: string;
  /** Everything the server wrote to stdout and stderr so far (demo credentials are printed once to stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Starts `gongkai start --demo-if-empty` and resolves once /healthz answers 200 (or rejects with the server's output). */
export async function startServer(
  opts: {
    env?: Record<string, string>;
    /** Default 300 s: loading the demo (thousands of catalogue items) takes minutes on a busy 2-core machine. */
    timeoutMs?: number;
    /** Reuse a data directory (the demo is then already loaded); it is kept on stop. */
    dataDir?: string;
  } = {},
): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gongkai-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'gongkai.js'), 'start', '--demo-if-empty'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      GONGKAI_DATA_DIR: dataDir,
      DATABASE_URL: process.env.GONGKAI_E2E_DATABASE_URL ?? '',
      GONGKAI_JOBS: '0',
      LOG_LEVEL: 'warn',
      TZ: 'Asia/Shanghai',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const timeoutMs = opts.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`gongkai start exited with ${child.exitCode} before answering /healthz:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`gongkai start did not answer /healthz within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { url, dataDir, output: () => log, stop };
}

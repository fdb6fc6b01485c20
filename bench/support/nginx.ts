/** Starts nginx (bench/nginx/nginx.conf) on a free loopback port, serving the given files from a temp directory. */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/support/server.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A running nginx. */
export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

/** Serves `files` (path → bytes) with nginx; resolves once it answers. */
export async function startNginx(files: Record<string, Buffer>): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'gongkai-nginx-'));
  const root = join(prefix, 'www');
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  for (const [path, bytes] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  // nginx workers run as `nobody` when started by root: the tree must be world-readable.
  chmodSync(prefix, 0o755);
  const walk = (d: string) => {
    chmodSync(d, 0o755);
    for (const f of readdirSync(d)) if (statSync(join(d, f)).isDirectory()) walk(join(d, f));
  };
  walk(root);
  const port = await freePort();
  const conf = readFileSync(join(here, '..', 'nginx', 'nginx.conf'), 'utf8')
    .replaceAll('@PREFIX@', prefix)
    .replaceAll('@ROOT@', root)
    .replaceAll('@PORT@', String(port));
  const confFile = join(prefix, 'nginx.conf');
  writeFileSync(confFile, conf);
  const child = spawn('nginx', ['-p', prefix, '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url + '/');
      break;
    } catch {
      if (child.exitCode !== null || i > 100) throw new Error(`nginx did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}


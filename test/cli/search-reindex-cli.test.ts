/**
 * `gongkai search reindex` in a child process (the real bin/gongkai.js) on a fresh SQLite data directory: exit 0 and
 * the number of indexed documents on stdout; `--help` documents the option.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'gongkai.js');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-search-cli-'));

function gongkai(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: join(tmp, 'data') };
    delete env.DATABASE_URL;
    execFile(process.execPath, [bin, ...args], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('gongkai search reindex', () => {
  test('rebuilds the index of a migrated database and prints the document count', async () => {
    const m = await gongkai(['migrate']);
    assert.equal(m.code, 0, m.stderr);
    const r = await gongkai(['search', 'reindex', '--from-catalogue']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '0');
    assert.match(r.stderr, /search index rebuilt: 0 documents/);
  });

  test('--help names the option and the exit codes', async () => {
    const r = await gongkai(['search', 'reindex', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout + r.stderr, /--from-catalogue/);
  });
});

/**
 * `gongkai report check <FILE>` as outside checks run it (design.md §5.3): the real bin/gongkai.js in a child process;
 * JSON on stdout, a summary or the error on stderr; exit 0 consistent, 1 violations, 2 not a readable report.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'gongkai.js');
const fixtures = join(root, 'test', 'fixtures', 'reports');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-report-cli-'));

function gongkai(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: join(tmp, 'data') };
    delete env.DATABASE_URL;
    execFile(process.execPath, [bin, ...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('gongkai report check', { concurrency: 4 }, () => {
  test('a published report whose tables are consistent: exit 0, the JSON of §5.3 on stdout', async () => {
    const r = await gongkai(['report', 'check', join(fixtures, 'pingtan_2023.txt')]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.template, '2021');
    assert.deepEqual(report.table3.rows.new, [80, 1, 0, 0, 0, 0, 81]);
    assert.deepEqual(report.violations, []);
    assert.ok(Array.isArray(report.warnings));
  });

  test('the seed (empty tables): exit 1 with R0, numbers never invented', async () => {
    const r = await gongkai(['report', 'check', join(fixtures, 'seed_gansu_kjt_2020_traditional.txt')]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(report.violations.every((v: { rule: string }) => v.rule === 'R0'));
    assert.equal(report.table3.rows.new[0], null);
  });

  test('not a report, an empty file, a missing file, no argument: exit 2 with a message and no JSON', async () => {
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    const notice = join(tmp, 'notice.txt');
    writeFileSync(notice, '关于做好春节期间安全生产工作的通知。');
    for (const args of [['report', 'check', empty], ['report', 'check', notice], ['report', 'check', join(tmp, 'missing.txt')], ['report', 'check']]) {
      const r = await gongkai(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /错误/);
    }
  });

  test('--previous enables the cross-year checks (Y1: new applications 23 → 81)', async () => {
    const r = await gongkai(['report', 'check', join(fixtures, 'pingtan_2023.txt'), '--previous', join(fixtures, 'pingtan_2019.txt')]);
    assert.equal(r.code, 0, r.stderr);
    const rules = JSON.parse(r.stdout).warnings.map((w: { rule: string }) => w.rule);
    assert.ok(rules.includes('Y1'), 'new applications 23 → 81');
  });
});

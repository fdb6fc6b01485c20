#!/usr/bin/env node
// Runs node's test runner over the test files under the given folders (Node 20 has no glob in --test).
// Usage: node scripts/test.mjs [--suffix .test.ts] [--concurrency N] dir...
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
let suffix = '.test.ts';
let concurrency = '2';
const dirs = [];
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--suffix') suffix = args[++i];
  else if (args[i] === '--concurrency') concurrency = args[++i];
  else if (args[i] === '--only') filters.push(args[++i]);
  else dirs.push(args[i]);
}
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}
let files = dirs.flatMap((d) => walk(d, [])).sort();
if (process.env.GONGKAI_TEST_ONLY) filters.push(process.env.GONGKAI_TEST_ONLY);
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', env: { TZ: 'Asia/Shanghai', ...process.env } },
);
process.exit(res.status ?? 1);

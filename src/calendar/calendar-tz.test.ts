// Issue 3: no answer may depend on the process's TZ. Reruns the calendar's test files in child processes under
// time zones on both sides of UTC (the suite itself runs under Asia/Shanghai, scripts/test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const files = [
  'dates.test.ts',
  'calendar.test.ts',
  'calendar-notices.test.ts',
  'clocks.test.ts',
  'calendar.property.test.ts',
  'recompute.test.ts',
].map((f) => join(here, f));

/** The parent's environment with another TZ; NODE_TEST_CONTEXT is dropped so the child reports as TAP on stdout. */
function envWith(tz: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

for (const tz of ['America/New_York', 'Pacific/Kiritimati']) {
  test(`calendar tests pass under TZ=${tz}`, () => {
    const probe = spawnSync(process.execPath, ['-e', 'console.log(new Date(2020, 9, 10).getTimezoneOffset())'], {
      env: envWith(tz),
      encoding: 'utf8',
    });
    assert.notEqual(probe.stdout.trim(), '-480', `TZ=${tz} is in effect in the child (not Shanghai's offset)`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
      env: envWith(tz),
      encoding: 'utf8',
      timeout: 120_000,
    });
    const failures = /^# fail (\d+)/m.exec(run.stdout)?.[1];
    assert.equal(run.status, 0, `${tz}: ${run.stdout.split('\n').filter((l) => l.startsWith('not ok')).join('\n')}\n${run.stderr}`);
    assert.equal(failures, '0');
    assert.ok(Number(/^# pass (\d+)/m.exec(run.stdout)?.[1]) > 40, 'the child ran the calendar tests');
  });
}

// Wide tables sit in `.table-scroll` boxes (overflow-x: auto) so phones scroll them instead of the page. A box that
// scrolls must be reachable by keyboard (WCAG 2.1.1; axe-core `scrollable-region-focusable`, found on the portal's
// 许可/处罚 tables and the annual report at 390 px): every such box in the web layer is focusable.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOTS = ['src/web', 'src/reports'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx$/.test(e.name) && !/\.test\./.test(e.name) ? [p] : [];
  });
}

test('every .table-scroll box in the pages is keyboard-focusable (tabIndex={0})', () => {
  const bad: string[] = [];
  let seen = 0;
  for (const file of ROOTS.flatMap(sources)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/<div\b[^>]*class="table-scroll"[^>]*>/g)) {
        seen++;
        if (!/tabIndex=\{0\}/.test(m[0])) bad.push(`${file}:${i + 1}: ${m[0]}`);
      }
    });
  }
  assert.ok(seen > 10, 'the scan finds the table boxes');
  assert.deepEqual(bad, []);
});

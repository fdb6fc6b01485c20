import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_REPORT_BYTES, parseReportBytes } from './report-parse.ts';

const FIXTURES = new URL('../../../shared/fixtures/reports/', import.meta.url);

/** A report padded to just under 20 MB: its section 一 repeated, the tables once at the end. */
function padded(name: string, marker: string): Buffer {
  const s = readFileSync(new URL(name, FIXTURES), 'utf8');
  const i = s.indexOf(marker);
  const filler = s.slice(0, i);
  const copies = Math.floor((MAX_REPORT_BYTES - Buffer.byteLength(s)) / Buffer.byteLength(filler));
  return Buffer.from(filler.repeat(copies) + s.slice(i));
}

for (const [name, marker] of [
  ['pingtan_2019.txt', '二、主动公开'],
  ['seed_gansu_kjt_2020_traditional.txt', '二、主動公開'],
] as const) {
  test(`checking a 20 MB report takes < 1 s (issue 6 performance): ${name}`, async () => {
    const bytes = padded(name, marker);
    assert.ok(bytes.length > 19.5 * 1024 * 1024 && bytes.length <= MAX_REPORT_BYTES);
    await parseReportBytes(readFileSync(new URL(name, FIXTURES))); // load OpenCC tables once
    // CPU time, not wall time: the suite runs files in parallel on a shared machine (wall time is in the message).
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { report } = await parseReportBytes(bytes);
    const wall = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    const ms = (used.user + used.system) / 1000;
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms of CPU (${wall.toFixed(0)} ms wall)`);
    assert.equal(report.template, '2019');
  });
}

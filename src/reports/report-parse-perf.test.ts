import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_REPORT_BYTES, parseReportBytes, parseReportText } from './report-parse.ts';

const FIXTURES = new URL('../../test/fixtures/reports/', import.meta.url);

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

test('a 20 MB run of digits where the tables should be stays fast (no exponential splitting, cells ≤ 20 characters)', () => {
  const head = '某局2021年政府信息公开工作年度报告 一、总体情况 二、主动公开政府信息情况 第二十条第（一）项 规章';
  const mid = ' 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量';
  const tail = ' 四、政府信息公开行政复议、行政诉讼情况 总计';
  const digits = '1234567890'.repeat(650_000);
  parseReportText(head + mid + tail); // warm up
  const cpu0 = process.cpuUsage();
  const { report } = parseReportText(head + digits + mid + digits + tail + digits);
  const used = process.cpuUsage(cpu0);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms of CPU`);
  assert.ok(report.warnings.some((w) => w.rule === 'D1' && w.where === 'table3.new'), 'the row cannot be split: D1, cells blank');
  assert.equal(report.table3.rows.new[0], null);
});

// Annual-report aggregation (issue 9 "Targets"): table 三 (domain.md §2.3) for an agency-year with 100,000 cases
// (< 200 ms) and for a 200-agency province (< 10 s), on SQLite, through countRequestTable (src/requests/request-stats.ts:
// sums over the per-year case counts of migration 0310, kept by triggers) beside the direct grouped count of the cases
// (countRequestTableFromCases, the covering indexes); wall and CPU time of this process. Rows are inserted directly
// (generated, realistic spread of applicant kinds, outcomes, receipt and conclusion years, open cases carried over and
// forward); the triggers keep the counts as they would for the workflow.
// Run: node --import tsx bench/reports.bench.ts → one JSON line per case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/platform/bootstrap.ts';
import { OUTCOME_LIST } from '../src/requests/outcomes.ts';
import { checkRequestCounts } from '../src/requests/request-counts.ts';
import { countRequestTable, countRequestTableFromCases, type RequestTable } from '../src/requests/request-stats.ts';
import { APPLICANT_KIND_LIST } from '../src/requests/request.ts';

const YEAR = 2024;
const BIG = 100_000;
const AGENCIES = 200;
const PER_SMALL = 500;

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-reports-'));
const ctx = await createContext(loadConfig({ NODE_ENV: 'test', GONGKAI_DATA_DIR: dataDir, DATABASE_URL: '', GONGKAI_ENCRYPTION_KEY: 'b'.repeat(64), LOG_LEVEL: 'silent' }));
const sqlite = ctx.database.sqlite!;
const now = new Date('2025-01-15T00:00:00Z').toISOString();

const insertAgency = sqlite.prepare(
  `insert into agencies (agency_id, code, kind, name, short_name, created_at, updated_at) values (?, ?, 'department', ?, ?, ?, ?)`,
);
const insertCase = sqlite.prepare(
  `insert into info_requests (request_id, agency_id, tracking_code, channel, state, applicant_kind, applicant_name, applicant_key,
     description, format, delivery, submitted_on, received_on, received_year, outcome, concluded_on, concluded_year, created_at, updated_at)
   values (?, ?, ?, 'online', ?, ?, '【压测】', ?, '【压测】申请公开', 'electronic', 'online', ?, ?, ?, ?, ?, ?, ?, ?)`,
);

let seq = 0;
function addCases(agencyId: string, n: number): void {
  for (let i = 0; i < n; i++) {
    const k = seq++;
    const receivedYear = k % 10 === 0 ? YEAR - 1 : YEAR; // 10% carried over from the year before
    const received = `${receivedYear}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`;
    const open = k % 17 === 0; // about 6% still open at year end: carried forward
    const concludedYear = open ? null : receivedYear === YEAR - 1 && k % 3 === 0 ? YEAR - 1 : YEAR;
    const concluded = concludedYear ? `${concludedYear}-12-${String(1 + (k % 28)).padStart(2, '0')}` : null;
    insertCase.run(
      `r${k}`, agencyId, `T${k}`, open ? 'in_progress' : 'closed', APPLICANT_KIND_LIST[k % 7 === 0 ? 1 : k % APPLICANT_KIND_LIST.length],
      `key${k % 5000}`, received, received, receivedYear, open ? null : OUTCOME_LIST[(k * 7) % OUTCOME_LIST.length], concluded, concludedYear, now, now,
    );
  }
}

const t0 = performance.now();
sqlite.transaction(() => {
  for (let a = 0; a < AGENCIES; a++) {
    insertAgency.run(`a${a}`, `bench${a}`, `【压测】机关${a}`, `机关${a}`, now, now);
    addCases(`a${a}`, a === 0 ? BIG : PER_SMALL);
  }
})();
sqlite.exec('analyze');
const rows = seq;
console.log(JSON.stringify({ suite: 'reports', name: 'generate cases', rows, ms: Math.round(performance.now() - t0) }));

async function time<T>(fn: () => Promise<T>): Promise<[number, T, number]> {
  const s = performance.now();
  const c = process.cpuUsage();
  const r = await fn();
  const cpu = process.cpuUsage(c);
  return [performance.now() - s, r, (cpu.user + cpu.system) / 1000];
}

const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] * 10) / 10;

const mismatches = await checkRequestCounts(ctx);
if (mismatches.length) throw new Error(`case counts differ from the cases: ${JSON.stringify(mismatches.slice(0, 5))}`);

// One agency-year with 100,000 cases: from the case counts, and counted directly from the cases.
for (const [label, count] of [
  ['table 三 from the case counts', (id: string) => countRequestTable(ctx, id, YEAR, { withCases: false })],
  ['table 三 counted from the cases (direct grouped counts)', (id: string) => countRequestTableFromCases(ctx, id, YEAR)],
] as const) {
  await count('a0'); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  let table: RequestTable | undefined;
  for (let i = 0; i < 20; i++) {
    const [ms, t, cpuMs] = await time(() => count('a0'));
    wall.push(ms);
    cpu.push(cpuMs);
    table = t;
  }
  console.log(JSON.stringify({
    suite: 'reports', name: `${label}, one agency-year, ${BIG.toLocaleString('en')} cases`, runs: wall.length, p50ms: pct(wall, 50), p99ms: pct(wall, 99),
    cpuP50ms: pct(cpu, 50), targetMs: 200, newPlusConcluded: table!.rows.total[6] + table!.rows.new[6],
  }));
}
const [a, b] = [await countRequestTable(ctx, 'a0', YEAR, { withCases: false }), await countRequestTableFromCases(ctx, 'a0', YEAR)];
if (JSON.stringify(a.rows) !== JSON.stringify(b.rows)) throw new Error('table 三 from the case counts differs from the direct count');

const [withCasesMs, , withCasesCpu] = await time(() => countRequestTable(ctx, 'a0', YEAR));
console.log(JSON.stringify({ suite: 'reports', name: 'table 三 with the case ids behind each cell (drill-down), same agency-year', ms: Math.round(withCasesMs), cpuMs: Math.round(withCasesCpu) }));

// A province: every agency's table for the year, one after another.
const [provinceMs, , provinceCpu] = await time(async () => {
  for (let a = 0; a < AGENCIES; a++) await countRequestTable(ctx, `a${a}`, YEAR, { withCases: false });
});
console.log(JSON.stringify({ suite: 'reports', name: `table 三 for a ${AGENCIES}-agency province (${rows.toLocaleString('en')} cases)`, ms: Math.round(provinceMs), cpuMs: Math.round(provinceCpu), targetMs: 10_000 }));

await ctx.database.close();
rmSync(dataDir, { recursive: true, force: true });

// Annual-report build benchmark (issue 6 "Performance"): building one agency-year with 100,000 cases must take
// < 200 ms; building every agency of a 200-agency province < 10 s. Generated data (test/support/report-factories.ts):
// cases over every applicant kind and several outcomes, some carried into the next year.
// (bench/reports.bench.ts measures table 三 alone; this one the whole build: every module's counts, narrative,
// validation.)
// Run: node --import tsx bench/report-build.bench.ts [cases=100000] [agencies=200] [casesPerAgency=500]
//      (DATABASE_URL=postgres://… for PostgreSQL; default a temp SQLite file). Prints one JSON line per case and the
//      query plans of the aggregation (SQLite) so a missing index shows.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildAnnualReport } from '../src/reports/report-build.ts';
import { makeAgency } from '../test/support/factories.ts';
import { createTestCtx } from '../test/support/harness.ts';
import { generatedCases, insertCases } from '../test/support/report-factories.ts';

const N = Number(process.argv[2] ?? 100_000);
const AGENCIES = Number(process.argv[3] ?? 200);
const PER_AGENCY = Number(process.argv[4] ?? 500);
const YEAR = 2023;

const cpuMsSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return Math.round((d.user + d.system) / 1000);
};

const ctx = await createTestCtx({ now: '2024-01-15T02:00:00Z' });
try {
  const big = await makeAgency(ctx, { code: 'big', name: '大型测试厅' });
  let t0 = performance.now();
  await insertCases(ctx, big.id, [...generatedCases(Math.round(N * 0.05), YEAR - 1), ...generatedCases(N, YEAR)]);
  console.error(`generated ${N} cases in ${Math.round(performance.now() - t0)} ms`);
  if (ctx.dialect === 'postgres') await sql`analyze info_requests`.execute(ctx.db);
  else await sql`analyze`.execute(ctx.db);

  await buildAnnualReport(ctx, big.id, YEAR); // warm-up
  // Wall time and this process's CPU time (the latter tells the cost apart from a busy machine's scheduling).
  const runs: { ms: number; cpuMs: number }[] = [];
  let total = 0;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    const b = await buildAnnualReport(ctx, big.id, YEAR);
    const cpu = process.cpuUsage(c);
    runs.push({ ms: performance.now() - s, cpuMs: (cpu.user + cpu.system) / 1000 });
    total = b.report.table3.rows.new[6] ?? 0;
  }
  runs.sort((a, b) => a.ms - b.ms);
  console.log(JSON.stringify({
    name: 'reports.build one agency-year', dialect: ctx.dialect, cases: total, medianMs: Math.round(runs[2].ms),
    medianCpuMs: Math.round(runs[2].cpuMs), maxMs: Math.round(runs[4].ms), targetMs: 200,
  }));

  if (ctx.dialect === 'sqlite') {
    for (const [label, q] of [
      ['table3 case counts', sql`explain query plan select applicant_kind, received_year, concluded_year, outcome, late, n from info_request_counts where agency_id = ${big.id} and n <> 0 and (received_year <= ${YEAR} or concluded_year = ${YEAR})`],
      ['overdue replies', sql`explain query plan select sum(n) from info_request_counts where agency_id = ${big.id} and concluded_year = ${YEAR} and late = 1`],
      ['fees collected', sql`explain query plan select sum(fee_fen) from info_requests where agency_id = ${big.id} and fee_paid_on >= ${`${YEAR}-01-01`} and fee_paid_on <= ${`${YEAR}-12-31`}`],
    ] as const) {
      const plan = await q.execute(ctx.db);
      console.error(`plan ${label}: ${(plan.rows as { detail: string }[]).map((r) => r.detail).join(' | ')}`);
    }
  }

  const province = await makeAgency(ctx, { code: 'prov', name: '某省人民政府', kind: 'government' });
  const ids: string[] = [];
  t0 = performance.now();
  for (let i = 0; i < AGENCIES; i++) {
    const a = await makeAgency(ctx, { code: `dept${i}`, name: `某省第${i}厅`, parentId: province.id });
    ids.push(a.id);
    await insertCases(ctx, a.id, generatedCases(PER_AGENCY, YEAR));
  }
  console.error(`generated ${AGENCIES} agencies × ${PER_AGENCY} cases in ${Math.round(performance.now() - t0)} ms`);
  const s = performance.now();
  const c0 = process.cpuUsage();
  let built = 0;
  for (let i = 0; i < ids.length; i += 8) {
    await Promise.all(ids.slice(i, i + 8).map(async (id) => {
      await buildAnnualReport(ctx, id, YEAR);
      built++;
    }));
  }
  console.log(JSON.stringify({ name: 'reports.build every agency of a province', dialect: ctx.dialect, agencies: built, casesPerAgency: PER_AGENCY, ms: Math.round(performance.now() - s), cpuMs: cpuMsSince(c0), targetMs: 10_000 }));
} finally {
  await ctx.cleanup();
}

/**
 * `gongkai report check <FILE>` (design.md §5.3): read a published report and answer the JSON of §5.3 with an exit
 * code — 0 no violations, 1 violations (e.g. the seed, whose tables are empty: R0), 2 not readable as a report.
 */
import { readFile, stat } from 'node:fs/promises';
import type { AnnualReport } from './report-format.ts';
import { MAX_REPORT_BYTES, parseReportBytes, ReportUnreadable, type ParsedReport, type ParseOptions } from './report-parse.ts';

/** Outcome of checking one file. `report` is null exactly when `exitCode` is 2. */
export type CheckResult =
  | { exitCode: 0 | 1; report: AnnualReport; parsed: ParsedReport }
  | { exitCode: 2; report: null; error: { code: string; reason: string; message: string } };

/** Reads and checks a report file; never throws for bad input (exit 2 carries the message for stderr). */
export async function checkReportFile(path: string, opts: ParseOptions = {}): Promise<CheckResult> {
  const fail = (reason: string, message: string): CheckResult => ({
    exitCode: 2,
    report: null,
    error: { code: 'report_unreadable', reason, message },
  });
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return fail('not_a_file', `${path} 不是文件`);
    size = s.size;
  } catch {
    return fail('not_found', `找不到文件 ${path}`);
  }
  if (size > MAX_REPORT_BYTES) {
    return fail('too_large', `文件过大（${(size / 1048576).toFixed(1)} MB），年度报告不超过20 MB`);
  }
  try {
    const parsed = await parseReportBytes(await readFile(path), opts);
    return { exitCode: parsed.report.violations.length > 0 ? 1 : 0, report: parsed.report, parsed };
  } catch (err) {
    if (err instanceof ReportUnreadable) return fail(err.reason, err.message);
    // A reader library choking on a malformed file is still "not a readable report", never a crash.
    return fail('unreadable', `无法读取该文件：${err instanceof Error ? err.message : String(err)}`);
  }
}

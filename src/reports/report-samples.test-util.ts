/**
 * Consistent sample reports for tests (every identity of domain.md §2.6 holds), built from a few numbers so each
 * test can break exactly one cell.
 */
import { blankReport, type AnnualReport, type AnnualReport2019, type AnnualReport2021 } from './report-format.ts';
import { outcomeRowKeys } from './report-labels.ts';

/** A Table 三 row from the natural-person and commercial cells (other columns 0, 总计 = sum). */
export function row(natural: number, commercial = 0): number[] {
  return [natural, commercial, 0, 0, 0, 0, natural + commercial];
}

/** A complete, consistent report of a template: 30+2 applications, 4 carried over, 28 concluded. */
export function sampleReport(template: '2019', year?: number): AnnualReport2019;
export function sampleReport(template: '2021', year?: number): AnnualReport2021;
export function sampleReport(template: '2019' | '2021', year = template === '2019' ? 2020 : 2023): AnnualReport {
  const r = blankReport(template, { agencyCode: 'gskjt', agencyName: '甘肃省科学技术厅', year });
  const rows = r.table3.rows;
  for (const k of outcomeRowKeys(template)) rows[k] = row(0);
  rows.new = row(28, 2);
  rows.carried_over = row(2);
  rows.granted = row(12, 1);
  rows.partly_granted = row(5, 1);
  rows.withheld_4 = row(1);
  rows.unavailable_1 = row(6);
  rows.not_processed_2 = row(2);
  rows[template === '2019' ? 'other' : 'other_3'] = row(1);
  rows.total = row(27, 2);
  rows.carried_forward = row(3);
  r.table4 = [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0];
  if (r.template === '2019') {
    r.table2 = {
      regulations: { made: 0, published: 0, totalPublic: 3 },
      normative_documents: { made: 12, published: 11, totalPublic: 45 },
      licensing: { previousYear: 20, change: -2, decisions: 540 },
      other_services: { previousYear: 5, change: 0, decisions: 25 },
      penalties: { previousYear: 10, change: 1, decisions: 3 },
      coercion: { previousYear: 2, change: 0, decisions: 0 },
      fees: { previousYear: 0, change: 0 },
      procurement: { projects: 4, amount: { value: 251000, unit: '元' } },
    };
  } else {
    r.table2 = {
      regulations: { made: 0, repealed: 0, inForce: 3 },
      normative_documents: { made: 12, repealed: 11, inForce: 40 },
      licensing: { decisions: 540 },
      penalties: { decisions: 3 },
      coercion: { decisions: 0 },
      fees: { amount10kYuan: 12.5 },
    };
  }
  return r;
}

/** A deep copy, for mutating one cell in a test. */
export function copy<T>(x: T): T {
  return structuredClone(x);
}

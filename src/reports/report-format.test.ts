import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { annualReportSchema, blankReport, table3RowKeys, templateForYear } from './report-format.ts';
import { SCHEMA_FILE, schemaFileText } from './write-schema.ts';
import { sampleReport } from './report-samples.test-util.ts';

const TEMPLATE_BY_YEAR: [number, '2019' | '2021', string][] = [
  [2019, '2019', '国办公开办函〔2019〕60号 governs 2019 reports'],
  [2020, '2019', '国办公开办函〔2019〕60号 governs 2020 reports (domain.md §2.0)'],
  [2021, '2021', '国办公开办函〔2021〕30号 governs reports from 2021'],
  [2025, '2021', '国办公开办函〔2021〕30号 still in force'],
];
for (const [year, template, basis] of TEMPLATE_BY_YEAR) {
  test(`templateForYear(${year}) = ${template} (${basis})`, () => assert.equal(templateForYear(year), template));
}

test('templateForYear refuses years before the 2019 format', () => {
  assert.throws(() => templateForYear(2018), RangeError);
  assert.throws(() => templateForYear(2020.5), RangeError);
});

test('Table 三 row keys in official order: 19 rows after （二）部分公开 in 2019, 21 in 2021 (domain.md §0, §2.3)', () => {
  const after = (t: '2019' | '2021') => table3RowKeys(t).length - table3RowKeys(t).indexOf('partly_granted') - 1;
  assert.equal(after('2019'), 19);
  assert.equal(after('2021'), 21);
  assert.deepEqual(table3RowKeys('2019').slice(-4), ['not_processed_5', 'other', 'total', 'carried_forward']);
  assert.deepEqual(table3RowKeys('2021').slice(-6), ['not_processed_5', 'other_1', 'other_2', 'other_3', 'total', 'carried_forward']);
});

test('blank and sample reports satisfy the schema; blank cells are null', () => {
  for (const t of ['2019', '2021'] as const) {
    const blank = blankReport(t);
    assert.equal(annualReportSchema.safeParse(blank).success, true);
    assert.ok(Object.values(blank.table3.rows).flat().every((c) => c === null));
    assert.equal(annualReportSchema.safeParse(sampleReport(t as '2019')).success, true);
  }
});

test('the schema rejects a row key of the other template and a short row', () => {
  const r = structuredClone(sampleReport('2019')) as unknown as { table3: { rows: Record<string, unknown> } };
  r.table3.rows.other_1 = [0, 0, 0, 0, 0, 0, 0];
  assert.equal(annualReportSchema.safeParse(r).success, false);
  const s = structuredClone(sampleReport('2021'));
  s.table3.rows.new = [1, 2];
  assert.equal(annualReportSchema.safeParse(s).success, false);
});

test('the committed annual-report.schema.json equals the one generated from zod (regenerate: node --import tsx src/reports/write-schema.ts)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaFileText());
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findViolations, findWarnings, validateReport } from './report-validate.ts';
import { copy, row, sampleReport } from './report-samples.test-util.ts';
import type { AnnualReport } from './report-format.ts';

test('the sample reports of both templates are consistent', () => {
  for (const t of ['2019', '2021'] as const) {
    assert.deepEqual(findViolations(sampleReport(t as '2019')), [], t);
    assert.deepEqual(findWarnings(sampleReport(t as '2019')), [], t);
  }
});

type Mutation = (r: AnnualReport) => void;
interface Case {
  name: string;
  basis: string;
  template: '2019' | '2021';
  mutate: Mutation;
  rule: string;
  where: string;
  numbers?: Record<string, unknown>;
}

const VIOLATIONS: Case[] = [
  { name: 'blank cell', basis: 'design.md §5.3 R0 (blank is null, never 0)', template: '2019', mutate: (r) => void (r.table3.rows.granted[0] = null), rule: 'R0', where: 'table3.granted.natural_person' },
  { name: 'blank row', basis: 'design.md §5.3 R0', template: '2021', mutate: (r) => void (r.table3.rows.other_2 = Array(7).fill(null)), rule: 'R0', where: 'table3.other_2' },
  { name: 'blank table 二 cell', basis: 'design.md §5.3 R0', template: '2021', mutate: (r) => void ((r.table2 as { fees: { amount10kYuan: number | null } }).fees.amount10kYuan = null), rule: 'R0', where: 'table2.fees.amount10kYuan' },
  { name: 'blank table 四 cell', basis: 'design.md §5.3 R0', template: '2019', mutate: (r) => void (r.table4[7] = null), rule: 'R0', where: 'table4.litigation_direct.other' },
  {
    name: 'carried-forward disagrees with 一+二',
    basis: 'domain.md §2.6 R1, printed in table 三: 第一项加第二项之和，等于第三项加第四项之和',
    template: '2021',
    mutate: (r) => {
      r.table3.rows.carried_forward = row(4);
    },
    rule: 'R1',
    where: 'table3.carried_forward.natural_person',
    numbers: { new: 28, carried_over: 2, total: 27, carried_forward: 4 },
  },
  {
    name: 'row total is not the sum of applicant columns',
    basis: 'domain.md §2.6 R2 (总计 = 自然人 + 法人或其他组织 columns)',
    template: '2019',
    mutate: (r) => void (r.table3.rows.withheld_4[6] = 2),
    rule: 'R2',
    where: 'table3.withheld_4.total',
    numbers: { total: 2, sumOfApplicants: 1 },
  },
  {
    name: '（七）总计 is not the sum of outcomes',
    basis: 'domain.md §2.6 R3 (（七）总计 = （一）+…+（六）)',
    template: '2021',
    mutate: (r) => {
      r.table3.rows.unavailable_2 = row(0, 0);
      r.table3.rows.unavailable_1 = row(4); // outcomes now 2 short of （七）总计
    },
    rule: 'R3',
    where: 'table3.total.natural_person',
    numbers: { total: 27, sumOfOutcomes: 25 },
  },
  {
    name: '部分公开 also counted as 予以公开',
    basis: 'domain.md §2.6 R4: （二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    template: '2019',
    mutate: (r) => void (r.table3.rows.granted = row(14, 1)),
    rule: 'R4',
    where: 'table3.total.natural_person',
    numbers: { total: 27, sumOfOutcomes: 29, partly_granted: 5 },
  },
  {
    name: 'table 四 group total',
    basis: 'domain.md §2.6 R5 (总计 = 维持 + 纠正 + 其他 + 尚未审结)',
    template: '2021',
    mutate: (r) => void (r.table4[14] = 1),
    rule: 'R5',
    where: 'table4.litigation_after.total',
    numbers: { total: 1, sumOfResults: 0 },
  },
  { name: 'negative count', basis: 'domain.md §2.6 R6 (non-negative integers)', template: '2019', mutate: (r) => void ((r.table2 as { penalties: { decisions: number } }).penalties.decisions = -1), rule: 'R6', where: 'table2.penalties.decisions' },
  { name: 'fractional count', basis: 'domain.md §2.6 R6 (integers)', template: '2021', mutate: (r) => void (r.table4[0] = 0.5), rule: 'R6', where: 'table4.reconsideration.upheld' },
  { name: 'negative amount', basis: 'domain.md §2.6 R6 (amounts are non-negative decimals)', template: '2019', mutate: (r) => void ((r.table2 as { procurement: { amount: { value: number } } }).procurement.amount.value = -3), rule: 'R6', where: 'table2.procurement.amount.value' },
];

for (const c of VIOLATIONS) {
  test(`violation ${c.rule}: ${c.name} (${c.basis})`, () => {
    const r = copy(sampleReport(c.template as '2019'));
    c.mutate(r);
    const found = findViolations(r);
    const hit = found.find((f) => f.rule === c.rule && f.where === c.where);
    assert.ok(hit, `expected ${c.rule} at ${c.where}, got ${JSON.stringify(found)}`);
    assert.match(hit.message, /[\u4e00-\u9fff]/);
    if (c.numbers) for (const [k, v] of Object.entries(c.numbers)) assert.deepEqual(hit.numbers?.[k], v, k);
  });
}

test('signed 本年增/减 may be negative (domain.md §2.2.1: 减用负值表示) and amounts may be decimal', () => {
  const r = copy(sampleReport('2019'));
  r.table2.licensing.change = -8;
  r.table2.procurement.amount.value = 160.5964;
  assert.deepEqual(findViolations(r), []);
});

test('R0 names a whole missing table once, not every cell', () => {
  const r = copy(sampleReport('2021'));
  r.table4 = Array(15).fill(null);
  const v = findViolations(r);
  assert.deepEqual(v.map((f) => f.where), ['table4']);
});

test('identity checks skip blank cells (they are R0, not R1–R3)', () => {
  const r = copy(sampleReport('2019'));
  r.table3.rows.total[0] = null;
  assert.deepEqual([...new Set(findViolations(r).map((f) => f.rule))], ['R0']);
});

const WARNINGS: { name: string; basis: string; run: () => AnnualReport; rule: string; where: string }[] = [
  {
    name: 'carry-over differs from last year’s carried-forward',
    basis: 'domain.md §2.6 R7 (四 of year Y = 二 of year Y+1)',
    run: () => {
      const prev = copy(sampleReport('2019', 2020));
      const cur = copy(sampleReport('2021', 2021));
      return validateReport(cur, { previous: { ...prev, table3: { ...prev.table3, rows: { ...prev.table3.rows, carried_forward: row(5) } } } });
    },
    rule: 'R7',
    where: 'table3.carried_over.natural_person',
  },
  {
    name: 'stock of documents in force does not follow',
    basis: 'domain.md §2.6 R8 (现行有效 Y = Y−1 + 制发 − 废止, 2021 template)',
    run: () => {
      const prev = copy(sampleReport('2021', 2022));
      prev.table3.rows.carried_forward = row(2);
      prev.table2.normative_documents.inForce = 45;
      return validateReport(sampleReport('2021', 2023), { previous: prev });
    },
    rule: 'R8',
    where: 'table2.normative_documents.inForce',
  },
  {
    name: 'new applications tripled',
    basis: 'issue 6 (large year-on-year swings need an explanation)',
    run: () => {
      const prev = copy(sampleReport('2021', 2022));
      prev.table3.rows.carried_forward = row(2);
      prev.table3.rows.new = row(8, 2);
      return validateReport(sampleReport('2021', 2023), { previous: prev });
    },
    rule: 'Y1',
    where: 'table3.new.total',
  },
  {
    name: 'narrative states another number of applications',
    basis: 'issue 6 (a number stated in the narrative that differs from the table)',
    run: () => validateReport(sampleReport('2019'), { narrative: '全年共受理政府信息公开申请31件，办结率100%。' }),
    rule: 'N1',
    where: 'table3.new.total',
  },
  {
    name: 'narrative says no reconsideration but table 四 has one',
    basis: 'issue 6 N1; Regulation Art. 50（三）',
    run: () => validateReport(sampleReport('2019'), { narrative: '本年度未收到行政复议申请。' }),
    rule: 'N1',
    where: 'table4.reconsideration.total',
  },
  {
    name: '部分公开 without a withheld-part record',
    basis: 'Regulation Art. 37 (区分处理: the withheld part and its reason must be recorded)',
    run: () =>
      validateReport(sampleReport('2021'), {
        partlyGrantedCases: [
          { ref: { kind: 'request', id: 'A1' }, hasWithheldPartRecord: true },
          { ref: { kind: 'request', id: 'A2', url: '/admin/requests/A2' }, hasWithheldPartRecord: false },
        ],
      }),
    rule: 'P1',
    where: 'table3.partly_granted.total',
  },
];

for (const c of WARNINGS) {
  test(`warning ${c.rule}: ${c.name} (${c.basis})`, () => {
    const r = c.run();
    const hit = r.warnings.find((f) => f.rule === c.rule && f.where === c.where);
    assert.ok(hit, `expected ${c.rule} at ${c.where}, got ${JSON.stringify(r.warnings)}`);
    assert.deepEqual(r.violations, [], 'warnings never block');
  });
}

test('narrative figures that agree with the table give no N1 (received may include carried-over)', () => {
  const r = validateReport(sampleReport('2021'), {
    narrative: '共收到政府信息公开申请32件，其中予以公开13件，部分公开6件；因政府信息公开引起的行政复议案件2件、行政诉讼案件1件。制定规范性文件12件。',
  });
  assert.deepEqual(r.warnings, []);
});

test('N1 is not fooled by a sentence about corrected outcomes (found by the property test of report-draft)', () => {
  const r = validateReport(sampleReport('2019'), { narrative: '本年度未发生行政复议、行政诉讼被纠正的情形。' });
  assert.deepEqual(r.warnings, []);
});

test('P1 links the records behind the cell', () => {
  const r = validateReport(sampleReport('2019'), {
    partlyGrantedCases: [{ ref: { kind: 'request', id: 'B7', url: '/admin/requests/B7' }, hasWithheldPartRecord: false }],
  });
  assert.deepEqual(r.warnings[0].records, [{ kind: 'request', id: 'B7', url: '/admin/requests/B7' }]);
});

test('R8 is not applied across templates (2019 has no 现行有效件数)', () => {
  const prev = copy(sampleReport('2019', 2020));
  prev.table3.rows.carried_forward = row(2);
  const r = validateReport(sampleReport('2021', 2021), { previous: prev });
  assert.equal(r.warnings.filter((w) => w.rule === 'R8').length, 0);
});

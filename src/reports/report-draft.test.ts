import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { draftNarrative } from './report-draft.ts';
import { narrativeText } from './report-narrative.ts';
import { narrativeClaims } from './report-narrative.ts';
import { validateReport } from './report-validate.ts';
import { blankReport } from './report-format.ts';
import { outcomeRowKeys } from './report-labels.ts';
import { sampleReport } from './report-samples.test-util.ts';

test('the seed’s facts appear in the draft with their sources (domain.md §0)', () => {
  const r = sampleReport('2019', 2020);
  const s = draftNarrative(r, {
    portalItems: 4845,
    proactiveDocuments: 1093,
    normativeDocumentsPublic: 11,
    normativeCleanup: { kept: 34, revised: 5, repealed: 11, documentNumber: '甘科政〔2020〕13号' },
    mailbox: { received: 25, answered: 25 },
    statistics: [{ label: '政务微信公众号粉丝', value: 200000, unit: '人', source: '微信公众平台后台', atLeast: true }],
  });
  const text = narrativeText(s);
  for (const x of ['4845条', '1093件', '12件，其中主动公开属性的11件', '继续施行34件、修订5件、废止11件', '甘科政〔2020〕13号', '信箱来信25件', '超过200000人（数据来源：微信公众平台后台）']) {
    assert.ok(text.includes(x), x);
  }
  assert.match(s[6]!, /未收取信息处理费/);
  assert.equal(s[2], undefined, 'the tables speak for 二');
});

test('no paragraph appears twice (the seed duplicated its first block)', () => {
  const s = draftNarrative(sampleReport('2021'), { otherMatters: ['落实年度政务公开工作要点情况：按要点逐项落实。', '落实年度政务公开工作要点情况：按要点逐项落实。'] });
  const ps = narrativeText(s).split('\n');
  assert.equal(new Set(ps).size, ps.length);
});

test('section 五 is drafted from what the records show (overdue replies, corrected decisions)', () => {
  const r = structuredClone(sampleReport('2021'));
  assert.match(draftNarrative(r, { overdueReplies: 2 })[5]!, /有2件政府信息公开申请未在法定期限内答复/);
  r.table4 = Array(15).fill(0);
  r.table4[1] = 1; // 复议 结果纠正
  r.table4[4] = 1;
  assert.match(draftNarrative(r)[5]!, /被纠正1件/);
});

/** A random report whose tables are consistent (R1–R5 hold). */
const consistentReport = fc
  .record({
    template: fc.constantFrom('2019' as const, '2021' as const),
    outcomes: fc.array(fc.array(fc.nat(40), { minLength: 6, maxLength: 6 }), { minLength: 21, maxLength: 21 }),
    forward: fc.array(fc.nat(5), { minLength: 6, maxLength: 6 }),
    carriedFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    t4: fc.array(fc.nat(3), { minLength: 12, maxLength: 12 }),
    made: fc.nat(30),
  })
  .map(({ template, outcomes, forward, carriedFraction, t4, made }) => {
    const r = blankReport(template, { agencyName: '某某局', year: template === '2019' ? 2020 : 2023 });
    const withTotal = (six: number[]) => [...six, six.reduce((a, b) => a + b, 0)];
    const keys = outcomeRowKeys(template);
    keys.forEach((k, i) => (r.table3.rows[k] = withTotal(outcomes[i])));
    const totals = [0, 1, 2, 3, 4, 5].map((c) => keys.reduce((s, k) => s + r.table3.rows[k][c]!, 0));
    r.table3.rows.total = withTotal(totals);
    r.table3.rows.carried_forward = withTotal(forward);
    const carried = totals.map((t, c) => Math.floor((t + forward[c]) * carriedFraction));
    r.table3.rows.carried_over = withTotal(carried);
    r.table3.rows.new = withTotal(totals.map((t, c) => t + forward[c] - carried[c]));
    r.table4 = [0, 1, 2].flatMap((g) => {
      const four = t4.slice(g * 4, g * 4 + 4);
      return [...four, four.reduce((a, b) => a + b, 0)];
    });
    r.table2 = structuredClone(sampleReport(template as '2019').table2);
    (r.table2.normative_documents as { made: number | null }).made = made;
    return r;
  });

test('property: a drafted narrative never disagrees with its tables (N1), and states figures N1 can check', () => {
  fc.assert(
    fc.property(consistentReport, (r) => {
      const text = narrativeText(draftNarrative(r, { portalItems: 100, proactiveDocuments: 10 }));
      const checked = validateReport(r, { narrative: text });
      assert.deepEqual(checked.violations, []);
      assert.deepEqual(checked.warnings, []);
      assert.ok(narrativeClaims(text, r.template).length >= 8);
    }),
    { numRuns: 200 },
  );
});

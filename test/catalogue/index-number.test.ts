/** 索引号: generated per the agency's rule, unique and never reused, also when many items are published at once. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatIndexNumber, validateIndexPattern } from '../../src/catalogue/index-number.ts';
import { writeCatalogueSettings, readCatalogueSettings } from '../../src/catalogue/catalogue-settings.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, submitItem, withdrawItem } from '../../src/catalogue/workflow-service.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';

describe('index number format (domain.md §4.1)', () => {
  const ROWS: [string, string, string, number, string][] = [
    ['{org}/{yyyy}-{serial:5}', '000014349', '2018-03-02', 222, '000014349/2018-00222'],
    ['{org}/{yyyy}-{serial:5}', '00001434-9', '2018-03-02', 222, '000014349/2018-00222'],
    ['{org}/{yyyymm}-{serial:5}', '11341702486344515H', '2021-10-09', 13, '11341702486344515H/202110-00013'],
    ['{org}-{yyyy}-{serial:6}', '01527918X', '2020-01-01', 153077, '01527918X-2020-153077'],
  ];
  for (const [pattern, org, date, serial, expected] of ROWS) {
    it(`${pattern} → ${expected}`, () => assert.equal(formatIndexNumber(pattern, org, date, serial), expected));
  }
  it('refuses schemes without org, year or serial', () => {
    assert.throws(() => validateIndexPattern('{org}/{serial}'), { code: 'invalid_input' });
    assert.throws(() => validateIndexPattern('{yyyy}-{serial}'), { code: 'invalid_input' });
    validateIndexPattern('{org}/{yyyy}-{serial:5}');
  });
});

describe('index numbers under parallel publication', () => {
  let ctx: TestCtx;
  before(async () => {
    ctx = await createTestCtx({ now: '2020-09-28T02:00:00Z' });
  });
  after(() => ctx.cleanup());

  it('gives 40 items published concurrently 40 distinct consecutive serials', async () => {
    const a = await makeAgency(ctx, { orgCode: '000014349' });
    const editor = staff(a.id, 'editor');
    const reviewer = staff(a.id, 'reviewer');
    const drafts = [];
    for (let i = 0; i < 40; i++) {
      const d = await createItem(ctx, editor, a.id, itemFields({ title: `并发发布测试${i}`, documentNumber: '' }));
      await submitItem(ctx, editor, d.id);
      await approveItem(ctx, reviewer, d.id, { confidentialityChecked: true });
      drafts.push(d);
    }
    const published = await Promise.all(drafts.map((d) => publishItem(ctx, reviewer, d.id)));
    const numbers = published.map((p) => p.indexNumber!).sort();
    assert.equal(new Set(numbers).size, 40);
    assert.deepEqual(numbers, Array.from({ length: 40 }, (_, i) => `000014349/2020-${String(i + 1).padStart(5, '0')}`));
  });

  it('never reuses a number after withdrawal, and follows the agency’s scheme', async () => {
    const a = await makeAgency(ctx, { orgCode: '11341702486344515H' });
    const e = staff(a.id, 'editor');
    const r = staff(a.id, 'reviewer');
    const first = await publishedItem(ctx, e, r, a.id, { documentNumber: '' });
    await withdrawItem(ctx, r, first.id, '测试撤回说明');
    const settings = await readCatalogueSettings(ctx.db, a.id);
    await writeCatalogueSettings(ctx.db, a.id, { ...settings, indexPattern: '{org}/{yyyymm}-{serial:5}' }, ctx.clock.now().toISOString());
    const second = await publishedItem(ctx, e, r, a.id, { documentNumber: '' });
    assert.equal(first.indexNumber, '11341702486344515H/2020-00001');
    assert.equal(second.indexNumber, '11341702486344515H/202009-00002');
  });
});

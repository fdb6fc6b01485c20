/**
 * 规章 (Art. 20（一）: 行政法规、规章和规范性文件): made only by people's governments with rule-making power (《立法法》
 * 第九十三条: 省、自治区、直辖市和设区的市、自治州的人民政府). A government that declares the power gets the 规章 category;
 * its 规章 carry validity and are counted in table 二's 规章 row, apart from 规范性文件 / 行政规范性文件
 * (第二十条第（一）项; 2019 template 本年新制作/本年新公开/对外公开总数量, 2021 template 本年制发/本年废止/现行有效件数).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agency } from '../../src/agencies/agency.ts';
import { readCatalogueSettings } from '../../src/catalogue/catalogue-settings.ts';
import { selectItem } from '../../src/catalogue/catalogue-store.ts';
import { cleanupEntries, openCleanup } from '../../src/catalogue/cleanup-service.ts';
import { DEFAULT_INDEX_PATTERN } from '../../src/catalogue/index-number.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { updateCatalogueSettings } from '../../src/catalogue/settings-service.ts';
import { InvalidInput } from '../../src/errors.ts';
import { buildAnnualReport } from '../../src/reports/report-build.ts';
import type { AnnualReport2019, AnnualReport2021 } from '../../src/reports/report-format.ts';
import { makeAgency } from '../support/factories.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { itemFields, publishedItem, staff } from '../support/catalogue-factories.ts';

const settings = (ruleMaking: boolean) => ({ indexPattern: DEFAULT_INDEX_PATTERN, reviewMonths: '12', dueSoonWorkdays: '5', ruleMaking: ruleMaking ? 'on' : '' });

describe('规章 in the catalogue and in table 二', () => {
  let ctx: TestCtx;
  let gov: Agency;
  let dept: Agency;
  before(async () => {
    ctx = await createTestCtx({ now: '2020-06-01T02:00:00Z' });
    gov = await makeAgency(ctx, { code: 'gov', kind: 'government', name: '某省人民政府', orgCode: '11620000013900000A' });
    dept = await makeAgency(ctx, { code: 'dept', kind: 'department', name: '某省科学技术厅', parentId: gov.id });
  });
  after(() => ctx.cleanup());

  // [agency, ruleMaking, accepted?, why]
  const POWER: [() => Agency, boolean, boolean, string][] = [
    [() => dept, true, false, '《立法法》第九十三条: a government department makes 行政规范性文件, not 规章'],
    [() => gov, true, true, '《立法法》第九十三条: a provincial people’s government makes 规章'],
  ];
  for (const [agency, ruleMaking, accepted, why] of POWER) {
    it(`rule-making power at ${ruleMaking ? 'a ' : ''}${accepted ? 'government' : 'department'}: ${accepted ? 'accepted' : 'refused'} (${why})`, async () => {
      const a = agency();
      const save = updateCatalogueSettings(ctx, staff(a.id, 'admin'), a.id, settings(ruleMaking));
      if (accepted) {
        await save;
        assert.equal((await readCatalogueSettings(ctx.db, a.id)).ruleMaking, true);
      } else {
        await assert.rejects(save, (e: unknown) => e instanceof InvalidInput && /立法法/.test(e.fields.ruleMaking ?? ""));
        assert.equal((await readCatalogueSettings(ctx.db, a.id)).ruleMaking, false);
      }
    });
  }

  it('only an agency with rule-making power can file into 规章', async () => {
    await assert.rejects(createItem(ctx, staff(dept.id, 'editor'), dept.id, itemFields({ categoryCode: 'gz', documentNumber: '' })), InvalidInput);
    const d = await createItem(ctx, staff(gov.id, 'editor'), gov.id, itemFields({ categoryCode: 'gz', title: '草稿规章', documentNumber: '' }));
    assert.equal(d.isNormative, true, '规章 carry validity');
    assert.equal(d.validity, 'valid');
  });

  describe('table 二 第二十条第（一）项 counts 规章 apart from 规范性文件', () => {
    const editor = () => staff(gov.id, 'editor');
    const reviewer = () => staff(gov.id, 'reviewer');
    let a: Awaited<ReturnType<typeof publishedItem>>;
    before(async () => {
      ctx.clock.set('2020-06-01T02:00:00Z');
      a = await publishedItem(ctx, editor(), reviewer(), gov.id, { categoryCode: 'gz', title: '某省甲管理办法', documentNumber: '', formedOn: '2020-05-20' });
      await publishedItem(ctx, editor(), reviewer(), gov.id, { categoryCode: 'gfxwj', title: '某省人民政府关于甲的通知', documentNumber: '某政发〔2020〕1号', formedOn: '2020-05-20' });
      ctx.clock.set('2021-03-01T02:00:00Z');
      await publishedItem(ctx, editor(), reviewer(), gov.id, { categoryCode: 'gz', title: '某省乙管理办法', documentNumber: '', formedOn: '2021-02-20' });
      await publishedItem(ctx, editor(), reviewer(), gov.id, { categoryCode: 'gfxwj', title: '某省人民政府关于乙的通知', documentNumber: '某政发〔2021〕2号', formedOn: '2021-02-20' });
      ctx.clock.set('2021-09-01T02:00:00Z');
      // A 规章 that repeals the first one (省政府关于废止部分规章的决定).
      await publishedItem(ctx, editor(), reviewer(), gov.id, {
        categoryCode: 'gz', title: '某省人民政府关于废止《某省甲管理办法》的决定', documentNumber: '', formedOn: '2021-08-20',
        replacesRef: a.indexNumber, replacesAs: 'repealed', effectiveOn: '2021-09-01',
      });
      ctx.clock.set('2022-01-10T02:00:00Z');
    });

    it('the repeal is recorded on the old 规章', async () => {
      const old = (await selectItem(ctx.db, a.id))!;
      assert.deepEqual([old.validity, old.validityChangedOn], ['repealed', '2021-09-01']);
    });

    // [year, row, expected, why] — 2020 is the 2019 template, 2021 the 2021 template (domain.md §2.2).
    const ROWS: [number, 'regulations' | 'normative_documents', Record<string, number>, string][] = [
      [2020, 'regulations', { made: 1, published: 1, totalPublic: 1 }, '2019 template 规章: 本年新制作 / 本年新公开 / 对外公开总数量'],
      [2020, 'normative_documents', { made: 1, published: 1, totalPublic: 1 }, '2019 template 规范性文件: the 规章 is not counted here'],
      [2021, 'regulations', { made: 2, repealed: 1, inForce: 2 }, '2021 template 规章: 制发 乙 and the repeal decision; 废止 甲; 现行有效 乙 and the decision'],
      [2021, 'normative_documents', { made: 1, repealed: 0, inForce: 2 }, '2021 template 行政规范性文件: the two notices'],
    ];
    for (const [year, row, expected, why] of ROWS) {
      it(`${year} ${row}: ${JSON.stringify(expected)} (${why})`, async () => {
        const { report } = await buildAnnualReport(ctx, gov.id, year, { previous: null });
        const t2 = (report as AnnualReport2019 | AnnualReport2021).table2 as unknown as Record<string, Record<string, number>>;
        assert.deepEqual(t2[row], expected);
      });
    }

    it('the drafted narrative counts 规范性文件 without the 规章 (“制定规范性文件…其中主动公开属性的…”)', async () => {
      const { drafted } = await buildAnnualReport(ctx, gov.id, 2021, { previous: null });
      assert.match(Object.values(drafted).join('\n'), /制定规范性文件1件，其中主动公开属性的1件/);
    });

    it('a department without rule-making power reports 规章 as zero', async () => {
      const { report } = await buildAnnualReport(ctx, dept.id, 2021, { previous: null });
      assert.deepEqual((report as AnnualReport2021).table2.regulations, { made: 0, repealed: 0, inForce: 0 });
    });

    it('a 规范性文件 clean-up campaign does not list 规章', async () => {
      const c = await openCleanup(ctx, editor(), gov.id, { title: '2022年规范性文件清理', coversFrom: '2019-01-01' });
      const titles = (await cleanupEntries(ctx, editor(), c.id)).map((e) => e.item.title);
      assert.deepEqual(titles.sort(), ['某省人民政府关于乙的通知', '某省人民政府关于甲的通知']);
    });

    it('the power cannot be withdrawn while the catalogue holds 规章', async () => {
      await assert.rejects(updateCatalogueSettings(ctx, staff(gov.id, 'admin'), gov.id, settings(false)), InvalidInput);
      assert.equal((await readCatalogueSettings(ctx.db, gov.id)).ruleMaking, true);
    });
  });
});

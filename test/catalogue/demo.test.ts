/** The demo catalogue reproduces the seed's 2020 facts from records (domain.md §0, design.md §5.5). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countCatalogueFacts } from '../../src/catalogue/catalogue-facts.ts';
import { missingInterpretations } from '../../src/catalogue/oversight-service.ts';
import { cleanupEntries, listCleanups, tallyCleanup } from '../../src/catalogue/cleanup-service.ts';
import { loadAgencyDemo, type DemoAgencies } from '../../src/demo/demo-agencies.ts';
import { loadCatalogueDemo } from '../../src/demo/demo-catalogue.ts';
import { NORMATIVE_2020 } from '../../src/demo/demo-catalogue-data.ts';
import { createTestCtx, onPostgres, type TestCtx } from '../support/harness.ts';
import { staff } from '../support/catalogue-factories.ts';

describe('demo catalogue', () => {
  let ctx: TestCtx;
  let agencies: DemoAgencies;
  let seconds = 0;
  before(async () => {
    ctx = await createTestCtx({ now: '2026-01-05T02:00:00Z' });
    agencies = await loadAgencyDemo(ctx);
    const t0 = Date.now();
    await loadCatalogueDemo(ctx, agencies);
    seconds = (Date.now() - t0) / 1000;
  });
  after(() => ctx.cleanup());

  it('loads quickly', () => {
    // PostgreSQL: most of the time is the search index's tsvector/GIN writes (src/platform/search/search-pg.ts).
    assert.ok(seconds < (onPostgres ? 180 : 90), `catalogue demo took ${seconds}s`); // generous: CI machines are shared
    console.log(`# catalogue demo loaded in ${seconds.toFixed(1)} s`);
  });

  it('has the seed’s 2020 totals: 4845 items on the portal, 1093 proactively disclosed documents', async () => {
    const f = await countCatalogueFacts(ctx, agencies.gskjt.id, 2020);
    assert.equal(f.itemsPublished, 4845);
    assert.equal(f.proactiveDocuments, 1093);
    const live = await ctx.db.selectFrom('catalogue_published').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('agency_id', '=', agencies.gskjt.id).where('published_on', '>=', '2020-01-01').where('published_on', '<=', '2020-12-31').executeTakeFirstOrThrow();
    assert.equal(Number(live.n), 4845);
  });

  it('has 12 normative documents made in 2020, 11 published (主动公开), and 11 repealed by the clean-up', async () => {
    const f = await countCatalogueFacts(ctx, agencies.gskjt.id, 2020);
    assert.equal(f.normativeDocuments.made, 12);
    assert.equal(f.normativeDocuments.published, 11);
    assert.equal(f.normativeDocuments.repealed, 11);
    assert.equal(f.normativeDocuments.revised, 5);
    assert.equal(f.normativeDocuments.inForce, 34 + 12);
    assert.equal(f.timeliness.rate, 1, 'the seed: all published within 20 working days');
    for (const n of NORMATIVE_2020) {
      const r = await ctx.db.selectFrom('catalogue_published').select('title').where('title', '=', n.title).executeTakeFirst();
      assert.ok(r, n.title);
    }
  });

  it('records the clean-up campaign 34 / 5 / 11 announced as 甘科政〔2020〕13号', async () => {
    const reader = staff(agencies.gskjt.id, 'auditor');
    const [c] = await listCleanups(ctx, reader, agencies.gskjt.id);
    assert.equal(c.state, 'announced');
    const t = tallyCleanup(await cleanupEntries(ctx, reader, c.id));
    assert.deepEqual(t, { continue: 34, revise: 5, repeal: 11, undecided: 0 });
    const ann = await ctx.db.selectFrom('catalogue_published').select('document_number').where('item_id', '=', c.announcementItemId!).executeTakeFirstOrThrow();
    assert.equal(ann.document_number, '甘科政〔2020〕13号');
    const missing = await missingInterpretations(ctx, reader, agencies.gskjt.id);
    assert.equal(missing.length, 2, 'two older documents still lack an interpretation');
  });

  it('gives the busy agency items every year 2020–2025', async () => {
    for (let y = 2020; y <= 2025; y++) {
      const f = await countCatalogueFacts(ctx, agencies.busy.id, y);
      assert.ok(f.itemsPublished > 150, `${y}: ${f.itemsPublished}`);
    }
  });
});

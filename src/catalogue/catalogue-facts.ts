/**
 * The catalogue's numbers for the annual report (reports module): normative documents made / published / repealed /
 * in force (Table 二, 2019 template {made, published, totalPublic}; 2021 template {made, repealed, inForce}), items
 * published on the portal and proactively disclosed documents (seed: 4845 and 1093 in 2020), Art. 26 timeliness.
 */
import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { onTimeRate } from './oversight-service.ts';

/** What the annual report needs from the catalogue for one agency-year. */
export interface CatalogueFacts {
  year: number;
  normativeDocuments: {
    /** 本年新制作数量: formed in the year and adopted (approved or later), whatever the disclosure attribute. */
    made: number;
    /** 本年新公开数量: first published in the year. */
    published: number;
    /** Repealed or expired during the year. */
    repealed: number;
    /** Revised (replaced by a revision) during the year. */
    revised: number;
    /** 现行有效: adopted by year end and not repealed, expired or revised by then. */
    inForce: number;
    /** 对外公开总数量: published by year end and still public. */
    totalPublic: number;
  };
  /** Items first published on the portal during the year (documents and news). */
  itemsPublished: number;
  /** Of which 主动公开 documents of the disclosure catalogue. */
  proactiveDocuments: number;
  /** Of which news-column items. */
  newsItems: number;
  /** Art. 26: documents published within 20 working days of being formed. */
  timeliness: { published: number; onTime: number; late: number; rate: number | null };
}

/** Counts the catalogue facts of `agencyId` in `year` from the records. */
export async function countCatalogueFacts(ctx: Ctx, agencyId: string, year: number): Promise<CatalogueFacts> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const end = `${year}-12-31`;
  const adopted = ['approved', 'scheduled', 'published', 'withdrawn'];
  const n = (q: { n: number | string | bigint } | undefined) => Number(q?.n ?? 0);
  const items = ctx.db.selectFrom('catalogue_items').where('agency_id', '=', agencyId);
  const normative = items.where('is_normative', '=', 1);
  const [made, published, repealed, revised, inForce, totalPublic, byKind] = await Promise.all([
    normative.where('formed_on', '>=', from).where('formed_on', '<', to).where('state', 'in', adopted)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    normative.where('first_published_on', '>=', from).where('first_published_on', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    normative.where('validity', 'in', ['repealed', 'expired']).where('validity_changed_on', '>=', from).where('validity_changed_on', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    normative.where('validity', '=', 'revised').where('validity_changed_on', '>=', from).where('validity_changed_on', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    normative.where('state', 'in', adopted).where('state', '!=', 'withdrawn').where('formed_on', '<=', end)
      .where((eb) => eb.or([eb('validity', '=', 'valid'), eb('validity_changed_on', '>', end)]))
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    normative.where('first_published_on', '<=', end).where('state', '!=', 'withdrawn')
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    items.where('first_published_on', '>=', from).where('first_published_on', '<', to)
      .select(['kind', sql<number>`count(*)`.as('n')]).groupBy('kind').execute(),
  ]);
  const docs = Number(byKind.find((r) => r.kind === 'document')?.n ?? 0);
  const news = Number(byKind.find((r) => r.kind === 'news')?.n ?? 0);
  return {
    year,
    normativeDocuments: {
      made: n(made), published: n(published), repealed: n(repealed), revised: n(revised), inForce: n(inForce), totalPublic: n(totalPublic),
    },
    itemsPublished: docs + news,
    proactiveDocuments: docs,
    newsItems: news,
    timeliness: await onTimeRate(ctx, agencyId, year),
  };
}

/**
 * The catalogue's numbers for the annual report (reports module): 规章 and normative documents made / published /
 * repealed / in force (Table 二 第二十条第（一）项, 2019 template {made, published, totalPublic}; 2021 template {made,
 * repealed, inForce}; 规章 are the items of the 规章 category, the other validity-bearing items are 规范性文件), items
 * published on the portal and proactively disclosed documents (seed: 4845 and 1093 in 2020), Art. 26 timeliness.
 */
import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { ruleCategoryCodes } from './catalogue-settings.ts';
import { onTimeRate } from './oversight-service.ts';

/** Table 二 第二十条第（一）项 counts of one row (规章, or 规范性文件 / 行政规范性文件). */
export interface ValidityRowFacts {
  /** 本年新制作数量 / 本年制发件数: formed in the year and adopted (approved or later), whatever the disclosure attribute. */
  made: number;
  /** Of those made, the ones whose disclosure attribute is 主动公开 (the seed: “其中主动公开属性的11件”). */
  madeProactive: number;
  /** 本年新公开数量: first published in the year. */
  published: number;
  /** 本年废止件数: repealed or expired during the year. */
  repealed: number;
  /** Revised (replaced by a revision) during the year. */
  revised: number;
  /** 现行有效: adopted by year end and not repealed, expired or revised by then. */
  inForce: number;
  /** 对外公开总数量: published by year end and still public. */
  totalPublic: number;
}

/** What the annual report needs from the catalogue for one agency-year. */
export interface CatalogueFacts {
  year: number;
  /** 行政规范性文件: items with validity outside the 规章 category. */
  normativeDocuments: ValidityRowFacts;
  /** 规章: items of the 规章 category (agencies with rule-making power, 《立法法》第九十三条). */
  rules: ValidityRowFacts;
  /** Items first published on the portal during the year (documents and news). */
  itemsPublished: number;
  /** Of which 主动公开 documents of the disclosure catalogue. */
  proactiveDocuments: number;
  /** Of which news-column items. */
  newsItems: number;
  /** Art. 26: documents published within 20 working days of being formed. */
  timeliness: { published: number; onTime: number; late: number; rate: number | null };
}

const ADOPTED = ['approved', 'scheduled', 'published', 'withdrawn'];

/** The counts of one table 二 第（一）项 row over the items `rows` selects (agency, validity-bearing, row). */
async function countValidityRow(ctx: Ctx, agencyId: string, year: number, rule: boolean, ruleCodes: string[]): Promise<ValidityRowFacts> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const end = `${year}-12-31`;
  const n = (q: { n: number | string | bigint } | undefined) => Number(q?.n ?? 0);
  const rows = ctx.db.selectFrom('catalogue_items').where('agency_id', '=', agencyId).where('is_normative', '=', 1)
    .where('category_code', rule ? 'in' : 'not in', ruleCodes);
  const made = rows.where('formed_on', '>=', from).where('formed_on', '<', to).where('state', 'in', ADOPTED);
  const [madeAll, madeProactive, published, repealed, revised, inForce, totalPublic] = await Promise.all([
    made.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    made.where('disclosure', '=', 'proactive').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    rows.where('first_published_on', '>=', from).where('first_published_on', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    rows.where('validity', 'in', ['repealed', 'expired']).where('validity_changed_on', '>=', from).where('validity_changed_on', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    rows.where('validity', '=', 'revised').where('validity_changed_on', '>=', from).where('validity_changed_on', '<', to)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    rows.where('state', 'in', ADOPTED).where('state', '!=', 'withdrawn').where('formed_on', '<=', end)
      .where((eb) => eb.or([eb('validity', '=', 'valid'), eb('validity_changed_on', '>', end)]))
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    rows.where('first_published_on', '<=', end).where('state', '!=', 'withdrawn')
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { made: n(madeAll), madeProactive: n(madeProactive), published: n(published), repealed: n(repealed), revised: n(revised), inForce: n(inForce), totalPublic: n(totalPublic) };
}

/** Counts the catalogue facts of `agencyId` in `year` from the records. */
export async function countCatalogueFacts(ctx: Ctx, agencyId: string, year: number): Promise<CatalogueFacts> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const ruleCodes = await ruleCategoryCodes(ctx.db, agencyId);
  const [normativeDocuments, rules, byKind] = await Promise.all([
    countValidityRow(ctx, agencyId, year, false, ruleCodes),
    countValidityRow(ctx, agencyId, year, true, ruleCodes),
    ctx.db.selectFrom('catalogue_items').where('agency_id', '=', agencyId)
      .where('first_published_on', '>=', from).where('first_published_on', '<', to)
      .select(['kind', sql<number>`count(*)`.as('n')]).groupBy('kind').execute(),
  ]);
  const docs = Number(byKind.find((r) => r.kind === 'document')?.n ?? 0);
  const news = Number(byKind.find((r) => r.kind === 'news')?.n ?? 0);
  return {
    year,
    normativeDocuments,
    rules,
    itemsPublished: docs + news,
    proactiveDocuments: docs,
    newsItems: news,
    timeliness: await onTimeRate(ctx, agencyId, year),
  };
}

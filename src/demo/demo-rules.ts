/**
 * Demo 规章 of the province government (Art. 20（一）; table 二 第二十条第（一）项 row 规章): 甘肃省人民政府 has rule-making
 * power (《立法法》第九十三条), so its catalogue has the 规章 category. Three rules made 2020–2021 and a 2022 decision
 * repealing one of them. Titles, order numbers and texts are INVENTED and marked 演示.
 */
import type { Agency } from '../agencies/agency.ts';
import { BulkCatalogue } from '../catalogue/bulk-writer.ts';
import { readCatalogueSettings, writeCatalogueSettings } from '../catalogue/catalogue-settings.ts';
import { CategoryTree, RULE_CATEGORY } from '../catalogue/categories.ts';
import type { Ctx } from '../platform/context.ts';

/** [title, 政府令 number, formed on, published on] of the demo rules. */
export const DEMO_RULES: [string, number, string, string][] = [
  ['甘肃省科技创新平台管理办法（演示）', 901, '2020-04-10', '2020-04-20'],
  ['甘肃省自然资源资产管理办法（演示）', 902, '2020-09-07', '2020-09-15'],
  ['甘肃省公共数据开放办法（演示）', 903, '2021-05-10', '2021-05-18'],
];

/** The 2022 decision repealing the second rule. */
const REPEAL = { title: '甘肃省人民政府关于废止《甘肃省自然资源资产管理办法（演示）》的决定（演示）', order: 904, formedOn: '2022-03-01', publishedOn: '2022-03-08' };

function ruleBody(title: string, order: number, publishedOn: string, articles: string[]): string {
  const [y, m, d] = publishedOn.split('-').map(Number);
  return [
    `<p>（甘肃省人民政府令第${order}号公布，自${y}年${m}月${d}日起施行。演示编号）</p>`,
    ...articles.map((a, i) => `<p>第${'一二三四五六七八九'[i]}条 ${a}</p>`),
    `<p>（本文“${title}”为演示数据，内容为演示用途编写，不是真实的规章。）</p>`,
  ].join('');
}

/** Declares the province's rule-making power and loads its demo 规章. */
export async function loadRulesDemo(ctx: Ctx, province: Agency): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await writeCatalogueSettings(ctx.db, province.id, { ...(await readCatalogueSettings(ctx.db, province.id)), ruleMaking: true }, at);
  const b = new BulkCatalogue(province, new CategoryTree([], { ruleMaking: true }));
  const ids = DEMO_RULES.map(([title, order, formedOn, publishedOn]) => b.add({
    category: RULE_CATEGORY, title, formedOn, publishedOn, isNormative: true, effectiveOn: publishedOn, issuer: province.name,
    summary: `甘肃省人民政府令第${order}号（演示）`,
    bodyHtml: ruleBody(title, order, publishedOn, [
      '为规范相关管理工作，根据有关法律、行政法规，结合本省实际，制定本办法。',
      '本办法适用于本省行政区域内的相关活动及其监督管理。',
      '县级以上人民政府有关部门按照职责分工做好相关工作，相关信息依法主动公开。',
      '本办法自公布之日起施行。',
    ]),
  }));
  const repealId = b.add({
    category: RULE_CATEGORY, title: REPEAL.title, formedOn: REPEAL.formedOn, publishedOn: REPEAL.publishedOn, isNormative: true,
    effectiveOn: REPEAL.publishedOn, issuer: province.name, summary: `甘肃省人民政府令第${REPEAL.order}号（演示）`,
    replacesId: ids[1], replacesAs: 'repealed',
    bodyHtml: ruleBody(REPEAL.title, REPEAL.order, REPEAL.publishedOn, ['省人民政府决定，废止《甘肃省自然资源资产管理办法（演示）》。', '本决定自公布之日起施行。']),
  });
  Object.assign(b.items.find((i) => i.id === ids[1])!, {
    validity: 'repealed', validityChangedOn: REPEAL.publishedOn, supersededById: repealId, secondVersionNote: '已废止',
  });
  await b.write(ctx);
}

/**
 * Demo catalogue (design.md §5.5, issue 4): 甘肃省科学技术厅 2020 from the seed — 11 normative documents (+1 依申请公开),
 * their interpretations, the clean-up of 50 older documents announced as 甘科政〔2020〕13号 (34 continued, 5 revised,
 * 11 repealed), budget, final accounts, the carbon-ion press conference, 13 personnel notices, named disclosures, and
 * generated items so the portal shows exactly 4,845 items published in 2020, of which 1,093 proactively disclosed
 * documents; and a busier demo agency with items 2020–2025. Everything generated is marked as demo.
 */
import type { Agency } from '../agencies/agency.ts';
import { nationalCalendar } from '../calendar/calendar.ts';
import { announcementBody } from '../catalogue/cleanup-service.ts';
import type { CleanupDecision } from '../catalogue/catalogue.ts';
import { rebuildCatalogueIndex } from '../catalogue/catalogue-indexing.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import type { DemoAgencies } from './demo-agencies.ts';
import { BulkCatalogue, seededRandom } from '../catalogue/bulk-writer.ts';
import { CategoryTree } from '../catalogue/categories.ts';
import {
  CLEANUP_ANNOUNCEMENT, NAMED_2020, NORMATIVE_2020, NORMATIVE_2020_ON_REQUEST, OLD_SUBJECTS, PERSONNEL_2020, PLACES, PLANS, TOPICS,
} from './demo-catalogue-data.ts';
import { interpretationBody, newsBody, normativeBody, noticeBody, pick } from './demo-catalogue-text.ts';
import { loadRulesDemo } from './demo-rules.ts';

/** The seed's 2020 totals (domain.md §0): items on the portal, of which 主动公开文件. */
export const GSKJT_2020_ITEMS = 4845;
/** Proactively disclosed documents among them. */
export const GSKJT_2020_DOCUMENTS = 1093;

const cal = nationalCalendar();

function workdaysOf(year: number): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    const s = d.toISOString().slice(0, 10);
    if (cal.isWorkday(s)) out.push(s);
  }
  return out;
}

/** A publication date a few working days after formation, never past the Art. 26 deadline (the seed: all on time). */
function publishAfter(formed: string, rnd: () => number, max = 12): string {
  return cal.addWorkdays(formed, 1 + Math.floor(rnd() * max));
}

function subjectOf(title: string): string {
  return title.replace(/^甘肃省?/, '').replace(/（试行）|（演示）/g, '').replace(/(暂行)?(管理|指导|评估)?(办法|细则|规程)$/, '') || '科技管理';
}

/** The 50 older normative documents, their campaign decisions and interpretations; the 2020 documents and the announcement. */
function normativeDocuments(b: BulkCatalogue, rnd: () => number): DemoCleanup {
  const oldIds = new Map<string, string>();
  const announcementId = b.reserveId();
  const announcementPublished = '2020-06-24';
  const revisedOldTitles = NORMATIVE_2020.filter((n) => n.revisesOld).map((n) => n.revisesOld!);
  const newIds = new Map(NORMATIVE_2020.map((n) => [n.title, b.reserveId()]));
  const prefixes = ['甘科资', '甘科高', '甘科农', '甘科社', '甘科基', '甘科外', '甘科政'];
  const serials = new Map<string, number>();
  const entries: { title: string; documentNumber: string; decision: CleanupDecision }[] = [];
  const oldTitles = [
    ...revisedOldTitles,
    ...OLD_SUBJECTS.map((s, i) => `甘肃省${s}${i % 3 === 0 ? '实施细则' : i % 3 === 1 ? '管理办法' : '暂行办法'}`),
  ];
  oldTitles.forEach((title, i) => {
    const year = 2015 + (i % 5);
    const formed = cal.addWorkdays(`${year}-01-05`, 10 + Math.floor(rnd() * 200));
    const prefix = prefixes[i % prefixes.length];
    const key = `${prefix}${year}`;
    serials.set(key, (serials.get(key) ?? 0) + 1);
    const dn = `${prefix}〔${year}〕${serials.get(key)! * 3 + 1}号`;
    const published = publishAfter(formed, rnd);
    const revisedBy = NORMATIVE_2020.find((n) => n.revisesOld === title);
    // The 5 revised are the first; of the other 45, every fourth from the second (11 in all) is repealed.
    const decision: CleanupDecision = revisedBy ? 'revise' : (i - 5) % 4 === 1 && (i - 5) < 44 ? 'repeal' : 'continue';
    const newId2020 = revisedBy ? newIds.get(revisedBy.title)! : undefined;
    const id = b.add({
      category: 'gfxwj', title, documentNumber: dn, formedOn: formed, publishedOn: published, isNormative: true, subjectWords: `${subjectOf(title)} 规范性文件`,
      bodyHtml: normativeBody(title, subjectOf(title), published), effectiveOn: published,
      ...(decision === 'repeal' ? { validity: 'repealed' as const, validityChangedOn: announcementPublished, supersededById: announcementId, secondVersionNote: '经规范性文件清理决定废止' } : {}),
      ...(revisedBy ? { validity: 'revised' as const, supersededById: newId2020, secondVersionNote: '已被修订' } : {}),
    });
    entries.push({ title, documentNumber: dn, decision });
    if (i !== 7 && i !== 12) {
      b.add({ category: 'zcjd', title: `《${title}》政策解读`, formedOn: published, publishedOn: published, interpretsId: id, interpretationForm: 'qa', bodyHtml: interpretationBody(title, subjectOf(title)) });
    }
    if (revisedBy) oldIds.set(revisedBy.title, id);
  });
  const tally = { continue: 0, revise: 0, repeal: 0 };
  for (const e of entries) tally[e.decision]++;
  if (tally.continue !== 34 || tally.revise !== 5 || tally.repeal !== 11) throw new Error(`demo clean-up tally is ${JSON.stringify(tally)}`);
  b.add({
    id: announcementId, category: 'qtwj', title: CLEANUP_ANNOUNCEMENT.title, documentNumber: CLEANUP_ANNOUNCEMENT.dn,
    formedOn: CLEANUP_ANNOUNCEMENT.formed, publishedOn: announcementPublished, subjectWords: '规范性文件 清理',
    bodyHtml: announcementBody(entries.map((e) => ({ item: { title: e.title, documentNumber: e.documentNumber }, decision: e.decision })), CLEANUP_ANNOUNCEMENT.campaign)
      + '<p>（本公告的文件目录为演示数据。）</p>',
  });
  // The 2020 documents, each with its interpretation (谁起草、谁解读).
  for (const n of NORMATIVE_2020) {
    const published = publishAfter(n.formed, rnd, 8);
    const id = newIds.get(n.title)!;
    const oldId = oldIds.get(n.title);
    b.add({
      id, category: 'gfxwj', title: n.title, documentNumber: n.dn, formedOn: n.formed, publishedOn: published, isNormative: true,
      effectiveOn: published, replacesId: oldId, subjectWords: `${subjectOf(n.title)} 规范性文件`, bodyHtml: normativeBody(n.title, subjectOf(n.title), published),
    });
    if (oldId) {
      const old = b.items.find((x) => x.id === oldId)!;
      old.validityChangedOn = published;
    }
    b.add({ category: 'zcjd', title: `《${n.title}》政策解读`, formedOn: published, publishedOn: published, interpretsId: id, interpretationForm: 'qa', bodyHtml: interpretationBody(n.title, subjectOf(n.title)) });
  }
  b.add({
    category: 'gfxwj', title: NORMATIVE_2020_ON_REQUEST.title, documentNumber: NORMATIVE_2020_ON_REQUEST.dn, formedOn: NORMATIVE_2020_ON_REQUEST.formed,
    publishedOn: null, state: 'approved', isNormative: true, effectiveOn: NORMATIVE_2020_ON_REQUEST.formed, disclosure: 'on_request', ground: 'specific_scope',
    bodyHtml: normativeBody(NORMATIVE_2020_ON_REQUEST.title, '科技计划项目评审专家库管理', NORMATIVE_2020_ON_REQUEST.formed),
  });
  return { announcementId, entries, announcedAt: `${announcementPublished}T02:00:00.000Z` };
}

/** The campaign as built, to record after the items are written. */
interface DemoCleanup {
  announcementId: string;
  entries: { title: string; documentNumber: string; decision: CleanupDecision }[];
  announcedAt: string;
}

/** Generated 2020 documents of the catalogue, by category. */
function generatedDocument(n: number, rnd: () => number, days: string[]): { category: string; title: string; formed: string } {
  const formed = days[Math.floor(rnd() * (days.length - 15))];
  const plan = pick(PLANS, rnd);
  const seq = Math.floor(n / 7) + 1;
  const kinds: [string, () => string][] = [
    ['kjxm', () => `${plan}${formed.slice(0, 4)}年度拟立项项目公示（第${seq}批）`],
    ['kjxm', () => `关于${plan}项目验收结果的公告（${formed.slice(0, 4)}年第${seq}号）`],
    ['xzxk', () => `外国人来华工作许可办理结果公示（${formed.slice(0, 4)}年第${seq}期）`],
    ['qtwj', () => `关于做好${pick(TOPICS, rnd)}工作的通知（${formed.slice(5, 7)}月第${seq}号）`],
    ['kjjl', () => `${formed.slice(0, 4)}年度甘肃省科学技术奖励评审进展公示（第${seq}号）`],
    ['gxjsqy', () => `甘肃省${formed.slice(0, 4)}年第${seq}批拟认定高新技术企业名单公示`],
    ['jshtdj', () => `${formed.slice(0, 4)}年${Number(formed.slice(5, 7))}月全省技术合同登记情况（第${seq}期）`],
    ['zjyj', () => `关于征求《甘肃省${pick(TOPICS, rnd)}实施方案（征求意见稿）》意见的公告（第${seq}号）`],
  ];
  const [category, title] = kinds[n % kinds.length];
  return { category, title: title(), formed };
}

/** Generated 2020 news items. */
function generatedNews(n: number, rnd: () => number, days: string[]): { category: string; title: string; day: string } {
  const day = days[n % days.length];
  const place = pick(PLACES, rnd);
  const topic = pick(TOPICS, rnd);
  const templates: [string, string][] = [
    ['zwdt', `省科技厅召开${topic}工作推进会`],
    ['zwdt', `厅领导赴${place}调研${topic}工作`],
    ['gzdt', `${place}扎实推进${topic}`],
    ['gzdt', `${place}科技局：${topic}取得新进展`],
    ['tzgg', `关于举办${topic}培训班的通知`],
    ['zwdt', `省科技厅与${place}人民政府座谈交流${topic}工作`],
  ];
  const [category, title] = templates[n % templates.length];
  return { category, title: `${title}（${day.slice(5).replace('-', '月')}日）`, day };
}

async function loadGskjt(ctx: Ctx, agency: Agency): Promise<void> {
  const rnd = seededRandom(20201231);
  const b = new BulkCatalogue(agency, new CategoryTree());
  const c = normativeDocuments(b, rnd);
  for (const [category, title, formed, published] of NAMED_2020) {
    b.add({ category, title, formedOn: formed, publishedOn: published, bodyHtml: noticeBody(title, rnd) });
  }
  const days = workdaysOf(2020);
  PERSONNEL_2020.forEach((title, k) => {
    const formed = days[10 + k * 17];
    b.add({ category: 'rsxx', title, formedOn: formed, publishedOn: publishAfter(formed, rnd, 5), bodyHtml: noticeBody(title, rnd) });
  });
  const in2020 = (kind: 'document' | 'news') => b.items.filter((i) => i.publishedOn?.startsWith('2020') && ((i.category === 'zwdt' || i.category === 'gzdt' || i.category === 'tzgg') ? 'news' : 'document') === kind).length;
  for (let n = 0; in2020('document') < GSKJT_2020_DOCUMENTS; n++) {
    const g = generatedDocument(n, rnd, days);
    const published = publishAfter(g.formed, rnd, 10);
    b.add({ category: g.category, title: g.title, formedOn: g.formed, publishedOn: published > '2020-12-31' ? '2020-12-31' : published, bodyHtml: noticeBody(g.title, rnd) });
  }
  const newsNeeded = GSKJT_2020_ITEMS - GSKJT_2020_DOCUMENTS;
  for (let n = 0; n < newsNeeded; n++) {
    const g = generatedNews(n, rnd, days);
    b.add({ category: g.category, title: g.title, formedOn: g.day, publishedOn: g.day, bodyHtml: newsBody(g.title, rnd) });
  }
  await b.write(ctx);
  const cleanupId = newId();
  await ctx.db.insertInto('catalogue_cleanups').values({
    cleanup_id: cleanupId, agency_id: agency.id, title: CLEANUP_ANNOUNCEMENT.campaign, covers_from: '2015-01-01', state: 'announced',
    announcement_item_id: c.announcementId, created_by: null, created_at: '2020-03-02T02:00:00.000Z', announced_at: c.announcedAt,
  }).execute();
  const oldRows = await ctx.db.selectFrom('catalogue_items').select(['item_id', 'document_number'])
    .where('agency_id', '=', agency.id).where('is_normative', '=', 1).where('formed_on', '<', '2020-01-01').execute();
  const byNumber = new Map(oldRows.map((r) => [r.document_number, r.item_id]));
  await ctx.db.insertInto('catalogue_cleanup_decisions').values(c.entries.map((e) => ({
    cleanup_id: cleanupId, item_id: byNumber.get(e.documentNumber)!, decision: e.decision, note: '', decided_by: null, decided_at: '2020-06-15T02:00:00.000Z',
  }))).execute();
}

/** The busier demo agency: normative documents, interpretations, notices and news each year 2020–2025. */
async function loadBusy(ctx: Ctx, agency: Agency): Promise<void> {
  const rnd = seededRandom(2025);
  const b = new BulkCatalogue(agency, new CategoryTree());
  const districts = ['城关区', '七里河区', '西固区', '安宁区', '红古区', '永登县', '皋兰县', '榆中县'];
  let previous: string | undefined;
  for (let year = 2020; year <= 2025; year++) {
    const days = workdaysOf(year);
    for (let k = 0; k < 6; k++) {
      const formed = days[20 + k * 35];
      const title = `演示市${['国土空间用途管制', '不动产登记', '耕地保护', '矿产资源管理', '测绘地理信息管理', '自然资源执法'][k]}${year === 2020 ? '' : `（${year}年修订）`}办法（演示）`;
      const published = publishAfter(formed, rnd, 8);
      const id = b.add({
        category: 'gfxwj', title, documentNumber: `演自然资规〔${year}〕${k + 1}号`, formedOn: formed, publishedOn: published, isNormative: true,
        bodyHtml: normativeBody(title, '自然资源管理', published), replacesId: k === 0 ? previous : undefined,
      });
      if (k === 0 && previous) {
        const old = b.items.find((x) => x.id === previous)!;
        Object.assign(old, { validity: 'revised', validityChangedOn: published, supersededById: id, secondVersionNote: '已被修订' });
      }
      if (k === 0) previous = id;
      if (!(year === 2025 && k >= 4)) {
        b.add({ category: 'zcjd', title: `《${title}》政策解读`, formedOn: published, publishedOn: published, interpretsId: id, bodyHtml: interpretationBody(title, '自然资源管理') });
      }
    }
    for (let n = 0; n < 60; n++) {
      const formed = days[Math.floor(rnd() * (days.length - 20))];
      const d = pick(districts, rnd);
      const title = [
        `${d}建设用地批准公告（${year}年第${n + 1}号）`, `${d}国土空间规划批前公示（${year}年第${n + 1}号）`,
        `关于${d}采矿权出让的公告（${year}年第${n + 1}号）`, `${year}年第${n + 1}批不动产登记事项公告`,
      ][n % 4];
      b.add({ category: n % 4 === 1 ? 'ghjh' : n % 4 === 3 ? 'qtwj' : 'xzxk', title, formedOn: formed, publishedOn: publishAfter(formed, rnd, 12), bodyHtml: noticeBody(title, rnd) });
    }
    b.add({ category: 'ys', title: `${year}年演示市自然资源局部门预算公开（演示）`, formedOn: `${year}-02-03`, publishedOn: cal.addWorkdays(`${year}-02-03`, 5), bodyHtml: noticeBody('部门预算公开', rnd) });
    for (let n = 0; n < 120; n++) {
      const day = days[(n * 2) % days.length];
      const title = `${pick(districts, rnd)}${['自然资源工作', '耕地保护', '不动产登记便民服务', '地质灾害防治'][n % 4]}动态（${day.slice(5).replace('-', '月')}日）`;
      b.add({ category: ['zwdt', 'gzdt', 'tzgg'][n % 3], title, formedOn: day, publishedOn: day, bodyHtml: newsBody(title, rnd) });
    }
    b.add({
      category: 'qtwj', title: `${year}年度土地征收补偿内部测算资料（演示）`, formedOn: `${year}-06-01`, publishedOn: null, state: 'approved',
      disclosure: 'withheld', ground: 'art16_process', bodyHtml: '<p>过程性信息，依法不予公开。（演示）</p>',
    });
  }
  await b.write(ctx);
}

/** Loads the demo catalogue of the demo agencies and indexes it for search. */
export async function loadCatalogueDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  await loadGskjt(ctx, agencies.gskjt);
  await loadBusy(ctx, agencies.busy);
  await loadRulesDemo(ctx, agencies.province);
  await rebuildCatalogueIndex(ctx);
}

// Generated Chinese government documents for the search benchmark (issue 9): sentences from real reports (the seed's
// 2020 annual report, converted to Simplified, the Pingtan reports, domain.md) stitched with templated sentences
// whose slots take place names, projects, companies, numbers and dates, so that common words (科技, 公开, 政府) match
// most documents, as on a real portal, while rarer names keep the vocabulary wide. Deterministic for a seed.
import { readFileSync } from 'node:fs';
import { toSimplified } from '../src/platform/i18n/i18n.ts';
import type { SearchDocument } from '../src/platform/search/search.ts';

const SOURCES = [
  new URL('../test/fixtures/reports/', import.meta.url).pathname + 'seed_gansu_kjt_2020_traditional.txt',
  new URL('../test/fixtures/reports/', import.meta.url).pathname + 'pingtan_2019.txt',
  new URL('../test/fixtures/reports/', import.meta.url).pathname + 'pingtan_2023.txt',
  '/work/shared/docs/domain.md',
];

/** A small fast deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['兰州市', '嘉峪关市', '金昌市', '白银市', '天水市', '武威市', '张掖市', '平凉市', '酒泉市', '庆阳市', '定西市', '陇南市', '临夏回族自治州', '甘南藏族自治州', '兰州新区'];
const COUNTIES = ['榆中县', '永登县', '皋兰县', '靖远县', '会宁县', '景泰县', '秦安县', '甘谷县', '武山县', '民勤县', '古浪县', '天祝藏族自治县', '山丹县', '民乐县', '临泽县', '高台县', '泾川县', '灵台县', '崇信县', '庄浪县', '静宁县', '金塔县', '瓜州县', '敦煌市', '玉门市', '环县', '华池县', '合水县', '正宁县', '宁县', '镇原县', '通渭县', '陇西县', '渭源县', '临洮县', '漳县', '岷县', '成县', '文县', '宕昌县', '康县', '西和县', '礼县', '徽县', '两当县', '夏河县', '玛曲县', '碌曲县', '卓尼县', '迭部县', '舟曲县'];
const FIELDS = ['新材料', '生物医药', '现代农业', '碳离子治疗', '中医药', '大数据', '人工智能', '氢能', '光伏发电', '风电装备', '节水灌溉', '种业创新', '数字经济', '先进制造', '核技术应用', '精细化工', '冶金新工艺', '特色林果', '草食畜牧', '寒旱农业', '文物保护', '生态修复', '荒漠化防治', '智能电网', '新能源汽车', '稀土功能材料', '有色金属', '石油化工', '马铃薯育种', '中药材种植'];
const ORGS = ['研究院', '研究所', '实验室', '技术中心', '科技有限公司', '股份有限公司', '职业技术学院', '大学', '孵化器', '众创空间', '技术转移中心', '工程技术研究中心'];
const PREFIX = ['甘肃', '陇原', '丝路', '河西', '敦煌', '祁连', '黄河', '陇东', '陇南', '金城', '兰大', '西北', '中科', '天元', '博远', '兴陇', '海亮', '瑞丰', '宏达', '恒信'];
/** Title patterns with {field}, {city} and {year} slots. */
const TITLE_KINDS = [
  '关于印发《甘肃省{field}科技创新专项管理办法》的通知',
  '关于组织申报{year}年度{field}重点研发计划项目的通知',
  '{city}{field}产业技术创新战略联盟工作进展',
  '关于公布{year}年度高新技术企业认定名单的公告',
  '关于{year}年度技术合同认定登记情况的通报',
  '{city}召开{field}科技成果转化推进会',
  '关于征集{field}领域科技需求的通知',
  '省科技厅关于{city}{field}示范基地建设的批复',
  '{year}年甘肃省科学技术奖提名公示',
  '关于开展{city}科技特派员工作的实施意见',
  '《甘肃省{field}发展规划》政策解读',
  '关于行政许可事项办理情况的公告',
];
const TEMPLATES = [
  '{city}{county}围绕{field}产业，组织实施科技项目{n}项，落实财政资金{m}万元。',
  '{org}承担的{field}关键技术研究项目通过验收，形成专利{n}件。',
  '截至{date}，全省登记技术合同{n}项，成交额{m}亿元，同比增长{p}%。',
  '{city}认定高新技术企业{n}家，科技型中小企业入库{m}家。',
  '省科技厅赴{city}{county}开展{field}科技帮扶，培训农民{n}人次。',
  '{org}与{city}签署{field}合作协议，共建技术创新中心。',
  '依据《中华人民共和国政府信息公开条例》第{n}条规定，本机关于{date}作出答复。',
  '{field}领域申报项目{n}项，经专家评审，拟立项支持{m}项。',
  '{county}建成{field}示范基地{n}个，辐射带动农户{m}户。',
  '联系人：{city}科技局，联系电话：0931-{tel}。',
];

let pool: string[] | undefined;

function sentencePool(): string[] {
  if (pool) return pool;
  const text = SOURCES.map((f) => {
    try {
      return toSimplified(readFileSync(f, 'utf8'));
    } catch {
      return '';
    }
  }).join('\n');
  pool = text
    .split(/(?<=[。；！？])|\n+/)
    .map((s) => s.replace(/[#*|`>_\-]+/g, '').replace(/\s+/g, '').trim())
    .filter((s) => {
      const han = s.match(/\p{Script=Han}/gu)?.length ?? 0;
      return han >= 10 && han >= s.length * 0.7 && s.length <= 200 && !/[A-Za-z]{3,}/.test(s);
    });
  return pool;
}

/**
 * A generator of benchmark documents; `make(i)` is deterministic for (seed, i). `bodyChars`: the body grows by whole
 * sentences until it has at least this many characters (1,600 for the search benchmark).
 */
export function corpus(seed = 1, bodyChars = 1600): { make(i: number, n: number): SearchDocument; sentences: number } {
  const sentences = sentencePool();
  return {
    sentences: sentences.length,
    make(i: number, n: number): SearchDocument {
      const r = rng(seed * 1_000_003 + i);
      const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
      const fill = (t: string) =>
        t
          .replace('{city}', pick(CITIES))
          .replace('{county}', pick(COUNTIES))
          .replace('{field}', pick(FIELDS))
          .replace('{org}', pick(PREFIX) + pick(FIELDS) + pick(ORGS))
          .replace('{n}', String(1 + Math.floor(r() * 300)))
          .replace('{m}', String(1 + Math.floor(r() * 5000)))
          .replace('{p}', (r() * 40).toFixed(1))
          .replace('{tel}', String(8_000_000 + Math.floor(r() * 999_999)))
          .replace('{date}', `${2015 + Math.floor(r() * 11)}年${1 + Math.floor(r() * 12)}月${1 + Math.floor(r() * 28)}日`);
      // Publication dates spread evenly over 2015-01-01 … 2025-12-31 in id order (so bulk loads arrive in date order,
      // as a migration from an old portal would), with a little shuffle.
      const span = 4018;
      const day = Math.min(span - 1, Math.floor((i / n) * span + r() * 3));
      const published = new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      const year = Number(published.slice(0, 4));
      const field = pick(FIELDS);
      const city = pick(CITIES);
      let body = '';
      while (body.length < bodyChars) body += r() < 0.35 ? fill(pick(TEMPLATES)) : pick(sentences);
      const serial = 1 + Math.floor(r() * 200);
      const agency = r() < 0.7 ? 'gskjt' : r() < 0.5 ? 'lzzrzy' : 'gansu';
      return {
        id: `bench-${i}`,
        agencyId: `agency-${agency}`,
        agencyCode: agency,
        agencyName: agency === 'gskjt' ? '甘肃省科学技术厅' : agency === 'lzzrzy' ? '兰州市自然资源局' : '甘肃省人民政府',
        title: pick(TITLE_KINDS).replace('{field}', field).replace('{city}', city).replace('{year}', String(year)),
        body,
        documentNumber: r() < 0.3 ? `甘科${pick(['政', '发', '函', '办'])}〔${year}〕${serial}号` : '',
        categoryCode: pick(['normative', 'plan', 'permit', 'news', 'notice', 'budget', 'interpretation', 'award']),
        publishedOn: published,
        validity: r() < 0.2 ? pick(['有效', '已修订', '已废止', '失效']) : '',
        url: `/agencies/${agency}/items/bench-${i}`,
        kind: r() < 0.6 ? 'document' : 'news',
      };
    },
  };
}

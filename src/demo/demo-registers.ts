/**
 * Demo registers (design.md §5.5). gskjt: the 40-item power list, its enforcement subject, and the 2020 licensing
 * record the seed narrates (实验动物生产许可证 5 units and 使用许可证 15 units inspected, 1 use licence applied for and
 * issued; 外国人来华工作许可 519 cases: 29 高端人才确认函, 55 许可通知, 114 new permits, 234 extensions, 77
 * cancellations — those five add up to 509, so the other 10 the seed leaves unexplained are recorded as 变更, an
 * INVENTED split), no fees, no reconsideration or litigation in 2020 (seed: 未收到行政复议申请，未被提起行政诉讼), and
 * INVENTED procurement projects. lzzrzy: a small power list, penalties, coercion, a real fee item (不动产登记费) with
 * invented amounts, one penalty revoked on reconsideration (withdrawn, with its public notice), and reconsideration /
 * litigation cases 2020–2025 linked to its demo requests where they exist.
 * Every record passes the validator of its staff edit form (src/demo/demo-forms.test.ts): phone numbers carry no
 * （演示） suffix; the demo mark sits in names, addresses, notes and the supervision channel (and `is_demo`).
 */
import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { markWithdrawn } from '../registers/corrections-store.ts';
import { applyPowerImport } from '../registers/power-service.ts';
import type { PowerItemFields, PowerKind } from '../registers/power.ts';
import type { CaseKind, CaseResult, LicensingAction } from '../registers/registers.ts';
import {
  insertEnforcementDecision, insertLicensingDecision, insertProcurement, upsertCase, upsertFeeCollection, upsertFeeItem, upsertSubject,
} from '../registers/registers-store.ts';
import type { DemoAgencies } from './demo-agencies.ts';
import { GSKJT_POWERS, LAB_HOLDERS, STEPS } from './demo-registers-data.ts';

const ACCOUNTABILITY = '有下列情形之一的，依照《中华人民共和国公务员法》《行政机关公务员处分条例》等追究责任：（一）对符合条件的申请不予受理、不予办理或者不在法定期限内作出决定的；（二）对不符合条件的申请准予办理的；（三）违反法定程序实施的；（四）索取或者收受他人财物、谋取其他利益的；（五）其他玩忽职守、滥用职权、徇私舞弊的情形。';

function powerFields(p: (typeof GSKJT_POWERS)[number], body: string, phone: string): PowerItemFields {
  const [code, kind, name, law, article, unit, effectiveOn] = p;
  const steps = (STEPS[kind] ?? STEPS.default).map(([n, d, tl]) => ({ name: n, description: d, timeLimit: tl }));
  return {
    code, kind, name, implementingBody: body, scope: `${unit}具体承办。依据${law}${article}，负责${name}。`,
    legalBasis: [{ law, article }, ...(kind === 'penalty' ? [{ law: '《中华人民共和国行政处罚法》', article: '第八条、第九条' }] : [])],
    steps, supervisionChannel: `${body}监督评估与科研诚信处；甘肃省12345政务服务便民热线（演示数据，电话为虚构）`, supervisionPhone: phone,
    accountability: ACCOUNTABILITY, effectiveOn,
  };
}

async function addLicensing(ctx: Ctx, agencyId: string, d: { type: string; action: LicensingAction; holder?: string; count?: number; on: string; number?: string; validUntil?: string; note?: string; published?: boolean }) {
  await insertLicensingDecision(ctx.db, agencyId, {
    id: newId(), licenceType: d.type, action: d.action, holderKind: d.holder ? 'organisation' : 'aggregate', holderName: d.holder ?? '',
    licenceNumber: d.number ?? '', caseCount: d.count ?? 1, decidedOn: d.on, validUntil: d.validUntil ?? null, note: d.note ?? '',
    published: d.published ?? false, isDemo: true,
  }, ctx.clock.now().toISOString());
}

async function loadGskjt(ctx: Ctx, agencyId: string, name: string): Promise<void> {
  await applyPowerImport(ctx, undefined, agencyId, GSKJT_POWERS.map((p) => powerFields(p, name, '0931-8826119')), { isDemo: true });
  const at = ctx.clock.now().toISOString();
  await upsertSubject(ctx.db, agencyId, {
    id: newId(), unitName: name, subjectKind: 'statutory', sortOrder: 1, isDemo: true,
    legalBasis: '《中华人民共和国科学技术进步法》《中华人民共和国促进科技成果转化法》《实验动物管理条例》《外国人在中国就业管理规定》《甘肃省科学技术奖励办法》等',
    powers: '行政许可4项、行政处罚7项、行政强制1项、行政检查5项（详见权责清单）',
    contactPhone: '0931-8826000', supervisionPhone: '0931-8826119', address: '甘肃省兰州市城关区南滨河东路（演示地址，电话为虚构）',
  }, at);
  // 2020 annual inspection: 5 production and 15 use licences (seed).
  for (const [i, h] of LAB_HOLDERS.entries()) {
    await addLicensing(ctx, agencyId, {
      type: h.production ? '实验动物生产许可证' : '实验动物使用许可证', action: 'inspect', holder: h.name,
      number: `${h.production ? 'SCXK' : 'SYXK'}（甘）20${16 + (i % 4)}-${String(i + 1).padStart(4, '0')}（演示）`, on: `2020-${String(9 + Math.floor(i / 8)).padStart(2, '0')}-${String(10 + (i % 8)).padStart(2, '0')}`,
      note: '年检合格（演示）',
    });
  }
  await addLicensing(ctx, agencyId, {
    type: '实验动物使用许可证', action: 'issue', holder: '甘肃某生命科学研究院（演示）', number: 'SYXK（甘）2020-0001（演示）', on: '2020-07-15',
    validUntil: '2025-07-14', published: true, note: '2020年新受理申请1份，准予许可',
  });
  const batch = '2020年度汇总登记，数据来自外国人来华工作管理服务系统（演示）';
  await addLicensing(ctx, agencyId, { type: '外国高端人才确认函', action: 'issue', count: 29, on: '2020-12-31', note: batch });
  await addLicensing(ctx, agencyId, { type: '外国人来华工作许可通知', action: 'issue', count: 55, on: '2020-12-31', note: batch });
  await addLicensing(ctx, agencyId, { type: '外国人来华工作许可证', action: 'issue', count: 114, on: '2020-12-31', note: batch });
  await addLicensing(ctx, agencyId, { type: '外国人来华工作许可证', action: 'renew', count: 234, on: '2020-12-31', note: batch });
  await addLicensing(ctx, agencyId, { type: '外国人来华工作许可证', action: 'cancel', count: 77, on: '2020-12-31', note: batch });
  await addLicensing(ctx, agencyId, { type: '外国人来华工作许可证', action: 'change', count: 10, on: '2020-12-31',
    note: '种子报告合计519件，分项合计509件，其余10件类别未说明，演示数据记为变更' });
  // INVENTED 政府集中采购 projects of 2020.
  const projects: [string, string, number, string][] = [
    ['门户网站及政务新媒体运维服务（演示）', '公开招标', 48_600_000, '2020-03-18'],
    ['科技管理信息系统升级（演示）', '公开招标', 126_800_000, '2020-05-09'],
    ['办公设备购置（演示）', '协议供货', 18_650_000, '2020-06-22'],
    ['网络安全等级保护测评服务（演示）', '竞争性磋商', 9_800_000, '2020-08-05'],
    ['科技成果转化专题培训服务（演示）', '竞争性谈判', 6_500_000, '2020-10-12'],
  ];
  for (const [pname, method, fen, on] of projects) {
    await insertProcurement(ctx.db, agencyId, { id: newId(), name: pname, method, amountFen: fen, contractedOn: on, isDemo: true }, at);
  }
}

const BUSY_POWERS: [string, PowerKind, string, string, string][] = [
  ['ZR-XK-001', 'licensing', '建设项目用地预审与选址意见书核发', '《中华人民共和国土地管理法》', '第五十二条'],
  ['ZR-XK-002', 'licensing', '建设用地规划许可证核发', '《中华人民共和国城乡规划法》', '第三十七条、第三十八条'],
  ['ZR-XK-003', 'licensing', '建设工程规划许可证核发', '《中华人民共和国城乡规划法》', '第四十条'],
  ['ZR-XK-004', 'licensing', '乡村建设规划许可证核发', '《中华人民共和国城乡规划法》', '第四十一条'],
  ['ZR-CF-001', 'penalty', '对非法占用土地的处罚', '《中华人民共和国土地管理法》', '第七十七条'],
  ['ZR-CF-002', 'penalty', '对未取得建设工程规划许可证进行建设的处罚', '《中华人民共和国城乡规划法》', '第六十四条'],
  ['ZR-CF-003', 'penalty', '对非法转让土地的处罚', '《中华人民共和国土地管理法》', '第七十四条'],
  ['ZR-QZ-001', 'coercion', '责令停止违法用地行为并查封施工设施', '《中华人民共和国土地管理法》', '第六十八条'],
  ['ZR-ZS-001', 'levy', '不动产登记费征收', '《不动产登记暂行条例》', '第十三条'],
  ['ZR-QR-001', 'confirmation', '不动产统一登记', '《不动产登记暂行条例》', '第三条'],
  ['ZR-JC-001', 'inspection', '土地利用动态巡查', '《中华人民共和国土地管理法》', '第六十七条'],
  ['ZR-CJ-001', 'adjudication', '土地权属争议调处', '《中华人民共和国土地管理法》', '第十四条'],
];

async function loadBusy(ctx: Ctx, agencyId: string, name: string): Promise<void> {
  await applyPowerImport(ctx, undefined, agencyId, BUSY_POWERS.map(([code, kind, pname, law, article], i) => powerFields(
    [code, kind, pname, law, article, '相关业务科室', i < 10 ? '2019-01-01' : '2021-03-01'], name, '0931-0000119')), { isDemo: true });
  const at = ctx.clock.now().toISOString();
  await upsertSubject(ctx.db, agencyId, {
    id: newId(), unitName: name, subjectKind: 'statutory', sortOrder: 1, isDemo: true, legalBasis: '《中华人民共和国土地管理法》《中华人民共和国城乡规划法》《不动产登记暂行条例》等',
    powers: '土地、规划、不动产登记领域的行政许可、行政处罚、行政强制和监督检查', contactPhone: '0931-0000000', supervisionPhone: '0931-0000119',
    address: '演示市城关区示范路88号（演示）',
  }, at);
  await upsertSubject(ctx.db, agencyId, {
    id: newId(), unitName: '演示市自然资源执法监察支队（演示）', subjectKind: 'entrusted', sortOrder: 2, isDemo: true, legalBasis: '《中华人民共和国土地管理法》第六十七条',
    powers: '受委托实施土地违法案件调查、巡查', contactPhone: '0931-0000100', supervisionPhone: '0931-0000119', address: '演示市城关区示范路90号（演示）',
  }, at);
  const fee = newId();
  await upsertFeeItem(ctx.db, agencyId, {
    id: fee, name: '不动产登记费', legalBasis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
    standard: '住宅类每件80元；非住宅类每件550元', inForceFrom: '2017-01-01', inForceUntil: null, isDemo: true,
  }, at);
  const fee2 = newId();
  await upsertFeeItem(ctx.db, agencyId, {
    id: fee2, name: '土地复垦费（演示）', legalBasis: '《土地复垦条例》第十八条', standard: '按复垦方案核定（演示）', inForceFrom: '2015-01-01', inForceUntil: '2021-06-30', isDemo: true,
  }, at);
  for (let y = 2019; y <= 2025; y++) {
    await upsertFeeCollection(ctx.db, fee, y, (3_800_000 + (y - 2019) * 215_000) * 100, at); // INVENTED amounts
    if (y <= 2021) await upsertFeeCollection(ctx.db, fee2, y, (420_000 - (y - 2019) * 90_000) * 100, at);
  }
  let n = 0;
  let revoked = '';
  for (let y = 2020; y <= 2025; y++) {
    for (let i = 0; i < 4 + (y % 3); i++) {
      n++;
      const kind = i % 4 === 3 ? 'coercion' : 'penalty';
      const id = newId();
      if (y === 2021 && i === 1) revoked = id;
      await insertEnforcementDecision(ctx.db, agencyId, {
        id, kind, documentNumber: `演自然资罚〔${y}〕${i + 1}号（演示）`, partyKind: i % 2 ? 'natural_person' : 'organisation',
        partyName: i % 2 ? ctx.cipher.encrypt(`演示当事人${n}`) : `演示市某置业有限公司${n}（演示）`,
        facts: kind === 'penalty' ? `未经批准占用集体土地${200 + n * 13}平方米建设厂房（演示）` : '违法用地现场持续施工（演示）',
        legalBasis: kind === 'penalty' ? '《中华人民共和国土地管理法》第七十七条' : '《中华人民共和国土地管理法》第六十八条',
        measure: kind === 'penalty' ? '责令退还非法占用的土地，限期拆除新建建筑物，并处罚款' : '查封施工设施和设备',
        amountFen: kind === 'penalty' ? (200 + n * 13) * 30 * 100 : 0, decidedOn: `${y}-${String(2 + i * 2).padStart(2, '0')}-15`, published: true, isDemo: true,
      }, at);
    }
    await insertLicensingDecisionAggregate(ctx, agencyId, y);
  }
  // INVENTED: one published 2021 penalty revoked on reconsideration, taken off the portal with a notice
  // (docs/decisions/0008); it still counts among 2021's decisions.
  await markWithdrawn(ctx.db, 'enforcement', agencyId, revoked, 1, { on: '2021-08-02', reason: 'revoked', note: '行政复议决定撤销原处罚决定（演示）' }, at);
  await loadBusyCases(ctx, agencyId);
}

async function insertLicensingDecisionAggregate(ctx: Ctx, agencyId: string, y: number) {
  const k = y - 2019;
  await addLicensing(ctx, agencyId, { type: '建设工程规划许可证', action: 'issue', count: 140 + k * 17, on: `${y}-12-31`, note: '年度汇总（演示）' });
  await addLicensing(ctx, agencyId, { type: '建设用地规划许可证', action: 'issue', count: 60 + k * 5, on: `${y}-12-31`, note: '年度汇总（演示）' });
  await addLicensing(ctx, agencyId, { type: '建设工程规划许可证', action: 'change', count: 12 + k, on: `${y}-12-31`, note: '年度汇总（演示）' });
}

/** Tracking codes of the busy agency's demo requests, when the requests module loaded them. */
async function requestCodes(ctx: Ctx, agencyId: string): Promise<{ code: string; id: string; on: string }[]> {
  try {
    const r = await sql<{ tracking_code: string; request_id: string; received_on: string }>`select tracking_code, request_id, received_on from info_requests where agency_id = ${agencyId} order by received_on`.execute(ctx.db);
    return r.rows.map((x) => ({ code: x.tracking_code, id: x.request_id, on: x.received_on }));
  } catch {
    return [];
  }
}

async function loadBusyCases(ctx: Ctx, agencyId: string): Promise<void> {
  const requests = await requestCodes(ctx, agencyId);
  const plan: [CaseKind, CaseResult, number][] = [
    ['reconsideration', 'upheld', 0], ['reconsideration', 'corrected', 1], ['reconsideration', 'other', 2], ['litigation_direct', 'upheld', 3],
    ['litigation_after', 'pending', 4],
  ];
  const at = ctx.clock.now().toISOString();
  for (let y = 2020; y <= 2025; y++) {
    for (const [i, [kind, result]] of plan.slice(0, 3 + (y % 3)).entries()) {
      const filedOn = `${y}-${String(3 + i * 2).padStart(2, '0')}-10`;
      const concluded = result === 'pending' ? null : `${y}-${String(5 + i * 2).padStart(2, '0')}-20`;
      const req = requests.filter((r) => r.on < filedOn).at(-1 - i);
      await upsertCase(ctx.db, agencyId, {
        id: newId(), kind, requestRef: req?.code ?? '', requestId: req?.id ?? null,
        caseNumber: kind === 'reconsideration' ? `演政复〔${y}〕${i + 1}号（演示）` : `（${y}）甘0102行初${i + 10}号（演示）`,
        body: kind === 'reconsideration' ? '演示市人民政府（演示）' : '演示市城关区人民法院（演示）', filedOn, result, concludedOn: concluded,
        summary: '申请人对本机关政府信息公开答复不服（演示）', isDemo: true,
      }, at);
    }
  }
}

/** Loads the registers' demo records for gskjt and the busy agency. */
export async function loadRegistersDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  await loadGskjt(ctx, agencies.gskjt.id, agencies.gskjt.name);
  await loadBusy(ctx, agencies.busy.id, agencies.busy.name);
}

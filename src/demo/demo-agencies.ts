/**
 * Demo agencies (design.md §5.5): the seed's 甘肃省科学技术厅 (code gskjt) under a provincial parent, and a second,
 * busier agency. Names of real bodies are real; INVENTED: addresses' details, phone numbers, leaders' names, the
 * internal and affiliated units' heads and phones (marked is_demo; the portal says so). Phone numbers carry no
 * （演示） suffix: the agency form validates them, and the administrator must be able to save the demo agency.
 */
import type { Agency, AgencyLeader, AgencyUnit } from '../agencies/agency.ts';
import { insertAgency, insertLeader, insertUnit } from '../agencies/agency-store.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';

/** The agencies the demo creates, by code. */
export interface DemoAgencies {
  province: Agency;
  gskjt: Agency;
  busy: Agency;
}

const KJT_FUNCTIONS = `<p>甘肃省科学技术厅是省政府组成部门，为正厅级，贯彻落实党中央关于科技创新工作的方针政策和决策部署，主要职责是：</p>
<ol>
<li>拟订并组织实施科技发展规划和政策，推动建立健全科技创新体系。</li>
<li>组织拟订全省基础研究、应用研究、技术开发规划并组织实施，牵头组织重大科技项目。</li>
<li>负责推进科技成果转化和技术转移，负责技术合同登记和技术市场管理。</li>
<li>牵头建立统一的科技管理平台和科研项目资金协调、评估、监管机制，负责省级财政科技计划（专项、基金等）管理。</li>
<li>负责科技奖励、高新技术企业认定、科技企业孵化等工作；负责实验动物许可管理。</li>
<li>负责外国人来华工作许可、外国专家引进和服务工作。</li>
<li>完成省委、省政府交办的其他任务。</li>
</ol>`;

const KJT_UNITS: [AgencyUnit['kind'], string, string][] = [
  ['internal', '办公室', '负责机关日常运转，承担政务公开、信息、安全保密、信访等工作'],
  ['internal', '政策法规与创新体系建设处', '拟订科技政策法规，承担规范性文件合法性审查和清理工作'],
  ['internal', '资源配置与管理处', '统筹科技资源配置，承担省级科技计划管理'],
  ['internal', '基础研究处', '组织基础研究和应用基础研究'],
  ['internal', '高新技术发展及产业化处', '推动高新技术产业发展，承担高新技术企业认定'],
  ['internal', '农村科技处', '推动农业农村科技创新'],
  ['internal', '社会发展科技处', '推动社会发展领域科技创新，承担实验动物许可管理'],
  ['internal', '成果转化与区域创新处', '推动科技成果转化和技术市场建设，承担技术合同登记'],
  ['internal', '外国专家服务处', '承担外国人来华工作许可和外国专家服务'],
  ['internal', '监督评估与科研诚信处', '承担科技监督评估和科研诚信建设'],
  ['internal', '人事处', '承担机关和直属单位人事管理'],
  ['affiliated', '甘肃省科技发展促进中心', '科技计划项目管理服务'],
  ['affiliated', '甘肃省科学技术情报研究所', '科技情报研究与服务'],
  ['affiliated', '甘肃省技术转移中心（演示）', '技术转移服务'],
  ['affiliated', '甘肃省实验动物管理中心（演示）', '实验动物许可技术支撑'],
];

async function addAgency(ctx: Ctx, a: Omit<Agency, 'version' | 'updatedAt'>): Promise<Agency> {
  const at = ctx.clock.now().toISOString();
  await insertAgency(ctx.db, a, at);
  return { ...a, version: 1, updatedAt: at };
}

/** Inserts the demo agencies with leaders and units. */
export async function loadAgencyDemo(ctx: Ctx): Promise<DemoAgencies> {
  const province = await addAgency(ctx, {
    id: newId(), code: 'gansu', parentId: null, kind: 'government', name: '甘肃省人民政府', shortName: '省政府',
    nameEn: 'People\'s Government of Gansu Province', creditCode: '', orgCode: '11620000', address: '甘肃省兰州市城关区中央广场1号',
    postcode: '730030', officeHours: '工作日 8:30—12:00，14:30—18:00', phone: '0931-8888000', fax: '',
    email: 'gkb@gansu.example.gov.cn', website: '', functions: '<p>省人民政府是省级国家行政机关。（演示）</p>', isDemo: true,
  });
  const gskjt = await addAgency(ctx, {
    id: newId(), code: 'gskjt', parentId: province.id, kind: 'department', name: '甘肃省科学技术厅', shortName: '省科技厅',
    nameEn: 'Department of Science and Technology of Gansu Province', creditCode: '', orgCode: '11620000013902999X',
    address: '甘肃省兰州市城关区南滨河东路（演示地址）', postcode: '730030',
    officeHours: '工作日 上午8:30—12:00，下午14:30—18:00（法定节假日除外）', phone: '0931-8826000',
    fax: '0931-8826001', email: 'kjtgk@gansu.example.gov.cn', website: '', functions: KJT_FUNCTIONS, isDemo: true,
  });
  const busy = await addAgency(ctx, {
    id: newId(), code: 'lzzrzy', parentId: province.id, kind: 'department', name: '演示市自然资源局',
    shortName: '演示自然资源局', nameEn: 'Demo Municipal Natural Resources Bureau', creditCode: '',
    orgCode: '11620100DEMO0001', address: '演示市城关区示范路88号（演示）', postcode: '730000',
    officeHours: '工作日 9:00—12:00，13:30—17:30', phone: '0931-0000000', fax: '', email: 'gk@demo.example.gov.cn',
    website: '', functions: '<p>负责自然资源调查、确权登记、国土空间规划、用途管制等工作。（演示机构，用于展示繁忙的依申请公开业务）</p>', isDemo: true,
  });
  const leaders: [string, string, string][] = [
    ['张明远（演示）', '厅长', '主持全面工作'],
    ['李华（演示）', '副厅长', '分管政策法规、政务公开、成果转化'],
    ['王静（演示）', '副厅长', '分管基础研究、高新技术、外国专家服务'],
  ];
  let i = 0;
  for (const [name, title, duties] of leaders) {
    await insertLeader(ctx.db, gskjt.id, { id: newId(), name, title, duties } satisfies AgencyLeader, i++);
  }
  i = 0;
  for (const [kind, name, functions] of KJT_UNITS) {
    await insertUnit(ctx.db, gskjt.id, {
      id: newId(), kind, name, head: '（演示）', phone: `0931-88260${String(10 + i).padStart(2, '0')}`, functions,
    }, i++);
  }
  await insertLeader(ctx.db, busy.id, { id: newId(), name: '赵刚（演示）', title: '局长', duties: '主持全面工作' }, 0);
  return { province, gskjt, busy };
}

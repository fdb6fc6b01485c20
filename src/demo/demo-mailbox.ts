/**
 * Demo letters and solicitations (design.md §5.5). gskjt 2020: 25 letters to the 厅长信箱 and 在线咨询, all answered on
 * time (seed: "共办理线上咨询和厅长信箱来信25件，回复率达100%"); the seed's 六稳六保 call for problem clues and
 * suggestions with its summary. lzzrzy: letters 2020–2025 in every state, some overdue. Questions, replies, writers
 * and dates are INVENTED; writers' names and contacts are encrypted like real ones.
 */
import { computeMailboxReplyDeadline } from '../calendar/clocks.ts';
import { CONVERSION_REPLIES, type Letter, type LetterChannel, type LetterState } from '../mailbox/letter.ts';
import { insertLetter, upsertReplyWorkdays } from '../mailbox/letter-store.ts';
import { insertSubmission, updateSolicitationSummary, upsertSolicitation } from '../mailbox/solicitation-store.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { newId, newToken } from '../platform/ids.ts';
import type { DemoAgencies } from './demo-agencies.ts';

const GSKJT_LETTERS: [LetterChannel, string, string, string][] = [
  ['consultation', '省级科技计划项目申报时间咨询', '请问2020年度省级科技计划项目什么时候开始申报？申报系统在哪里？', '2020年度省级科技计划项目申报通知已在厅门户网站“通知公告”栏目发布，申报通过甘肃省科技管理信息系统进行，请按通知要求准备材料。'],
  ['consultation', '高新技术企业认定条件', '我公司成立两年，研发费用占比约4%，能否申请高新技术企业认定？', '根据《高新技术企业认定管理办法》第十一条，企业申请认定时须注册成立一年以上，近三个会计年度研发费用占比应符合规定比例，请对照办法及工作指引自评后申报。'],
  ['director_mailbox', '建议延长疫情期间项目执行期', '受疫情影响，我单位承担的项目野外调查无法按期完成，建议允许延期。', '我厅已发布通知，受疫情影响确需延期的项目，可由承担单位提出申请，经主管部门审核后办理延期，请按通知要求提交。'],
  ['consultation', '技术合同登记材料', '技术开发合同登记需要提交哪些材料？', '请登录全国技术合同网上登记系统填报，提交合同文本及相关附件，具体要求见《技术合同认定登记管理办法》及我厅办事指南。'],
  ['consultation', '外国人来华工作许可延期办理', '外籍员工工作许可证即将到期，延期需要提前多久办理？', '应在工作许可证有效期满前30日内通过外国人来华工作管理服务系统提交延期申请，具体材料清单见办事指南。'],
  ['consultation', '科技特派员报名', '个人能否报名省级科技特派员？条件是什么？', '省级科技特派员由所在单位推荐，条件见《甘肃省省级科技特派员管理办法（试行）》，请关注年度选派通知。'],
  ['director_mailbox', '关于中小企业研发成本补贴的建议', '建议简化疫情期间中小企业研发成本补贴的申请材料。', '感谢建议。补贴申请已实行网上办理，材料精简为申请表、研发费用明细和承诺书三项，详见补贴政策解读。'],
  ['consultation', '科技创新券使用范围', '科技创新券可以用于购买仪器设备吗？', '科技创新券用于购买检验检测、研发设计等科技服务，不得用于购买仪器设备，具体范围见创新券管理办法。'],
  ['consultation', '省科学技术奖提名方式', '2020年度省科学技术奖是否接受个人提名？', '2020年度省科学技术奖实行提名制，由符合条件的专家、单位提名，具体要求见提名工作通知。'],
  ['consultation', '实验动物使用许可证申请', '新建动物实验室申请使用许可证需要哪些条件？', '应具备符合国家标准的设施环境、专业技术人员和管理制度，申请材料及流程见权责清单“实验动物使用许可证核发”事项。'],
  ['director_mailbox', '反映项目经费拨付进度', '我单位立项项目的第二批经费尚未拨付，请帮助了解进度。', '经核实，第二批经费已于近日拨付至项目承担单位，请与单位财务部门联系确认。'],
  ['consultation', '科技型中小企业评价', '科技型中小企业评价入库后有效期多长？', '评价入库后当年有效，企业每年需重新填报评价信息。'],
  ['consultation', '孵化器认定申报', '省级科技企业孵化器认定每年几月申报？', '认定工作一般于每年下半年组织，具体以当年通知为准。'],
  ['consultation', '技术交易奖励标准', '促成技术交易的奖励标准和申报流程在哪里查询？', '奖励申报标准和流程已在门户网站公开发布，请在“通知公告”栏目查阅。'],
  ['director_mailbox', '关于科研诚信建设的建议', '建议加强项目评审专家的诚信管理。', '感谢建议。我厅已建立评审专家信用记录制度，对违规专家依规处理并记入科研诚信档案。'],
  ['consultation', '高企认定结果查询', '2019年度高新技术企业认定名单在哪里公布？', '名单已在门户网站公布，可在“通知公告”栏目查询。'],
  ['consultation', '国际科技合作基地申报', '省级国际科技合作基地认定需要哪些条件？', '条件见《甘肃省国际科技合作基地管理办法》，申报时间以通知为准。'],
  ['consultation', '新型研发机构认定', '民办非企业单位能否申请新型研发机构认定？', '可以。《甘肃省促进新型研发机构发展的指导办法（试行）》对不同组织形式的新型研发机构均作了规定。'],
  ['director_mailbox', '反映网站链接失效', '厅网站“办事指南”部分链接打不开。', '感谢反映，相关链接已修复。'],
  ['consultation', '外国高端人才确认函办理', '外国高端人才确认函办理时限是多久？', '材料齐全的，一般在5个工作日内办结，详见办事指南。'],
  ['consultation', '临床医学研究中心申报', '省级临床医学研究中心认定的牵头单位有什么要求？', '牵头单位应为省内三级甲等医院或具备相应条件的医疗机构，详见管理办法。'],
  ['consultation', '科技成果登记', '科技成果登记是否收费？', '科技成果登记不收取任何费用。'],
  ['director_mailbox', '关于加强基层科普的建议', '建议在农村地区增加科普活动。', '感谢建议。我厅将结合科技特派员工作，在农村地区开展更多科普活动。'],
  ['consultation', '项目结题验收', '项目到期后多长时间内需申请结题验收？', '项目执行期满后3个月内应提出结题验收申请。'],
  ['consultation', '碳离子治疗系统相关政策', '碳离子治疗系统产业化有哪些支持政策？', '相关情况已在新闻发布会上介绍，政策文件可在门户网站“政策文件”栏目查阅。'],
];

const NAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

function letter(ctx: Ctx, agencyId: string, i: number, channel: LetterChannel, subject: string, question: string, receivedOn: string, workdays: number): Letter {
  const { dueOn } = computeMailboxReplyDeadline({ received: receivedOn, workdays });
  return {
    id: newId(), agencyId, trackingCode: newToken(10), channel, subject, question,
    writerName: ctx.cipher.encrypt(`${NAMES[i % NAMES.length]}演示${i}`), writerPhone: ctx.cipher.encrypt(`1390000${String(1000 + i).slice(-4)}`),
    writerEmail: i % 3 === 0 ? ctx.cipher.encrypt(`writer${i}@example.com`) : '', publishConsent: i % 2 === 0, state: 'received', unitId: null,
    receivedOn, replyWorkdays: workdays, dueOn, reply: '', repliedOn: null, published: false, publicQuestion: '', publicReply: '', publishedOn: null,
    convertedTo: null, convertedRef: '', isDemo: true, version: 1,
  };
}

function answered(l: Letter, state: LetterState, reply: string, afterWorkdays: number, publish: boolean): Letter {
  const repliedOn = computeMailboxReplyDeadline({ received: l.receivedOn, workdays: afterWorkdays }).dueOn;
  const pub = publish && l.publishConsent && state === 'replied';
  return {
    ...l, state, reply, repliedOn, published: pub, publicQuestion: pub ? l.question : '', publicReply: pub ? reply : '', publishedOn: pub ? repliedOn : null,
    convertedTo: state === 'converted' ? 'disclosure_request' : state === 'redirected' ? 'petition' : null,
  };
}

async function loadGskjtLetters(ctx: Ctx, agencyId: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await upsertReplyWorkdays(ctx.db, agencyId, 10, at);
  let day = '2020-01-06';
  for (const [i, [channel, subject, question, reply]] of GSKJT_LETTERS.entries()) {
    const l = letter(ctx, agencyId, i, channel, subject, question, day, 10);
    await insertLetter(ctx.db, answered(l, 'replied', reply, 2 + (i % 7), true), at);
    day = computeMailboxReplyDeadline({ received: day, workdays: 9 }).dueOn;
  }
}

async function loadBusyLetters(ctx: Ctx, agencyId: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const today = todayOn(ctx.clock);
  await upsertReplyWorkdays(ctx.db, agencyId, 15, at);
  let i = 100;
  for (let y = 2020; y <= Number(today.slice(0, 4)); y++) {
    let day = `${y}-01-06`;
    for (let k = 0; k < 18; k++, i++) {
      if (day > today) break;
      const l = letter(ctx, agencyId, i, k % 3 ? 'consultation' : 'director_mailbox', `关于不动产登记办理的咨询（演示${i}）`,
        '请问房屋买卖转移登记需要多长时间？需要带哪些材料？（演示）', day, 15);
      const kind = k % 9;
      const late = k % 7 === 6;
      const row = kind === 4 ? answered(l, 'converted', CONVERSION_REPLIES.disclosure_request, 3, false)
        : kind === 8 ? answered(l, 'redirected', CONVERSION_REPLIES.petition, 2, false)
          : answered(l, 'replied', '转移登记材料齐全的，5个工作日内办结；所需材料见不动产登记办事指南。（演示）', late ? 18 : 4 + (k % 8), true);
      const open = computeMailboxReplyDeadline({ received: day, workdays: 20 }).dueOn > today;
      await insertLetter(ctx.db, open && k % 2 ? { ...l, state: k % 4 === 1 ? 'assigned' : 'received' } : row, at);
      day = computeMailboxReplyDeadline({ received: day, workdays: 12 }).dueOn;
    }
  }
}

async function loadSixStability(ctx: Ctx, agencyId: string): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await upsertSolicitation(ctx.db, {
    id, agencyId, isDemo: true, published: true, opensOn: '2020-06-15', closesOn: '2020-07-15',
    title: '关于征集“六稳”“六保”政策措施落实有关问题线索和意见建议的公告',
    body: '<p>为认真贯彻落实党中央、国务院及省委、省政府关于做好“六稳”工作、落实“六保”任务的决策部署，现面向社会征集“六稳”“六保”政策措施落实有关问题线索和意见建议。</p>'
      + '<p>征集重点：市场主体特别是中小微企业和个体工商户在复工复产、复市复业和享受支持企业纾困发展政策措施等方面遇到的困难和问题。</p>'
      + '<p>征集时间：2020年6月15日至7月15日（演示日期）。请通过本页表单提交。</p>',
  }, at);
  const items: [('suggestion' | 'clue'), string, 'accepted' | 'rejected', boolean][] = [
    ['clue', '研发费用补贴申请材料要求较多，小微企业准备困难。（演示）', 'accepted', true],
    ['suggestion', '建议创新券扩大到检验检测以外的技术服务。（演示）', 'accepted', true],
    ['clue', '部分县区科技项目资金拨付较慢。（演示）', 'accepted', true],
    ['suggestion', '建议线上受理高企认定辅导咨询。（演示）', 'accepted', false],
    ['suggestion', '建议延长受疫情影响项目的执行期。（演示）', 'accepted', true],
    ['clue', '广告内容（演示）', 'rejected', false],
    ['suggestion', '建议加大对科技型中小企业贷款贴息支持。（演示）', 'accepted', false],
    ['clue', '孵化器房租减免政策落实不到位。（演示）', 'accepted', true],
  ];
  for (const [n, [kind, content, state, adopted]] of items.entries()) {
    await insertSubmission(ctx.db, { id: newId(), solicitationId: id, kind, content, name: '', phone: '', receivedOn: `2020-06-${String(16 + n).padStart(2, '0')}`, state, adopted, isDemo: true }, at);
  }
  await updateSolicitationSummary(ctx.db, id,
    '<p>征集期间共收到问题线索和意见建议8条，登记有效7条，采纳5条。对反映的研发费用补贴申请材料繁杂问题，已精简申请材料；对项目资金拨付较慢问题，已督促相关县区加快拨付。（演示）</p>',
    '2020-07-31', at);
}

/** Loads the mailbox and solicitation demo records. */
export async function loadMailboxDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  await loadGskjtLetters(ctx, agencies.gskjt.id);
  await loadSixStability(ctx, agencies.gskjt.id);
  await loadBusyLetters(ctx, agencies.busy.id);
}

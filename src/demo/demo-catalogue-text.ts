/** Plausible demo text for generated catalogue items and news (every generated item is marked 演示数据). */
import { PLACES, TOPICS } from './demo-catalogue-data.ts';

/** Picks from a list with a random source. */
export function pick<T>(list: readonly T[], rnd: () => number): T {
  return list[Math.floor(rnd() * list.length)];
}

const DEMO_NOTE = '<p>（本文为演示数据，内容为演示用途编写。）</p>';

/** The body of a normative document: purpose, scope, a few articles, entry into force. */
export function normativeBody(title: string, subject: string, effective: string): string {
  const name = title.replace(/^甘肃省?/, '');
  return [
    `<p>第一条 为规范和加强${subject}工作，推动全省科技创新高质量发展，根据国家和省有关规定，结合我省实际，制定本办法。</p>`,
    `<p>第二条 本办法适用于甘肃省行政区域内${subject}的组织实施、监督管理和服务保障。</p>`,
    '<p>第三条 省科学技术厅负责统筹协调、政策制定和监督检查，市（州）科技管理部门负责本行政区域内的具体组织实施。</p>',
    '<p>第四条 坚持公开公正、分类管理、绩效导向的原则，相关信息按照《中华人民共和国政府信息公开条例》的规定主动公开。</p>',
    '<p>第五条 对弄虚作假、违反科研诚信要求的单位和个人，依照有关规定严肃处理，并纳入科研诚信记录。</p>',
    `<p>第六条 本办法由省科学技术厅负责解释，自${effective.slice(0, 4)}年${Number(effective.slice(5, 7))}月${Number(effective.slice(8, 10))}日起施行。</p>`,
    `<p>附：《${name}》实施流程图</p>`,
    DEMO_NOTE,
  ].join('');
}

/** The body of a policy interpretation in question-and-answer form. */
export function interpretationBody(docTitle: string, subject: string): string {
  return [
    `<h3>一、出台背景</h3><p>为贯彻落实国家和省委、省政府关于深化科技体制改革的决策部署，进一步做好${subject}工作，省科学技术厅起草了《${docTitle}》。</p>`,
    `<h3>二、主要内容</h3><p>《${docTitle}》明确了适用范围、职责分工、申报条件、管理程序和监督措施，共六条。</p>`,
    '<h3>三、问答</h3><p>问：哪些单位可以申报？</p><p>答：在甘肃省内依法注册、具有独立法人资格、符合办法规定条件的单位均可申报。</p>',
    '<p>问：办法何时施行？</p><p>答：自印发之日起施行，施行中遇到的问题请及时向省科学技术厅政策法规与创新体系建设处反映。</p>',
    DEMO_NOTE,
  ].join('');
}

/** A generic notice body. */
export function noticeBody(title: string, rnd: () => number): string {
  const topic = pick(TOPICS, rnd);
  return [
    '<p>各市（州）科技局，兰州新区科技局，各有关单位：</p>',
    `<p>为做好${topic}相关工作，根据工作安排，现将${title.replace(/^关于/, '').replace(/的(通知|公告|公示)$/, '')}有关事项${/公示$/.test(title) ? '予以公示' : '通知'}如下。</p>`,
    '<p>一、工作内容。按照有关规定和程序组织实施，确保公开、公平、公正。</p>',
    `<p>二、时间安排。请于规定时间内完成相关工作${/公示$/.test(title) ? '；公示期为5个工作日，对公示内容有异议的，可在公示期内以书面形式向省科学技术厅反映' : ''}。</p>`,
    '<p>三、联系方式。省科学技术厅相关处室，联系电话：0931-8826000（演示）。</p>',
    DEMO_NOTE,
  ].join('');
}

/** A news report body. */
export function newsBody(title: string, rnd: () => number): string {
  const place = pick(PLACES, rnd);
  const topic = pick(TOPICS, rnd);
  return [
    `<p>${title}。${place}围绕${topic}，聚焦关键环节，推动各项任务落地见效。</p>`,
    `<p>会上通报了近期${topic}工作进展情况，分析了存在的困难和问题，对下一步工作进行了安排部署。会议要求，要坚持问题导向，强化协同配合，加大政策落实和宣传解读力度，确保取得实效。</p>`,
    `<p>下一步，将持续深化科技领域“放管服”改革，进一步优化创新生态，为全省经济社会高质量发展提供有力科技支撑。</p>`,
    DEMO_NOTE,
  ].join('');
}

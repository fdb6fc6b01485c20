/**
 * Demo catalogue content for 甘肃省科学技术厅 (gskjt) 2020, from the seed (domain.md §0): the 11 proactively disclosed
 * normative documents (titles verbatim, Simplified; list markers full-width as in official texts), the clean-up
 * announcement 甘科政〔2020〕13号, budget, final accounts, the carbon-ion press conference, personnel notices and the
 * other disclosures the seed names. INVENTED (demo): every document number except 甘科政〔2020〕13号, every date,
 * every body text, the titles of the older (2015–2019) documents and of all generated items.
 */

/** The 11 normative documents of 2020 with 主动公开 attribute, in the seed's order. */
export const NORMATIVE_2020: readonly { title: string; dn: string; formed: string; revisesOld?: string }[] = [
  { title: '甘肃省生态产业特聘科技专家管理办法', dn: '甘科人〔2020〕2号', formed: '2020-03-16' },
  { title: '甘肃省促进新型研发机构发展的指导办法（试行）', dn: '甘科政〔2020〕6号', formed: '2020-04-20' },
  { title: '甘肃省第二次青藏高原综合科学考察研究管理办法', dn: '甘科基〔2020〕3号', formed: '2020-05-11' },
  { title: '甘肃省科技企业孵化器管理办法', dn: '甘科高〔2020〕5号', formed: '2020-06-08', revisesOld: '甘肃省科技企业孵化器管理办法' },
  { title: '甘肃省国际科技合作基地管理办法', dn: '甘科外〔2020〕4号', formed: '2020-07-06', revisesOld: '甘肃省国际科技合作基地管理办法' },
  { title: '甘肃省省级科技特派员管理办法（试行）', dn: '甘科农〔2020〕7号', formed: '2020-07-27', revisesOld: '甘肃省科技特派员管理办法' },
  { title: '甘肃省临床医学研究中心管理办法', dn: '甘科社〔2020〕6号', formed: '2020-08-17', revisesOld: '甘肃省临床医学研究中心管理办法（试行）' },
  { title: '甘肃省科技揭榜挂帅制项目管理暂行办法', dn: '甘科资〔2020〕9号', formed: '2020-09-14' },
  { title: '甘肃科技计划自筹经费项目管理办法', dn: '甘科资〔2020〕11号', formed: '2020-10-19', revisesOld: '甘肃省科技计划自筹经费项目管理办法' },
  { title: '甘肃省国际科技合作基地评估办法', dn: '甘科外〔2020〕8号', formed: '2020-11-09' },
  { title: '甘肃省文化和科技融合示范基地暨甘肃省非物质文化遗产传承保护创新坊人的管理办法（试行）', dn: '甘科高〔2020〕12号', formed: '2020-11-30' },
];

/** The 12th normative document of 2020: 依申请公开 (the seed: 制定12件，主动公开属性的11件). INVENTED title. */
export const NORMATIVE_2020_ON_REQUEST = { title: '甘肃省科技计划项目评审专家库管理工作规程（演示）', dn: '甘科资〔2020〕14号', formed: '2020-12-07' };

/** The clean-up announcement (seed: 甘科政〔2020〕13号; 继续施行34件、修订5件、废止11件). Date INVENTED. */
export const CLEANUP_ANNOUNCEMENT = {
  title: '关于公布行政规范性文件清理结果的公告', dn: '甘科政〔2020〕13号', formed: '2020-06-22', campaign: '2015年以来省科技厅行政规范性文件清理',
};

/** Subjects of the older normative documents (2015–2019) the campaign reviews; INVENTED except the 5 revised. */
export const OLD_SUBJECTS: readonly string[] = [
  '科技计划项目管理', '科技计划项目经费管理', '科技成果评价', '科技成果登记', '技术合同认定登记', '技术市场管理',
  '科技企业孵化器认定', '众创空间备案', '星创天地认定', '重点实验室建设与运行', '工程技术研究中心建设', '科技创新平台绩效评价',
  '科技奖励提名', '科技奖励评审', '科技报告制度', '科研诚信建设', '科技项目验收', '科研项目评审专家管理',
  '科技特派员工作', '农业科技园区建设', '可持续发展实验区建设', '高新技术产业开发区评价', '创新型县（市、区）建设',
  '科技创新券使用', '大型科研仪器开放共享', '科技资源共享服务平台', '软科学研究计划', '自然科学基金项目', '青年科技基金',
  '外国专家项目', '引进国外智力示范单位', '国际科技合作项目', '科普基地认定', '科技馆免费开放补助', '实验动物许可证管理',
  '实验动物从业人员培训', '科技型中小企业评价', '科技金融结合试点', '知识产权质押融资风险补偿', '技术转移示范机构',
  '新型研发机构备案', '企业研发投入后补助', '科技创新人才推进计划', '院士专家工作站建设', '科技服务业发展',
];

/** Named 2020 disclosures besides normative documents: [category, title, formed, published]. Dates INVENTED. */
export const NAMED_2020: readonly [string, string, string, string][] = [
  ['ys', '2020年甘肃省科学技术厅部门预算及“三公”经费预算信息公开', '2020-02-10', '2020-02-14'],
  ['js', '2019年甘肃省科学技术厅部门决算及“三公”经费决算信息公开', '2020-08-10', '2020-08-14'],
  ['xwfbh', '碳离子治疗系统研究开发及产业化工作新闻发布会', '2020-09-22', '2020-09-22'],
  ['jgzn', '甘肃省科学技术厅权责清单', '2020-04-13', '2020-04-20'],
  ['xzzf', '甘肃省科学技术厅行政执法主体公示', '2020-04-27', '2020-04-30'],
  ['zjyj', '关于征集“六稳”“六保”政策措施落实有关问题线索和意见建议的公告', '2020-06-01', '2020-06-02'],
  ['jshtdj', '2019年度全省技术合同登记情况', '2020-02-24', '2020-03-02'],
  ['jshtdj', '促成技术交易及转移转化科技成果奖励申报标准和流程', '2020-04-07', '2020-04-10'],
  ['kjjl', '甘肃省拟提名2020年度国家科学技术奖项目公示', '2020-03-23', '2020-03-25'],
  ['kjjl', '关于做好2020年度甘肃省科学技术奖励提名工作的通知', '2020-05-18', '2020-05-20'],
  ['gxjsqy', '甘肃省2019年度通过认定的高新技术企业名单', '2020-01-13', '2020-01-17'],
  ['jszysf', '关于开展第一批省级技术转移示范机构考核评估工作的通知', '2020-07-13', '2020-07-15'],
  ['jszysf', '关于开展第三批省级技术转移示范机构认定工作的通知', '2020-08-24', '2020-08-26'],
  ['xzxk', '实验动物使用许可证发放情况公示（2020年）', '2020-10-12', '2020-10-14'],
  ['ndbg', '甘肃省科学技术厅2019年政府信息公开工作年度报告', '2020-01-20', '2020-01-22'],
];

/** The 13 personnel notices (seed: 选拔、使用、培养、考核、奖惩等通知公告信息13条). Titles INVENTED, no personal data. */
export const PERSONNEL_2020: readonly string[] = [
  '甘肃省科学技术厅2020年公开遴选公务员公告', '甘肃省科学技术厅2020年公开遴选公务员笔试成绩公示',
  '甘肃省科学技术厅2020年公开遴选公务员拟遴选人员公示', '甘肃省科学技术厅所属事业单位2020年公开招聘工作人员公告',
  '甘肃省科学技术厅所属事业单位2020年公开招聘资格复审公告', '甘肃省科学技术厅所属事业单位2020年公开招聘拟聘用人员公示',
  '甘肃省科学技术厅关于处级领导干部任前公示', '甘肃省科学技术厅关于2019年度公务员考核结果的公示',
  '甘肃省科学技术厅关于2020年干部教育培训计划的通知', '甘肃省科学技术厅关于职级晋升人选的公示',
  '甘肃省科学技术厅所属事业单位专业技术职务评聘结果公示', '甘肃省科学技术厅关于表彰2020年度先进集体和先进个人的决定',
  '甘肃省科学技术厅关于公开选调工作人员的公告',
];

/** Cities and prefectures of Gansu, for generated news. */
export const PLACES: readonly string[] = [
  '兰州市', '嘉峪关市', '金昌市', '白银市', '天水市', '武威市', '张掖市', '平凉市', '酒泉市', '庆阳市', '定西市', '陇南市', '临夏州', '甘南州', '兰州新区',
];

/** Science-and-technology work topics, for generated titles and text. */
export const TOPICS: readonly string[] = [
  '科技成果转化', '科技特派员', '东西部科技合作', '科技助力脱贫攻坚', '疫情防控科研攻关', '企业复工复产科技服务', '科技创新券发放',
  '高新技术企业培育', '新型研发机构建设', '技术转移体系建设', '农业科技园区建设', '科技企业孵化器建设', '科研诚信建设', '科技计划管理改革',
  '重点研发计划实施', '基础研究', '科技金融', '知识产权保护', '科普宣传', '科技人才引进', '外国专家服务', '实验动物管理', '重点实验室建设',
  '碳离子治疗系统产业化', '中医药科技创新', '生态产业科技支撑', '数字经济科技创新', '黄河流域生态保护科技支撑', '科技扶贫', '科技体制改革',
];

/** Provincial science and technology plans, for generated project notices. */
export const PLANS: readonly string[] = [
  '省科技重大专项', '省重点研发计划', '省自然科学基金', '省创新基地和人才计划', '省科技成果转化项目', '省软科学专项', '省技术创新引导计划',
  '省科技计划自筹经费项目', '省科技揭榜挂帅项目', '省青年科技基金',
];

/**
 * Government information items (政府信息) of the catalogue and the news columns: workflow states and transitions,
 * disclosure attributes, validity of normative documents. Pure rules, no I/O (style.md). Sources: Regulation Arts.
 * 13–20, 26 (domain.md §3.1), catalogue metadata (domain.md §4).
 */
import type { Permission } from '../accounts/principal.ts';

/** Workflow states of an item. */
export const ITEM_STATES = {
  draft: '草稿', // being written; editable by editors
  submitted: '待审核', // sent for review (保密审查 and content review, Art. 17)
  approved: '已审核', // review passed with the 保密审查 recorded; ready to publish
  scheduled: '定时发布', // approved and waiting for its publication time
  published: '已发布', // public on the portal, feeds, sitemap, API and search
  withdrawn: '已撤回', // taken down with a public explanation; never public again under this id
} as const;
/** A workflow state. */
export type ItemState = keyof typeof ITEM_STATES;

/** English names of the states. */
export const ITEM_STATES_EN: Record<ItemState, string> = {
  draft: 'Draft', submitted: 'Submitted', approved: 'Approved', scheduled: 'Scheduled', published: 'Published', withdrawn: 'Withdrawn',
};

/**
 * The allowed transitions: one object the services and the back-office pages both read. `permission` is checked at the
 * item's agency; `notOwn` forbids the item's author (an editor cannot approve their own draft).
 */
export const TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted', permission: 'content.draft', zh: '提交审核', en: 'Submit' },
  reject: { from: ['submitted', 'approved', 'scheduled'], to: 'draft', permission: 'content.review', zh: '退回修改', en: 'Reject' },
  approve: { from: ['submitted'], to: 'approved', permission: 'content.review', notOwn: true, zh: '审核通过', en: 'Approve' },
  publish: { from: ['approved'], to: 'published', permission: 'content.review', notOwn: true, zh: '发布', en: 'Publish' },
  schedule: { from: ['approved'], to: 'scheduled', permission: 'content.review', notOwn: true, zh: '定时发布', en: 'Schedule' },
  unschedule: { from: ['scheduled'], to: 'approved', permission: 'content.review', zh: '取消定时', en: 'Unschedule' },
  release: { from: ['scheduled'], to: 'published', permission: null, zh: '到时发布', en: 'Release' }, // the system, at the scheduled time
  revise: { from: ['published'], to: 'draft', permission: 'content.draft', zh: '修改（新版本）', en: 'Revise' }, // the live version stays public
  withdraw: { from: ['published', 'scheduled'], to: 'withdrawn', permission: 'content.review', zh: '撤回', en: 'Withdraw' },
} as const satisfies Record<string, {
  from: readonly ItemState[]; to: ItemState; permission: Permission | null; notOwn?: boolean; zh: string; en: string;
}>;
/** A workflow action. */
export type ItemAction = keyof typeof TRANSITIONS;

/** True when `action` may be taken from `state`. */
export function canTransition(state: ItemState, action: ItemAction): boolean {
  return (TRANSITIONS[action].from as readonly ItemState[]).includes(state);
}

/** The actions available from a state, in display order. */
export function actionsFrom(state: ItemState): ItemAction[] {
  return (Object.keys(TRANSITIONS) as ItemAction[]).filter((a) => a !== 'release' && canTransition(state, a));
}

/** Disclosure attribute, set when the document is drafted (Art. 13; 公文 carry a 公开属性 from birth, seed §(四)1). */
export const DISCLOSURE_ATTRIBUTES = {
  proactive: '主动公开', // Arts. 19–20
  on_request: '依申请公开', // Art. 27 ff.
  withheld: '不予公开', // Arts. 14–16
} as const;
/** A disclosure attribute. */
export type DisclosureAttribute = keyof typeof DISCLOSURE_ATTRIBUTES;
/** English labels of the disclosure attributes. */
export const DISCLOSURE_ATTRIBUTES_EN: Record<DisclosureAttribute, string> = { proactive: 'Proactive disclosure', on_request: 'On request', withheld: 'Not disclosed' };

/** The grounds an item not proactively disclosed must cite (Arts. 14–16; domain.md §2.3 不予公开 rows). */
export const NON_DISCLOSURE_GROUNDS = {
  art14_state_secret: '第十四条：国家秘密',
  art14_law_forbids: '第十四条：法律、行政法规禁止公开',
  art14_security: '第十四条：危及“三安全一稳定”',
  art15_trade_secret: '第十五条：涉及商业秘密',
  art15_privacy: '第十五条：涉及个人隐私',
  art16_internal: '第十六条第一款：内部事务信息',
  art16_process: '第十六条第二款：过程性信息',
  art16_enforcement: '第十六条第二款：行政执法案卷',
  specific_scope: '仅涉及特定对象、不属于主动公开范围（第二十条、第二十七条：可依申请公开）',
} as const;
/** A ground for not disclosing proactively. */
export type NonDisclosureGround = keyof typeof NON_DISCLOSURE_GROUNDS;

/** Validity (有效性) of a normative document (规范性文件). */
export const VALIDITY = {
  valid: '有效',
  revised: '已修订', // replaced by a revised version (superseded_by)
  repealed: '已废止', // abolished, e.g. by a clean-up campaign
  expired: '失效', // lapsed at the end of its stated term
} as const;
/** A validity status. */
export type Validity = keyof typeof VALIDITY;

/** Decisions of a normative-document clean-up (规范性文件清理; seed: 继续施行34、修订5、废止11). */
export const CLEANUP_DECISIONS = {
  continue: '继续施行',
  revise: '修订',
  repeal: '废止',
} as const;
/** A clean-up decision. */
export type CleanupDecision = keyof typeof CLEANUP_DECISIONS;

/** Forms a policy interpretation takes (政策解读). */
export const INTERPRETATION_FORMS = {
  text: '文字解读',
  qa: '问答解读',
  graphic: '图解',
  video: '视频解读',
} as const;
/** An interpretation form. */
export type InterpretationForm = keyof typeof INTERPRETATION_FORMS;
/** English labels of the interpretation forms. */
export const INTERPRETATION_FORMS_EN: Record<InterpretationForm, string> = { text: 'Text', qa: 'Questions and answers', graphic: 'Graphic', video: 'Video' };

/** Whether an item belongs to the disclosure catalogue (政府信息) or a news column (政务动态 etc.). */
export type ItemKind = 'document' | 'news';

/** Months between periodic re-reviews of information not proactively disclosed (Art. 18); agencies may set less. */
export const DEFAULT_REVIEW_MONTHS = 12;

/** An item as staff see it (the working copy). */
export interface CatalogueItem {
  id: string;
  publicId: string;
  agencyId: string;
  kind: ItemKind;
  categoryCode: string;
  title: string;
  documentNumber: string | null;
  issuer: string;
  subjectWords: string;
  summary: string;
  formedOn: string | null;
  bodyHtml: string;
  disclosure: DisclosureAttribute;
  disclosureGround: NonDisclosureGround | null;
  disclosureNote: string;
  state: ItemState;
  isNormative: boolean;
  validity: Validity | null;
  effectiveOn: string | null;
  validityChangedOn: string | null;
  supersededById: string | null;
  /** The older normative document this one revises or replaces, and what it becomes on publication. */
  replacesId: string | null;
  replacesAs: 'revised' | 'repealed' | null;
  interpretsId: string | null;
  interpretationForm: InterpretationForm | null;
  videoUrl: string;
  indexNumber: string | null;
  confidentialityChecked: boolean;
  confidentialityBy: string | null;
  confidentialityAt: string | null;
  reviewComment: string;
  rejectComment: string;
  createdBy: string | null;
  submittedBy: string | null;
  approvedBy: string | null;
  scheduledFor: string | null;
  firstPublishedOn: string | null;
  publishedOn: string | null;
  liveVersion: number | null;
  withdrawnAt: string | null;
  withdrawalReason: string;
  publicationDueOn: string | null;
  nextReviewOn: string | null;
  lastReviewedOn: string | null;
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the public sees of a published item (the live version). */
export interface PublishedItem {
  id: string;
  publicId: string;
  agencyId: string;
  kind: ItemKind;
  categoryCode: string;
  indexNumber: string | null;
  title: string;
  documentNumber: string | null;
  issuer: string;
  subjectWords: string;
  summary: string;
  formedOn: string | null;
  publishedOn: string;
  bodyHtml: string;
  bodyText: string;
  isNormative: boolean;
  validity: Validity | null;
  effectiveOn: string | null;
  validityChangedOn: string | null;
  supersededById: string | null;
  interpretsId: string | null;
  interpretationForm: InterpretationForm | null;
  videoUrl: string;
  versionNo: number;
  isDemo: boolean;
}

/** The banner a superseded normative document carries, or undefined when it is in force. */
export function validityBanner(p: Pick<PublishedItem, 'isNormative' | 'validity' | 'validityChangedOn'>): { zh: string; en: string } | undefined {
  if (!p.isNormative || !p.validity || p.validity === 'valid') return undefined;
  const on = p.validityChangedOn ? `（${p.validityChangedOn}）` : '';
  switch (p.validity) {
    case 'revised': return { zh: `本文件已修订${on}，请以修订后的文件为准。`, en: `This document has been revised${on}; see the revised version.` };
    case 'repealed': return { zh: `本文件已废止${on}，仅供查阅。`, en: `This document has been repealed${on}; for reference only.` };
    case 'expired': return { zh: `本文件已失效${on}，仅供查阅。`, en: `This document has expired${on}; for reference only.` };
  }
}

/**
 * Disclosure on request (依申请公开, Regulations Arts. 27–45): the applicant kinds, the case states and the one table
 * of allowed transitions that the service and the back office both read (style.md), and the public statuses of
 * design.md §5.4. Pure: no I/O.
 */

/** Applicant kinds, in the column order of table 三 (domain.md §2.3). */
export const APPLICANT_KINDS = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_services: '法律服务机构',
  other_org: '其他',
} as const;
/** An applicant kind. */
export type ApplicantKind = keyof typeof APPLICANT_KINDS;
/** English labels of the applicant kinds. */
export const APPLICANT_KINDS_EN: Record<ApplicantKind, string> = {
  natural_person: 'Natural person',
  commercial: 'Commercial enterprise',
  research: 'Research institution',
  public_interest: 'Public-interest organisation',
  legal_services: 'Legal-services organisation',
  other_org: 'Other organisation',
};
/** The kinds as a tuple (zod enums, table columns). */
export const APPLICANT_KIND_LIST = Object.keys(APPLICANT_KINDS) as ApplicantKind[];

/** Identity documents of natural persons (Art. 29(一) 身份证明). */
export const ID_TYPES = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  foreign_permanent_resident: '外国人永久居留身份证',
  other: '其他有效证件',
} as const;
/** An identity document type. */
export type IdType = keyof typeof ID_TYPES;
/** English labels of the document types. */
export const ID_TYPES_EN: Record<IdType, string> = {
  resident_id: 'Resident identity card',
  passport: 'Passport',
  hk_macao_permit: 'Mainland travel permit for Hong Kong and Macao residents',
  taiwan_permit: 'Mainland travel permit for Taiwan residents',
  foreign_permanent_resident: 'Foreign permanent resident ID card',
  other: 'Other valid document',
};

/** The form in which the information is wanted (Art. 29(三), Art. 40). */
export const FORMATS = { paper: '纸质', electronic: '电子', inspection: '查阅、抄录' } as const;
/** A wanted form. */
export type InfoFormat = keyof typeof FORMATS;
/** English labels of the forms. */
export const FORMATS_EN: Record<InfoFormat, string> = { paper: 'Paper', electronic: 'Electronic', inspection: 'Inspection on site' };

/** How the applicant receives the information (Art. 29(三) 获取信息的方式、途径). */
export const DELIVERIES = { collect: '当面领取', post: '邮寄', email: '电子邮件', online: '网上获取' } as const;
/** A delivery way. */
export type Delivery = keyof typeof DELIVERIES;
/** English labels of the delivery ways. */
export const DELIVERIES_EN: Record<Delivery, string> = { collect: 'Collect in person', post: 'By post', email: 'By email', online: 'Online' };

/**
 * How an application arrived. `online` is this platform's form or API; staff register the others (Art. 31 decides
 * the receipt date per channel, src/calendar `receiptDate`).
 */
export const CHANNELS = {
  online: '本平台在线申请',
  in_person: '当面提交',
  post_signed: '邮寄（签收）',
  letter_confirmed: '平常信函（电话确认）',
  fax: '传真',
  other_online: '其他互联网渠道（电子邮件等）',
} as const;
/** A channel. */
export type Channel = keyof typeof CHANNELS;
/** English labels of the channels. */
export const CHANNELS_EN: Record<Channel, string> = {
  online: 'Online on this platform',
  in_person: 'In person',
  post_signed: 'By post (signed for)',
  letter_confirmed: 'Ordinary letter (confirmed by phone)',
  fax: 'Fax',
  other_online: 'Other online channel (email etc.)',
};

/** Case states (Art. 45: 申请登记、审核、办理、答复、归档). Each value: what it means. */
export const STATES = {
  registered: '已登记', // received and registered, not yet examined
  correction_requested: '待补正', // 补正告知书 sent; the reply clock waits for the corrected application (Art. 30)
  in_progress: '办理中', // being handled, reply clock running
  consulting: '征求意见中', // third party (Art. 32) or other agency (Art. 34) consulted; clock paused (Art. 33 ¶3)
  extended: '已延期', // extension approved and notified (Art. 33 ¶2); the clock runs with the extension
  awaiting_fee: '待缴费', // 收费通知 sent; waiting for payment (fee measures, domain.md §3.4)
  decided: '待审核', // outcome recorded by the handler, awaiting internal review (会签)
  approved: '待发送', // review passed; the reply letter may go out
  replied: '已答复', // reply letter sent to the applicant
  closed: '已归档', // archived (Art. 45 归档)
  withdrawn: '已撤回', // withdrawn by the applicant before the reply (counted as 其他处理)
  abandoned: '视为放弃', // no correction (Art. 30) or no payment in time (fee measures)
} as const;
/** A case state. */
export type RequestState = keyof typeof STATES;
/** English labels of the states. */
export const STATES_EN: Record<RequestState, string> = {
  registered: 'Registered',
  correction_requested: 'Correction requested',
  in_progress: 'In progress',
  consulting: 'Consulting',
  extended: 'Extended',
  awaiting_fee: 'Awaiting fee',
  decided: 'Awaiting review',
  approved: 'Ready to send',
  replied: 'Replied',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  abandoned: 'Abandoned',
};

/** States in which the case is concluded (counted in a table 三 outcome row). */
export const CONCLUDED_STATES: readonly RequestState[] = ['replied', 'closed', 'withdrawn', 'abandoned'];
/** States in which the reply clock is running or paused (not concluded, not waiting for 补正). */
export const HANDLING_STATES: readonly RequestState[] = ['registered', 'in_progress', 'consulting', 'extended', 'awaiting_fee', 'decided', 'approved'];

/** `resume` = back to `extended` when the case has an extension, else `in_progress`. */
export type TransitionTarget = RequestState | 'resume';

/** Workflow actions: from which states each is allowed, and where it leads. The service and the UI read this. */
export const TRANSITIONS = {
  request_correction: { from: ['registered'], to: 'correction_requested', zh: '告知补正', en: 'Request correction' }, // Art. 30: once (一次性)
  submit_correction: { from: ['correction_requested'], to: 'in_progress', zh: '收到补正', en: 'Correction received' }, // Art. 30: clock restarts
  abandon_correction: { from: ['correction_requested'], to: 'abandoned', zh: '逾期未补正', en: 'No correction in time' }, // Art. 30: 视为放弃
  accept: { from: ['registered'], to: 'in_progress', zh: '受理办理', en: 'Start handling' },
  start_consultation: { from: ['in_progress', 'extended'], to: 'consulting', zh: '征求意见', en: 'Consult' }, // Arts. 32, 34
  end_consultation: { from: ['consulting'], to: 'resume', zh: '意见已回复', en: 'Consultation ended' }, // Art. 33 ¶3
  extend: { from: ['in_progress'], to: 'extended', zh: '延期答复', en: 'Extend' }, // Art. 33 ¶2: once, ≤ 20 working days
  send_fee_notice: { from: ['in_progress', 'extended'], to: 'awaiting_fee', zh: '发出收费通知', en: 'Send fee notice' }, // Art. 42
  record_payment: { from: ['awaiting_fee'], to: 'resume', zh: '已缴费', en: 'Payment received' },
  fee_lapse: { from: ['awaiting_fee'], to: 'abandoned', zh: '逾期未缴费', en: 'Fee not paid in time' }, // §3.4: 视为放弃
  decide: { from: ['in_progress', 'extended'], to: 'decided', zh: '作出决定', en: 'Decide' }, // Arts. 36–39
  return_decision: { from: ['decided'], to: 'resume', zh: '退回修改', en: 'Return for changes' },
  approve: { from: ['decided'], to: 'approved', zh: '审核通过', en: 'Approve' }, // 会签 before the reply goes out
  send_reply: { from: ['approved'], to: 'replied', zh: '发送答复', en: 'Send reply' },
  close: { from: ['replied'], to: 'closed', zh: '归档', en: 'Close and archive' }, // Art. 45 归档
  withdraw: {
    from: ['registered', 'correction_requested', 'in_progress', 'consulting', 'extended', 'awaiting_fee', 'decided', 'approved'],
    to: 'withdrawn', zh: '撤回申请', en: 'Withdraw',
  },
  transfer: { from: ['registered', 'in_progress'], to: 'registered', zh: '转送其他机关', en: 'Transfer to another agency' },
} as const satisfies Record<string, { from: readonly RequestState[]; to: TransitionTarget; zh: string; en: string }>;
/** A workflow action. */
export type RequestAction = keyof typeof TRANSITIONS;

/** True when `action` is allowed from `state`. */
export function canTransition(state: RequestState, action: RequestAction): boolean {
  return (TRANSITIONS[action].from as readonly RequestState[]).includes(state);
}

/** The state after `action`; `resume` goes back to `extended` when an extension was granted. */
export function targetState(action: RequestAction, extended: boolean): RequestState {
  const to: TransitionTarget = TRANSITIONS[action].to;
  if (to === 'resume') return extended ? 'extended' : 'in_progress';
  return to;
}

/** The actions allowed from a state, in table order (the back office shows these as forms). */
export function allowedActions(state: RequestState): RequestAction[] {
  return (Object.keys(TRANSITIONS) as RequestAction[]).filter((a) => canTransition(state, a));
}

/** Public statuses of design.md §5.4, exactly. */
export const PUBLIC_STATUSES = {
  received: '已收到',
  correction_requested: '待补正',
  in_progress: '办理中',
  consulting: '征求意见中',
  extended: '已延期答复',
  replied: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
  abandoned: '视为放弃申请',
} as const;
/** A public status. */
export type PublicStatus = keyof typeof PUBLIC_STATUSES;
/** English labels of the public statuses. */
export const PUBLIC_STATUSES_EN: Record<PublicStatus, string> = {
  received: 'Received',
  correction_requested: 'Correction requested',
  in_progress: 'In progress',
  consulting: 'Consulting',
  extended: 'Extended',
  replied: 'Replied',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  abandoned: 'Abandoned',
};

/** What the public sees of a state: internal review steps and fee waits show as in progress (or extended). */
export function publicStatusOf(state: RequestState, extended: boolean): PublicStatus {
  switch (state) {
    case 'registered':
      return 'received';
    case 'correction_requested':
    case 'consulting':
    case 'extended':
    case 'replied':
    case 'closed':
    case 'withdrawn':
    case 'abandoned':
      return state;
    case 'in_progress':
    case 'awaiting_fee':
    case 'decided':
    case 'approved':
      return extended ? 'extended' : 'in_progress';
  }
}

/** Event types of a case's timeline; `public` ones show on the tracking page. */
export const EVENT_TYPES = {
  submitted: { zh: '提交申请', en: 'Application submitted', public: true },
  registered: { zh: '登记申请', en: 'Application registered', public: true },
  request_correction: { zh: '告知补正', en: 'Correction requested', public: true },
  submit_correction: { zh: '收到补正', en: 'Correction received', public: true },
  abandon_correction: { zh: '逾期未补正，视为放弃申请', en: 'No correction in time: abandoned', public: true },
  accept: { zh: '开始办理', en: 'Handling started', public: true },
  assign: { zh: '指定承办人', en: 'Handler assigned', public: false },
  start_consultation: { zh: '征求意见', en: 'Consultation started', public: true },
  end_consultation: { zh: '征求意见结束', en: 'Consultation ended', public: true },
  extend: { zh: '延期答复', en: 'Reply extended', public: true },
  send_fee_notice: { zh: '发出收费通知', en: 'Fee notice sent', public: true },
  record_payment: { zh: '收到缴费', en: 'Fee paid', public: true },
  fee_lapse: { zh: '逾期未缴费，视为放弃申请', en: 'Fee not paid: abandoned', public: true },
  decide: { zh: '作出处理决定', en: 'Decision recorded', public: false },
  return_decision: { zh: '审核退回', en: 'Decision returned', public: false },
  approve: { zh: '审核通过', en: 'Decision approved', public: false },
  send_reply: { zh: '发送答复', en: 'Reply sent', public: true },
  close: { zh: '办结归档', en: 'Closed and archived', public: true },
  withdraw: { zh: '撤回申请', en: 'Application withdrawn', public: true },
  transfer: { zh: '转送其他机关办理', en: 'Transferred to another agency', public: true },
  transferred_in: { zh: '收到转送的申请', en: 'Received by transfer', public: true },
  letter: { zh: '生成文书', en: 'Letter drafted', public: false },
  unmask: { zh: '查看完整个人信息', en: 'Personal data viewed', public: false },
  reminder: { zh: '发送期限提醒', en: 'Deadline reminder sent', public: false },
  anonymised: { zh: '申请人身份信息已匿名化', en: 'Applicant identity anonymised', public: false },
  due_recomputed: { zh: '节假日安排调整，重新计算答复期限', en: 'Reply date recomputed after a calendar change', public: true },
} as const satisfies Record<string, { zh: string; en: string; public: boolean }>;
/** A timeline event type. */
export type RequestEventType = keyof typeof EVENT_TYPES;

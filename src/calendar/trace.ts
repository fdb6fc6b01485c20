/**
 * Traces that explain a due date step by step (issue 3 "Explain"): each entry has a date, a stable `code` with
 * language-neutral `params`, and `text` already rendered in Chinese (the CLI contract, design.md §5.2, prints
 * `{date, text}`); {@link traceText} renders the same entry in English for the UI.
 */
import { civilOf, lookupIsoDate, weekdayOf, type IsoDate } from './dates.ts';

/** The event a clock starts from. */
export const START_EVENTS = [
  'received', // 收到申请 (Art. 31 receipt date)
  'corrected', // 收到补正后的申请 (Art. 30)
  'consultation_received', // 收到征求意见书 (Arts. 32, 34)
  'fee_notice_received', // 收到收费通知 (domain.md §3.4)
  'formed', // 政府信息形成 (Art. 26)
  'changed', // 政府信息变更 (Art. 26)
  'mailbox_received', // 收到信箱来信
  'report_year_end', // 年度终了 (Art. 49)
] as const;
/** See {@link START_EVENTS}. */
export type StartEvent = (typeof START_EVENTS)[number];

/** What a due date is for. */
export const DUE_KINDS = [
  'reply', // 答复期限 (Art. 33)
  'correction_notice', // 补正告知期限 (Art. 30)
  'third_party_reply', // 第三方答复期限 (Art. 32)
  'agency_reply', // 被征求意见机关答复期限 (Art. 34)
  'fee_payment', // 缴费期限 (§3.4)
  'publication', // 主动公开期限 (Art. 26)
  'annual_report', // 年度报告公布期限 (Art. 49)
  'mailbox_reply', // 信箱答复期限 (agency-set)
] as const;
/** See {@link DUE_KINDS}. */
export type DueKind = (typeof DUE_KINDS)[number];

/** Trace entry codes, one per kind of step. */
export const TRACE_CODES = [
  'start', // the start event and its date
  'receipt_rule', // how the receipt date follows from the channel (Art. 31)
  'restart', // the reply clock restarts from the corrected application (Art. 30)
  'workday', // the n-th working day (the first one, and the first after a break)
  'makeup', // a 调休上班 weekend day, counted as the n-th working day
  'rest_period', // a run of rest days (with the weekends joined to it), not counted
  'pause', // a consultation period whose working days are excluded (Art. 33 ¶3)
  'pause_ignored', // a consultation period outside the counted span
  'statutory_due', // the 20th working day, before an extension (Art. 33)
  'extension', // an approved extension (Art. 33 ¶2)
  'provisional_year', // warning: a year without an announced notice, counted on weekends only
  'fixed_date', // a calendar-date deadline (Art. 49)
  'due', // the due date
] as const;
/** See {@link TRACE_CODES}. */
export type TraceCode = (typeof TRACE_CODES)[number];

/** Language-neutral values of an entry; dates are `YYYY-MM-DD`. */
export type TraceParams = Record<string, string | number | boolean | undefined>;

/** One step of a trace. */
export interface TraceEntry {
  date: IsoDate;
  code: TraceCode;
  params: TraceParams;
  /** The step in Chinese. */
  text: string;
}

/** Languages a trace renders in. */
export type TraceLang = 'zh' | 'en';

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const START_ZH: Record<StartEvent, string> = {
  received: '收到申请',
  corrected: '收到补正后的申请',
  consultation_received: '收到征求意见书',
  fee_notice_received: '收到收费通知',
  formed: '政府信息形成',
  changed: '政府信息变更',
  mailbox_received: '收到来信',
  report_year_end: '年度终了',
};
const START_EN: Record<StartEvent, string> = {
  received: 'Request received',
  corrected: 'Corrected request received',
  consultation_received: 'Consultation letter received',
  fee_notice_received: 'Fee notice received',
  formed: 'Information formed',
  changed: 'Information changed',
  mailbox_received: 'Message received',
  report_year_end: 'Year ended',
};
const DUE_ZH: Record<DueKind, string> = {
  reply: '答复期限',
  correction_notice: '补正告知期限',
  third_party_reply: '第三方答复期限',
  agency_reply: '被征求意见机关答复期限',
  fee_payment: '缴费期限',
  publication: '主动公开期限',
  annual_report: '年度报告公布期限',
  mailbox_reply: '信箱答复期限',
};
const DUE_EN: Record<DueKind, string> = {
  reply: 'Reply due',
  correction_notice: 'Correction notice due',
  third_party_reply: 'Third-party answer due',
  agency_reply: 'Consulted agency answer due',
  fee_payment: 'Fee payment due',
  publication: 'Publication due',
  annual_report: 'Annual report due',
  mailbox_reply: 'Mailbox reply due',
};
const CHANNEL_ZH: Record<string, string> = {
  in_person: '当面提交，以提交之日为收到申请之日（条例第三十一条第一项）',
  post_signed: '邮寄，以行政机关签收之日为收到申请之日（条例第三十一条第二项）',
  letter_confirmed: '平常信函，以与申请人确认之日为收到申请之日（条例第三十一条第二项）',
  online: '互联网渠道，以双方确认之日为收到申请之日（条例第三十一条第三项）',
  fax: '传真，以双方确认之日为收到申请之日（条例第三十一条第三项）',
};
const CHANNEL_EN: Record<string, string> = {
  in_person: 'submitted in person: received on the day of submission (Art. 31(1))',
  post_signed: 'by post: received on the day the agency signed for it (Art. 31(2))',
  letter_confirmed: 'ordinary letter: received on the day confirmed with the applicant (Art. 31(2))',
  online: 'online: received on the day both sides confirmed (Art. 31(3))',
  fax: 'by fax: received on the day both sides confirmed (Art. 31(3))',
};
const HOLIDAYS_EN: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  国庆节: 'National Day',
};

function ordinalEn(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** `2020-10-10（周六）` or, within the base year, `10-10（周六）`. */
function day(date: TraceParams[string], lang: TraceLang, baseYear: TraceParams[string], full: boolean): string {
  const iso = String(date);
  const w = weekdayOf(lookupIsoDate(iso) ?? 0);
  const shown = full || iso.slice(0, 4) !== String(baseYear) ? iso : iso.slice(5);
  return lang === 'zh' ? `${shown}（${WEEKDAYS_ZH[w]}）` : `${shown} (${WEEKDAYS_EN[w]})`;
}

function holidayNames(names: unknown, lang: TraceLang): string {
  const list = String(names ?? '').split('、').filter(Boolean);
  return lang === 'zh' ? list.join('、') : list.map((n) => HOLIDAYS_EN[n] ?? n).join(', ');
}

/** Renders an entry in the given language (the stored `text` is the Chinese rendering). */
export function traceText(entry: Pick<TraceEntry, 'code' | 'params' | 'date'>, lang: TraceLang): string {
  const p = entry.params;
  const zh = lang === 'zh';
  // No inner closures here: tsx wraps each in a naming helper, which dominated the cost of a trace.
  switch (entry.code) {
    case 'start': {
      const event = p.event as StartEvent;
      const rule =
        p.counting === undefined
          ? ''
          : p.counting === 'start_day_counts'
          ? zh ? '，当日为工作日的计入期限（本机关计算规则）' : '; the day itself counts if it is a working day (agency rule)'
          : zh ? '，当日不计入，自下一日开始计算（民法典第二百零一条）' : '; the day itself does not count (Civil Code Art. 201)';
      return zh ? `${START_ZH[event]} ${day(entry.date, lang, p.baseYear, true)}${rule}` : `${START_EN[event]} ${day(entry.date, lang, p.baseYear, true)}${rule}`;
    }
    case 'receipt_rule':
      return zh ? `${CHANNEL_ZH[String(p.channel)]}：${day(entry.date, lang, p.baseYear, true)}` : `${CHANNEL_EN[String(p.channel)]}: ${day(entry.date, lang, p.baseYear, true)}`;
    case 'restart':
      return zh
        ? `申请人补正，答复期限自收到补正后的申请之日 ${day(entry.date, lang, p.baseYear, true)}起重新计算（条例第三十条）`
        : `Applicant corrected the request: the reply period restarts from ${day(entry.date, lang, p.baseYear, true)} (Art. 30)`;
    case 'workday':
      return zh ? `第${p.n}个工作日 ${day(entry.date, lang, p.baseYear, false)}` : `${ordinalEn(Number(p.n))} working day ${day(entry.date, lang, p.baseYear, false)}`;
    case 'makeup':
      return zh
        ? `${day(entry.date, lang, p.baseYear, false)}${p.name ? `${p.name}` : ''}调休上班，计第${p.n}个工作日`
        : `${day(entry.date, lang, p.baseYear, false)} make-up working day${p.name ? ` (${holidayNames(p.name, lang)})` : ''}, counted as the ${ordinalEn(Number(p.n))} working day`;
    case 'rest_period': {
      const range = p.from === p.to ? day(p.from, lang, p.baseYear, false) : zh ? `${day(p.from, lang, p.baseYear, false)}至${day(p.to, lang, p.baseYear, false)}` : `${day(p.from, lang, p.baseYear, false)} to ${day(p.to, lang, p.baseYear, false)}`;
      return zh
        ? `${range}${holidayNames(p.names, lang)}放假${p.local ? '（含本地节假日）' : ''}，不计入`
        : `${range} ${holidayNames(p.names, lang)} holiday${p.local ? ' (including local days)' : ''}, not counted`;
    }
    case 'pause':
      return zh
        ? `${p.label ?? '征求意见'} ${day(p.from, lang, p.baseYear, false)}至${day(p.to, lang, p.baseYear, false)}，其间${p.excluded}个工作日不计入期限（条例第三十三条第三款）`
        : `${p.labelEn ?? 'Consultation'} ${day(p.from, lang, p.baseYear, false)} to ${day(p.to, lang, p.baseYear, false)}: ${p.excluded} working day(s) excluded (Art. 33(3))`;
    case 'pause_ignored':
      return zh
        ? `${p.label ?? '征求意见'} ${day(p.from, lang, p.baseYear, false)}至${day(p.to, lang, p.baseYear, false)} 不在计算期间内，不影响期限`
        : `${p.labelEn ?? 'Consultation'} ${day(p.from, lang, p.baseYear, false)} to ${day(p.to, lang, p.baseYear, false)} is outside the counted period and changes nothing`;
    case 'statutory_due':
      return zh
        ? `第${p.n}个工作日 ${day(entry.date, lang, p.baseYear, false)}，为法定答复期限（条例第三十三条第二款）`
        : `${ordinalEn(Number(p.n))} working day ${day(entry.date, lang, p.baseYear, false)}: the statutory reply date (Art. 33(2))`;
    case 'extension': {
      const who = p.approver ? (zh ? `（${p.approver}）` : ` (${p.approver})`) : '';
      return zh
        ? `经政府信息公开工作机构负责人${who}同意，延长${p.workdays}个工作日（条例第三十三条第二款）`
        : `Extended by ${p.workdays} working day(s) with the approval of the head of the disclosure office${who} (Art. 33(2))`;
    }
    case 'provisional_year':
      return zh
        ? `注意：${p.year}年节假日安排尚未公布，该年仅按周末计算，期限为暂定`
        : `Warning: the ${p.year} holiday arrangement has not been announced; that year counts weekends only and the date is provisional`;
    case 'fixed_date':
      return zh
        ? `${p.level === 'government' ? '县级以上地方人民政府' : '县级以上人民政府部门'}应于每年${p.monthDay}前公布上一年度报告（条例第四十九条；日历日，不按工作日计算）${p.offDay ? `；该日为${p.restName ?? '休息日'}` : ''}`
        : `${p.level === 'government' ? 'Local governments' : 'Government departments'} publish the previous year's report by ${p.monthDayEn} each year (Art. 49; a calendar date, not working days)${p.offDay ? `; that day is a rest day${p.restName ? ` (${holidayNames(p.restName, lang)})` : ''}` : ''}`;
    case 'due': {
      const kind = p.kind as DueKind;
      const count = p.n ? (zh ? `（第${p.n}个工作日）` : ` (working day ${p.n})`) : '';
      return zh ? `${DUE_ZH[kind]} ${day(entry.date, lang, p.baseYear, true)}${count}` : `${DUE_EN[kind]} ${day(entry.date, lang, p.baseYear, true)}${count}`;
    }
  }
}

/** Makes an entry with its Chinese text; `baseYear` lets same-year dates print as MM-DD. */
export function traceEntry(date: IsoDate, code: TraceCode, params: TraceParams = {}): TraceEntry {
  const entry = { date, code, params };
  return { ...entry, text: traceText(entry, 'zh') };
}

/** The trace in one language, as `{date, text}` lines (the CLI's shape). */
export function renderTrace(trace: readonly TraceEntry[], lang: TraceLang): { date: IsoDate; text: string }[] {
  return trace.map((e) => ({ date: e.date, text: lang === 'zh' ? e.text : traceText(e, lang) }));
}

/** The trace as one readable line, entries joined by "；" (zh) or "; " (en). */
export function traceSummary(trace: readonly TraceEntry[], lang: TraceLang = 'zh'): string {
  return renderTrace(trace, lang)
    .map((e) => e.text)
    .join(lang === 'zh' ? '；' : '; ');
}

/** Year of a day number, for grouping trace entries. */
export function yearOfDayNumber(dayNumber: number): number {
  return civilOf(dayNumber).year;
}

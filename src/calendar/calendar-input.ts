/**
 * What administrators type into the calendar forms, parsed into calendar data (pure). Days are entered one per line
 * as `YYYY-MM-DD 名称`, or a run as `YYYY-MM-DD..YYYY-MM-DD 名称` (both ends inclusive), the way the 国务院办公厅
 * notices list them (domain.md §6.1). Problems carry a message in Chinese and in English, so forms answer 422 in the
 * page's language.
 */
import { InvalidInput } from '../errors.ts';
import { DAY_KINDS, type DayKind } from './calendar-data.ts';
import { COUNTING_RULES, type CountingRule } from './calendar.ts';
import { MAX_YEAR, MIN_YEAR, formatDayNumber, lookupIsoDate, type IsoDate } from './dates.ts';

/** Field-level problems in both languages; an InvalidInput (→ 422) whose `fields` are the Chinese messages. */
export class InvalidCalendarInput extends InvalidInput {
  /** The same field messages in English. */
  readonly fieldsEn: Record<string, string>;
  constructor(problems: Record<string, { zh: string; en: string }>) {
    const zh = Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, v.zh]));
    super('节假日安排有误，请检查标出的项目', zh);
    this.fieldsEn = Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, v.en]));
  }
}

/** Longest run one line may describe (the longest arrangement so far, 2020 春节, was 10 days). */
const MAX_RUN_DAYS = 31;
const MAX_NAME = 40;
const MAX_LINES = 200;

/** A bilingual problem with a field. */
interface Problem {
  zh: string;
  en: string;
}

/**
 * Parses lines of `YYYY-MM-DD 名称` or `FROM..TO 名称` into date → name. Returns the days or the first problem
 * (with its line number).
 */
export function parseDayLines(text: string): { days: Record<IsoDate, string> } | { problem: Problem } {
  const days: Record<IsoDate, string> = {};
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > MAX_LINES) {
    return { problem: { zh: `最多 ${MAX_LINES} 行`, en: `At most ${MAX_LINES} lines` } };
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\u3000/g, ' ').trim();
    if (!line) continue;
    const at = { zh: `第${i + 1}行`, en: `Line ${i + 1}` };
    const m = /^(\S+?)(?:\s*(?:\.\.|至|~)\s*(\S+))?\s+(.+)$/.exec(line);
    if (!m) {
      return { problem: { zh: `${at.zh}：应写作“YYYY-MM-DD 名称”`, en: `${at.en}: write “YYYY-MM-DD name”` } };
    }
    const [, fromText, toText = fromText, rawName] = m;
    const from = lookupIsoDate(fromText);
    const to = lookupIsoDate(toText);
    for (const [value, dn] of [[fromText, from], [toText, to]] as const) {
      if (dn === undefined) {
        return {
          problem: {
            zh: `${at.zh}：“${value.slice(0, 20)}”不是有效日期（YYYY-MM-DD，${MIN_YEAR}–${MAX_YEAR}年）`,
            en: `${at.en}: “${value.slice(0, 20)}” is not a valid date (YYYY-MM-DD, ${MIN_YEAR}–${MAX_YEAR})`,
          },
        };
      }
    }
    if (to! < from!) {
      return { problem: { zh: `${at.zh}：结束日 ${toText} 早于开始日 ${fromText}`, en: `${at.en}: ${toText} is before ${fromText}` } };
    }
    if (to! - from! + 1 > MAX_RUN_DAYS) {
      return { problem: { zh: `${at.zh}：一行最多 ${MAX_RUN_DAYS} 天`, en: `${at.en}: at most ${MAX_RUN_DAYS} days per line` } };
    }
    const name = rawName.trim();
    if (name.length > MAX_NAME) {
      return { problem: { zh: `${at.zh}：名称不超过 ${MAX_NAME} 个字`, en: `${at.en}: use at most ${MAX_NAME} characters for the name` } };
    }
    for (let dn = from!; dn <= to!; dn++) {
      const date = formatDayNumber(dn);
      if (days[date] !== undefined) {
        return { problem: { zh: `${at.zh}：${date} 重复填写`, en: `${at.en}: ${date} is listed twice` } };
      }
      days[date] = name;
    }
  }
  return { days };
}

/** A year's notice as entered in the form. */
export interface NoticeInput {
  year: number;
  title: string;
  documentNumber: string;
  restDays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
}

/** The raw form of a year's notice. */
export interface NoticeForm {
  year?: unknown;
  title?: unknown;
  documentNumber?: unknown;
  restDays?: unknown;
  workdays?: unknown;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** Parses and checks a year's notice form; throws {@link InvalidCalendarInput} with every field's problem. */
export function parseNoticeForm(form: NoticeForm): NoticeInput {
  const problems: Record<string, Problem> = {};
  const yearText = text(form.year);
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < MIN_YEAR || year > MAX_YEAR - 1) {
    problems.year = { zh: `请填写年份（${MIN_YEAR}–${MAX_YEAR - 1}）`, en: `Enter a year (${MIN_YEAR}–${MAX_YEAR - 1})` };
  }
  const title = text(form.title);
  if (!title) problems.title = { zh: '请填写通知名称', en: 'Enter the title of the notice' };
  else if (title.length > 200) problems.title = { zh: '通知名称不超过 200 个字', en: 'Use at most 200 characters' };
  const documentNumber = text(form.documentNumber);
  if (documentNumber.length > 60) problems.documentNumber = { zh: '文号不超过 60 个字', en: 'Use at most 60 characters' };
  const rest = parseDayLines(text(form.restDays));
  const work = parseDayLines(text(form.workdays));
  if ('problem' in rest) problems.restDays = rest.problem;
  else if (Object.keys(rest.days).length === 0) {
    problems.restDays = { zh: '请至少填写一个放假日', en: 'Enter at least one rest day' };
  }
  if ('problem' in work) problems.workdays = work.problem;
  if (!('problem' in rest) && !('problem' in work)) {
    const both = Object.keys(work.days).find((d) => rest.days[d] !== undefined);
    if (both) problems.workdays = { zh: `${both} 既是放假日又是上班日`, en: `${both} is both a rest day and a working day` };
    if (!problems.year) {
      const far = [...Object.keys(rest.days), ...Object.keys(work.days)].find((d) => Math.abs(Number(d.slice(0, 4)) - year) > 1);
      if (far) {
        const field = rest.days[far] !== undefined ? 'restDays' : 'workdays';
        problems[field] = { zh: `${far} 不在${year}年前后`, en: `${far} is not near ${year}` };
      }
    }
  }
  if (Object.keys(problems).length) throw new InvalidCalendarInput(problems);
  return {
    year,
    title,
    documentNumber,
    restDays: 'days' in rest ? rest.days : {},
    workdays: 'days' in work ? work.days : {},
  };
}

/** The raw form of local days. */
export interface LocalDaysForm {
  agencyId?: unknown;
  kind?: unknown;
  days?: unknown;
}

/** Parses local days (one agency, one kind); throws {@link InvalidCalendarInput}. */
export function parseLocalDaysForm(form: LocalDaysForm): { agencyId: string; kind: DayKind; days: Record<IsoDate, string> } {
  const problems: Record<string, Problem> = {};
  const agencyId = text(form.agencyId);
  if (!agencyId) problems.agencyId = { zh: '请选择机构', en: 'Choose an agency' };
  const kind = text(form.kind) as DayKind;
  if (!(DAY_KINDS as readonly string[]).includes(kind)) {
    problems.kind = { zh: '请选择放假或上班', en: 'Choose rest day or working day' };
  }
  const parsed = parseDayLines(text(form.days));
  if ('problem' in parsed) problems.days = parsed.problem;
  else if (Object.keys(parsed.days).length === 0) problems.days = { zh: '请至少填写一天', en: 'Enter at least one day' };
  if (Object.keys(problems).length) throw new InvalidCalendarInput(problems);
  return { agencyId, kind, days: 'days' in parsed ? parsed.days : {} };
}

/** Checks a counting rule from a form; throws {@link InvalidCalendarInput}. */
export function parseCountingRule(value: unknown): CountingRule | null {
  const v = text(value);
  if (v === 'inherit') return null;
  if (!(COUNTING_RULES as readonly string[]).includes(v)) {
    throw new InvalidCalendarInput({ counting: { zh: '请选择计算规则', en: 'Choose a counting rule' } });
  }
  return v as CountingRule;
}

/** Days as form lines, `YYYY-MM-DD 名称` (runs of consecutive days with one name joined as `FROM..TO`). */
export function formatDayLines(days: Readonly<Record<IsoDate, string>>): string {
  const entries = Object.entries(days).sort(([a], [b]) => (a < b ? -1 : 1));
  const lines: string[] = [];
  let i = 0;
  while (i < entries.length) {
    const [from, name] = entries[i];
    let j = i;
    while (
      j + 1 < entries.length &&
      entries[j + 1][1] === name &&
      lookupIsoDate(entries[j + 1][0]) === lookupIsoDate(entries[j][0])! + 1
    ) {
      j++;
    }
    lines.push(j > i ? `${from}..${entries[j][0]} ${name}` : `${from} ${name}`);
    i = j + 1;
  }
  return lines.join('\n');
}

/** A run of consecutive listed days of one kind, name and scope, as `calendar show` and the back office print them. */
export interface DayRun {
  from: IsoDate;
  to: IsoDate;
  kind: DayKind;
  name: string;
  /** Number of days in the run. */
  count: number;
  scope?: string;
}

/** Groups a year listing's days (ascending) into runs of consecutive days with the same kind, name and scope. */
export function dayRuns(days: readonly { date: IsoDate; kind: DayKind; name: string; scope?: string }[]): DayRun[] {
  const runs: DayRun[] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last.kind === d.kind && last.name === d.name && last.scope === d.scope && lookupIsoDate(last.to)! + 1 === lookupIsoDate(d.date)) {
      last.to = d.date;
      last.count++;
    } else {
      runs.push({ from: d.date, to: d.date, kind: d.kind, name: d.name, count: 1, ...(d.scope !== undefined && { scope: d.scope }) });
    }
  }
  return runs;
}

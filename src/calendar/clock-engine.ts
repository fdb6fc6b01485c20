/**
 * The one engine behind every statutory clock: count n working days after a start date, skipping the working days
 * inside consultation pauses (Art. 33 ¶3), with an optional extension (Art. 33 ¶2). Two paths over the same spec:
 * {@link dueDayNumber} (O(pauses), for bulk recomputation) and {@link runClock} (walks the span and writes the trace).
 */
import { InvalidInput } from '../errors.ts';
import type { Calendar } from './calendar.ts';
import { formatDayNumber, lookupIsoDate, parseIsoDate, type IsoDate } from './dates.ts';
import {
  traceEntry,
  yearOfDayNumber,
  type DueKind,
  type StartEvent,
  type TraceCode,
  type TraceEntry,
  type TraceParams,
} from './trace.ts';

/** A consultation period (third party, Art. 32; other agency, Art. 34), both ends inclusive. */
export interface Pause {
  from: IsoDate;
  to: IsoDate;
  /** Who was consulted: a third party (Art. 32) or another agency (Art. 34); names the pause in both languages. */
  party?: 'third_party' | 'agency';
  /** Free-text label for the trace, overriding the party's (shown as written in every language). */
  label?: string;
}

const PARTY_LABELS = {
  third_party: ['征求第三方意见', 'Third-party consultation'],
  agency: ['征求其他机关意见', 'Consultation with another agency'],
  none: ['征求意见', 'Consultation'],
} as const;

/** An approved extension (Art. 33 ¶2). */
export interface Extension {
  /** 1 to 20 working days. */
  workdays: number;
  /** Who approved (the head of the disclosure office); carried into the trace. */
  approver?: string;
}

/** What every clock returns. */
export interface ClockResult {
  dueOn: IsoDate;
  /** Every step, in date order. */
  trace: TraceEntry[];
  /** Entries the user must see (e.g. a year without an announced calendar); also present in `trace`. */
  warnings: TraceEntry[];
}

/** A working-day clock, validated and in day numbers. */
export interface WorkdayClockSpec {
  type: 'workdays';
  dueKind: DueKind;
  startEvent: StartEvent;
  /** Counting starts after this day. */
  start: number;
  /** Entries that precede counting (receipt rule, the original receipt before a restart). */
  preamble: TraceEntry[];
  /** Working days before any extension. */
  workdays: number;
  extension?: { workdays: number; approver?: string };
  /** Merged, sorted pauses. */
  pauses: { from: number; to: number; label: string; labelEn: string }[];
}

/** A calendar-date clock (the annual report, Art. 49). */
export interface FixedDateClockSpec {
  type: 'fixed';
  dueKind: DueKind;
  due: number;
  params: TraceParams;
  startEvent: StartEvent;
  start: number;
}

/** Either kind of clock. */
export type ClockSpec = WorkdayClockSpec | FixedDateClockSpec;

/** Validates pauses and merges overlapping or adjacent ones (a working day is excluded once). */
export function normalizePauses(pauses: readonly Pause[] | undefined): WorkdayClockSpec['pauses'] {
  if (pauses === undefined || pauses.length === 0) return [];
  const list: WorkdayClockSpec['pauses'] = [];
  for (let i = 0; i < pauses.length; i++) {
    const p = pauses[i];
    // Field names are built only on the error path (a million clocks a second must not format strings).
    const from = lookupIsoDate(p?.from) ?? parseIsoDate(p?.from, `pauses[${i}].from`);
    const to = lookupIsoDate(p?.to) ?? parseIsoDate(p?.to, `pauses[${i}].to`);
    if (to < from) {
      throw new InvalidInput(`pauses[${i}]：征求意见期间的结束日 ${p.to} 早于开始日 ${p.from}`, {
        [`pauses[${i}]`]: 'ends_before_start',
      });
    }
    const label = p.label ? p.label.trim() : '';
    const [zh, en] = PARTY_LABELS[p.party ?? 'none'] ?? PARTY_LABELS.none;
    list.push({ from, to, label: label || zh, labelEn: label || en });
  }
  if (list.length === 1) return list;
  list.sort((a, b) => a.from - b.from);
  const merged: WorkdayClockSpec['pauses'] = [];
  for (const p of list) {
    const last = merged.at(-1);
    if (last && p.from <= last.to + 1) {
      last.to = Math.max(last.to, p.to);
      if (!last.label.split('、').includes(p.label)) {
        last.label += `、${p.label}`;
        last.labelEn += `, ${p.labelEn}`;
      }
    } else {
      merged.push(p);
    }
  }
  return merged;
}

/** The day counting starts after, under the calendar's counting rule. */
function countFrom(spec: WorkdayClockSpec, calendar: Calendar): number {
  return calendar.counting === 'start_day_counts' ? spec.start - 1 : spec.start;
}

/** Due date of a working-day clock as a day number, without a trace. */
export function dueDayNumber(spec: ClockSpec, calendar: Calendar): number {
  if (spec.type === 'fixed') return spec.due;
  const index = calendar.index;
  let cursor = countFrom(spec, calendar);
  let remaining = spec.workdays + (spec.extension?.workdays ?? 0);
  for (const p of spec.pauses) {
    if (p.to <= cursor) continue;
    const from = Math.max(p.from, cursor + 1);
    const available = index.workdaysThrough(from - 1) - index.workdaysThrough(cursor);
    if (available >= remaining) break;
    remaining -= available;
    cursor = p.to;
  }
  return index.nthWorkdayAfter(cursor, remaining);
}

/** Runs a clock and explains it. */
export function runClock(spec: ClockSpec, calendar: Calendar): ClockResult {
  return spec.type === 'fixed' ? runFixed(spec, calendar) : runWorkdays(spec, calendar);
}

function runFixed(spec: FixedDateClockSpec, calendar: Calendar): ClockResult {
  const dueOn = formatDayNumber(spec.due);
  const index = calendar.index;
  const offDay = !index.isWorkday(spec.due);
  const trace = [
    traceEntry(formatDayNumber(spec.start), 'start', { event: spec.startEvent }),
    traceEntry(dueOn, 'fixed_date', { ...spec.params, ...(offDay && { offDay, restName: index.name(spec.due) }) }),
    traceEntry(dueOn, 'due', { kind: spec.dueKind }),
  ];
  // A calendar date does not move with the working-day calendar, so an unannounced year changes nothing here.
  return { dueOn, trace, warnings: [] };
}

function runWorkdays(spec: WorkdayClockSpec, calendar: Calendar): ClockResult {
  const index = calendar.index;
  const due = dueDayNumber(spec, calendar);
  const from = countFrom(spec, calendar);
  const baseYear = yearOfDayNumber(spec.start);
  const total = spec.workdays + (spec.extension?.workdays ?? 0);
  const trace: TraceEntry[] = [...spec.preamble];
  const warnings: TraceEntry[] = [];
  add(trace, baseYear, spec.start, 'start', { event: spec.startEvent, counting: calendar.counting });

  const pauses = spec.pauses;
  for (const p of pauses) {
    if (p.to <= from) add(trace, baseYear, spec.start, 'pause_ignored', pauseParams(p));
  }
  let pauseIdx = pauses.findIndex((p) => p.to > from);
  if (pauseIdx < 0) pauseIdx = pauses.length;

  let n = 0;
  let resumed = true; // the first working day gets a line, as does the first after each break
  let year = -1;
  for (let dn = from + 1; n < total; ) {
    const y = yearOfDayNumber(dn);
    if (y !== year) {
      year = y;
      if (!index.isAnnounced(y)) warnings.push(add(trace, baseYear, dn, 'provisional_year', { year: y }));
    }
    const pause = pauses[pauseIdx];
    if (pause && dn >= pause.from) {
      const excluded = index.workdaysThrough(pause.to) - index.workdaysThrough(dn - 1);
      add(trace, baseYear, dn, 'pause', { ...pauseParams(pause), excluded });
      dn = pause.to + 1;
      pauseIdx++;
      resumed = true;
      continue;
    }
    if (!index.isWorkday(dn)) {
      let end = dn;
      const stop = pause ? pause.from - 1 : index.last;
      while (end < stop && !index.isWorkday(end + 1)) end++;
      const names = new Set<string>();
      let local = false;
      for (let d = dn; d <= end; d++) {
        if (index.type(d) !== 'rest') continue;
        names.add(index.name(d) ?? '');
        if (index.scope(d) !== undefined) local = true;
      }
      if (names.size > 0) {
        add(trace, baseYear, dn, 'rest_period', {
          from: formatDayNumber(dn),
          to: formatDayNumber(end),
          names: [...names].filter(Boolean).join('、'),
          ...(local && { local }),
        });
        resumed = true;
      }
      dn = end + 1;
      continue;
    }
    n++;
    if (index.type(dn) === 'makeup') add(trace, baseYear, dn, 'makeup', { n, name: index.name(dn) });
    else if (resumed && n < total) add(trace, baseYear, dn, 'workday', { n });
    resumed = false;
    if (spec.extension && n === spec.workdays) {
      add(trace, baseYear, dn, 'statutory_due', { n });
      add(trace, baseYear, dn, 'extension', { workdays: spec.extension.workdays, approver: spec.extension.approver });
    }
    if (n === total) add(trace, baseYear, dn, 'due', { kind: spec.dueKind, n });
    dn++;
  }
  const dueOn = formatDayNumber(due);
  // Pauses that begin after the due date: said, placed before the due line so the trace still ends with it.
  const late = pauses.slice(pauseIdx).filter((p) => p.from > due);
  if (late.length > 0) {
    const dueEntry = trace.pop()!;
    for (const p of late) trace.push(traceEntry(dueOn, 'pause_ignored', { ...pauseParams(p), baseYear }));
    trace.push(dueEntry);
  }
  if (trace.at(-1)?.date !== dueOn || trace.at(-1)?.code !== 'due') {
    // The walk and the index must agree; a mismatch is a bug in this file, not bad input.
    throw new Error(`clock engine disagreement: walk ended ${trace.at(-1)?.date}, index says ${dueOn}`);
  }
  return { dueOn, trace, warnings };
}

/** Appends an entry (a module function, not a closure: see trace.ts on tsx's naming helper). */
function add(trace: TraceEntry[], baseYear: number, dn: number, code: TraceCode, params: TraceParams = {}): TraceEntry {
  params.baseYear = baseYear;
  const entry = traceEntry(formatDayNumber(dn), code, params);
  trace.push(entry);
  return entry;
}

function pauseParams(p: WorkdayClockSpec['pauses'][number]): TraceParams {
  return { from: formatDayNumber(p.from), to: formatDayNumber(p.to), label: p.label, labelEn: p.labelEn };
}

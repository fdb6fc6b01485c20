/**
 * The registry of modules that hold open clocks (requests, mailbox, catalogue Art. 26 …), so that a calendar change
 * recomputes every open clock (issue 3 "Recompute"). The calendar service asks each source for its open clocks in
 * the affected agencies, recomputes them under the old and the new calendar, and hands the changed ones back; the
 * owning module stores the new due dates and records each change as an event with the reason.
 *
 * A module registers once, at the top level of its service file (imported by app.ts and the CLI):
 *
 *   registerClockSource('requests', {
 *     listOpenClocks: (ctx, agencyIds) => …,          // [{id, agencyId, input: {clock: 'reply', received, …}}]
 *     applyRecomputed: (ctx, changes, cause) => …,     // update due_on, insert an event per change
 *   });
 *
 * Both run inside the transaction of the calendar change (`ctx.db` is that transaction): if one fails, the calendar
 * change is rolled back too, so no case keeps a due date computed from a calendar that is no longer in force.
 */
import type { Actor } from '../audit/audit.ts';
import type { Ctx } from '../platform/context.ts';
import type { ClockInput } from './clocks.ts';
import type { DeadlineChange } from './recompute.ts';

/** One open clock of a case: its id in the owning module, the agency whose calendar applies, and its inputs. */
export interface OpenClockRecord {
  id: string;
  agencyId: string;
  input: ClockInput;
}

/** Why clocks are being recomputed: the calendar change, who made it and when. */
export interface RecomputeCause {
  /** The audit action of the change, e.g. `calendar.notice.replace`. */
  action: string;
  /** The change in Chinese, e.g. "录入2027年节假日安排". */
  summary: string;
  actor: Actor;
  at: Date;
}

/** A module that holds clocks. */
export interface ClockSource {
  /** Open clocks (not yet answered/closed) of cases in these agencies. */
  listOpenClocks(ctx: Ctx, agencyIds: readonly string[]): Promise<OpenClockRecord[]>;
  /**
   * Stores the new due dates and records each change as an event with `change.reason.text` (zh) / `textEn` (en);
   * `change.oldDueOn` and `change.newDueOn` say what moved.
   */
  applyRecomputed(ctx: Ctx, changes: readonly DeadlineChange<string>[], cause: RecomputeCause): Promise<void>;
}

const sources = new Map<string, ClockSource>();

/** Registers (or replaces, e.g. on a test's re-import) a module's clock source under a stable name. */
export function registerClockSource(name: string, source: ClockSource): void {
  sources.set(name, source);
}

/** Removes a clock source (tests). */
export function unregisterClockSource(name: string): void {
  sources.delete(name);
}

/** The registered sources, in registration order. */
export function clockSources(): ReadonlyMap<string, ClockSource> {
  return sources;
}

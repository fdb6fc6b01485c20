/** The one edge through which code learns "now" (style.md: inject a clock wherever today matters). */

/** Source of the current instant. Tests pass a fixed or steppable clock. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) of an instant in the agencies' zone, Asia/Shanghai, whatever the process TZ. */
export function shanghaiDateOf(instant: Date): string {
  return shanghaiDate.format(instant);
}

/** Today's date in Asia/Shanghai according to a clock. */
export function todayOn(clock: Clock): string {
  return shanghaiDateOf(clock.now());
}

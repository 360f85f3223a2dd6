/**
 * The one clock behind every calendar decision the library makes: "today", "overdue", ages,
 * relative dates, day and month groups, timestamps written into new resources. Tests (and a
 * host replaying a record at a given date) set it with `setClock`; nothing else reads the wall
 * clock for those decisions. Network mechanics (timeouts, cache freshness, backoff) keep real
 * time on purpose: they are about the machine, not the calendar.
 */
export type ClockSource = () => number;

const wall: ClockSource = () => Date.now();
let source: ClockSource = wall;

export const clock = {
  /** Milliseconds since the epoch, from the current source. */
  now(): number {
    return source();
  },
  /** The same instant as a `Date`. */
  date(): Date {
    return new Date(source());
  },
};

/**
 * Sets the clock: a fixed instant (`Date`, epoch ms or ISO string), a function, or `undefined`
 * for the wall clock again.
 */
export function setClock(next: ClockSource | Date | number | string | undefined): void {
  if (next === undefined) source = wall;
  else if (typeof next === 'function') source = next;
  else {
    const fixed = typeof next === 'number' ? next : new Date(next).getTime();
    if (!Number.isFinite(fixed)) throw new RangeError(`setClock: not a date: ${String(next)}`);
    source = () => fixed;
  }
}

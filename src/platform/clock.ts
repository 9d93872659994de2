// Time comes from one place so tests can fix it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advanceMinutes(m: number): void } {
  let current = new Date(iso);
  return {
    now: () => new Date(current),
    set: (next) => (current = new Date(next)),
    advanceMinutes: (m) => (current = new Date(current.getTime() + m * 60_000)),
  };
}

/** 'yyyy-mm-dd' of a date in UTC. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

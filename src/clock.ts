/** Time comes from here, so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: string | Date, stepMs = 1000): Clock {
  let t = new Date(start).getTime();
  return {
    now: () => {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
  };
}

export function isoToday(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

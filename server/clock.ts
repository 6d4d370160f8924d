/** Server time, injectable so tests can move it (expiring codes, clock-skewed devices). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

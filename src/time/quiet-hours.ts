// A next update is a promise to customers: with a slow cadence it is not made for the middle of
// the night. A due time that falls between 21:00 and 08:00 in the configured zone is brought
// forward to 21:00 the evening before: sooner than the cadence asks, so the cadence is kept. When
// that evening has passed already (a 6 h cadence from 21:00), the promise is the next morning at
// 08:00, which customers read with its date. A fast cadence (a live outage, under 6 h) keeps its
// night updates: people awake then are affected, and the time says its zone.
import { fromWallClock, wallClock } from './time.js';

export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;
const SLOW_CADENCE_MS = 6 * 3_600_000;

/** When to promise the next update: `now + cadence`, or the evening before when that falls at night. */
export function promisedUpdate(now: Date, cadenceMs: number, timeZone: string): Date {
  const due = new Date(now.getTime() + cadenceMs);
  if (cadenceMs < SLOW_CADENCE_MS) return due;
  const w = wallClock(due, timeZone);
  const atNight = w.hour * 60 + w.minute > QUIET_FROM_HOUR * 60 || w.hour < QUIET_UNTIL_HOUR;
  if (!atNight) return due;
  // The evening before a small-hours due time is the day before.
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day - (w.hour < QUIET_UNTIL_HOUR ? 1 : 0)));
  const evening = fromWallClock(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: QUIET_FROM_HOUR, minute: 0 },
    timeZone,
  );
  if (evening.getTime() > now.getTime()) return evening;
  // No evening left before it: a 12 h cadence from the evening falls in the morning already; a
  // shorter one would promise the small hours, so it waits for the morning.
  const morningDay = new Date(Date.UTC(w.year, w.month - 1, w.day + (w.hour < QUIET_UNTIL_HOUR ? 0 : 1)));
  const morning = fromWallClock(
    { year: morningDay.getUTCFullYear(), month: morningDay.getUTCMonth() + 1, day: morningDay.getUTCDate(), hour: QUIET_UNTIL_HOUR, minute: 0 },
    timeZone,
  );
  return morning;
}

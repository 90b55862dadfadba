// A next update is a promise to customers: with a slow cadence it is not made for the middle of
// the night. A due time that falls between 21:00 and 08:00 in the configured zone is brought
// forward to 21:00 the evening before: sooner than the cadence asks, never later, so the cadence
// is kept. A fast cadence (a live outage, under 12 h) keeps its night updates: people awake then
// are affected, and the time says its zone.
import { fromWallClock, wallClock } from './time.js';

export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;
const SLOW_CADENCE_MS = 12 * 3_600_000;

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
  // A 12 h cadence started in the evening has no evening left before it: keep the due time.
  return evening.getTime() > now.getTime() ? evening : due;
}

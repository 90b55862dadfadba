// Instants shown and written in the configured time zone, through Intl.

import { dateTimeFormat } from '../text/index.js';
import { UNIT_MS } from './duration.js';

// Offsets by quarter hour: a zone changes its offset at most once in 15 minutes, so a quarter
// whose two ends agree has that offset throughout (formatToParts per timestamp was a tenth of `status`).
const QUARTER_MS = 15 * 60_000;
const quarterOffsets = new Map<string, number>();
// Bound of each cache of formatted instants below (a long-lived process using the API).
const TEXTS_MAX = 100_000;

/** Offset of a zone at an instant, in minutes east of UTC. */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const t = at.getTime();
  if (!Number.isFinite(t)) return exactOffset(at, timeZone);
  const start = Math.floor(t / QUARTER_MS) * QUARTER_MS;
  const key = `${timeZone}|${start}`;
  let offset = quarterOffsets.get(key);
  if (offset === undefined) {
    const a = exactOffset(new Date(start), timeZone);
    offset = a === exactOffset(new Date(start + QUARTER_MS - 1), timeZone) ? a : NaN;
    quarterOffsets.set(key, offset);
  }
  return Number.isNaN(offset) ? exactOffset(at, timeZone) : offset;
}

function exactOffset(at: Date, timeZone: string): number {
  const name =
    dateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

// Kept like formatLocal's texts below: status writes every overdue step's deadline, and they repeat.
// By zone, then by instant: a key string built per call cost more than the lookup.
const zonedTexts = new Map<string, Map<number, string>>();

/** ISO 8601 with the zone's offset: 2026-11-23T12:30:00+01:00. */
export function toZonedIso(at: Date, timeZone: string): string {
  const texts = zonedTexts.get(timeZone) ?? zonedTexts.set(timeZone, new Map()).get(timeZone)!;
  const key = at.getTime();
  let text = texts.get(key);
  if (text === undefined) {
    const offset = zoneOffsetMinutes(at, timeZone);
    const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    text = `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    if (texts.size >= TEXTS_MAX) texts.clear();
    texts.set(key, text);
  }
  return text;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock fields of an instant in a zone. */
export function wallClock(at: Date, timeZone: string) {
  const local = new Date(at.getTime() + zoneOffsetMinutes(at, timeZone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** The instant at which a zone's clock shows the given wall time (the later one in a DST gap). */
export function fromWallClock(w: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  let guess = asUtc - zoneOffsetMinutes(new Date(asUtc), timeZone) * 60_000;
  guess = asUtc - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/**
 * The instants at which a zone's clock shows a wall time, in order: one on most days, two in a
 * repeated hour (the clock goes back), and in a skipped hour (the clock goes forward) the one
 * fromWallClock gives.
 */
export function occurrences(w: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date[] {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const offsets = new Set([-1, 0, 1].map((days) => zoneOffsetMinutes(new Date(asUtc + days * 86_400_000), timeZone)));
  const found = [...offsets].map((o) => asUtc - o * 60_000).filter((at) => zoneOffsetMinutes(new Date(at), timeZone) * 60_000 === asUtc - at);
  const unique = [...new Set(found)].sort((a, b) => a - b).map((at) => new Date(at));
  return unique.length ? unique : [fromWallClock(w, timeZone)];
}

/** Whether the zone's clock shows this instant's wall time twice that day (the repeated hour of a fall-back). */
export function inRepeatedHour(at: Date, timeZone: string): boolean {
  return occurrences(wallClock(at, timeZone), timeZone).length > 1;
}

/** ISO 8601 with a time and an offset (or Z): an instant anywhere. */
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2})?$/;
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const RELATIVE = /^([+-])([1-9]\d*)\s*(m|min|h|d)$/;

/**
 * A datetime typed by a responder: ISO 8601 (with an offset, or local to the zone), `HH:MM`
 * (the next time the zone's clock shows it; with `past`, the latest time it showed) or relative (`+90m`, `+2h`, or `-20m` for a moment past,
 * such as a detection time). Undefined if none of those.
 */
export function parseDateTime(text: string, now: Date, timeZone: string, past = false): Date | undefined {
  const t = text.trim();
  if (ISO_DATETIME.test(t)) {
    const d = new Date(t.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const local = ISO_LOCAL.exec(t);
  if (local) {
    const [, y, mo, d, h, mi] = local.map(Number) as number[];
    const all = occurrences({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, timeZone);
    // In a repeated hour, a moment gone by is the latest occurrence not ahead of now.
    return past ? (all.filter((c) => c.getTime() <= now.getTime()).at(-1) ?? all[0]) : all[0];
  }
  const clock = CLOCK.exec(t);
  if (clock) {
    // Every instant the zone's clock shows HH:MM yesterday, today and tomorrow: two on the day
    // a repeated hour (DST fall-back) holds it. The latest gone by, or the next ahead.
    const today = wallClock(now, timeZone);
    const candidates = [-1, 0, 1].flatMap((dayOffset) => {
      const d = new Date(Date.UTC(today.year, today.month - 1, today.day + dayOffset));
      return occurrences(
        { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Number(clock[1]), minute: Number(clock[2]) },
        timeZone,
      );
    });
    return past ? candidates.filter((c) => c.getTime() <= now.getTime()).at(-1) : candidates.find((c) => c.getTime() > now.getTime());
  }
  const rel = RELATIVE.exec(t);
  if (rel) return new Date(now.getTime() + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * UNIT_MS[rel[3] === 'min' ? 'm' : (rel[3] as 'm' | 'h' | 'd')]);
  return undefined;
}

/** A calendar date, YYYY-MM-DD, that exists, as midnight UTC (a day, not an instant: no zone shifts it). */
export function parseCalendarDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : undefined;
}

export const isCalendarDate = (text: string) => parseCalendarDate(text) !== undefined;

// `status` over 10,000 incidents shows some 130,000 times, mostly the same few (steps fall due on
// the same minutes): a formatter per zone and language, and the text of each instant shown, are
// kept, where the shared Intl cache would build its key with JSON.stringify on every call.
const localFormats = new Map<string, Intl.DateTimeFormat>();
const localTexts = new Map<string, string>();

/** Short local time for terminals and files: "Mon 23 Nov 14:30". */
export function formatLocal(at: Date, timeZone: string, lang = 'en-GB'): string {
  const zone = `${lang}|${timeZone}`;
  const key = `${zone}|${at.getTime()}`;
  let text = localTexts.get(key);
  if (text === undefined) {
    let format = localFormats.get(zone);
    if (!format)
      localFormats.set(
        zone,
        (format = dateTimeFormat(lang, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })),
      );
    text = format.format(at);
    if (localTexts.size >= TEXTS_MAX) localTexts.clear();
    localTexts.set(key, text);
  }
  return text;
}

/** "in 12 min", "2 h 5 min ago": whole minutes, for status lines. */
export function formatSpan(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d && `${d} d`, h && `${h} h`, (m || (!d && !h)) && `${m} min`].filter(Boolean).join(' ');
}

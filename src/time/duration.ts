// Durations in playbooks: "<n>m", "<n>h" or "<n>d".
export const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const DURATION_PATTERN = '^[1-9][0-9]*[mhd]$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** Milliseconds, or undefined when the text is not a well-formed duration. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DURATION_RE.test(text)) return undefined;
  return Number(text.slice(0, -1)) * UNIT_MS[text.at(-1) as keyof typeof UNIT_MS];
}

/** The largest whole unit a duration can be split into, for Intl formatting: 90m -> {90, minute}, 120m -> {2, hour}. */
export function durationParts(ms: number): { value: number; unit: 'minute' | 'hour' | 'day' } {
  if (ms % UNIT_MS.d === 0) return { value: ms / UNIT_MS.d, unit: 'day' };
  if (ms % UNIT_MS.h === 0) return { value: ms / UNIT_MS.h, unit: 'hour' };
  return { value: Math.round(ms / UNIT_MS.m), unit: 'minute' };
}

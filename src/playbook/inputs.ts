// Facts: a playbook's inputs, typed the same way whether they come from YAML, --set or a prompt.
import type { Input, Playbook } from './model.js';
import { isCalendarDate, parseDateTime, toZonedIso } from '../time/index.js';

export type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };
/** `past`: inputs that record a moment gone by (a step's deadline counts from them), where `HH:MM` means the latest such time. */
export type Clock = { now: Date; timeZone: string; past?: ReadonlySet<string> };

/** The clock for a playbook's facts: a datetime a step counts `from:` is a past moment (a detection time). */
export function clockFor(pb: Playbook, now: Date, timeZone: string): Clock {
  const from = new Set(pb.steps.map((s) => s.from).filter((f): f is string => Boolean(f)));
  return { now, timeZone, past: new Set(pb.inputs.filter((i) => i.when === 'past' || (i.when !== 'future' && from.has(i.id))).map((i) => i.id)) };
}

// A moment gone by typed a little ahead (a clock a minute fast) is still taken.
const PAST_SLACK_MS = 5 * 60_000;

const TRUE = new Set(['true', 'yes', 'y', 'oui', 'tak', '1']);
const FALSE = new Set(['false', 'no', 'n', 'non', 'nie', '0']);

/**
 * Types a raw value for an input. Strings are accepted for every type (they come from --set and
 * prompts); structured values (YAML lists, numbers, booleans) must already have the right type.
 */
export function coerceInput(input: Input, raw: unknown, clock: Clock): Coerced {
  const bad = (expected: string): Coerced => ({ ok: false, reason: `${input.id} must be ${expected}, got ${show(raw)}` });
  // Windows line ends in a pasted text become plain ones; any other control character is refused.
  if (typeof raw === 'string' && input.type === 'text') raw = raw.replace(/\r\n/g, '\n');
  const control = controlIn(raw, input.type === 'text');
  if (control)
    return {
      ok: false,
      reason: `${input.id} holds ${control}: answers may not hold control characters (they can break a heading, an email header or a terminal)`,
    };
  switch (input.type) {
    case 'string':
    case 'text':
      if (typeof raw === 'string') return { ok: true, value: raw.trim() };
      if (typeof raw === 'number') return { ok: true, value: String(raw) };
      return bad('text');
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim().replace(',', '.')) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : bad('a number');
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const t = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      return TRUE.has(t) ? { ok: true, value: true } : FALSE.has(t) ? { ok: true, value: false } : bad('yes or no');
    }
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw.trim()) ? { ok: true, value: raw.trim() } : bad('a date like 2026-12-03');
    case 'datetime': {
      const past = clock.past?.has(input.id) ?? false;
      const at = typeof raw === 'string' ? parseDateTime(raw, clock.now, clock.timeZone, past) : raw instanceof Date ? raw : undefined;
      if (!at) return bad(past ? 'a time: ISO 8601 (2026-12-01T14:30+01:00), HH:MM or -20m' : 'a time: ISO 8601 (2026-12-01T14:30+01:00), HH:MM or +2h');
      if (past && at.getTime() > clock.now.getTime() + PAST_SLACK_MS)
        return {
          ok: false,
          reason: `${input.id} is a moment gone by, but ${show(raw)} is ${toZonedIso(at, clock.timeZone)}, ahead of now (${toZonedIso(clock.now, clock.timeZone)}): give the time it happened (HH:MM, -20m or ISO 8601)`,
        };
      return { ok: true, value: toZonedIso(at, clock.timeZone) };
    }
    case 'choice': {
      const choices = input.choices ?? [];
      const t = typeof raw === 'string' ? raw.trim() : raw;
      return typeof t === 'string' && choices.includes(t) ? { ok: true, value: t } : bad(`one of ${choices.join(', ')}`);
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
      if (!items || !items.every((i) => typeof i === 'string' || typeof i === 'number')) return bad('a list of text');
      const list = items.map((i) => String(i).trim()).filter(Boolean);
      return list.length ? { ok: true, value: list } : bad('a non-empty list');
    }
  }
}

// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates (U+202A-U+202E,
// U+2066-U+2069) that can make text read other than it is. Tab everywhere and newline in a `text` are fine.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const NAMES: Record<string, string> = {
  '\u0000': 'NUL',
  '\r': 'a carriage return',
  '\n': 'a line break',
  '\u001b': 'an escape (ESC)',
  '\u202e': 'a right-to-left override',
};

function controlIn(raw: unknown, newlines: boolean): string | undefined {
  for (const text of Array.isArray(raw) ? raw : [raw]) {
    if (typeof text !== 'string') continue;
    const m = CONTROL.exec(text) ?? (newlines ? null : /\n/.exec(text));
    if (m) {
      const ch = m[0];
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return `${NAMES[ch] ?? 'a control character'} (${code}) at character ${m.index + 1}`;
    }
  }
  return undefined;
}

/** Empty answers mean "not answered": an optional fact is then null, never a blank. */
export const isBlank = (raw: unknown) => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

function show(raw: unknown): string {
  const s = typeof raw === 'string' ? `"${raw}"` : (JSON.stringify(raw) ?? String(raw));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// Typed times in the configured zone, DST included: what a responder types is what the statements say.
import { describe, expect, it } from 'vitest';
import { coerceInput } from '../../src/playbook/inputs.js';
import { inRepeatedHour, occurrences, parseDateTime, toZonedIso, zoneOffsetMinutes } from '../../src/time/time.js';

const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);
const typed = (text: string, now: string, past = false) => toZonedIso(parseDateTime(text, at(now), PARIS, past)!, PARIS);

describe('the repeated hour of a fall-back (Europe/Paris, 2026-10-25, 03:00 CEST -> 02:00 CET)', () => {
  it('has two instants for 02:40, and one for 01:40 or 03:40', () => {
    expect(occurrences({ year: 2026, month: 10, day: 25, hour: 2, minute: 40 }, PARIS).map((d) => toZonedIso(d, PARIS))).toEqual([
      '2026-10-25T02:40:00+02:00',
      '2026-10-25T02:40:00+01:00',
    ]);
    expect(occurrences({ year: 2026, month: 10, day: 25, hour: 1, minute: 40 }, PARIS)).toHaveLength(1);
    expect(inRepeatedHour(at('2026-10-25T02:40:00+01:00'), PARIS)).toBe(true);
    expect(inRepeatedHour(at('2026-10-25T03:40:00+01:00'), PARIS)).toBe(false);
  });

  it('a detection at 02:40 typed at 02:45 CEST is that morning, not the day before', () => {
    expect(typed('02:40', '2026-10-25T02:45:00+02:00', true)).toBe('2026-10-25T02:40:00+02:00');
    // typed in the second 02:45, the latest 02:40 gone by is the CET one
    expect(typed('02:40', '2026-10-25T02:45:00+01:00', true)).toBe('2026-10-25T02:40:00+01:00');
  });

  it('an ETA of 02:30 typed at 01:00 CEST is the first 02:30, not an hour late', () => {
    expect(typed('02:30', '2026-10-25T01:00:00+02:00')).toBe('2026-10-25T02:30:00+02:00');
  });

  it('the skipped hour of a spring-forward still gives a time (2026-03-29, 02:30 does not exist)', () => {
    expect(typed('02:30', '2026-03-29T01:00:00+01:00')).toBe('2026-03-29T03:30:00+02:00');
  });
});

describe('a fact about the past', () => {
  const started = { id: 'outage_started_at', prompt: 'When did the outage start?', type: 'datetime' as const, when: 'past' as const };
  const clock = { now: at('2026-03-10T14:00:00+01:00'), timeZone: PARIS, past: new Set(['outage_started_at']) };

  it('HH:MM is the latest such time: 13:30 typed at 14:00 is half an hour ago', () => {
    expect(coerceInput(started, '13:30', clock)).toEqual({ ok: true, value: '2026-03-10T13:30:00+01:00' });
    expect(coerceInput(started, '15:00', clock)).toEqual({ ok: true, value: '2026-03-09T15:00:00+01:00' });
  });

  it('a start time ahead of now is refused, saying why', () => {
    const r = coerceInput(started, '+2h', clock);
    expect(r).toEqual({
      ok: false,
      reason:
        'outage_started_at is a moment gone by, but "+2h" is 2026-03-10T16:00:00+01:00, ahead of now (2026-03-10T14:00:00+01:00): give the time it happened (HH:MM, -20m or ISO 8601)',
    });
  });
});

describe('zone offsets', () => {
  it('change at the very minute of a transition, whatever was asked before', () => {
    expect(zoneOffsetMinutes(at('2026-10-25T00:50:00Z'), PARIS)).toBe(120);
    expect(zoneOffsetMinutes(at('2026-10-25T00:59:59.999Z'), PARIS)).toBe(120);
    expect(zoneOffsetMinutes(at('2026-10-25T01:00:00Z'), PARIS)).toBe(60);
    expect(zoneOffsetMinutes(at('2026-10-25T01:07:00Z'), PARIS)).toBe(60);
    // Lord Howe moves by 30 minutes at 02:00 local (15:00 UTC the day before).
    expect(zoneOffsetMinutes(at('2026-04-04T14:59:00Z'), 'Australia/Lord_Howe')).toBe(660);
    expect(zoneOffsetMinutes(at('2026-04-04T15:00:00Z'), 'Australia/Lord_Howe')).toBe(630);
    expect(zoneOffsetMinutes(at('2026-06-01T12:00:00Z'), 'Asia/Kathmandu')).toBe(345);
  });
});

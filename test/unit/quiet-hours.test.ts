import { describe, expect, it } from 'vitest';
import { promisedUpdate } from '../../src/time/quiet-hours.js';
import { toZonedIso } from '../../src/time/time.js';

const H = 3_600_000;
const promise = (now: string, hours: number, tz = 'Europe/Paris') => toZonedIso(promisedUpdate(new Date(now), hours * H, tz), tz);

describe('the next update promised to customers', () => {
  it('is the cadence after now when that falls in the day', () => {
    expect(promise('2026-11-23T03:10:00+01:00', 12)).toBe('2026-11-23T15:10:00+01:00');
  });

  it('is brought forward to 21:00 when a slow cadence would fall at night, never later than the cadence', () => {
    expect(promise('2026-11-23T14:00:00+01:00', 12)).toBe('2026-11-23T21:00:00+01:00'); // not 02:00
    expect(promise('2026-11-23T10:30:00+01:00', 12)).toBe('2026-11-23T21:00:00+01:00'); // not 22:30
    expect(promise('2026-11-23T02:00:00+01:00', 24)).toBe('2026-11-23T21:00:00+01:00'); // not 02:00 the next night
  });

  it('after an evening start, is the next morning', () => {
    expect(promise('2026-11-23T21:30:00+01:00', 12)).toBe('2026-11-24T09:30:00+01:00');
    expect(promise('2026-11-23T22:00:00+01:00', 12)).toBe('2026-11-24T10:00:00+01:00');
  });

  it('with a 6 h cadence, is 21:00 when the evening is still ahead, else 08:00 the next morning, never the small hours', () => {
    expect(promise('2026-11-23T17:00:00+01:00', 6)).toBe('2026-11-23T21:00:00+01:00'); // not 23:00
    expect(promise('2026-11-23T21:00:00+01:00', 6)).toBe('2026-11-24T08:00:00+01:00'); // not 03:00
    expect(promise('2026-11-23T23:30:00+01:00', 6)).toBe('2026-11-24T08:00:00+01:00'); // not 05:30
    expect(promise('2026-11-23T03:00:00+01:00', 6)).toBe('2026-11-23T09:00:00+01:00');
  });

  it('keeps night updates for a fast cadence (a live outage)', () => {
    expect(promise('2026-11-23T01:00:00+01:00', 2)).toBe('2026-11-23T03:00:00+01:00');
  });

  it('reads the night in the configured zone', () => {
    expect(promise('2026-11-23T14:00:00-05:00', 12, 'America/New_York')).toBe('2026-11-23T21:00:00-05:00');
    expect(promise('2026-11-23T08:00:00-05:00', 12, 'America/New_York')).toBe('2026-11-23T20:00:00-05:00');
  });
});

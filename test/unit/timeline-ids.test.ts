import { describe, expect, it } from 'vitest';
import { derivedId, nextEventId, parseTimeline, ulidTime } from '../../src/incident/timeline.js';

const random = (b: number) => new Uint8Array(10).fill(b);

describe('event ids', () => {
  it('are ULIDs carrying the time', () => {
    const id = nextEventId(Date.parse('2026-03-10T09:00:00Z'), random(7));
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ulidTime(id)).toBe(Date.parse('2026-03-10T09:00:00Z'));
  });

  it('follow the last id minted in the same millisecond, or after the clock stepped back', () => {
    const ms = Date.parse('2026-03-10T09:00:00Z');
    const first = nextEventId(ms, random(200));
    const second = nextEventId(ms, random(0), first);
    const third = nextEventId(ms - 5000, random(0), second);
    expect([first, second, third].sort()).toEqual([first, second, third]);
    expect(new Set([first, second, third]).size).toBe(3);
  });

  it('minted on two machines after the same last event differ, and both follow it', () => {
    const ms = Date.parse('2026-03-10T09:00:00Z');
    const last = nextEventId(ms, random(9));
    const here = nextEventId(ms, random(1), last);
    const there = nextEventId(ms, random(2), last);
    expect(here).not.toBe(there);
    expect(here > last && there > last).toBe(true);
    expect(ulidTime(here)).toBe(ms);
  });

  it('of an old record are derived from its content, the same on every read, in file order', () => {
    const lines = [
      { at: '2026-03-10T10:00:00+01:00', type: 'started', incident: 'x' },
      { at: '2026-03-10T10:00:00+01:00', type: 'step', step: 'a', status: 'done' },
      { at: '2026-03-10T10:00:00+01:00', type: 'step', step: 'b', status: 'done' },
    ];
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const once = parseTimeline('t', text).events.map((e) => e.id!);
    expect(parseTimeline('t', text).events.map((e) => e.id)).toEqual(once);
    expect([...once].sort()).toEqual(once);
    expect(derivedId(lines[1] as never, 1)).toBe(once[1]);
  });

  it('already written are kept', () => {
    const text = JSON.stringify({ id: '01JNZZZZZZZZZZZZZZZZZZZZZZ', at: '2026-03-10T10:00:00+01:00', type: 'started' });
    expect(parseTimeline('t', text).events[0]!.id).toBe('01JNZZZZZZZZZZZZZZZZZZZZZZ');
  });
});

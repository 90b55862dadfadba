import { describe, expect, it } from 'vitest';
import { mergeTimelines } from '../../src/incident/merge.js';
import { replay, type TimelineEvent } from '../../src/incident/timeline.js';

const at = (hhmm: string) => `2026-03-10T${hhmm}:00+01:00`;
const files = (folder: string) => [{ statement: 'customer-email', lang: 'en', path: `statements/${folder}/customer-email.en.md` }];
const start: TimelineEvent = {
  id: '01A',
  at: at('10:00'),
  type: 'started',
  incident: 'x',
  playbook: 'p',
  playbook_hash: 'h',
  title: 'T',
  severity: 'sev2',
  languages: ['en'],
  timezone: 'Europe/Paris',
  answers: {},
  folder: '01-start',
  statements: files('01-start'),
  next_update_at: null,
};
const update = (id: string, hhmm: string, folder = '02-update', by = 'Dana'): TimelineEvent => ({
  id,
  at: at(hhmm),
  by,
  type: 'updated',
  number: Number(folder.slice(0, 2)),
  folder,
  changes: { note: id },
  severity: 'sev2',
  statements: files(folder),
  next_update_at: null,
});
const approve = (id: string, hhmm: string, stage: string, folder = '02-update'): TimelineEvent => ({
  id,
  at: at(hhmm),
  type: 'approved',
  folder,
  stage_id: stage,
  statements: ['customer-email'],
  role: 'comms-lead',
  person: 'Marc',
});
const step = (id: string, hhmm: string): TimelineEvent => ({ id, at: at(hhmm), type: 'step', step: id, status: 'done' });

// Dana and Marc each posted update 02 offline; Marc's came later.
const dana = [start, step('01B', '10:05'), update('01D', '10:20', '02-update', 'Dana'), approve('01E', '10:25', '01D')];
const marc = [start, update('01C', '10:30', '02-update', 'Marc'), approve('01F', '10:35', '01C'), step('01G', '10:40')];

describe('mergeTimelines', () => {
  it('keeps every event once, in time order, and gives the later update the next number', () => {
    const m = mergeTimelines(dana, marc);
    expect(m.events.map((e) => e.id)).toEqual(['01A', '01B', '01D', '01E', '01C', '01G']);
    const state = replay(m.events)!;
    expect(state.stages.map((s) => s.folder)).toEqual(['01-start', '02-update', '03-update']);
    expect(state.stages[2]!.statements[0]!.path).toBe('statements/03-update/customer-email.en.md');
    expect(m.renumbered).toEqual([{ id: '01C', stage: 'update', from: '02-update', to: '03-update', number: 3 }]);
  });

  it('drops the sign-off of the statement that moved, and keeps the other', () => {
    const m = mergeTimelines(dana, marc);
    expect(m.dropped.map((d) => d.id)).toEqual(['01F']);
    expect(replay(m.events)!.approvals.map((a) => a.folder)).toEqual(['02-update']);
  });

  it('computes the same result on both machines, and again after either has merged', () => {
    const ab = mergeTimelines(dana, marc);
    const ba = mergeTimelines(marc, dana);
    expect(ba.events).toEqual(ab.events);
    expect(mergeTimelines(ab.events, marc).events).toEqual(ab.events);
    expect(mergeTimelines(dana, ab.events).events).toEqual(ab.events);
    expect(mergeTimelines(ab.events, ab.events).events).toEqual(ab.events);
  });

  it('keeps a sign-off given to the stage after it was renumbered', () => {
    const merged = mergeTimelines(dana, marc).events;
    const later = [...merged, approve('01H', '11:00', '01C', '03-update')];
    const m = mergeTimelines(later, marc);
    expect(m.dropped.map((d) => d.id)).toEqual(['01F']);
    expect(replay(m.events)!.approvals.map((a) => a.folder)).toEqual(['02-update', '03-update']);
  });
});

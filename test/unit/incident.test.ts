// The incident core as plain data: a timeline folded into its state, the checklist's deadlines,
// what status reports, the review written at the end and the views beside the timeline.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checklistMarkdown, overdueSteps, stepViews } from '../../src/incident/checklist.js';
import { cadenceChecks, reviewMarkdown } from '../../src/incident/review.js';
import { statusRecord } from '../../src/incident/status.js';
import { apply, nextStageNumber, replay, type IncidentState, type TimelineEvent } from '../../src/incident/timeline.js';
import { incidentViews } from '../../src/incident/views.js';
import { parseConfig } from '../../src/playbook/config.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';
import { ID, stageFiles, started as startedEvent } from './timeline-fixture.js';

const FIXTURE = new URL('../fixtures/good/', import.meta.url);
const pb = parsePlaybook('checkout-down.yaml', readFileSync(new URL('playbooks/checkout-down.yaml', FIXTURE), 'utf8'), 'project').loaded!.playbook;
const config = parseConfig('crisis.config.yaml', readFileSync(new URL('crisis.config.yaml', FIXTURE), 'utf8')).config!;

const files = (folder: string) => stageFiles(folder, [['sms', 'txt']]);
const started = startedEvent();
const updated: TimelineEvent = {
  type: 'updated',
  at: '2026-03-10T12:20:00+01:00',
  number: 2,
  folder: '02-update',
  changes: { orders_affected: 40 },
  severity: 'sev1',
  statements: files('02-update'),
  next_update_at: '2026-03-10T12:50:00+01:00',
};
const resolved: TimelineEvent = {
  type: 'resolved',
  at: '2026-03-10T12:45:00+01:00',
  number: 3,
  folder: '03-resolve',
  changes: {},
  statements: files('03-resolve'),
  open_steps: ['review-meeting'],
};
const at = (iso: string) => new Date(iso);

describe('the timeline is the record', () => {
  it('folds events into the state: stage, severity, facts, the next update', () => {
    const state = replay([started, updated])!;
    expect(state).toMatchObject({ id: ID, stage: 'update', update_number: 1, severity: 'sev1', next_update_at: '2026-03-10T12:50:00+01:00' });
    expect(state.answers).toMatchObject({ failing_methods: ['Visa'], orders_affected: 40 });
    expect(state.stages.map((s) => s.folder)).toEqual(['01-start', '02-update']);
  });

  it('numbers the next stage above the highest folder on disk, even one the timeline lost', () => {
    const state = replay([started, updated])!;
    expect(nextStageNumber(state)).toBe(3);
    expect(nextStageNumber(state, ['01-start', '02-update', '04-update'])).toBe(5);
  });

  it('gives the same state whether replayed at once or applied event by event, and leaves the events and earlier states as they were', () => {
    const step: TimelineEvent = { type: 'step', at: '2026-03-10T10:20:00+01:00', step: 'confirm-scope', status: 'done' };
    const events = [started, step, updated, resolved];
    const before = JSON.stringify(events);
    const first = replay([started])!;
    const kept = JSON.stringify(first);
    const stepwise = events.slice(1).reduce(apply, first);
    expect(replay(events)).toEqual(stepwise);
    expect(JSON.stringify(events)).toBe(before);
    expect(JSON.stringify(first)).toBe(kept);
  });

  it('reads a key such as __proto__ in a hand-edited timeline as data', () => {
    const hostile = JSON.parse(
      '{"type":"updated","at":"2026-03-10T11:00:00+01:00","number":2,"folder":"02-update","changes":{"__proto__":{"polluted":true}},"severity":"sev2","statements":[],"next_update_at":null}',
    );
    const step = JSON.parse('{"type":"step","at":"2026-03-10T11:01:00+01:00","step":"__proto__","status":"done"}');
    const state = replay([started, hostile, step])!;
    expect(Object.getPrototypeOf(state.answers)).toBe(Object.prototype);
    expect(Object.keys(state.answers)).toContain('__proto__');
    expect(Object.getPrototypeOf(state.steps)).toBe(Object.prototype);
    expect(Object.keys(state.steps)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('promises nothing once resolved', () => {
    const state = replay([started, updated, resolved])!;
    expect(state).toMatchObject({ stage: 'resolve', next_update_at: null, resolved_at: '2026-03-10T12:45:00+01:00' });
  });
});

describe('checklist', () => {
  const state = replay([started])!;

  it('counts a deadline from its `from` fact, else from the start', () => {
    const views = stepViews(pb, state, config, at('2026-03-10T10:05:00+01:00'));
    const due = Object.fromEntries(views.map((v) => [v.step.id, v.due?.toISOString() ?? null]));
    expect(due['confirm-scope']).toBe('2026-03-10T09:15:00.000Z');
    expect(due['tell-the-bank']).toBe('2026-03-10T10:30:00.000Z'); // 2 h after detected_at, 09:30 Paris
    expect(due['review-meeting']).toBeNull(); // counts from a resolution that has not happened
  });

  it('marks an open step overdue, a done one late by how much, and names the owner from the roster', () => {
    const ticked = apply(state, { type: 'step', at: '2026-03-10T10:40:00+01:00', step: 'first-statement', status: 'done' });
    const views = stepViews(pb, ticked, config, at('2026-03-10T10:20:00+01:00'));
    const scope = views.find((v) => v.step.id === 'confirm-scope')!;
    expect(scope).toMatchObject({ status: 'open', overdue: true, owner: { role: 'incident-lead', name: 'Dana Levi' } });
    expect(views.find((v) => v.step.id === 'first-statement')).toMatchObject({ status: 'done', lateBy: 10 * 60_000 });
  });

  it("lists as overdue what the checklist calls overdue, at every hour of the incident's life", () => {
    const ticked = apply(state, { type: 'step', at: '2026-03-10T10:40:00+01:00', step: 'first-statement', status: 'done' });
    const closed = replay([started, updated, resolved])!;
    for (const s of [state, ticked, closed])
      for (let hour = 9; hour < 40; hour++) {
        const now = new Date(Date.parse('2026-03-10T09:00:00+01:00') + (hour - 9) * 3_600_000);
        const views = stepViews(pb, s, config, now).filter((v) => v.overdue);
        expect(overdueSteps(pb, s, config, now).map((o) => [o.step.id, o.role, o.person, o.due.getTime()])).toEqual(
          views.map((v) => [v.step.id, v.owner.role, v.owner.name, v.due!.getTime()]),
        );
      }
  });

  it('says who is missing when the roster lacks the role', () => {
    const text = checklistMarkdown(pb, state, { ...config, roster: {} }, at('2026-03-10T10:05:00+01:00'));
    expect(text).toContain('incident-lead (no one on the roster)');
  });
});

describe('status', () => {
  const hashOf = () => 'h';

  it('is overdue past the promised update, never once resolved', () => {
    const late = at('2026-03-10T12:01:00+01:00');
    expect(statusRecord(replay([started])!, 'incidents/x', pb, config, late, hashOf)).toMatchObject({ overdue: true, awaiting_approval: ['sms'] });
    expect(statusRecord(replay([started, updated, resolved])!, 'incidents/x', pb, config, late, hashOf)).toMatchObject({ overdue: false, overdue_steps: [] });
  });

  it('lists a statement approved and then edited as awaiting sign-off again', () => {
    const approved = apply(replay([started])!, {
      type: 'approved',
      at: '2026-03-10T10:10:00+01:00',
      folder: '01-start',
      statements: ['sms'],
      role: 'comms-lead',
      person: 'Marc Dubois',
      files: { 'statements/01-start/sms.en.txt': 'before' },
    });
    expect(statusRecord(approved, 'x', pb, config, at('2026-03-10T10:11:00+01:00'), () => 'before').awaiting_approval).toEqual([]);
    expect(statusRecord(approved, 'x', pb, config, at('2026-03-10T10:11:00+01:00'), () => 'after')).toMatchObject({
      awaiting_approval: ['sms'],
      changed_after_approval: ['sms'],
    });
  });
});

describe('review', () => {
  const events = [started, updated, resolved];
  const state = replay(events)!;

  it('checks the cadence interval by interval, with the severity of each', () => {
    const checks = cadenceChecks(pb, state);
    // 10:00 -> 12:20 against 2 h at sev2: 20 min late; 12:20 -> 12:45 against 30 min at sev1: kept, 5 min to spare.
    expect(checks.map((c) => [c.kept, c.by / 60_000])).toEqual([
      [false, 20],
      [true, 5],
    ]);
  });

  it('names the steps still open at the resolution', () => {
    expect(reviewMarkdown(pb, state, events, config, at(state.resolved_at!))).toContain('review-meeting');
  });
});

describe('views', () => {
  it('add review.md once resolved, written as of the resolution', () => {
    const open: IncidentState = replay([started])!;
    const now = at('2026-03-10T14:00:00+01:00');
    expect(incidentViews(open, pb, config, now, [started]).map((f) => f.path)).toEqual(['incident.yaml', 'checklist.md']);
    const done = replay([started, updated, resolved])!;
    const views = incidentViews(done, pb, config, now, [started, updated, resolved]);
    expect(views.map((f) => f.path)).toEqual(['incident.yaml', 'checklist.md', 'review.md']);
    expect(views[0]!.content).toMatch(/^# A view of timeline\.jsonl/);
  });
});

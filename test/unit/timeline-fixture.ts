// The start of the checkout-down fixture's incident as a timeline event, for the unit tests that
// fold, publish, preview or commit a timeline; each test overrides what it is about.
import type { StartedEvent, TimelineEvent } from '../../src/incident/timeline.js';

export const ID = '20260310-1000-checkout-down';

/** Statement files of one stage folder, per statement and language. */
export const stageFiles = (folder: string, files: readonly (readonly [statement: string, ext: string])[], langs: readonly string[] = ['en']) =>
  files.flatMap(([statement, ext]) => langs.map((lang) => ({ statement, lang, path: `statements/${folder}/${statement}.${lang}.${ext}` })));

/** The incident's `started` event at 10:00 in Paris, in English, with its SMS. */
export function started(overrides: Partial<StartedEvent> = {}): TimelineEvent {
  return {
    type: 'started',
    at: '2026-03-10T10:00:00+01:00',
    incident: ID,
    folder: '01-start',
    playbook: 'checkout-down',
    playbook_hash: 'x',
    title: 'Checkout is down',
    severity: 'sev2',
    languages: ['en'],
    timezone: 'Europe/Paris',
    answers: { failing_methods: ['Visa'], detected_at: '2026-03-10T09:30:00+01:00' },
    statements: stageFiles('01-start', [['sms', 'txt']]),
    next_update_at: '2026-03-10T12:00:00+01:00',
    ...overrides,
  } as StartedEvent;
}

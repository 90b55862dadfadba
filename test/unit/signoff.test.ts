// Whether a statement is still signed off, as a pure function of the timeline and the files' hashes.
import { expect, it } from 'vitest';
import { signOffs } from '../../src/incident/signoff.js';
import { apply, replay, type StartedEvent } from '../../src/incident/timeline.js';

const START: StartedEvent = {
  at: '2026-03-10T10:00:00+01:00',
  type: 'started',
  incident: 'i',
  playbook: 'p',
  playbook_hash: 'sha256:x',
  title: 'T',
  severity: 'sev1',
  languages: ['en', 'fr'],
  timezone: 'Europe/Paris',
  answers: {},
  folder: '01-start',
  next_update_at: null,
  statements: [
    { statement: 'email', lang: 'en', path: 'statements/01-start/email.en.md' },
    { statement: 'email', lang: 'fr', path: 'statements/01-start/email.fr.md' },
    { statement: 'sms', lang: 'en', path: 'statements/01-start/sms.en.txt' },
  ],
} as StartedEvent;
const approve = (files?: Record<string, string>) => ({
  at: '2026-03-10T10:05:00+01:00',
  type: 'approved' as const,
  folder: '01-start',
  statements: ['email'],
  role: 'comms-lead',
  person: 'Marc',
  ...(files ? { files } : {}),
});
const disk: Record<string, string> = { 'statements/01-start/email.en.md': 'a', 'statements/01-start/email.fr.md': 'b', 'statements/01-start/sms.en.txt': 'c' };
const hashOf = (path: string) => disk[path];

it('holds while every file is as approved, per statement', () => {
  const state = apply(replay([START])!, approve({ 'statements/01-start/email.en.md': 'a', 'statements/01-start/email.fr.md': 'b' }));
  const offs = signOffs(state, state.stages[0]!, hashOf);
  expect(offs.map((o) => [o.statement, Boolean(o.approval), o.changed])).toEqual([
    ['email', true, []],
    ['sms', false, []],
  ]);
});

it('does not hold once one language file changed or is gone, and names it', () => {
  const state = apply(replay([START])!, approve({ 'statements/01-start/email.en.md': 'a', 'statements/01-start/email.fr.md': 'OLD' }));
  expect(signOffs(state, state.stages[0]!, hashOf)[0]).toEqual({ statement: 'email', approval: null, changed: ['statements/01-start/email.fr.md'] });
  const gone = apply(replay([START])!, approve({ 'statements/01-start/email.en.md': 'a', 'statements/01-start/email.fr.md': 'b' }));
  expect(signOffs(gone, gone.stages[0]!, (p) => (p.endsWith('fr.md') ? undefined : hashOf(p)))[0]!.approval).toBeNull();
});

it('a later approval of the new text holds again; one recorded before hashes were counts as given', () => {
  const stale = approve({ 'statements/01-start/email.en.md': 'OLD', 'statements/01-start/email.fr.md': 'b' });
  const state = apply(apply(replay([START])!, stale), approve({ 'statements/01-start/email.en.md': 'a', 'statements/01-start/email.fr.md': 'b' }));
  expect(signOffs(state, state.stages[0]!, hashOf)[0]!.approval).not.toBeNull();
  const old = apply(replay([START])!, approve());
  expect(signOffs(old, old.stages[0]!, () => undefined)[0]!.approval).not.toBeNull();
});

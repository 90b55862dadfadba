// The state the status site gives an incident (investigating, identified, monitoring, resolved):
// read off the stage and the facts of each signed-off status-page statement, never ahead of it.
import { describe, expect, it } from 'vitest';
import { SITE_STATES, siteModel, stateAt } from '../../src/site/index.js';
import { CONFIG, incident, type IncidentBuilder } from './site-fixture.js';

describe('stateAt', () => {
  it('is resolved at the resolution, whatever the facts say', () => {
    expect(stateAt('resolve', { status_state: 'monitoring', cause: 'under-investigation' }, false)).toBe('resolved');
  });

  it('takes a status_state fact that names a state, and only one that does', () => {
    expect(stateAt('update', { status_state: 'monitoring', cause: 'under-investigation' }, false)).toBe('monitoring');
    expect(stateAt('start', { status_state: 'identified' }, true)).toBe('identified');
    // A value that is not a state (a playbook's own "still fixing it") leaves the decision to the cause.
    expect(stateAt('update', { status_state: 'fixing', cause: 'deployment' }, false)).toBe('identified');
    expect(stateAt('update', { status_state: 'resolved' }, false)).toBe('identified');
    expect(stateAt('update', { status_state: null, cause: 'under-investigation' }, false)).toBe('investigating');
  });

  it('in a playbook that asks the cause: investigating until one is named, identified after', () => {
    for (const cause of [null, undefined, '', 'under-investigation']) expect(stateAt('update', { cause }, false), String(cause)).toBe('investigating');
    expect(stateAt('start', { cause: 'payment-provider' }, true)).toBe('identified');
  });

  it('otherwise by the stage: investigating at the first statement, identified from the first update', () => {
    expect(stateAt('start', {}, true)).toBe('investigating');
    expect(stateAt('update', {}, false)).toBe('identified');
  });

  it('knows the four states of the contract, in the order an incident goes through them', () => {
    expect(SITE_STATES).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
  });
});

describe('the state an incident shows', () => {
  const stateOf = (b: IncidentBuilder) => siteModel({ config: CONFIG, languages: ['en'], incidents: [b.input()] }).incidents[0];

  it('goes through every state as its signed-off updates say, each entry keeping the state of its own stage', () => {
    const b = incident('20260310-1000-site-outage', { answers: { cause: 'under-investigation', status_state: 'fixing' } })
      .start(0)
      .approve(5);
    expect(stateOf(b)!.state).toBe('investigating');
    b.update(40, { cause: 'payment-provider' }).approve(45);
    expect(stateOf(b)!.state).toBe('identified');
    b.update(80, { status_state: 'monitoring' }).approve(85);
    expect(stateOf(b)!.state).toBe('monitoring');
    b.resolve(120).approve(125);
    const shown = stateOf(b)!;
    expect(shown.state).toBe('resolved');
    expect(shown.entries.en!.map((e) => [e.folder, e.state])).toEqual([
      ['04-resolve', 'resolved'],
      ['03-update', 'monitoring'],
      ['02-update', 'identified'],
      ['01-start', 'investigating'],
    ]);
  });

  it('never runs ahead of what is signed off: an update awaiting sign-off changes nothing', () => {
    const b = incident('20260310-1000-site-outage', { answers: { cause: 'under-investigation' } })
      .start(0)
      .approve(5)
      .update(40, { status_state: 'monitoring' });
    expect(stateOf(b)!.state).toBe('investigating');
    expect(stateOf(b)!.entries.en!.map((e) => e.folder)).toEqual(['01-start']);
    // Nor is the resolution resolved before its statement is signed off.
    b.approve(45).resolve(90);
    expect(stateOf(b)!.state).toBe('monitoring');
    expect(stateOf(b)!.resolvedAt).toBeNull();
  });
});

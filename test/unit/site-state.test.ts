// The state the status site gives an incident (investigating, identified, monitoring, resolved):
// read off the stage and the facts of each signed-off status-page statement, never ahead of it.
import { describe, expect, it } from 'vitest';
import { exampleFacts } from '../../src/statement/checks.js';
import { SITE_STATES, siteModel, stateAt } from '../../src/site/index.js';
import { demoConfig, renderShipped, shippedPlaybook, templatesOf } from './shipped-library.js';
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

describe('monitoring in the shipped site-outage playbook', () => {
  const config = demoConfig();
  const pb = shippedPlaybook('site-outage');
  const templates = templatesOf('site-outage');

  /** The status page at an update, in every language, from the examples and the facts given. */
  function statusPage(stage: 'update' | 'resolve', changes: Record<string, unknown>) {
    const facts = { ...exampleFacts(pb, config, 'full'), fix_eta: null, ...changes };
    const { result } = renderShipped(pb, config, templates, facts, stage, { number: 2 });
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    return { facts, text: Object.fromEntries(result.stage.rendered.filter((r) => r.statement.id === 'status-page').map((r) => [r.lang, r.text])) };
  }

  it('asks whether a fix is in place, "fixing" unless the responder says "monitoring"', () => {
    const input = pb.inputs.find((i) => i.id === 'status_state')!;
    expect(input).toMatchObject({ type: 'choice', choices: ['fixing', 'monitoring'], default: 'fixing' });
  });

  it('puts an update into monitoring only when the responder says so, and its status page says a fix is in place', () => {
    const fixing = statusPage('update', { cause: 'payment-provider', status_state: 'fixing' });
    const watching = statusPage('update', { cause: 'payment-provider', status_state: 'monitoring' });
    expect(stateAt('update', fixing.facts, false)).toBe('identified');
    expect(stateAt('update', watching.facts, false)).toBe('monitoring');
    expect(fixing.text.en).toContain('We are working with them to restore payments.');
    expect(fixing.text.en).not.toContain('A fix is in place');
    expect(watching.text.en).toContain('The failure was at our payment provider, and they have fixed it. A fix is in place');
    expect(watching.text.en).not.toContain('We do not know yet when it will be fixed');
    expect(watching.text.fr).toContain('Un correctif est en place');
    expect(watching.text.pl).toContain('Poprawka jest już wdrożona');
    expect(watching.text.he).toContain('התיקון כבר הופעל');
    for (const lang of ['en', 'fr', 'pl', 'he']) expect(watching.text[lang], lang).not.toBe(fixing.text[lang]);
  });

  it('says nothing of it at the resolution, which is resolved', () => {
    const before = statusPage('resolve', { status_state: 'fixing' });
    const after = statusPage('resolve', { status_state: 'monitoring' });
    expect(after.text).toEqual(before.text);
    expect(stateAt('resolve', after.facts, false)).toBe('resolved');
  });
});

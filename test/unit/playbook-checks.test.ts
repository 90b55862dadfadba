// The cross-checks the schema cannot express, each at the place a reviewer would fix.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/playbook/config.js';
import type { Config } from '../../src/playbook/model.js';
import { checkPlaybook } from '../../src/playbook/checks.js';
import { coerceInput } from '../../src/playbook/inputs.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';

const PLAYBOOK = `id: supply-delay
title: Supplier or carrier delay
summary: Orders ship late.
severities:
  - { id: sev1, label: Most orders affected, cadence: 2h }
  - { id: sev2, label: Some orders affected, cadence: 12h }
default_severity: sev2
owners:
  incident-lead: Runs the response
  comms-lead: Approves every outward statement
inputs:
  - id: affected_products
    prompt: Which products are affected?
    type: list
    required: true
    example: [Winter parka, Thermal gloves]
  - id: new_ship_date
    prompt: New ship date?
    type: date
    example: 2026-12-03
  - id: compensation
    prompt: What do we offer?
    type: choice
    choices: [none, free-shipping, discount-10]
    example: free-shipping
  - id: detected_at
    prompt: When was it detected?
    type: datetime
    example: 2026-12-01T08:00:00+01:00
steps:
  - { id: confirm-scope, phase: assess, owner: incident-lead, within: 30m, do: Confirm the scope. }
  - { id: tell-support, phase: respond, owner: comms-lead, within: 1h, from: detected_at, do: Brief support. }
statements:
  - { id: customer-email, channel: email, audience: affected-customers, owner: comms-lead, stages: [start, update] }
  - { id: sms, channel: sms, audience: affected-customers, owner: comms-lead, stages: [start] }
`;

const CONFIG = parseConfig(
  'crisis.config.yaml',
  `organization: Acme
timezone: Europe/Paris
languages: [en]
roster:
  incident-lead: { name: Dana }
  comms-lead: { name: Marc }
`,
).config!;

type Edit = [from: string | RegExp, to: string];

/** Problems of the playbook after the edits, as `line:col code: message (hint)` lines a test can read. */
function check(edits: Edit[], opts: { file?: string; config?: Config } = {}): string[] {
  let text = PLAYBOOK;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    expect(next, `edit ${String(from)} applies`).not.toBe(text);
    text = next;
  }
  const parsed = parsePlaybook('playbooks/supply-delay.yaml', text, 'project');
  expect(parsed.problems, 'the edited playbook passes the schema').toEqual([]);
  return checkPlaybook(parsed.loaded!, opts.file ?? 'supply-delay', opts.config).map(
    (p) => `${p.line}:${p.col} ${p.severity} ${p.code}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`,
  );
}

describe('checkPlaybook', () => {
  it('finds nothing wrong in a sound playbook', () => {
    expect(check([], { config: CONFIG })).toEqual([]);
  });

  it('an id that is not the file name', () => {
    expect(check([], { file: 'supply-delays' })).toEqual([
      '1:5 error id-file-mismatch: id "supply-delay" does not match the file name "supply-delays.yaml" (rename the file to supply-delay.yaml or set id: supply-delays)',
    ]);
  });

  it('ids Windows cannot check out (con, nul, aux, com1...), for the playbook and its statements', () => {
    expect(check([['id: supply-delay', 'id: con']], { file: 'con' })).toEqual([
      '1:5 error id-reserved-name: id "con" is a name Windows reserves for a device (a clone on Windows could not check out the file; pick another id, e.g. con-incident)',
    ]);
    expect(check([['id: sms,', 'id: com1,']])).toEqual([
      '35:11 error id-reserved-name: statement id "com1" is a name Windows reserves for a device (its template and statement files could not be checked out on Windows; pick another id)',
    ]);
    expect(check([['id: sms,', 'id: console,']])).toEqual([]);
  });

  it('a duplicate id in any list, at the second, saying where the first is', () => {
    expect(check([['id: tell-support', 'id: confirm-scope']])).toEqual([
      '32:11 error duplicate-id: steps has "confirm-scope" twice (rename one; the first is on line 31)',
    ]);
    expect(check([['id: sms,', 'id: customer-email,']])).toEqual([
      '35:11 error duplicate-id: statements has "customer-email" twice (rename one; the first is on line 34)',
    ]);
    expect(check([['- id: new_ship_date', '- id: affected_products']])).toEqual([
      '17:9 error duplicate-id: inputs has "affected_products" twice (rename one; the first is on line 12)',
    ]);
  });

  it('a default severity that is not declared: "did you mean" only when one is clearly meant', () => {
    expect(check([['default_severity: sev2', 'default_severity: sev-2']])).toEqual([
      '7:19 error unknown-severity: default_severity "sev-2" is not a severity; declared: sev1, sev2 (did you mean "sev2"?)',
    ]);
    // sev3 is as close to sev1 as to sev2: no coin toss.
    expect(check([['default_severity: sev2', 'default_severity: sev3']])).toEqual([
      '7:19 error unknown-severity: default_severity "sev3" is not a severity; declared: sev1, sev2 (pick one of the severities)',
    ]);
  });

  it('an unknown role in a step and in a statement, at the owner, listing the declared roles', () => {
    expect(
      check([
        ['owner: incident-lead, within: 30m', 'owner: incident-laed, within: 30m'],
        ['owner: comms-lead, stages: [start] }', 'owner: ceo, stages: [start] }'],
      ]),
    ).toEqual([
      '31:48 error unknown-role: unknown role "incident-laed"; declared: incident-lead, comms-lead (did you mean "incident-lead"?)',
      '35:67 error unknown-role: unknown role "ceo"; declared: incident-lead, comms-lead (declare it under owners:)',
    ]);
  });

  it('a role nobody is on the roster for: a warning at the role, only when there is a config', () => {
    const config = { ...CONFIG, roster: { 'incident-lead': { name: 'Dana' } } };
    expect(check([], { config })).toEqual([
      '10:3 warning role-not-on-roster: role "comms-lead" has no one on the roster; statements name the role instead of a person (add to crisis.config.yaml: roster: { comms-lead: { name: ..., contact: ... } })',
    ]);
    expect(check([])).toEqual([]);
  });

  it('an input that hides a template variable', () => {
    expect(check([['- id: compensation', '- id: org']])).toEqual([
      '21:9 error reserved-input-id: input id "org" hides the template variable of the same name (rename it; reserved: org, incident, owners, lang)',
    ]);
  });

  it('choices without a choice type, and a choice without choices', () => {
    expect(check([['    type: choice\n    choices: [none, free-shipping, discount-10]\n    example: free-shipping\n', '    type: choice\n']])).toEqual([
      '23:11 error choice-without-choices: input "compensation" is a choice but has no choices (add choices: [a, b])',
      '21:5 warning missing-example: input "compensation" has no example (add example: so validate and preview can render the statements)',
    ]);
    expect(
      check([
        ['type: choice', 'type: string'],
        ['example: free-shipping', 'example: some text'],
      ]),
    ).toEqual(['24:14 error choices-without-choice: input "compensation" has choices but is of type string (set type: choice, or remove choices)']);
  });

  it('examples and defaults of the wrong type, at the value, with the nearest choice when one is meant', () => {
    expect(check([['example: free-shipping', 'example: free_shipping']])).toEqual([
      '25:14 error bad-example: example of input "compensation": compensation must be one of none, free-shipping, discount-10, got "free_shipping" (did you mean "free-shipping"?)',
    ]);
    expect(check([['example: 2026-12-03', 'example: 2026-02-30']])).toEqual([
      '20:14 error bad-example: example of input "new_ship_date": new_ship_date must be a date like 2026-12-03, got "2026-02-30"',
    ]);
    expect(check([['example: 2026-12-01T08:00:00+01:00', 'example: yesterday morning']])).toEqual([
      expect.stringMatching(/^29:14 error bad-example: example of input "detected_at": detected_at must be a time: ISO 8601/),
    ]);
    expect(check([['example: [Winter parka, Thermal gloves]', 'example: [{ name: parka }]']])).toEqual([
      '16:14 error bad-example: example of input "affected_products": affected_products must be a list of text, got [{"name":"parka"}]',
    ]);
    expect(check([['example: free-shipping', 'example: free-shipping\n    default: gift']])).toEqual([
      '26:14 error bad-default: default of input "compensation": compensation must be one of none, free-shipping, discount-10, got "gift"',
    ]);
  });

  it('an input without an example: a warning, since validate cannot render it', () => {
    expect(check([['    example: 2026-12-03\n', '']])).toEqual([
      '17:5 warning missing-example: input "new_ship_date" has no example (add example: so validate and preview can render the statements)',
    ]);
  });

  it('a deadline counted from an input that is not a datetime, or not an input at all', () => {
    expect(check([['from: detected_at', 'from: new_ship_date']])).toEqual([
      '32:78 error from-not-datetime: step "tell-support" counts from "new_ship_date", a date input (a deadline runs from a datetime input, e.g. detected_at (type: datetime))',
    ]);
    expect(check([['from: detected_at', 'from: detected']])).toEqual([
      '32:78 error unknown-input: step "tell-support" counts from "detected", which is not an input; inputs: affected_products, new_ship_date, compensation, detected_at (did you mean "detected_at"?)',
    ]);
  });

  it('reports every problem of a playbook in one run', () => {
    const found = check(
      [
        ['default_severity: sev2', 'default_severity: sev9'],
        ['owner: comms-lead, within: 1h', 'owner: support, within: 1h'],
        ['from: detected_at', 'from: new_ship_date'],
      ],
      { file: 'other' },
    );
    expect(found.map((l) => l.split(' ')[2])).toEqual(['id-file-mismatch:', 'unknown-severity:', 'unknown-role:', 'from-not-datetime:']);
  });
});

describe('answers with control characters', () => {
  const clock = { now: new Date('2026-03-10T09:00:00Z'), timeZone: 'Europe/Paris' };
  const list = { id: 'affected_products', prompt: 'Which?', type: 'list' as const };
  const textInput = { id: 'what_happened', prompt: 'What?', type: 'text' as const };

  it('are refused, saying which character and where', () => {
    expect(coerceInput(list, 'Gloves\r\nBcc: evil@x.example', clock)).toEqual({
      ok: false,
      reason:
        'affected_products holds a carriage return (U+000D) at character 7: answers may not hold control characters (they can break a heading, an email header or a terminal)',
    });
    expect(coerceInput(list, ['Parka', 'Gl\u001b]8;;http://x\u0007oves'], clock)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('an escape (ESC) (U+001B) at character 3'),
    });
    expect(coerceInput(textInput, 'txt\u202Egpj.exe', clock)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('a right-to-left override (U+202E)'),
    });
    expect(coerceInput({ ...textInput, type: 'string' }, 'one\ntwo', clock)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('a line break (U+000A)'),
    });
  });

  it('a text keeps its line breaks, pasted Windows ones included', () => {
    expect(coerceInput(textInput, 'First line\r\nSecond line', clock)).toEqual({ ok: true, value: 'First line\nSecond line' });
  });
});

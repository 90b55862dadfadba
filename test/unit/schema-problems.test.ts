// Schema errors as a playbook author meets them: located, saying what is allowed, with a hint.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/playbook/config.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';

const PLAYBOOK = `id: checkout-down
title: Checkout is down
summary: Customers cannot pay.
severities:
  - { id: sev1, label: Nobody can pay, cadence: 30m }
default_severity: sev1
owners:
  incident-lead: Runs the response
  comms-lead: Approves every outward statement
inputs:
  - id: failing_methods
    prompt: Which payment methods fail?
    type: list
    example: [Visa, PayPal]
steps:
  - { id: confirm-scope, phase: assess, owner: incident-lead, within: 15m, do: Confirm which methods fail. }
statements:
  - { id: customer-email, channel: email, audience: affected-customers, owner: comms-lead, stages: [start, update] }
`;

/** The problems of the playbook with `from` replaced by `to`, without the file name. */
function problemsOf(from: string | RegExp, to: string) {
  const text = PLAYBOOK.replace(from, to);
  expect(text, 'the edit applies').not.toBe(PLAYBOOK);
  const { loaded, problems } = parsePlaybook('playbooks/checkout-down.yaml', text, 'project');
  expect(loaded).toBeUndefined();
  return problems.map(({ file, ...p }) => {
    expect(file).toBe('playbooks/checkout-down.yaml');
    return p;
  });
}

describe('schema problems', () => {
  it('the base playbook is valid', () => {
    expect(parsePlaybook('p.yaml', PLAYBOOK, 'project').problems).toEqual([]);
  });

  it('an unknown key: at the key, with "did you mean" and the allowed keys, and no second error for the key it misspells', () => {
    expect(problemsOf('steps:', 'stpes:')).toEqual([
      {
        line: 15,
        col: 1,
        code: 'schema-unknown-key',
        severity: 'error',
        message: 'unknown key "stpes"',
        hint: 'did you mean "steps"? allowed: id, title, summary, languages, severities, default_severity, owners, inputs, steps, statements',
      },
    ]);
  });

  it('an unknown key inside a list item names the item the way the YAML reads', () => {
    expect(problemsOf('do: Confirm', 'doo: Confirm')).toEqual([
      {
        line: 16,
        col: 76,
        code: 'schema-unknown-key',
        severity: 'error',
        message: 'unknown key "doo" in steps[0]',
        hint: 'did you mean "do"? allowed: id, phase, owner, within, from, do',
      },
    ]);
  });

  it('an unknown key far from every allowed one lists them without guessing', () => {
    expect(problemsOf('summary:', 'x-team: payments\nescalation: yes\nsummary:')).toEqual([
      expect.objectContaining({ line: 4, col: 1, message: 'unknown key "escalation"', hint: expect.stringMatching(/^allowed: id, /) }),
    ]);
  });

  it('a missing key: at the object that lacks it (the nearest node), with what to add', () => {
    expect(problemsOf(', do: Confirm which methods fail.', '')).toEqual([
      { line: 16, col: 5, code: 'schema-missing-key', severity: 'error', message: 'missing required key "do" in steps[0]', hint: 'add do:' },
    ]);
    expect(problemsOf(/^title: .*\n/m, '')).toEqual([
      { line: 1, col: 1, code: 'schema-missing-key', severity: 'error', message: 'missing required key "title"', hint: 'add title:' },
    ]);
  });

  it('a value not among the allowed: at the value, listing them, guessing only when one is close', () => {
    expect(problemsOf('phase: assess', 'phase: asses')).toEqual([
      {
        line: 16,
        col: 33,
        code: 'schema-not-allowed',
        severity: 'error',
        message: 'steps[0].phase must be one of: detect, assess, respond, update, resolve, review',
        hint: 'did you mean "assess"?',
      },
    ]);
    expect(problemsOf('type: list', 'type: array')).toEqual([
      {
        line: 13,
        col: 11,
        code: 'schema-not-allowed',
        severity: 'error',
        message: 'inputs[0].type must be one of: string, text, number, boolean, date, datetime, choice, list',
      },
    ]);
  });

  it('a malformed duration or id says what the format is', () => {
    expect(problemsOf('within: 15m', 'within: 2 hours')).toEqual([
      {
        line: 16,
        col: 71,
        code: 'schema-bad-format',
        severity: 'error',
        message: 'steps[0].within must be a duration: a whole number and m, h or d, e.g. "30m", "2h", "3d"',
      },
    ]);
    expect(problemsOf('cadence: 30m', 'cadence: 0m')).toEqual([expect.objectContaining({ code: 'schema-bad-format', line: 5, col: 49 })]);
    expect(problemsOf('id: checkout-down', 'id: ../../x')).toEqual([
      {
        line: 1,
        col: 5,
        code: 'schema-bad-format',
        severity: 'error',
        message: 'id must be lowercase letters, digits and dashes (kebab-case), e.g. "confirm-scope"',
      },
    ]);
    expect(problemsOf('summary: Customers cannot pay.', 'summary: Customers cannot pay.\nlanguages: [en, EN_us]')).toEqual([
      {
        line: 4,
        col: 17,
        code: 'schema-bad-format',
        severity: 'error',
        message: 'languages[1] must be a language tag (BCP 47), e.g. "en", "fr", "pt-BR"',
      },
    ]);
    expect(problemsOf('- id: failing_methods', '- id: Failing-Methods')).toEqual([
      expect.objectContaining({
        line: 11,
        col: 9,
        message: 'inputs[0].id must be lowercase letters, digits and underscores, starting with a letter (snake_case), e.g. "new_ship_date"',
      }),
    ]);
  });

  it('a role that is not kebab-case: at that key, with its kebab-case spelling', () => {
    expect(problemsOf('  comms-lead: Approves', '  Comms_Lead: Approves')).toEqual([
      {
        line: 9,
        col: 3,
        code: 'schema-bad-key',
        severity: 'error',
        message: 'owners key "Comms_Lead" is not kebab-case',
        hint: 'use lowercase letters, digits and dashes: "comms-lead"',
      },
    ]);
  });

  it('a wrong type says the type in words', () => {
    expect(problemsOf(/steps:\n.*\n/, 'steps: none\n')).toEqual([
      { line: 15, col: 8, code: 'schema-wrong-type', severity: 'error', message: 'steps must be a list' },
    ]);
    const scalar = parsePlaybook('p.yaml', 'just some words\n', 'project').problems;
    expect(scalar).toEqual([expect.objectContaining({ line: 1, col: 1, code: 'schema-wrong-type', message: 'document must be a mapping' })]);
  });

  it("limits in plain words, not ajv's", () => {
    expect(problemsOf(/statements:\n.*\n/, 'statements: []\n')).toEqual([
      { line: 17, col: 13, code: 'schema-min-items', severity: 'error', message: 'statements needs at least 1 item' },
    ]);
    expect(problemsOf('title: Checkout is down', 'title: ""')).toEqual([
      { line: 2, col: 8, code: 'schema-min-length', severity: 'error', message: 'title must not be empty' },
    ]);
    expect(problemsOf('stages: [start, update]', 'stages: [start, update], max_length: 0')).toEqual([
      expect.objectContaining({ code: 'schema-minimum', message: 'statements[0].max_length must be at least 1' }),
    ]);
    expect(problemsOf(/owners:\n.*\n.*\n/, 'owners: {}\n')).toEqual([
      { line: 7, col: 9, code: 'schema-min-properties', severity: 'error', message: 'owners needs at least 1 entry' },
    ]);
  });

  it('a stage listed twice: at the second one', () => {
    expect(problemsOf('stages: [start, update]', 'stages: [start, update, start]')).toEqual([
      {
        line: 18,
        col: 116,
        code: 'schema-unique-items',
        severity: 'error',
        message: 'statements[0].stages has "start" twice',
        hint: 'list each one once',
      },
    ]);
  });

  it('reports every schema problem of a file in one run, each at its place', () => {
    const text = PLAYBOOK.replace('phase: assess', 'phase: asses').replace('channel: email', 'channel: e-mail').replace('cadence: 30m', 'cadence: 30 min');
    const { problems } = parsePlaybook('p.yaml', text, 'project');
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [5, 'schema-bad-format'],
      [16, 'schema-not-allowed'],
      [18, 'schema-not-allowed'],
    ]);
  });

  it('extension keys (x-...) are allowed', () => {
    expect(parsePlaybook('p.yaml', `${PLAYBOOK}x-team: payments\n`, 'project').problems).toEqual([]);
  });
});

describe('schema problems of the config', () => {
  const CONFIG = 'organization: Acme\ntimezone: Europe/Paris\nlanguages: [en, fr]\nroster:\n  comms-lead: { name: Marc }\n';

  it('a roster role that is not kebab-case, at its key', () => {
    const { config, problems } = parseConfig('crisis.config.yaml', CONFIG.replace('comms-lead:', 'Comms Lead:'));
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, col: 3, code: 'schema-bad-key', hint: 'use lowercase letters, digits and dashes: "comms-lead"' }),
    ]);
  });

  it('a misspelt key gets its "did you mean"', () => {
    const { problems } = parseConfig('crisis.config.yaml', CONFIG.replace('timezone:', 'time_zone:'));
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        col: 1,
        code: 'schema-unknown-key',
        message: 'unknown key "time_zone"',
        hint: expect.stringMatching(/^did you mean "timezone"\?/),
      }),
    ]);
  });

  it('an unknown time zone or language, at its value', () => {
    expect(parseConfig('c.yaml', CONFIG.replace('Europe/Paris', 'Europe/Lyon')).problems).toEqual([
      expect.objectContaining({ line: 2, col: 11, code: 'config-bad-timezone', message: 'unknown time zone "Europe/Lyon"' }),
    ]);
  });

  it('keeps only what ICU knew: an unknown zone is reported on every run with a cache, a known one asked once', () => {
    const kept = new Map<string, string>();
    const cache = { get: (k: string) => kept.get(k), set: (k: string, v: string) => void kept.set(k, v) };
    const lyon = CONFIG.replace('Europe/Paris', 'Europe/Lyon');
    for (const _ of [1, 2]) expect(parseConfig('c.yaml', lyon, cache).problems.map((p) => p.code)).toEqual(['config-bad-timezone']);
    expect([...kept.keys()].filter((k) => k.includes('Lyon'))).toEqual([]);
    expect(parseConfig('c.yaml', CONFIG, cache).config?.timezone).toBe('Europe/Paris');
    expect([...kept.keys()].filter((k) => k.startsWith('icu ') && k.includes('Europe/Paris'))).toHaveLength(1);
    expect(parseConfig('c.yaml', CONFIG, cache).config?.timezone).toBe('Europe/Paris');
  });
});

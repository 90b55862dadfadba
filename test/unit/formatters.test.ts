// The output formats of `crisis validate`, as pure functions of the problems found.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/problem/problem.js';
import { FORMATTERS } from '../../src/format/index.js';
import type { FormatInput } from '../../src/format/types.js';

const PB = 'playbooks/checkout-down.yaml';
const TPL = 'templates/checkout-down/sms.en.hbs';

const unknownRole: Problem = {
  file: PB,
  line: 3,
  col: 12,
  code: 'unknown-role',
  severity: 'error',
  message: 'unknown role "ceo"; declared: comms-lead, incident-lead',
  hint: 'declare it under owners:',
};
const phrase: Problem = {
  file: TPL,
  line: 1,
  col: 9,
  code: 'discouraged-phrase',
  severity: 'warning',
  message: 'sms (en, start) says "rest assured"',
};

function input(problems: Problem[], over: Partial<FormatInput> = {}): FormatInput {
  return {
    problems,
    sources: {
      [PB]: 'id: checkout-down\nsteps:\n  - { owner: ceo, within: 1h }\n',
      [TPL]: 'Hello.\tRest assured, {{org.organization}} is on it.\n',
    },
    playbooks: [{ file: PB, id: 'checkout-down', problems }],
    sms: [],
    color: false,
    strict: false,
    ...over,
  };
}

describe('text', () => {
  it('prints file:line:col, the source line with a caret under the column, the hint, and a count', () => {
    expect(FORMATTERS.text!(input([unknownRole, phrase]))).toBe(
      [
        'playbooks/checkout-down.yaml:3:12: error: unknown role "ceo"; declared: comms-lead, incident-lead [unknown-role]',
        '    - { owner: ceo, within: 1h }',
        '             ^',
        '  hint: declare it under owners:',
        'templates/checkout-down/sms.en.hbs:1:9: warning: sms (en, start) says "rest assured" [discouraged-phrase]',
        '  Hello. Rest assured, {{org.organization}} is on it.',
        '          ^',
        '1 playbook checked: 1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('keeps the caret under the column in a file saved on Windows (BOM, CRLF)', () => {
    const out = FORMATTERS.text!(input([unknownRole], { sources: { [PB]: '\uFEFFid: checkout-down\r\nsteps:\r\n  - { owner: ceo, within: 1h }\r\n' } }));
    expect(out.split('\n').slice(1, 3)).toEqual(['    - { owner: ceo, within: 1h }', '             ^']);
  });

  it('shows no source line for a whole-file problem, nor for a binary file', () => {
    const missing: Problem = { file: 'crisis', line: 0, col: 0, code: 'file-missing', severity: 'error', message: 'x.yaml does not exist' };
    const binary: Problem = { file: 'playbooks/x.yaml', line: 1, col: 1, code: 'file-binary', severity: 'error', message: 'not a text file' };
    expect(FORMATTERS.text!(input([missing, binary], { sources: { 'playbooks/x.yaml': '\u001b[31mPNG\0\0' }, playbooks: [] }))).toBe(
      [
        'crisis: error: x.yaml does not exist [file-missing]',
        'playbooks/x.yaml:1:1: error: not a text file [file-binary]',
        '0 playbooks checked: 2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('shows a window of a long line, the caret still under the column', () => {
    const long = `title: ${'a'.repeat(300)}X${'b'.repeat(300)}`;
    const at: Problem = { file: PB, line: 1, col: long.indexOf('X') + 1, code: 'x', severity: 'error', message: 'm' };
    const [, shown, caret] = FORMATTERS.text!(input([at], { sources: { [PB]: long } })).split('\n');
    expect(shown!.length).toBeLessThan(170);
    expect(shown).toMatch(/^  …a+Xb+…$/);
    expect(shown![caret!.indexOf('^')]).toBe('X');
  });

  it('shows the control characters of a source line, a message and a hint escaped, the caret still under the column', () => {
    const at: Problem = { file: PB, line: 1, col: 12, code: 'x', severity: 'error', message: 'unknown key "\u001b]0;pwned\u0007"', hint: 'rename \u202eit' };
    const out = FORMATTERS.text!(input([at], { sources: { [PB]: 'title: \u001b[2Jgone\u0007' } }));
    const [first, shown, caret, hint] = out.split('\n');
    expect(first).toBe('playbooks/checkout-down.yaml:1:12: error: unknown key "\\x1B]0;pwned\\x07" [x]');
    expect(shown).toBe('  title: \\x1B[2Jgone\\x07');
    expect(shown![caret!.indexOf('^')]).toBe('g');
    expect(hint).toBe('  hint: rename \\u202Eit');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });

  it('says when warnings fail under --strict, and when all is clean', () => {
    expect(
      FORMATTERS.text!(input([phrase], { strict: true }))
        .trimEnd()
        .split('\n')
        .at(-1),
    ).toBe('1 playbook checked: 0 errors, 1 warning (--strict: warnings fail)');
    expect(FORMATTERS.text!(input([]))).toBe('1 playbook checked: no problems\n');
  });

  it('colours only when asked', () => {
    expect(FORMATTERS.text!(input([unknownRole]))).not.toMatch(/\u001b\[/);
    expect(FORMATTERS.text!(input([unknownRole], { color: true }))).toMatch(/\u001b\[31merror\u001b\[39m/);
  });

  it('lists the SMS that need more than one segment', () => {
    const sms = [
      {
        playbook: 'checkout-down',
        statement: 'sms',
        lang: 'en',
        stage: 'start' as const,
        length: 120,
        encoding: 'GSM-7' as const,
        units: 120,
        segments: 1,
        perSegment: 160,
      },
      {
        playbook: 'checkout-down',
        statement: 'sms',
        lang: 'he',
        stage: 'start' as const,
        length: 90,
        encoding: 'UCS-2' as const,
        units: 90,
        segments: 2,
        perSegment: 67,
      },
    ];
    expect(FORMATTERS.text!(input([], { sms }))).toBe(
      [
        'SMS: 2 renders checked, 1 over one segment:',
        '  checkout-down/sms (he, start): 90 characters, 2 SMS segments (UCS-2, 90 units, 67 a segment)',
        '1 playbook checked: no problems',
        '',
      ].join('\n'),
    );
  });
});

describe('github', () => {
  it('one ::error or ::warning line a problem, with file, line, col and where the marked text ends', () => {
    expect(FORMATTERS.github!(input([unknownRole, phrase]))).toBe(
      [
        '::error file=playbooks/checkout-down.yaml,line=3,col=12,endLine=3,endColumn=12,title=crisis unknown-role::unknown role "ceo"; declared: comms-lead, incident-lead%0Adeclare it under owners:',
        '::warning file=templates/checkout-down/sms.en.hbs,line=1,col=9,endLine=1,endColumn=11,title=crisis discouraged-phrase::sms (en, start) says "rest assured"',
        '1 playbook checked: 1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('escapes what would break the one-line command: newlines and % in the message, commas and colons in properties', () => {
    const odd: Problem = {
      file: 'play,books/a:b.yaml',
      line: 2,
      col: 1,
      code: 'x',
      severity: 'error',
      message: '100% broken\r\nsecond line: here, there',
      hint: 'a\nb',
    };
    const [line] = FORMATTERS.github!(input([odd])).split('\n');
    expect(line).toBe(
      '::error file=play%2Cbooks/a%3Ab.yaml,line=2,col=1,endLine=2,endColumn=1,title=crisis x::100%25 broken%0D%0Asecond line: here, there%0Aa%0Ab',
    );
  });

  it('leaves out the place for a whole-file problem', () => {
    const whole: Problem = { file: 'crisis.config.yaml', line: 0, col: 0, code: 'config-missing', severity: 'error', message: 'no config' };
    expect(FORMATTERS.github!(input([whole])).split('\n')[0]).toBe('::error file=crisis.config.yaml,title=crisis config-missing::no config');
  });
});

describe('junit', () => {
  const junit = (problems: Problem[], over: Partial<FormatInput> = {}) => FORMATTERS.junit!(input(problems, over));

  it('a testsuite a playbook, a failing testcase for each error with its file and line; warnings go to system-out', () => {
    expect(junit([unknownRole, phrase])).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="crisis validate" tests="1" failures="1">',
        '    <testsuite name="checkout-down" file="playbooks/checkout-down.yaml" tests="1" failures="1">',
        '      <testcase classname="crisis.validate.checkout-down" name="unknown-role at playbooks/checkout-down.yaml:3:12" file="playbooks/checkout-down.yaml" line="3">',
        '        <failure message="unknown role &quot;ceo&quot;; declared: comms-lead, incident-lead" type="unknown-role">playbooks/checkout-down.yaml:3:12: error: unknown role "ceo"; declared: comms-lead, incident-lead [unknown-role]',
        '  hint: declare it under owners:</failure>',
        '      </testcase>',
        '      <system-out>templates/checkout-down/sms.en.hbs:1:9: warning: sms (en, start) says "rest assured" [discouraged-phrase]</system-out>',
        '    </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('one failure per problem: two errors in one playbook are two failing testcases', () => {
    const second: Problem = { ...unknownRole, line: 9, col: 3, message: 'unknown role "cfo"' };
    const out = junit([unknownRole, second], { playbooks: [{ file: PB, id: 'checkout-down', problems: [unknownRole, second] }] });
    expect(out).toContain('<testsuites name="crisis validate" tests="2" failures="2">');
    expect(out.match(/<failure /g)).toHaveLength(2);
    expect(out).toContain('file="playbooks/checkout-down.yaml" line="9"');
  });

  it('warnings fail under --strict', () => {
    const out = junit([phrase], { strict: true });
    expect(out).toContain('<testsuites name="crisis validate" tests="1" failures="1">');
    expect(out).toContain(
      '<failure message="sms (en, start) says &quot;rest assured&quot;" type="discouraged-phrase">templates/checkout-down/sms.en.hbs:1:9: warning:',
    );
    expect(out).not.toContain('<system-out>');
  });

  it('a clean playbook is a passing testcase', () => {
    expect(junit([])).toContain('<testcase classname="crisis.validate.checkout-down" name="valid" file="playbooks/checkout-down.yaml" />');
  });

  it('escapes markup, and shows as escapes every character XML 1.0 cannot hold (controls, U+FFFF, half a surrogate pair)', () => {
    const nasty: Problem = {
      file: 'p&q.yaml',
      line: 1,
      col: 1,
      code: 'x',
      severity: 'error',
      message: '<script> & "quotes" \u0007bell \u001b[31m \uffff \ud800 ok \u{1F600}\ttab',
    };
    const out = junit([nasty], { playbooks: [{ file: 'p&q.yaml', id: 'a<b', problems: [nasty] }] });
    expect(out).toContain('<testsuite name="a&lt;b" file="p&amp;q.yaml"');
    expect(out).toContain('p&amp;q.yaml:1:1: error: &lt;script&gt; &amp; "quotes" \\u0007bell \\u001B[31m \\uFFFF \\uD800 ok \u{1F600}\ttab [x]');
    expect(out).toContain('message="&lt;script&gt; &amp; &quot;quotes&quot; \\u0007bell \\u001B[31m \\uFFFF \\uD800 ok \u{1F600}&#9;tab"');
    expect(out).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  });

  it('problems of the configuration get their own testsuite', () => {
    const config: Problem = {
      file: 'crisis.config.yaml',
      line: 3,
      col: 11,
      code: 'config-bad-timezone',
      severity: 'error',
      message: 'unknown time zone "Europe/Lyon"',
    };
    const out = junit([config], { playbooks: [{ file: PB, id: 'checkout-down', problems: [] }] });
    expect(out).toContain('tests="2" failures="1"');
    expect(out).toContain('<testsuite name="configuration" file="crisis.config.yaml" tests="1" failures="1">');
  });
});

describe('json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/validate-report.schema.json', import.meta.url), 'utf8'));
  const check = new Ajv2020.default({ allErrors: true, strict: true }).compile(schema);

  it('is version 1: the problems with 1-based positions and ends, a summary, the playbooks and the SMS, as its schema says', () => {
    const out = FORMATTERS.json!(
      input([unknownRole, phrase], {
        version: '9.9.9',
        playbooks: [
          { file: PB, id: 'checkout-down', problems: [unknownRole, phrase] },
          { file: 'playbooks/broken.yaml', problems: [] },
        ],
      }),
    );
    expect(out.endsWith('\n')).toBe(true);
    const report = JSON.parse(out);
    expect(report).toEqual({
      version: 1,
      tool: { name: 'crisis', version: '9.9.9' },
      problems: [
        {
          code: 'unknown-role',
          severity: 'error',
          message: unknownRole.message,
          hint: unknownRole.hint,
          file: PB,
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 12,
        },
        { code: 'discouraged-phrase', severity: 'warning', message: phrase.message, hint: null, file: TPL, line: 1, column: 9, endLine: 1, endColumn: 11 },
      ],
      summary: { ok: false, errors: 1, warnings: 1, playbooks: 2, strict: false },
      playbooks: [
        { file: PB, id: 'checkout-down', errors: 1, warnings: 1 },
        { file: 'playbooks/broken.yaml', id: null, errors: 0, warnings: 0 },
      ],
      sms: [],
    });
    expect(check(report), JSON.stringify(check.errors)).toBe(true);
  });

  it('is ok with warnings only, unless --strict makes them fail: ok says what the exit status says', () => {
    expect(JSON.parse(FORMATTERS.json!(input([phrase]))).summary.ok).toBe(true);
    expect(JSON.parse(FORMATTERS.json!(input([phrase], { strict: true }))).summary.ok).toBe(false);
    expect(JSON.parse(FORMATTERS.json!(input([], { strict: true }))).summary.ok).toBe(true);
  });
});

describe('sarif', () => {
  const whole: Problem = { file: 'crisis.config.yaml', line: 0, col: 0, code: 'config-missing', severity: 'error', message: 'no config' };
  const log = JSON.parse(FORMATTERS.sarif!(input([unknownRole, phrase, whole], { version: '1.2.3' })));

  it('is SARIF 2.1.0 with one run of the crisis driver at its version', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toMatchObject({ name: 'crisis', semanticVersion: '1.2.3' });
  });

  it('has a rule per code found, with its help and a link to its entry in docs/codes.md', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(['config-missing', 'discouraged-phrase', 'unknown-role']);
    for (const rule of rules) {
      expect(rule.helpUri).toBe(`https://unpkg.com/crisis-playbooks@1.2.3/docs/codes.md#${rule.id}`);
      expect(rule.help.text.length, rule.id).toBeGreaterThan(20);
      expect(rule.help.markdown).toContain(rule.helpUri);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    }
  });

  it('a result per problem, at its file from %SRCROOT% and its region (endColumn after the last character)', () => {
    const results = log.runs[0].results;
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({
      ruleId: 'unknown-role',
      ruleIndex: 2,
      level: 'error',
      message: { text: `${unknownRole.message}\n${unknownRole.hint}` },
      locations: [
        { physicalLocation: { artifactLocation: { uri: PB, uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 12, endLine: 3, endColumn: 13 } } },
      ],
    });
    expect(results[1].level).toBe('warning');
    expect(results[2].locations[0].physicalLocation.region).toEqual({ startLine: 1 });
  });
});

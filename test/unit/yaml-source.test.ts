import { describe, expect, it } from 'vitest';
import { locate, normaliseText, parseYaml, pointerOf } from '../../src/playbook/yaml-source.js';

const PLAYBOOK = `id: supply-delay
title: Supplier delay
owners:
  incident-lead: Runs the response
steps:
  - id: confirm-scope
    owner: incident-lead
    within: 30m
  - { id: tell-customers, owner: comms-lead, within: 1h }
empty:
`;

describe('parseYaml + locate: where each value and key is', () => {
  const { value, source, problems } = parseYaml('playbooks/supply-delay.yaml', PLAYBOOK);

  it('parses a clean file with no problems', () => {
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ id: 'supply-delay', steps: [{ id: 'confirm-scope' }, { id: 'tell-customers' }] });
  });

  it('points at values, 1-based, in block and flow style', () => {
    expect(locate(source, '/id')).toEqual({ file: 'playbooks/supply-delay.yaml', line: 1, col: 5 });
    expect(locate(source, pointerOf('steps', 0, 'owner'))).toEqual({ file: 'playbooks/supply-delay.yaml', line: 7, col: 12 });
    expect(locate(source, pointerOf('steps', 1, 'owner'))).toMatchObject({ line: 9, col: 34 });
    expect(locate(source, pointerOf('steps', 1))).toMatchObject({ line: 9, col: 5 });
  });

  it('points at keys when asked, and at values otherwise', () => {
    expect(locate(source, pointerOf('owners', 'incident-lead'), { key: true })).toMatchObject({ line: 4, col: 3 });
    expect(locate(source, pointerOf('owners', 'incident-lead'))).toMatchObject({ line: 4, col: 18 });
  });

  it('points a key with no value just after its colon, where the value is missing', () => {
    expect(locate(source, '/empty')).toMatchObject({ line: 10, col: 7 });
    expect(locate(source, '/empty', { key: true })).toMatchObject({ line: 10, col: 1 });
  });

  it('falls back to the nearest parent that exists', () => {
    // An ajv `required` error has the object as its path, a made-up child has none: both land on the object.
    expect(locate(source, pointerOf('steps', 0, 'do'))).toMatchObject({ line: 6, col: 5 });
    expect(locate(source, pointerOf('steps', 7, 'id'))).toMatchObject({ line: 6, col: 3 });
    expect(locate(source, '/nothing/here')).toMatchObject({ line: 1, col: 1 });
  });

  it('escapes / and ~ in pointers as JSON Pointer does', () => {
    const parsed = parseYaml('f.yaml', 'owners:\n  a/b: x\n  c~d: y\n');
    expect(pointerOf('owners', 'a/b')).toBe('/owners/a~1b');
    expect(locate(parsed.source, pointerOf('owners', 'a/b'))).toMatchObject({ line: 2, col: 8 });
    expect(locate(parsed.source, pointerOf('owners', 'c~d'))).toMatchObject({ line: 3, col: 8 });
  });
});

describe('parseYaml: files saved on Windows', () => {
  it('reads a byte-order mark and CRLF line ends as if they were not there', () => {
    const windows = `\uFEFF${PLAYBOOK.replace(/\n/g, '\r\n')}`;
    const plain = parseYaml('f.yaml', PLAYBOOK);
    const parsed = parseYaml('f.yaml', windows);
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual(plain.value);
    expect((parsed.value as { title: string }).title).toBe('Supplier delay'); // no stray \r
    expect(parsed.source.values).toEqual(plain.source.values);
    expect(parsed.source.keys).toEqual(plain.source.keys);
  });

  it('normalises old Mac line ends too', () => {
    expect(normaliseText('\uFEFFa: 1\rb: 2\r\n')).toBe('a: 1\nb: 2\n');
  });
});

describe('parseYaml: broken and hostile files give located problems, never a throw', () => {
  const only = (text: string) => {
    const result = parseYaml('f.yaml', text);
    expect(result.value).toBeUndefined();
    return result.problems.map(({ line, col, code, severity }) => ({ line, col, code, severity }));
  };

  it('an empty file, or one with only comments', () => {
    expect(only('')).toEqual([{ line: 1, col: 1, code: 'file-empty', severity: 'error' }]);
    expect(only('# to do\n\n   \n')).toEqual([{ line: 1, col: 1, code: 'file-empty', severity: 'error' }]);
  });

  it('a binary file', () => {
    expect(only('\u0089PNG\r\n\u001a\n\0\0\0\rIHDR')).toEqual([{ line: 1, col: 1, code: 'file-binary', severity: 'error' }]);
  });

  it('a UTF-16 file read as UTF-8 (its byte-order mark became two replacement characters)', () => {
    expect(only('\uFFFD\uFFFDi\0d\0:\0')).toEqual([{ line: 1, col: 1, code: 'file-utf16', severity: 'error' }]);
  });

  it('a file too large to be a playbook', () => {
    expect(only(`x: "${'a'.repeat(1024 * 1024)}"\n`)[0]?.code).toBe('file-too-large');
  });

  it('a YAML alias bomb (billion laughs), at its first alias, quickly', () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 12; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const started = Date.now();
    expect(only(`${lines.join('\n')}\n`)).toEqual([{ line: 2, col: 8, code: 'yaml-alias-bomb', severity: 'error' }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an alias without its anchor', () => {
    const result = parseYaml('f.yaml', 'id: x\nowner: *lead\n');
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 2, col: 8, code: 'yaml-bad-alias', message: 'alias *lead has no anchor &lead before it' }),
    ]);
  });

  it('__proto__, constructor and prototype keys, wherever they are', () => {
    expect(only('__proto__: { polluted: true }\n')).toEqual([{ line: 1, col: 1, code: 'dangerous-key', severity: 'error' }]);
    expect(only('owners:\n  constructor: x\nsteps:\n  - { prototype: 1 }\n')).toEqual([
      { line: 2, col: 3, code: 'dangerous-key', severity: 'error' },
      { line: 4, col: 7, code: 'dangerous-key', severity: 'error' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('nesting deep enough to blow a recursive walk', () => {
    expect(only(`${'['.repeat(100)}${']'.repeat(100)}\n`)[0]?.code).toBe('yaml-too-deep');
  });

  it('absurd nesting of any kind, refused before the parser recurses into it (which can kill the process)', () => {
    const deep = {
      flow: `id: x\nsteps: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      maps: `id: x\nsteps: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`,
      dashes: `${'- '.repeat(100_000)}x\n`,
      questions: `${'? '.repeat(100_000)}x\n`,
      indentation: Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
    };
    const started = Date.now();
    expect(Object.fromEntries(Object.entries(deep).map(([k, text]) => [k, only(text)]))).toEqual({
      flow: [{ line: 2, col: 208, code: 'yaml-too-deep', severity: 'error' }],
      maps: [{ line: 2, col: 808, code: 'yaml-too-deep', severity: 'error' }],
      dashes: [{ line: 1, col: 1, code: 'yaml-too-deep', severity: 'error' }],
      questions: [{ line: 1, col: 1, code: 'yaml-too-deep', severity: 'error' }],
      indentation: [{ line: 202, col: 1, code: 'yaml-too-deep', severity: 'error' }],
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an unclosed bracket, at the bracket, once (not the dozen echoes on the lines below)', () => {
    const result = parseYaml('f.yaml', 'id: x\nsteps:\n  - { id: a, do: b\n  - { id: c }\ntitle: t\nsummary: s\n');
    expect(result.problems).toEqual([
      {
        file: 'f.yaml',
        line: 3,
        col: 5,
        code: 'yaml-unclosed-bracket',
        severity: 'error',
        message: 'this { is not closed with }',
        hint: 'close it with }, or quote the value if the { is part of the text',
      },
    ]);
  });

  it('a plain value with ": " in it, with a hint to quote it', () => {
    const result = parseYaml('f.yaml', 'id: x\nsummary: Down: checkout fails\n');
    expect(result.problems).toEqual([expect.objectContaining({ line: 2, col: 10, severity: 'error', hint: expect.stringContaining('quote a value') })]);
  });

  it('a tab used as indentation', () => {
    expect(only('owners:\n\tlead: x\n')).toEqual([{ line: 2, col: 1, code: 'yaml-tab-as-indent', severity: 'error' }]);
  });

  it('every duplicate key (each is its own mistake)', () => {
    expect(only('id: a\ntitle: t\nid: b\nowners:\n  x: 1\n  x: 2\n')).toEqual([
      { line: 3, col: 1, code: 'yaml-duplicate-key', severity: 'error' },
      { line: 6, col: 3, code: 'yaml-duplicate-key', severity: 'error' },
    ]);
  });

  it('keys that are not plain text', () => {
    expect(only('? [a, b]\n: c\n')).toEqual([{ line: 1, col: 3, code: 'yaml-complex-key', severity: 'error' }]);
  });

  it('YAML 1.1 booleans and timestamps stay text (the core schema): no surprise types', () => {
    const { value, problems } = parseYaml('f.yaml', '%YAML 1.1\n---\na: yes\nb: 2026-03-10\nc: on\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({ a: 'yes', b: '2026-03-10', c: 'on' });
  });

  it('never throws on arbitrary text', () => {
    const samples = [
      '{',
      ']',
      ': :',
      '- - -',
      '&a *a',
      '!!binary x',
      '%TAG ! x\n---\n!x y',
      '"\\u',
      "'",
      '|\n  x\n y',
      '---\n---\n',
      '? ',
      'a: !!js/function f',
      '\u2028',
    ];
    for (const text of samples) expect(() => parseYaml('f.yaml', text), JSON.stringify(text)).not.toThrow();
  });
});

describe('parses kept between runs', () => {
  const memory = () => {
    const kept = new Map<string, string>();
    return { kept, cache: { get: (k: string) => kept.get(k), set: (k: string, v: string) => void kept.set(k, v) } };
  };
  const text = 'id: supply-delay\nseverities:\n  - id: sev1\n    cadence: 1h\n';

  it('gives back the same value and positions, under the file name asked for', () => {
    const { kept, cache } = memory();
    const first = parseYaml('a.yaml', text, cache);
    expect(kept.size).toBe(1);
    const again = parseYaml('b.yaml', text, cache);
    expect(again.value).toEqual(first.value);
    expect(locate(again.source, '/severities/0/cadence')).toEqual({ file: 'b.yaml', line: 4, col: 14 });
  });

  it('parses an edited file, a damaged entry and values JSON cannot keep', () => {
    const { kept, cache } = memory();
    parseYaml('a.yaml', text, cache);
    expect(parseYaml('a.yaml', text.replace('1h', '2h'), cache).value).toMatchObject({ severities: [{ cadence: '2h' }] });
    for (const k of kept.keys()) kept.set(k, '{"value":');
    expect(parseYaml('a.yaml', text, cache).value).toMatchObject({ id: 'supply-delay' });
    kept.clear();
    expect(parseYaml('a.yaml', 'limit: .inf\n', cache).value).toEqual({ limit: Infinity });
    expect(parseYaml('a.yaml', 'id: [\n', cache).problems).not.toHaveLength(0);
    expect(kept.size).toBe(0);
  });
});

// docs/codes.md explains every problem code the source can report: the codes are read from the
// source the way it writes them (the first argument of problem/warning/fail/issue, a `code:`
// field), and the codes built from a library's own (yaml-*, schema-*) are expanded from it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const CODE = "'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'";
const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => ({ file: `src/${f}`, text: read(join('src', f)) }));

function codesInSource(): Set<string> {
  const codes = new Set<string>();
  // problem('x', ...), fail(cond ? 'x' : 'y', ...), this.issue(file, node, 'x', ...), { code: 'x' }
  const call = new RegExp(`\\b(?:problem|warning|fail|issue)\\(\\s*(?:[\\w.]+,\\s*){0,3}(?:[\\w.!]+\\s*\\?\\s*)?${CODE}(?:\\s*:\\s*${CODE})?`, 'g');
  const field = new RegExp(`\\bcode: ${CODE}`, 'g');
  for (const { text } of sources) {
    for (const m of text.matchAll(call)) [m[1], m[2]].forEach((c) => c && codes.add(c));
    for (const m of text.matchAll(field)) codes.add(m[1]!);
  }
  return codes;
}

/** Codes made in a template literal: each family is expanded here, and a new one fails until it is. */
function builtCodes(): Set<string> {
  const found = sources.flatMap(({ text }) => [...text.matchAll(/(?:\b(?:problem|warning|fail)\(\s*|\bcode = )`([a-z-]*)\$\{/g)].map((m) => m[1]!));
  expect([...new Set(found)].sort(), 'a new kind of built code: expand it in this test').toEqual(['bad-', 'schema-', 'yaml-']);
  const codes = new Set<string>();
  // checks.ts: for (const key of ['example', 'default']) ... problem(`bad-${key}`
  const keys = /for \(const key of \[([^\]]+)\] as const\)[^]*?problem\(`bad-\$\{key\}`/.exec(read('src/playbook/checks.ts'))![1]!;
  for (const k of keys.matchAll(/'(\w+)'/g)) codes.add(`bad-${k[1]}`);
  // yaml-source.ts: `yaml-${e.code}` over the yaml library's error codes
  const yamlCodes = /ErrorCode = ([^;]+);/.exec(read('node_modules/yaml/dist/errors.d.ts'))![1]!;
  for (const c of yamlCodes.matchAll(/'(\w+)'/g)) codes.add(`yaml-${c[1]!.toLowerCase().replace(/_/g, '-')}`);
  // schema-problems.ts: named cases, and `schema-<keyword>` for any other keyword the schemas use
  const mapper = read('src/playbook/schema-problems.ts');
  for (const m of mapper.matchAll(/'(min-items|min-properties)'/g)) codes.add(`schema-${m[1]}`);
  const handled = new Set([...mapper.matchAll(/case '(\w+)':/g)].map((m) => m[1]!));
  const keywords = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' || k === '$defs' || k === 'patternProperties') Object.values(v as object).forEach(walk);
      else {
        keywords.add(k);
        walk(v);
      }
    }
  };
  for (const name of ['playbook', 'config']) walk(JSON.parse(read(`schema/${name}.schema.json`)));
  const VALIDATING = [
    'type',
    'enum',
    'const',
    'pattern',
    'format',
    'minimum',
    'maximum',
    'minLength',
    'maxLength',
    'minItems',
    'maxItems',
    'uniqueItems',
    'minProperties',
    'maxProperties',
    'required',
    'additionalProperties',
    'propertyNames',
    'oneOf',
    'anyOf',
    'not',
    'if',
  ];
  for (const k of keywords) if (VALIDATING.includes(k) && !handled.has(k)) codes.add(`schema-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  return codes;
}

const documented = () => new Set([...read('docs/codes.md').matchAll(/^### `([a-z0-9-]+)`$/gm)].map((m) => m[1]!));

it('explains every code the source can report', () => {
  const all = new Set([...codesInSource(), ...builtCodes()]);
  expect(all.size).toBeGreaterThan(100);
  const docs = documented();
  expect([...all].filter((c) => !docs.has(c)).sort(), 'codes missing from docs/codes.md').toEqual([]);
});

it('explains no code the source does not have, each with a meaning, an example naming it, and a fix', () => {
  const all = new Set([...codesInSource(), ...builtCodes()]);
  const docs = documented();
  expect(
    [...docs].filter((c) => !all.has(c)),
    'codes in docs/codes.md the source never reports',
  ).toEqual([]);
  for (const section of read('docs/codes.md').split(/^### /m).slice(1)) {
    const code = /^`([a-z0-9-]+)`/.exec(section)![1]!;
    expect(section, code).toMatch(/^`[a-z0-9-]+`\n\n[A-Z`].+\n/);
    expect(section, code).toContain(`[${code}]\n\`\`\``);
    expect(section, code).toMatch(/\*\*Fix:\*\* \S/);
  }
});

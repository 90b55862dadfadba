// Random damage to valid projects (byte flips, lost and doubled lines, values of the wrong type,
// renamed keys, random Unicode, deep nesting, huge strings) must end in a report, never a crash
// or a hang. The bulk runs in-process through the pure core (validate, answers, render), where a
// throw is a bug; a smaller sample runs the built CLI, where the exit must be 0, 1 or 2, in
// bounded time, with no stack trace and no "internal error".
// FUZZ_RUNS and FUZZ_SAMPLES scale the two parts; FUZZ_SEED replays a run; FUZZ_LAST=<file> keeps
// the case being run there, to find one that hangs (a hang is caught only by the test's timeout).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseFactsFile, resolveFacts } from '../../src/incident/facts.js';
import { parseConfig } from '../../src/playbook/config.js';
import { clockFor } from '../../src/playbook/inputs.js';
import { renderStage } from '../../src/incident/lifecycle.js';
import type { ParseCache } from '../../src/playbook/model.js';
import { STAGES, type Stage, type TemplateSet } from '../../src/playbook/model.js';
import { languagesOf, parsePlaybook } from '../../src/playbook/playbook.js';
import { checkPlaybook } from '../../src/playbook/checks.js';
import { hasErrors } from '../../src/problem/problem.js';
import { validateProject, type PlaybookFiles } from '../../src/validate/validate.js';
import { fileIdOf } from '../../src/playbook/index.js';
import { BIN, CRISIS_NOW } from '../e2e/exec.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 800);
const SAMPLES = Number(process.env.FUZZ_SAMPLES ?? 16);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
// One case in-process: a generous bound for a loaded 2-core machine (a clean case takes ~20 ms).
const CASE_MS = 5_000;
// One CLI run: start-up included.
const RUN_MS = 20_000;

// ---------------------------------------------------------------------------------------------
// The valid projects mutated: the clean fixture (en, he) and a shipped playbook (en, fr, pl, he).

type Project = {
  id: string;
  config: string;
  playbook: string;
  templates: Record<string, string>;
  partials: Record<string, string>;
  answers: Record<string, unknown>;
};

async function readFolder(dir: string): Promise<Record<string, string>> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.hbs'))) out[name.slice(0, -4)] = await readFile(join(dir, name), 'utf8');
  return out;
}

async function loadProject(root: string, id: string, answers: Record<string, unknown>): Promise<Project> {
  return {
    id,
    config: await readFile(join(root, 'crisis.config.yaml'), 'utf8'),
    playbook: await readFile(join(root, 'playbooks', `${id}.yaml`), 'utf8'),
    templates: await readFolder(join(root, 'templates', id)),
    partials: await readFolder(join(root, 'templates', 'partials')),
    answers,
  };
}

const BASES = await Promise.all([
  loadProject(fileURLToPath(new URL('../fixtures/good/', import.meta.url)), 'checkout-down', {
    failing_methods: ['Visa', 'PayPal'],
    detected_at: '-20m',
    orders_affected: 12,
    fix_eta: '16:30',
  }),
  loadProject(
    fileURLToPath(new URL('../../', import.meta.url)),
    'supply-delay',
    parse(await readFile(fileURLToPath(new URL('../../playbooks/supply-delay.yaml', import.meta.url)), 'utf8')).inputs.reduce(
      (acc: Record<string, unknown>, i: { id: string; example?: unknown }) => (i.example === undefined ? acc : { ...acc, [i.id]: i.example }),
      {},
    ),
  ),
]);

// ---------------------------------------------------------------------------------------------
// Mutations, as data: fast-check shrinks them and prints the smallest one that fails.

type TextOp =
  | { op: 'flip'; at: number; char: string }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'huge'; at: number; size: number; char: string }
  | { op: 'nest'; at: number; depth: number; kind: 'flow' | 'map' | 'block' };
type TreeOp = { op: 'retype'; pick: number; value: unknown } | { op: 'rename'; pick: number; name: string } | { op: 'drop'; pick: number };

const SPECIAL = [
  '\0',
  '\t',
  '\n',
  '\r',
  ':',
  '-',
  '{',
  '}',
  '[',
  ']',
  '&',
  '*',
  '!',
  '%',
  '"',
  "'",
  '#',
  '|',
  '>',
  '@',
  '`',
  '\\',
  '\u202e',
  '\ufeff',
  '\ud83d\ude00',
  '\u05d0',
];
const HANDLEBARS = [
  '{{',
  '}}',
  '{{#each failing_methods}}',
  '{{/each}}',
  '{{#if incident.next_update_at}}',
  '{{/if}}',
  '{{else}}',
  '{{> help}}',
  '{{> nowhere}}',
  '{{constructor.name}}',
  '{{lookup this "__proto__"}}',
  '{{org.__proto__}}',
  '{{@root.constructor}}',
  '{{date incident.now "bogus"}}',
  '{{date incident.next_update_at "long"}}',
  '{{plural 3 one="# x"}}',
  '{{money "a" "EUR"}}',
  '{{list org}}',
  '{{duration "5x"}}',
  '{{{org.organization}}}',
  '{{!-- note --}}',
  '{{#with org}}{{../lang}}{{/with}}',
  '{{number 1e309}}',
  '{{eq}}',
  '{{not}}',
  '{{#each org}}{{@key}}{{/each}}',
];

const charArb = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const textOpArb = (fragments: readonly string[] = []): fc.Arbitrary<TextOp> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), char: charArb }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }) },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        text: fragments.length
          ? fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 12 }))
          : fc.string({ unit: 'binary', maxLength: 12 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('huge' as const),
        at: fc.nat(),
        size: fc.constantFrom(20_000, 200_000, 1_100_000),
        char: fc.constantFrom('a', 'é', '\u05d0', ' ', '{'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('nest' as const),
        at: fc.nat(),
        depth: fc.constantFrom(20, 65, 500, 5_000),
        kind: fc.constantFrom('flow' as const, 'map' as const, 'block' as const),
      }),
    },
  );

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '-20m',
    '16:30',
    '+2h',
    '2026-12-03',
    '2026-03-10T10:00:00+01:00',
    'yes',
    'free-shipping',
    'Visa,PayPal',
    '{{#each}}',
    '{{constructor.constructor}}',
    '__proto__',
    'sev1',
    '30m',
    'en',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);
const keyArb = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'type', 'stages', 'owner', 'cadence', 'example', 'default', 'required'),
  fc.string({ maxLength: 10 }),
);
const treeOpArb: fc.Arbitrary<TreeOp> = fc.oneof(
  fc.record({ op: fc.constant('retype' as const), pick: fc.nat(), value: valueArb }),
  fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), name: keyArb }),
  fc.record({ op: fc.constant('drop' as const), pick: fc.nat() }),
);
const few = <T>(arb: fc.Arbitrary<T>, max: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant([] as T[]) }, { weight: 2, arbitrary: fc.array(arb, { minLength: 1, maxLength: max }) });

const caseArb = fc.record({
  // The shipped playbook is checked in four languages and costs five times more: one case in five.
  base: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
  config: fc.oneof({ weight: 6, arbitrary: fc.constant([] as TextOp[]) }, { weight: 1, arbitrary: fc.array(textOpArb(), { minLength: 1, maxLength: 2 }) }),
  playbookTree: few(treeOpArb, 3),
  playbookText: few(textOpArb(), 3),
  template: fc.nat(),
  templateText: few(textOpArb(HANDLEBARS), 4),
  answers: fc.record({
    json: fc.boolean(),
    entries: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('failing_methods', 'orders_affected', 'fix_eta', 'detected_at', 'affected_products', 'new_ship_date', 'compensation', 'cause'),
          keyArb,
        ),
        valueArb,
      ),
      { maxLength: 4 },
    ),
    text: few(textOpArb(), 2),
  }),
  stage: fc.constantFrom(...STAGES),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function lines(text: string, at: number) {
  const all = text.split('\n');
  return { all, i: all.length ? at % all.length : 0 };
}

function applyText(text: string, ops: readonly TextOp[]): string {
  for (const o of ops) {
    const pos = text.length ? o.at % (text.length + 1) : 0;
    switch (o.op) {
      case 'flip':
        text = text.slice(0, pos) + o.char + text.slice(pos + 1);
        break;
      case 'delete-line': {
        const { all, i } = lines(text, o.at);
        all.splice(i, 1);
        text = all.join('\n');
        break;
      }
      case 'duplicate-line': {
        const { all, i } = lines(text, o.at);
        all.splice(i, 0, all[i] ?? '');
        text = all.join('\n');
        break;
      }
      case 'insert':
        text = text.slice(0, pos) + o.text + text.slice(pos);
        break;
      case 'huge':
        text = text.slice(0, pos) + o.char.repeat(o.size) + text.slice(pos);
        break;
      case 'nest': {
        const { all, i } = lines(text, o.at);
        const deep =
          o.kind === 'flow'
            ? `${'['.repeat(o.depth)}x${']'.repeat(o.depth)}`
            : o.kind === 'map'
              ? `${'{a: '.repeat(o.depth)}x${'}'.repeat(o.depth)}`
              : Array.from({ length: Math.min(o.depth, 500) }, (_, d) => `\n${'  '.repeat(d + 1)}k${d}:`).join('') + ' x';
        all.splice(i, 0, `nested: ${deep}`);
        text = all.join('\n');
        break;
      }
    }
  }
  return text;
}

/** Every (container, key) in a parsed YAML value, in document order. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push([value as Record<string, unknown>, k]), slots(v, out));
  return out;
}

function applyTree(text: string, ops: readonly TreeOp[]): string {
  if (!ops.length) return text;
  const doc = parse(text);
  for (const o of ops) {
    const all = slots(doc);
    if (!all.length) break;
    const [container, key] = all[o.pick % all.length]!;
    if (o.op === 'retype') (container as Record<string | number, unknown>)[key] = o.value;
    else if (Array.isArray(container)) container.splice(key as number, 1);
    else {
      // Rebuilt with defineProperty-like semantics (fromEntries): a `__proto__` key is an own key, as YAML would have it.
      const entries = Object.entries(container)
        .map(([k, v]) => (k === key && o.op === 'rename' ? [o.name, v] : [k, v]))
        .filter(([k]) => o.op === 'rename' || k !== key);
      for (const k of Object.keys(container)) delete container[k];
      for (const [k, v] of entries) Object.defineProperty(container, k as string, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return stringify(doc);
}

type Mutated = {
  id: string;
  config: string;
  playbook: string;
  templates: Record<string, string>;
  partials: Record<string, string>;
  answersFile: string;
  answers: string;
  stage: Stage;
};

function mutate(c: Case): Mutated {
  const base = BASES[c.base]!;
  const keys = Object.keys(base.templates).sort();
  const chosen = keys[c.template % keys.length]!;
  const answers: Record<string, unknown> = { ...base.answers };
  for (const [k, v] of c.answers.entries) Object.defineProperty(answers, k, { value: v, enumerable: true, writable: true, configurable: true });
  return {
    id: base.id,
    config: applyText(base.config, c.config),
    playbook: applyText(applyTree(base.playbook, c.playbookTree), c.playbookText),
    templates: { ...base.templates, [chosen]: applyText(base.templates[chosen]!, c.templateText) },
    partials: base.partials,
    answersFile: c.answers.json ? 'answers.json' : 'answers.yaml',
    answers: applyText(c.answers.json ? JSON.stringify(answers) : stringify(answers), c.answers.text),
    stage: c.stage,
  };
}

// ---------------------------------------------------------------------------------------------
// In-process: the pure core, the way the commands call it.

function templateSet(m: Mutated): TemplateSet {
  const file = (dir: string, key: string, text: string) => ({ file: `templates/${dir}/${key}.hbs`, text });
  return {
    statements: Object.fromEntries(Object.entries(m.templates).map(([k, t]) => [k, file(m.id, k, t)])),
    partials: Object.fromEntries(Object.entries(m.partials).map(([k, t]) => [k, file('partials', k, t)])),
  };
}

// Parses kept between cases, as the CLI keeps them between runs: a mutated file misses, the others hit.
const kept = new Map<string, string>();
const cache: ParseCache = { get: (key) => kept.get(key), set: (key, value) => void kept.set(key, value) };

const counts = { inProcess: 0, validated: 0, rendered: 0, renderedOk: 0, subprocess: 0, cliRuns: 0 };

function runCore(m: Mutated): void {
  const templates = templateSet(m);
  const playbookFile: PlaybookFiles = { file: `playbooks/${m.id}.yaml`, text: m.playbook, origin: 'project', templatesDir: `templates/${m.id}`, templates };
  validateProject({ config: { file: 'crisis.config.yaml', text: m.config }, playbooks: [playbookFile] }, { cache });
  counts.validated++;

  // Then what start, update, resolve and render do once a playbook loads.
  const config = parseConfig('crisis.config.yaml', m.config).config;
  const loaded = parsePlaybook(playbookFile.file, m.playbook, 'project').loaded;
  const parsedAnswers = parseFactsFile(m.answersFile, m.answers);
  if (!config || !loaded || hasErrors(checkPlaybook(loaded, fileIdOf(playbookFile.file), config)) || !parsedAnswers.answers) return;
  const pb = loaded.playbook;
  const now = new Date(CRISIS_NOW);
  const facts = resolveFacts(pb, [parsedAnswers.answers], clockFor(pb, now, config.timezone), { useDefaults: true });
  const severity = pb.severities.find((s) => s.id === pb.default_severity) ?? pb.severities[0]!;
  const r = renderStage({
    playbook: pb,
    config,
    templates,
    cache,
    id: `fuzz-${pb.id}`,
    title: pb.title,
    severity,
    languages: languagesOf(pb, config),
    facts: facts.facts,
    stage: m.stage,
    number: 1,
    updateNumber: m.stage === 'start' ? 0 : 1,
    startedAt: CRISIS_NOW,
    now,
    nextUpdate: m.stage === 'resolve' ? null : CRISIS_NOW,
  });
  counts.rendered++;
  if (r.ok) {
    counts.renderedOk++;
    for (const f of r.stage.files) expect(typeof f.content).toBe('string');
  }
}

// ---------------------------------------------------------------------------------------------
// The built CLI on disk.

async function writeProject(dir: string, m: Mutated): Promise<void> {
  const files: Record<string, string> = {
    'crisis.config.yaml': m.config,
    [`playbooks/${m.id}.yaml`]: m.playbook,
    [m.answersFile]: m.answers,
    ...Object.fromEntries(Object.entries(m.templates).map(([k, t]) => [`templates/${m.id}/${k}.hbs`, t])),
    ...Object.fromEntries(Object.entries(m.partials).map(([k, t]) => [`templates/partials/${k}.hbs`, t])),
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

type Run = { args: string[]; code: number | null; signal: string | null; stderr: string; ms: number };

function cli(args: string[], cwd: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', CRISIS_NOW, CRISIS_CACHE_DIR: 'off' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ args, code, signal, stderr, ms: Date.now() - started });
    });
  });
}

async function runCli(m: Mutated, root: string, n: number): Promise<Run[]> {
  const dir = join(root, `case-${n}`);
  await writeProject(dir, m);
  const runs = [];
  for (const args of [
    ['validate'],
    ['render', m.id, '--yes', '--answers', m.answersFile, '--stage', m.stage, '--out', 'out'],
    ['start', m.id, '--yes', '--dry-run', '--answers', m.answersFile, '--out', 'incidents'],
  ])
    runs.push(await cli(args, dir));
  counts.cliRuns += runs.length;
  return runs;
}

// ---------------------------------------------------------------------------------------------

describe('fuzzed playbooks, templates and answers', () => {
  afterAll(() => {
    // The figure the README quotes.
    console.log(
      `fuzz (seed ${SEED}): ${counts.inProcess} cases in-process (${counts.rendered} rendered, ${counts.renderedOk} cleanly), ${counts.subprocess} through the CLI (${counts.cliRuns} runs)`,
    );
  });

  it(`the core never throws and never takes more than ${CASE_MS} ms (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const m = mutate(c);
        if (process.env.FUZZ_LAST) writeFileSync(process.env.FUZZ_LAST, JSON.stringify(c));
        const started = performance.now();
        runCore(m);
        counts.inProcess++;
        expect(performance.now() - started).toBeLessThan(CASE_MS);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it(`the CLI ends in 0, 1 or 2, in time, without a stack trace (${SAMPLES} cases, 3 commands each)`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'crisis-fuzz-'));
    try {
      const cases = fc.sample(caseArb, { numRuns: SAMPLES, seed: SEED + 1 });
      // Two at a time: a 2-core machine.
      const results: { c: Case; runs: Run[] }[] = [];
      for (let i = 0; i < cases.length; i += 2) {
        results.push(...(await Promise.all(cases.slice(i, i + 2).map(async (c, j) => ({ c, runs: await runCli(mutate(c), root, i + j) })))));
      }
      for (const { c, runs } of results) {
        counts.subprocess++;
        for (const r of runs) {
          const where = `crisis ${r.args.join(' ')} on case ${JSON.stringify(c).slice(0, 2_000)}`;
          expect([0, 1, 2], `${where}: exit ${r.code} (signal ${r.signal})\n${r.stderr}`).toContain(r.code);
          expect(r.stderr, where).not.toMatch(/^\s+at /m);
          expect(r.stderr, where).not.toContain('internal error');
          expect(r.ms, where).toBeLessThan(RUN_MS);
        }
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

// Hostile and broken input: each case gets a clear error with the right exit code, never a stack
// trace, a hang or a write. The project is a copy of the good fixture three folders deep in a
// temporary root, so "nothing written" is checked on the whole root, `../../x` included.
// Inputs are in test/fixtures/hostile/; the big and binary ones are made here.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, cp, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, crisis, CRISIS_NOW, type Result } from './exec.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const HOSTILE = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FACTS = ['--set', 'failing_methods=Visa', '--set', 'detected_at=-20m'];
const STACK = /^\s+at /m;

let root: string;
let project: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'crisis-hostile-'));
  project = join(root, 'a', 'b', 'project');
  await cp(GOOD, project, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const hostile = (path: string) => join(HOSTILE, path);
const usePlaybook = (name: string) => cp(hostile(`playbooks/${name}`), join(project, 'playbooks', 'checkout-down.yaml'));

/** Runs crisis in the project; the template cache is off, so a run that writes nothing writes nothing anywhere. */
async function run(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const r = await crisis(args, { cwd: project, env: { CRISIS_CACHE_DIR: 'off', ...env } });
  if (!args.includes('--debug')) expect(r.stderr, 'a stack trace reached the user').not.toMatch(STACK);
  return r;
}

/** Every file and folder under the root, with its type, size and time: what "nothing written" compares. */
async function snapshot(): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true })) {
    const s = await lstat(join(root, entry));
    seen[entry] = `${s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : 'file'}:${s.isDirectory() ? '' : s.size}:${s.mtimeMs}`;
  }
  return seen;
}

/** Runs a command that must fail with `code` and `message` (on stderr, or stdout for validate's report) and change nothing. */
async function refused(args: string[], code: number, message: string | RegExp, env: Record<string, string> = {}): Promise<Result> {
  const before = await snapshot();
  const r = await run(args, env);
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code });
  expect(args[0] === 'validate' ? r.stdout : r.stderr).toMatch(message);
  expect(await snapshot()).toEqual(before);
  return r;
}

describe('YAML alias bombs', () => {
  it('in a playbook: validate and start refuse it at once', async () => {
    await usePlaybook('alias-bomb.yaml');
    const bomb = /playbooks\/checkout-down\.yaml:\d+:\d+: error: too many alias expansions \(a YAML alias bomb\?\) \[yaml-alias-bomb\]/;
    const started = Date.now();
    await refused(['validate'], 1, bomb);
    await refused(['start', 'checkout-down', '--yes', ...FACTS], 1, bomb);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('in an answers file', async () => {
    await refused(
      ['start', 'checkout-down', '--yes', '--answers', hostile('answers/alias-bomb.yaml')],
      1,
      /answers\/alias-bomb\.yaml:3:8: error: too many alias expansions \(a YAML alias bomb\?\) \[yaml-alias-bomb\]/,
    );
  });
});

describe('huge and binary answers files', () => {
  it('over 1 MiB', async () => {
    await writeFile(join(root, 'huge.yaml'), `failing_methods: [${'Visa, '.repeat(200_000)}]\n`);
    await refused(
      ['start', 'checkout-down', '--yes', '--answers', '../../../huge.yaml'],
      1,
      'huge.yaml:1:1: error: file is larger than 1024 KiB [file-too-large]',
    );
  });

  it('far over it: not even read', async () => {
    await writeFile(join(root, 'huge.yaml'), Buffer.alloc(6 * 1024 * 1024, 'a'));
    await refused(['start', 'checkout-down', '--yes', '--answers', '../../../huge.yaml'], 1, /huge\.yaml is too large \(6\.0 MiB\) \[file-too-large\]/);
  });

  it('binary', async () => {
    await writeFile(join(root, 'answers.yaml'), Buffer.concat([Buffer.from('failing_methods: '), randomBytes(4096), Buffer.from([0])]));
    await refused(
      ['start', 'checkout-down', '--yes', '--answers', '../../../answers.yaml'],
      1,
      'answers.yaml:1:1: error: not a text file (it contains NUL bytes) [file-binary]',
    );
  });

  it('a folder', async () => {
    await refused(['start', 'checkout-down', '--yes', '--answers', 'templates'], 1, 'crisis: error: templates is not a file [not-a-file]');
  });
});

describe('__proto__ and constructor keys', () => {
  it('in a playbook', async () => {
    await usePlaybook('proto-key.yaml');
    const proto = 'playbooks/checkout-down.yaml:9:3: error: key "__proto__" is not allowed [dangerous-key]';
    await refused(['validate'], 1, proto);
    await refused(['start', 'checkout-down', '--yes', ...FACTS], 1, proto);
    await usePlaybook('constructor-key.yaml');
    const ctor = 'playbooks/checkout-down.yaml:18:5: error: key "constructor" is not allowed [dangerous-key]';
    await refused(['validate'], 1, ctor);
    await refused(['render', 'checkout-down', ...FACTS], 1, ctor);
  });

  it('in an answers file, YAML or JSON', async () => {
    await refused(
      ['start', 'checkout-down', '--yes', '--answers', hostile('answers/proto.yaml')],
      1,
      /answers\/proto\.yaml:3:1: error: key "__proto__" is not allowed \[dangerous-key\]/,
    );
    await refused(
      ['start', 'checkout-down', '--yes', '--answers', hostile('answers/constructor.json')],
      1,
      /answers\/constructor\.json:4:3: error: key "constructor" is not allowed \[dangerous-key\]/,
    );
  });

  it('as --set ids: unknown facts like any other', async () => {
    await refused(
      ['start', 'checkout-down', '--yes', ...FACTS, '--set', '__proto__=x'],
      1,
      '--set: error: "__proto__" is not a fact of checkout-down [unknown-input]',
    );
    await refused(
      ['start', 'checkout-down', '--yes', ...FACTS, '--set', 'constructor=x'],
      1,
      '--set: error: "constructor" is not a fact of checkout-down [unknown-input]',
    );
  });
});

describe('ids and arguments that are paths', () => {
  it('a playbook whose id is a path', async () => {
    await usePlaybook('path-id.yaml');
    await refused(['validate'], 1, 'playbooks/checkout-down.yaml:1:5: error: id must be lowercase letters, digits and dashes (kebab-case)');
  });

  it('start ../../x does not load a playbook file that is there', async () => {
    const playbook = (await readFile(join(GOOD, 'playbooks', 'checkout-down.yaml'), 'utf8')).replace('id: checkout-down', 'id: x');
    await mkdir(join(root, 'a', 'playbooks'));
    await writeFile(join(root, 'a', 'x.yaml'), playbook);
    await writeFile(join(root, 'a', 'playbooks', 'x.yaml'), playbook);
    await refused(['start', '../../x', '--yes', ...FACTS], 1, 'crisis: error: no playbook "../../x" [unknown-playbook]');
    await refused(['render', '../playbooks/x', ...FACTS], 1, 'crisis: error: no playbook "../playbooks/x" [unknown-playbook]');
  });

  it('update and done ../../x: not an incident', async () => {
    await mkdir(join(root, 'a', 'x'));
    const hint = 'hint: give the folder name under --out (crisis status lists them) or the folder path';
    expect((await refused(['update', '../../x', ...FACTS], 2, 'crisis: error: "../../x" is not an incident [bad-incident]')).stderr).toContain(hint);
    await refused(['done', '../../x', 'confirm-scope'], 2, 'crisis: error: "../../x" is not an incident [bad-incident]');
    await refused(['update', '..', ...FACTS], 2, 'crisis: error: ".." is not an incident [bad-incident]');
  });
});

describe('symlinks in an incident folder', () => {
  let incident: string;
  let elsewhere: string;
  beforeEach(async () => {
    const r = await run(['start', 'checkout-down', '--yes', ...FACTS]);
    expect(r.code, r.stderr).toBe(0);
    incident = join(project, r.stdout.trimEnd().split('\n').at(-1)!);
    elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
  });
  const refusedLink = (link: string) => new RegExp(`error: incidents/[^ ]+/${link.replace(/\./g, '\\.')} is a symbolic link \\[symlink-refused\\]`);

  it('statements -> a folder outside: refused before anything is written or removed there', async () => {
    await rename(join(incident, 'statements'), join(elsewhere, 'statements'));
    await writeFile(join(elsewhere, 'statements', 'precious.txt'), 'keep me');
    await symlink(join(elsewhere, 'statements'), join(incident, 'statements'));
    await refused(['update', incident, '--set', 'orders_affected=3'], 1, refusedLink('statements'));
    await refused(['resolve', incident], 1, refusedLink('statements'));
    expect((await readdir(join(elsewhere, 'statements'))).sort()).toEqual(['01-start', 'precious.txt']);
  });

  it('timeline.jsonl -> a file outside: nothing appended to it; status says so and goes on', async () => {
    await rename(join(incident, 'timeline.jsonl'), join(elsewhere, 'timeline.jsonl'));
    await symlink(join(elsewhere, 'timeline.jsonl'), join(incident, 'timeline.jsonl'));
    await refused(['update', incident, '--set', 'orders_affected=3'], 1, refusedLink('timeline.jsonl'));
    await refused(['done', incident, 'confirm-scope'], 1, refusedLink('timeline.jsonl'));
    const status = await run(['status']);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/timeline\.jsonl:1:1: error: timeline not read: it is a symbolic link \[timeline-unreadable\]\n/);
  });

  it('incident.yaml or a statement -> a file outside: refused before the stage is written', async () => {
    await writeFile(join(elsewhere, 'record.yaml'), 'mine\n');
    await rm(join(incident, 'incident.yaml'));
    await symlink(join(elsewhere, 'record.yaml'), join(incident, 'incident.yaml'));
    await refused(['update', incident, '--set', 'orders_affected=3'], 1, refusedLink('incident.yaml'));
    await rm(join(incident, 'incident.yaml'));
    await rm(join(incident, 'statements', '01-start', 'sms.en.txt'));
    await symlink(join(elsewhere, 'record.yaml'), join(incident, 'statements', '01-start', 'sms.en.txt'));
    await refused(['done', incident, 'confirm-scope'], 1, refusedLink('statements/01-start/sms.en.txt'));
    expect(await readFile(join(elsewhere, 'record.yaml'), 'utf8')).toBe('mine\n');
  });
});

describe('answers that look like Handlebars are data', () => {
  it('are printed as typed, in every statement', async () => {
    const r = await run(['start', 'checkout-down', '--yes', '--answers', hostile('answers/handlebars.yaml')]);
    // Written as typed: the long answers only push the SMS over its budget, which start names and writes anyway.
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^\S+\/sms\.en\.txt: warning: sms \(en, start\) renders \d+ characters, 2 GSM-7 SMS segments: 1 over its budget of 1 .*\[too-long\]\n/,
    );
    expect(r.stderr).not.toMatch(/error/);
    const folder = join(project, r.stdout.trimEnd().split('\n').at(-1)!, 'statements', '01-start');
    const email = await readFile(join(folder, 'customer-email.en.md'), 'utf8');
    expect(email).toContain('{{#each}}, {{constructor.constructor}}, and {{lookup this "__proto__"}}');
    expect(await readFile(join(folder, 'sms.en.txt'), 'utf8')).toContain('{{#each}}');
    // HTML escapes them, and still shows them.
    expect(await readFile(join(folder, 'banner.en.html'), 'utf8')).toContain('{{lookup this &quot;__proto__&quot;}}');
  });

  it('through --set too', async () => {
    const r = await run(['render', 'checkout-down', '--dry-run', '--set', 'failing_methods={{constructor.constructor}}', '--set', 'detected_at=-20m']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Payments with {{constructor.constructor}} are failing');
  });
});

describe('templates that reach for prototypes', () => {
  for (const [snippet, column] of [
    ['constructor-name', 3],
    ['lookup-proto', 15],
    ['org-proto', 3],
  ] as const) {
    it(`${snippet}: a validate error, never rendered output`, async () => {
      const template = join(project, 'templates', 'checkout-down', 'banner.en.hbs');
      const line = (await readFile(template, 'utf8')).split('\n').length;
      await appendFile(template, await readFile(hostile(`templates/${snippet}.hbs`), 'utf8'));
      const at = `templates/checkout-down/banner.en.hbs:${line}:${column}: error: `;
      await refused(['validate'], 1, at);
      for (const args of [
        ['render', 'checkout-down', ...FACTS],
        ['start', 'checkout-down', '--yes', ...FACTS],
        ['start', 'checkout-down', '--yes', '--dry-run', ...FACTS],
      ]) {
        const r = await refused(args, 1, /templates\/checkout-down\/banner\.en\.hbs:\d+:\d+: error: /);
        expect(r.stdout).not.toMatch(/Object|function|\[object/);
      }
    });
  }
});

describe('--out', () => {
  it('that is a file', async () => {
    await refused(
      ['start', 'checkout-down', '--yes', '--out', 'crisis.config.yaml', ...FACTS],
      1,
      /error: --out \S+crisis\.config\.yaml is a file \[out-not-folder\]/,
    );
    await refused(
      ['render', 'checkout-down', '--out', 'crisis.config.yaml', ...FACTS],
      1,
      'crisis: error: --out crisis.config.yaml is a file [out-not-folder]',
    );
  });

  it('under a file', async () => {
    await refused(
      ['start', 'checkout-down', '--yes', '--out', 'crisis.config.yaml/incidents', ...FACTS],
      1,
      /--out \S+crisis\.config\.yaml\/incidents is inside a file \[out-not-folder\]/,
    );
    await refused(
      ['render', 'checkout-down', '--out', 'crisis.config.yaml/statements', ...FACTS],
      1,
      /cannot write into \S+crisis\.config\.yaml\/statements: part of that path is a file \[not-a-folder\]/,
    );
  });
});

describe('wrong facts', () => {
  it('an unknown --set id gets a did-you-mean', async () => {
    const r = await refused(
      ['start', 'checkout-down', '--yes', '--set', 'failing_method=Visa', '--set', 'detected_at=-20m'],
      1,
      '--set: error: "failing_method" is not a fact of checkout-down [unknown-input]',
    );
    expect(r.stderr).toContain('hint: did you mean "failing_methods"? facts: failing_methods, orders_affected, fix_eta, detected_at');
  });

  it('wrongly typed answers are all named, each where it is', async () => {
    const r = await refused(
      ['start', 'checkout-down', '--yes', '--answers', hostile('answers/wrong-types.yaml')],
      1,
      /wrong-types\.yaml:1:1: error: failing_methods must be a list of text, got \{"visa":true\} \[bad-answer\]/,
    );
    expect(r.stderr).toMatch(/wrong-types\.yaml:2:1: error: orders_affected must be a number, got \[1,2\] \[bad-answer\]/);
    expect(r.stderr).toMatch(/wrong-types\.yaml:3:1: error: fix_eta must be a time: .*, got "yes please" \[bad-answer\]/);
    expect(r.stderr).toMatch(/wrong-types\.yaml:4:1: error: detected_at must be a time: .*, got true \[bad-answer\]/);
    // A fact answered wrongly is not also reported as missing.
    expect(r.stderr).not.toContain('has no answer');
    const set = await refused(
      ['render', 'checkout-down', '--set', 'failing_methods=Visa', '--set', 'detected_at=yesterday', '--set', 'orders_affected=a few'],
      1,
      '--set: error: detected_at must be a time',
    );
    expect(set.stderr).toContain('--set: error: orders_affected must be a number, got "a few" [bad-answer]');
  });

  it('a misspelt playbook id gets the closest one', async () => {
    const r = await refused(['start', 'chekout-down', '--yes', ...FACTS], 1, 'crisis: error: no playbook "chekout-down" [unknown-playbook]');
    expect(r.stderr).toContain('hint: did you mean "checkout-down"? (crisis list shows them all)');
    expect((await refused(['show', 'checkout-dwn'], 1, 'no playbook "checkout-dwn"')).stderr).toContain('did you mean "checkout-down"?');
  });
});

describe('stack traces', () => {
  const broken = { NODE_OPTIONS: `--import=${pathToFileURL(hostile('internal-error.mjs')).href}` };

  it('an internal error says so in one line and points to --debug', async () => {
    const r = await run(['list'], broken);
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 1,
      stderr: 'crisis: internal error: simulated failure\n  run again with --debug for the stack trace, and report it\n',
    });
  });

  it('--debug shows the stack of an internal error', async () => {
    const r = await run(['list', '--debug'], broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^crisis: internal error: simulated failure\nError: simulated failure\n\s+at /);
  });
});

describe('not interactive means not interactive', () => {
  // From the repository root, whose demo config makes `crisis start supply-delay` work on a fresh clone.
  const required = async () => {
    const pb = parse(await readFile(join(REPO, 'playbooks', 'supply-delay.yaml'), 'utf8')) as {
      inputs: { id: string; required?: boolean; default?: unknown }[];
    };
    return pb.inputs.filter((i) => i.required && i.default === undefined).map((i) => i.id);
  };

  const expectEveryMissingNamed = async (r: Result) => {
    const ids = await required();
    expect(ids.length).toBeGreaterThan(1);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const id of ids) expect(r.stderr).toContain(`error: required fact "${id}" has no answer`);
    expect(r.stderr).not.toMatch(STACK);
    expect(await readdir(root)).toEqual(['a']);
  };

  it('stdin closed: exit 1 naming every missing required fact', async () => {
    await expectEveryMissingNamed(await crisis(['start', 'supply-delay', '--out', join(root, 'incidents')], { cwd: REPO }));
  });

  it('stdin a pipe that stays open: no prompt, no wait for input', async () => {
    await expectEveryMissingNamed(await spawnWithPipe(['start', 'supply-delay', '--out', join(root, 'incidents')], { end: false }));
  });

  it('stdin a pipe that ends at once: the same, not an interruption', async () => {
    await expectEveryMissingNamed(await spawnWithPipe(['start', 'supply-delay', '--out', join(root, 'incidents')], { end: true }));
  });
});

/** Like exec.ts, but stdin is a pipe; a run that does not end within 20 s is killed and reported as a hang. */
function spawnWithPipe(args: string[], opts: { end: boolean }): Promise<Result> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', CRISIS_NOW };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crisis ${args.join(' ')} hung waiting for input`));
    }, 20_000);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (opts.end) child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ stdout, stderr, code });
    });
  });
}

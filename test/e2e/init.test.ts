// `crisis init` end to end, on the built bin: a fresh folder becomes a project that validates
// clean, a subfolder of a git repository gets its workflow at the root, and no file is ever overwritten.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, crisis } from './exec.js';

const PB = 'site-outage-basic';
const EN_FILES = [
  'crisis.config.yaml',
  `playbooks/${PB}.yaml`,
  `templates/partials/${PB}-eta.en.hbs`,
  `templates/partials/${PB}-next.en.hbs`,
  `templates/partials/${PB}-since.en.hbs`,
  `templates/${PB}/customer-email.en.hbs`,
  `templates/${PB}/sms.en.hbs`,
  `templates/${PB}/status-page.en.hbs`,
  '.gitattributes',
  '.gitignore',
  'package.json',
  '.github/workflows/crisis.yml',
];

const made: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'crisis-init-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  if (!existsSync(join(BIN, '../../dist/cli.js'))) throw new Error('build first: npm run build');
});

/** Every file under a folder with its content, keyed by relative path: compares a whole tree at once. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) out[relative(root, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  return out;
}

describe('crisis init', () => {
  it('scaffolds the current folder in English, prints every path with the folder last, and validates clean', async () => {
    const cwd = freshDir();
    const init = await crisis(['init', '--timezone', 'Europe/Paris'], { cwd });
    expect(init.code).toBe(0);
    expect(init.stdout).toBe([...EN_FILES, '.', ''].join('\n'));
    expect(init.stderr).toContain('npm install');
    expect(init.stderr).toContain('npx crisis validate');
    expect(init.stderr).toContain(`npx crisis start ${PB}`);
    expect(Object.keys(tree(cwd)).sort()).toEqual([...EN_FILES].sort());
    expect(readFileSync(join(cwd, 'crisis.config.yaml'), 'utf8')).toMatch(/^timezone: Europe\/Paris +#.*\nlanguages: \[en\] +#/m);

    const validate = await crisis(['validate', '--strict'], { cwd });
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/1 playbook checked: no problems\n$/);
    expect(validate.code).toBe(0);
  });

  it('scaffolds a named folder in en, fr, pl and he that validates clean, in CI format too', async () => {
    const parent = freshDir();
    const init = await crisis(['init', 'shop', '--lang', 'en,fr,pl,he', '--org', 'Acme Outdoor', '--timezone', 'Europe/Warsaw'], { cwd: parent });
    expect(init.code).toBe(0);
    const lines = init.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + (3 + 3) * 4 + 3 + 1 + 1);
    expect(lines.at(-1)).toBe('shop');
    expect(lines).toContain(`shop/templates/${PB}/sms.he.hbs`);
    expect(init.stderr).toMatch(/\nNext:\n  cd shop\n  npm install /);

    const cwd = join(parent, 'shop');
    const config = readFileSync(join(cwd, 'crisis.config.yaml'), 'utf8');
    expect(config).toContain('organization: "Acme Outdoor"');
    expect(config).toMatch(/^languages: \[en, fr, pl, he\]/m);
    for (const args of [
      ['validate', '--strict'],
      ['validate', '--strict', '--format', 'github'],
    ]) {
      const run = await crisis(args, { cwd });
      expect(run.stderr).toBe('');
      expect(run.code, run.stdout).toBe(0);
    }
  });

  it("takes the machine's time zone when none is given", async () => {
    const cwd = freshDir();
    expect((await crisis(['init'], { cwd, env: { TZ: 'Asia/Tokyo' } })).code).toBe(0);
    expect(readFileSync(join(cwd, 'crisis.config.yaml'), 'utf8')).toMatch(/^timezone: Asia\/Tokyo /m);
  });

  it('never overwrites: writes what is missing, keeps the rest and says what a kept file lacks', async () => {
    const cwd = freshDir();
    writeFileSync(join(cwd, 'crisis.config.yaml'), 'organization: Mine\n');
    writeFileSync(join(cwd, 'package.json'), '{ "name": "shop" }\n');
    mkdirSync(join(cwd, 'playbooks'));
    writeFileSync(join(cwd, 'playbooks', `${PB}.yaml`), 'id: mine\n');
    const before = tree(cwd);

    const run = await crisis(['init', '--timezone', 'UTC'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([...EN_FILES.filter((f) => !(f in before)), '.', ''].join('\n'));
    expect(run.stderr).toMatch(
      new RegExp(
        `^${[
          'kept crisis.config.yaml: it exists, and init never overwrites a file',
          `kept playbooks/${PB}.yaml: it exists, and init never overwrites a file`,
          'kept package.json: it exists, and init never overwrites a file; add crisis to it: npm install --save-dev crisis-playbooks@\\^\\d+\\.\\d+\\.\\d+',
        ].join('\n')}\n`,
      ),
    );
    const after = tree(cwd);
    for (const [file, text] of Object.entries(before)) expect(after[file], file).toBe(text);

    const again = await crisis(['init', '--timezone', 'UTC'], { cwd });
    expect([again.code, again.stdout]).toEqual([0, '.\n']);
    expect(tree(cwd)).toEqual(after);
  });

  it("has no --force: overwriting is the user's to do", async () => {
    const run = await crisis(['init', '--force'], { cwd: freshDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--force'/);
  });

  it('in a subfolder of a git repository, writes the workflow at the root, running in the subfolder', async () => {
    const repo = freshDir();
    execFileSync('git', ['init', '-q', repo]);
    mkdirSync(join(repo, 'docs', 'comms'), { recursive: true });
    const run = await crisis(['init', 'comms', '--timezone', 'UTC'], { cwd: join(repo, 'docs') });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([...EN_FILES.slice(0, -1).map((f) => `comms/${f}`), '../.github/workflows/crisis.yml', 'comms']);
    const workflow = readFileSync(join(repo, '.github/workflows/crisis.yml'), 'utf8');
    expect(workflow).toMatch(/^ +working-directory: docs\/comms$/m);
    expect(workflow).toContain('- "docs/comms/playbooks/**"');
    expect(readFileSync(join(repo, 'docs/comms/crisis.config.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./node_modules/crisis-playbooks/schema/config.schema.json',
    );
  });

  it('ships a starter that passes validate --strict as it is in the package', async () => {
    const starter = fileURLToPath(new URL('../../starter/', import.meta.url));
    const run = await crisis(['validate', '--strict'], { cwd: starter });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^1 playbook checked: no problems\n$/m);
    expect(run.code).toBe(0);
  });

  it('writes nothing with --dry-run, not even the folder, and prints what it would write', async () => {
    const parent = freshDir();
    const run = await crisis(['init', 'new', '--dry-run', '--timezone', 'UTC'], { cwd: parent });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([...EN_FILES.map((f) => `new/${f}`), 'new', ''].join('\n'));
    expect(run.stderr).toBe(`dry run: nothing written (${EN_FILES.length} files to write)\n`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a language it has no starter text for, naming the ones it ships, and writes nothing', async () => {
    const cwd = freshDir();
    const run = await crisis(['init', '--lang', 'en,de', '--timezone', 'UTC'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^crisis: error: init has no starter text for "de"; it ships en, fr, pl, he \[unknown-language\]\n/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses an unknown time zone and writes nothing', async () => {
    const cwd = freshDir();
    const run = await crisis(['init', '--timezone', 'Mars/Olympus_Mons'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^crisis: error: unknown time zone "Mars\/Olympus_Mons" \[bad-timezone\]\n/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

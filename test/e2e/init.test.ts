// `crisis init` end to end, on the built bin: a fresh folder becomes a project that validates
// clean, and an existing project is never touched without --force.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, crisis } from './exec.js';

const PB = 'site-outage-basic';
const EN_FILES = [
  'crisis.config.yaml',
  `playbooks/${PB}.yaml`,
  `templates/${PB}/customer-email.en.hbs`,
  `templates/${PB}/sms.en.hbs`,
  `templates/${PB}/status-page.en.hbs`,
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
    expect(init.stderr).toContain('crisis validate');
    expect(init.stderr).toContain(`crisis start ${PB}`);
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
    expect(lines).toHaveLength(2 + 3 * 4 + 1 + 1);
    expect(lines.at(-1)).toBe('shop');
    expect(lines).toContain(`shop/templates/${PB}/sms.he.hbs`);
    expect(init.stderr).toMatch(/^Next: cd shop, then /);

    const cwd = join(parent, 'shop');
    const config = readFileSync(join(cwd, 'crisis.config.yaml'), 'utf8');
    expect(config).toContain('organization: "Acme Outdoor"');
    expect(config).toMatch(/^languages: \[en, fr, pl, he\]/m);
    for (const args of [['validate', '--strict'], ['validate', '--strict', '--format', 'github']]) {
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

  it('refuses to overwrite: exit 1, every existing file listed, nothing changed or added', async () => {
    const cwd = freshDir();
    writeFileSync(join(cwd, 'crisis.config.yaml'), 'organization: Mine\n');
    mkdirSync(join(cwd, 'playbooks'));
    writeFileSync(join(cwd, 'playbooks', `${PB}.yaml`), 'id: mine\n');
    const before = tree(cwd);

    const run = await crisis(['init', '--timezone', 'UTC'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe([
      'crisis.config.yaml: error: exists already; init never overwrites a file [file-exists]',
      `playbooks/${PB}.yaml: error: exists already; init never overwrites a file [file-exists]`,
      '  hint: nothing was written; pass --force to overwrite these files, or init another folder',
      '',
    ].join('\n'));
    expect(tree(cwd)).toEqual(before);
  });

  it('overwrites with --force and says so', async () => {
    const cwd = freshDir();
    writeFileSync(join(cwd, 'crisis.config.yaml'), 'organization: Mine\n');
    const run = await crisis(['init', '--force', '--org', 'Acme', '--timezone', 'UTC'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^overwrote 1 existing file \(--force\)\n/);
    expect(readFileSync(join(cwd, 'crisis.config.yaml'), 'utf8')).toContain('organization: "Acme"');
  });

  it('writes nothing with --dry-run, not even the folder, and prints what it would write', async () => {
    const parent = freshDir();
    const run = await crisis(['init', 'new', '--dry-run', '--timezone', 'UTC'], { cwd: parent });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([...EN_FILES.map((f) => `new/${f}`), 'new', ''].join('\n'));
    expect(run.stderr).toBe('dry run: nothing written (6 files)\n');
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

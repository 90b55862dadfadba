// The init planner over the package's real starter/ folder: what files, with what content, and
// what it keeps. The starter itself is validated as a project in test/e2e/init.test.ts.
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/playbook/config.js';
import { renderStage } from '../../src/incident/lifecycle.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';
import { testIncident } from '../../src/statement/checks.js';
import { planInit, shortNameOf, starterLanguages, starterPlaybook, WORKFLOW, type InitOptions } from '../../src/init/plan.js';
import { readStarter } from '../../src/shell/init-files.js';
import { validateProject, type ProjectFiles } from '../../src/validate/validate.js';

const STARTER = readStarter();
const PB = starterPlaybook(STARTER);
const ALL: InitOptions = {
  org: 'Acme Outdoor',
  languages: starterLanguages(STARTER),
  timezone: 'Europe/Paris',
  version: '1.2.3',
  project: '',
  existing: () => undefined,
};
const plan = (opts: Partial<InitOptions> = {}) => planInit(STARTER, { ...ALL, ...opts });
const content = (opts: Partial<InitOptions>, path: string) => plan(opts).write.find((f) => f.path === path)!.content;

/** The planned files as validate reads a project from disk, without the disk. */
function asProject(files: { path: string; content: string }[]): ProjectFiles {
  const text = (path: string) => files.find((f) => f.path === path)!.content;
  const under = (prefix: string) =>
    Object.fromEntries(
      files.filter((f) => f.path.startsWith(prefix)).map((f) => [f.path.slice(prefix.length, -'.hbs'.length), { file: f.path, text: f.content }]),
    );
  const prefix = `templates/${PB}/`;
  const statements = under(prefix);
  const partials = under('templates/partials/');
  const playbook = `playbooks/${PB}.yaml`;
  return {
    config: { file: 'crisis.config.yaml', text: text('crisis.config.yaml') },
    playbooks: [{ file: playbook, text: text(playbook), origin: 'project', templatesDir: prefix.slice(0, -1), templates: { statements, partials } }],
  };
}

describe('init plan', () => {
  it('ships starter text in en, fr, pl and he', () => {
    expect(starterLanguages(STARTER)).toEqual(['en', 'fr', 'pl', 'he']);
  });

  it('writes a config, the playbook, its statements and their partials in the chosen languages, package.json, .gitignore, .gitattributes, the workflow last', () => {
    expect(plan({ languages: ['en', 'he'] }).write.map((f) => f.path)).toEqual([
      'crisis.config.yaml',
      `playbooks/${PB}.yaml`,
      `templates/partials/${PB}-eta.en.hbs`,
      `templates/partials/${PB}-eta.he.hbs`,
      `templates/partials/${PB}-next.en.hbs`,
      `templates/partials/${PB}-next.he.hbs`,
      `templates/partials/${PB}-since.en.hbs`,
      `templates/partials/${PB}-since.he.hbs`,
      `templates/${PB}/customer-email.en.hbs`,
      `templates/${PB}/customer-email.he.hbs`,
      `templates/${PB}/sms.en.hbs`,
      `templates/${PB}/sms.he.hbs`,
      `templates/${PB}/status-page.en.hbs`,
      `templates/${PB}/status-page.he.hbs`,
      '.gitattributes',
      '.gitignore',
      'package.json',
      WORKFLOW,
    ]);
  });

  it.each([['en'], ['fr'], ['pl'], ['he'], ['en,fr,pl,he']])('validates without a warning in %s', (langs) => {
    const report = validateProject(asProject(plan({ languages: langs.split(',') }).write));
    expect(report.problems).toEqual([]);
    expect(report.sms.length).toBeGreaterThan(0);
  });

  it('writes the options into the config, keeping the comments, with quotes and a colon in the name', () => {
    const org = 'Northern "Lights": Gear & Co.';
    const text = content({ org, languages: ['fr', 'en'], timezone: 'America/Argentina/Buenos_Aires' }, 'crisis.config.yaml');
    const { config, problems } = parseConfig('crisis.config.yaml', text);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ organization: org, languages: ['fr', 'en'], timezone: 'America/Argentina/Buenos_Aires' });
    expect(text).toMatch(/^timezone: America\/Argentina\/Buenos_Aires # every time/m);
    expect(text).toMatch(/^languages: \[fr, en\] +# the first one is the default$/m);
    const pb = parsePlaybook('p.yaml', content({}, `playbooks/${PB}.yaml`), 'project').loaded!.playbook;
    expect(Object.keys(config!.roster).sort()).toEqual(Object.keys(pb.owners).sort());
    expect(validateProject(asProject(plan({ org }).write)).problems).toEqual([]);
  });

  it('gives a long name a short one for SMS and social posts, so the starter fits its budgets in every language', () => {
    const org = 'Boulangerie Martin et Fils de Pologne Orientale SARL';
    const text = content({ org }, 'crisis.config.yaml');
    expect(parseConfig('crisis.config.yaml', text).config).toMatchObject({ organization: org, short_name: 'Boulangerie Martin' });
    expect(text).toMatch(/^short_name: "Boulangerie Martin" +# what SMS and social posts call us/m);
    expect(validateProject(asProject(plan({ org, languages: ['en', 'fr', 'pl', 'he'] }).write)).problems).toEqual([]);
    // A short name stays as it is, and the line stays a comment.
    expect(content({ org: 'Acme Outdoor' }, 'crisis.config.yaml')).toMatch(/^# short_name:/m);
    expect(shortNameOf('Supercalifragilisticexpialidocious Ltd')).toBe('Supercalifragilistic');
  });

  it('says at an update what is new since the last message, or that nothing is, and when the fix estimate has passed', () => {
    const files = plan({ languages: ['en'] }).write;
    const { playbooks, config } = asProject(files);
    const pf = playbooks[0]!;
    const pb = parsePlaybook(pf.file, pf.text, 'project').loaded!.playbook;
    const cfg = parseConfig(config!.file, config!.text).config!;
    const update = (facts: Record<string, unknown>, previous: Record<string, unknown>) => {
      const incident = testIncident(pb, cfg, 'update');
      const result = renderStage({
        playbook: pb,
        config: cfg,
        templates: pf.templates,
        id: incident.id,
        title: pb.title,
        severity: incident.severity,
        languages: ['en'],
        facts,
        stage: 'update',
        number: 2,
        updateNumber: 1,
        startedAt: incident.started_at,
        now: new Date(incident.now),
        nextUpdate: incident.next_update_at,
        previous,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return (id: string) => result.stage.rendered.find((r) => r.statement.id === id)!.text;
    };
    const before = { affected_service: 'checkout', started_at: '2026-03-10T08:35:00Z', charges: 'being-checked', fix_eta: null };
    const same = update(before, before);
    for (const id of ['status-page', 'customer-email']) expect(same(id)).toContain('**Since our last update,** nothing has changed');
    const checked = update({ ...before, charges: 'not-charged' }, before);
    expect(checked('status-page')).toContain('**What is new since our last update.** We have checked: failed orders took no money.\n\n');
    const late = update({ ...before, fix_eta: '2026-03-10T08:50:00Z' }, before);
    expect(late('customer-email')).toMatch(/We had expected it by 9:50\sAM GMT\+1; that time has passed/);
  });

  it('sets where customers follow an incident and the SMS budget, shows short_name and a publish example with secrets from the environment, commented', () => {
    const text = content({}, 'crisis.config.yaml');
    for (const key of ['status_url', 'sms']) expect(text).toMatch(new RegExp(`^${key}:`, 'm'));
    for (const key of ['short_name', 'publish']) expect(text).toMatch(new RegExp(`^# ${key}:`, 'm'));
    expect(text).toContain('${SMTP_PASS}');
    expect(text).toContain('${SLACK_WEBHOOK_URL}');
  });

  it.each([[''], ['comms'], ['teams/comms']])('points the $schema modelines into node_modules from each file (project folder "%s")', (project) => {
    const files = plan({ project }).write;
    for (const [path, schema] of [
      ['crisis.config.yaml', 'config'],
      [`playbooks/${PB}.yaml`, 'playbook'],
    ] as const) {
      const full = posix.join(project, path);
      const first = files.find((f) => f.path === full)!.content.split('\n')[0]!;
      const target = /^# yaml-language-server: \$schema=(.+)$/.exec(first)![1]!;
      expect(posix.normalize(posix.join(posix.dirname(full), target))).toBe(posix.join(project, `node_modules/crisis-playbooks/schema/${schema}.schema.json`));
    }
  });

  it('depends on this version of crisis-playbooks, privately, with a validate script', () => {
    const pkg = JSON.parse(content({}, 'package.json'));
    expect(pkg).toMatchObject({ private: true, scripts: { validate: 'crisis validate' }, devDependencies: { 'crisis-playbooks': '^1.2.3' } });
    expect(content({}, '.gitattributes')).toMatch(/^timeline\.jsonl merge=union$/m);
    expect(content({}, '.gitignore')).toMatch(/^node_modules\/$/m);
  });

  it('puts the workflow at the root and runs it in the project folder when that is a subfolder', () => {
    const root = parse(content({}, WORKFLOW));
    const sub = parse(plan({ project: 'comms' }).write.find((f) => f.path === WORKFLOW)!.content);
    expect(plan({ project: 'comms' }).write.every((f) => f.path === WORKFLOW || f.path.startsWith('comms/'))).toBe(true);
    expect(root.jobs.validate.defaults).toBeUndefined();
    expect(sub.jobs.validate.defaults.run['working-directory']).toBe('comms');
    expect(root.on.pull_request.paths).toEqual(['playbooks/**', 'templates/**', 'crisis.config.yaml', 'package-lock.json', WORKFLOW]);
    expect(sub.on.push.paths).toEqual(['comms/playbooks/**', 'comms/templates/**', 'comms/crisis.config.yaml', 'comms/package-lock.json', WORKFLOW]);
    const steps = sub.jobs.validate.steps as { uses?: string; run?: string; with?: Record<string, unknown> }[];
    expect(steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v4.2.2',
      'actions/setup-node@v4.4.0',
      'npm ci',
      'npx crisis validate --format github',
    ]);
    expect(steps[1]!.with).toEqual({ 'node-version': 20, cache: 'npm', 'cache-dependency-path': 'comms/package-lock.json' });
    expect(sub.jobs['code-scanning'].steps.at(-1).with.sarif_file).toBe('comms/crisis.sarif');
    expect(content({}, WORKFLOW)).not.toContain('# init:');
  });

  it('keeps what exists, saying what a kept file lacks', () => {
    const existing: Record<string, string> = {
      'package.json': '{ "name": "shop" }\n',
      '.gitignore': 'dist/\n',
      '.gitattributes': '*.jsonl text\ntimeline.jsonl merge=union\n',
      'crisis.config.yaml': 'organization: Mine\n',
    };
    const result = plan({ existing: (p) => existing[p] });
    expect(result.write.map((f) => f.path)).not.toContain('package.json');
    expect(result.kept).toEqual([
      { path: 'crisis.config.yaml' },
      { path: '.gitattributes' },
      { path: '.gitignore', note: 'add the line node_modules/ to it' },
      { path: 'package.json', note: 'add crisis to it: npm install --save-dev crisis-playbooks@^1.2.3' },
    ]);
  });

  it('guards the next update time, which is null at resolve, wherever a template prints it', () => {
    for (const f of plan().write.filter((f) => f.path.endsWith('.hbs')))
      for (const use of f.content.matchAll(/\{\{date incident\.next_update_at[^}]*\}\}/g))
        expect(f.content.lastIndexOf('{{#if incident.next_update_at}}', use.index), f.path).toBeGreaterThanOrEqual(0);
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/playbook/config.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';
import { scaffold, STARTER_LANGUAGES, STARTER_PLAYBOOK, type ScaffoldFile } from '../../src/init/scaffold.js';
import { validateProject, type ProjectFiles } from '../../src/validate/validate.js';

const ALL = { org: 'Acme Outdoor', languages: [...STARTER_LANGUAGES], timezone: 'Europe/Paris' };

/** The scaffold as validate reads a project from disk, without the disk. */
function asProject(files: ScaffoldFile[]): ProjectFiles {
  const text = (path: string) => files.find((f) => f.path === path)!.content;
  const prefix = `templates/${STARTER_PLAYBOOK}/`;
  const statements = Object.fromEntries(files.filter((f) => f.path.startsWith(prefix))
    .map((f) => [f.path.slice(prefix.length, -'.hbs'.length), { file: f.path, text: f.content }]));
  const playbook = `playbooks/${STARTER_PLAYBOOK}.yaml`;
  return {
    config: { file: 'crisis.config.yaml', text: text('crisis.config.yaml') },
    playbooks: [{ file: playbook, text: text(playbook), origin: 'project', templatesDir: prefix.slice(0, -1), templates: { statements, partials: {} } }],
  };
}

describe('scaffold', () => {
  it('gives a config, one playbook, its three statements in each language, and a CI workflow', () => {
    const paths = scaffold({ ...ALL, languages: ['en', 'he'] }).map((f) => f.path);
    expect(paths).toEqual([
      'crisis.config.yaml',
      `playbooks/${STARTER_PLAYBOOK}.yaml`,
      `templates/${STARTER_PLAYBOOK}/customer-email.en.hbs`,
      `templates/${STARTER_PLAYBOOK}/customer-email.he.hbs`,
      `templates/${STARTER_PLAYBOOK}/sms.en.hbs`,
      `templates/${STARTER_PLAYBOOK}/sms.he.hbs`,
      `templates/${STARTER_PLAYBOOK}/status-page.en.hbs`,
      `templates/${STARTER_PLAYBOOK}/status-page.he.hbs`,
      '.github/workflows/crisis.yml',
    ]);
  });

  it.each([['en'], ['fr'], ['pl'], ['he'], [STARTER_LANGUAGES.join(',')]])('validates without a warning in %s', (langs) => {
    const report = validateProject(asProject(scaffold({ ...ALL, languages: langs.split(',') })));
    expect(report.problems).toEqual([]);
    expect(report.sms.length).toBeGreaterThan(0);
  });

  it('still validates with a longer company name (SMS stay within 160), quotes and a colon in it', () => {
    const org = 'Northern "Lights": Gear & Co.';
    const files = scaffold({ ...ALL, org });
    expect(parse(files[0]!.content).organization).toBe(org);
    expect(validateProject(asProject(files)).problems).toEqual([]);
  });

  it('writes the options into the config and has someone on the roster for every owner', () => {
    const files = scaffold({ org: 'Acme Outdoor', languages: ['fr', 'en'], timezone: 'America/Argentina/Buenos_Aires' });
    const { config, problems } = parseConfig('crisis.config.yaml', files[0]!.content);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ organization: 'Acme Outdoor', languages: ['fr', 'en'], timezone: 'America/Argentina/Buenos_Aires' });
    expect(config!.support).toEqual({ email: expect.any(String), phone: expect.any(String), url: expect.any(String) });
    const pb = parsePlaybook('p.yaml', files[1]!.content, 'project').loaded!.playbook;
    expect(Object.keys(config!.roster).sort()).toEqual(Object.keys(pb.owners).sort());
  });

  it('ships a real starter: two severities, owned steps in every phase, a first statement within the hour', () => {
    const pb = parsePlaybook('p.yaml', scaffold(ALL)[1]!.content, 'project').loaded!.playbook;
    expect(pb.id).toBe(STARTER_PLAYBOOK);
    expect(pb.severities.map((s) => s.cadence)).toEqual(['30m', '1h']);
    expect(new Set(pb.steps.map((s) => s.phase))).toEqual(new Set(['detect', 'assess', 'respond', 'update', 'resolve', 'review']));
    expect(pb.steps.find((s) => s.id === 'publish-status-page')).toMatchObject({ phase: 'respond', within: '30m' });
    expect(pb.statements.map((s) => [s.id, s.channel])).toEqual([['customer-email', 'email'], ['sms', 'sms'], ['status-page', 'status-page']]);
    for (const input of pb.inputs) expect(input.example, input.id).toBeDefined();
  });

  it('guards the next update time, which is null at resolve, wherever a template prints it', () => {
    for (const f of scaffold(ALL).filter((f) => f.path.endsWith('.hbs')))
      for (const use of f.content.matchAll(/\{\{date incident\.next_update_at[^}]*\}\}/g))
        expect(f.content.lastIndexOf('{{#if incident.next_update_at}}', use.index), f.path).toBeGreaterThanOrEqual(0);
  });

  it('runs validate in the GitHub format on pull requests that touch playbooks, templates or the config', () => {
    const workflow = parse(scaffold(ALL).at(-1)!.content);
    expect(workflow.on.pull_request.paths).toEqual(['playbooks/**', 'templates/**', 'crisis.config.yaml']);
    const steps = workflow.jobs.validate.steps;
    expect(steps.map((s: { uses?: string; run?: string }) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v4', 'actions/setup-node@v4', 'npm ci', 'npx crisis validate --format github',
    ]);
    expect(steps[1].with['node-version']).toBe(20);
  });

  it('refuses a language it has no starter text for', () => {
    expect(() => scaffold({ ...ALL, languages: ['en', 'de'] })).toThrow(/de.*en, fr, pl, he/);
  });
});

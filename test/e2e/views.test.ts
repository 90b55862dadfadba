// The read-only views a team uses in review: list, show, schema.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crisis } from './exec.js';

const GOOD = new URL('../fixtures/good', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

describe('crisis list', () => {
  it("lists the project playbook with the shipped ones, marked as the project's", async () => {
    const r = await crisis(['list'], { cwd: GOOD });
    expect(r.code).toBe(0);
    // Ids are padded to the longest one shipped (product-defect).
    expect(r.stdout).toContain(
      'checkout-down   Checkout is down (project)\n                Customers cannot pay.\n                updates: sev1 30m, sev2 2h\n',
    );
    expect(r.stdout).toContain('supply-delay    Supplier or carrier delay\n');
  });

  it('prints the contract fields with --json', async () => {
    const r = await crisis(['list', '--json'], { cwd: GOOD });
    const list = JSON.parse(r.stdout) as { id: string; title: string; summary: string; severities: unknown[]; source: string }[];
    const mine = list.find((p) => p.id === 'checkout-down')!;
    expect(mine).toMatchObject({
      title: 'Checkout is down',
      summary: 'Customers cannot pay.',
      source: 'project',
      severities: [
        { id: 'sev1', label: 'Nobody can pay', cadence: '30m' },
        { id: 'sev2', label: 'Some payment methods fail', cadence: '2h' },
      ],
    });
    expect(list.map((p) => p.id)).toEqual([...list.map((p) => p.id)].sort());
    expect(list.find((p) => p.id === 'data-breach')?.source).toBe('shipped');
  });

  it('lets a project playbook override a shipped one of the same id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crisis-views-'));
    cpSync(GOOD, dir, { recursive: true });
    mkdirSync(join(dir, 'playbooks'), { recursive: true });
    const own = (await import('node:fs'))
      .readFileSync(join(GOOD, 'playbooks/checkout-down.yaml'), 'utf8')
      .replace('id: checkout-down', 'id: supply-delay')
      .replace('title: Checkout is down', 'title: Our own delay plan');
    writeFileSync(join(dir, 'playbooks/supply-delay.yaml'), own);
    const r = await crisis(['list', '--json'], { cwd: dir });
    const hit = (JSON.parse(r.stdout) as { id: string; title: string; source: string }[]).filter((p) => p.id === 'supply-delay');
    expect(hit).toEqual([expect.objectContaining({ title: 'Our own delay plan', source: 'project' })]);
  });
});

describe('crisis show', () => {
  it('shows owners with roster names, facts, the checklist by phase and statements', async () => {
    const r = await crisis(['show', 'checkout-down'], { cwd: GOOD });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Checkout is down [checkout-down]\nCustomers cannot pay.\n');
    expect(r.stdout).toContain('  sev2* Some payment methods fail; customers hear from us every 2h');
    expect(r.stdout).toContain('  comms-lead (Marc Dubois) marc@fixture.example: Approves every outward statement');
    expect(r.stdout).toContain('  failing_methods (list, required) Which payment methods fail?');
    expect(r.stdout).toContain('  respond\n    first-statement: Publish the banner and the status page.\n      comms-lead (Marc Dubois), within 30m\n');
    expect(r.stdout).toContain('      incident-lead (Dana Levi), within 2h of detected_at');
    expect(r.stdout).toContain('  banner: web-banner to all-customers, html, at start, update; approved by comms-lead (Marc Dubois)');
  });

  it('prints the playbook as loaded, with roster names on its owners, with --json', async () => {
    const r = await crisis(['show', 'checkout-down', '--json'], { cwd: GOOD });
    const pb = JSON.parse(r.stdout);
    expect(pb.owners['incident-lead']).toEqual({ duty: 'Runs the response', name: 'Dana Levi', contact: '@dana' });
    expect(pb.languages).toEqual(['en', 'he']);
    expect(pb.steps).toHaveLength(4);
  });

  it('suggests the closest playbook for a misspelt id', async () => {
    const r = await crisis(['show', 'suply-delay'], { cwd: GOOD });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('crisis: error: no playbook "suply-delay" [unknown-playbook]\n  hint: did you mean "supply-delay"? (crisis list shows them all)\n');
  });
});

describe('crisis schema', () => {
  it('prints the draft 2020-12 playbook schema with descriptions for editors', async () => {
    const r = await crisis(['schema'], { cwd: ROOT });
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.steps.items.properties.within.description).toMatch(/Due this long after/);
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command, with a suggestion', async () => {
    const r = await crisis(['stat'], { cwd: GOOD });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'stat'");
    expect(r.stderr).toContain('(Did you mean start?)');
  });

  it('--help lists every command, the page commander itself prints', async () => {
    const fromPage = await crisis(['--help'], { cwd: GOOD });
    const short = await crisis(['-h'], { cwd: GOOD });
    // The CLI itself, past the pre-built page of bin/crisis.js.
    const fromCommander = await crisis(['help'], { cwd: GOOD });
    expect(fromPage.code).toBe(0);
    for (const command of ['list', 'show', 'validate', 'schema', 'start', 'update', 'status', 'done', 'resolve', 'render', 'preview', 'approve', 'init'])
      expect(fromPage.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(short.stdout).toBe(fromPage.stdout);
    expect(fromCommander.stdout).toBe(fromPage.stdout);
  });

  it('--version prints the package version, as the CLI itself does', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const fast = await crisis(['--version'], { cwd: GOOD });
    // With another flag the CLI answers, past the shortcut of bin/crisis.js.
    const fromCommander = await crisis(['--version', '--no-color'], { cwd: GOOD });
    expect(fast).toEqual({ stdout: `${version}\n`, stderr: '', code: 0 });
    expect(fromCommander.stdout).toBe(fast.stdout);
    expect((await crisis(['-v'], { cwd: GOOD })).stdout).toBe(fast.stdout);
  });
});

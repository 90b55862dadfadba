// The incident lifecycle as a responder lives it: start -> update -> done -> status -> resolve, and
// render for automation. Each step runs the built CLI with its own CRISIS_NOW, writes into a fresh
// temporary --out folder and the test reads back the files a person would open.
import { spawn } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, crisis } from './exec.js';

// Europe/Paris, languages en + he; checkout-down: sev1 30m / sev2 2h (default), 3 statements, 4 steps.
const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));

/** A wall-clock time in Paris on 10 March 2026 (UTC+1, before the spring change). */
const paris = (hhmm: string, day = '10') => `2026-03-${day}T${hhmm}:00+01:00`;

/** Unicode first-strong isolate: how a Latin value sits inside Hebrew plain text. */
const isolated = (s: string) => `\u2068${s}\u2069`;

const FACTS = ['--set', 'failing_methods=Visa,PayPal', '--set', 'orders_affected=12', '--set', 'detected_at=-20m', '--set', 'fix_eta=16:30'];

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

function run(args: string[], now: string, cwd = GOOD) {
  return crisis(args, { cwd, env: { CRISIS_NOW: now } });
}

/** Runs a command that must succeed and returns its stdout. */
async function ok(args: string[], now: string): Promise<string> {
  const r = await run(args, now);
  if (r.code !== 0) throw new Error(`crisis ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** Starts checkout-down with FACTS (plus `extra`) and returns the incident folder it printed. */
async function start(out: string, now = paris('10:00'), extra: string[] = []): Promise<string> {
  return lastLine(await ok(['start', 'checkout-down', '--yes', '--out', out, ...FACTS, ...extra], now))!;
}

const read = (folder: string, file: string) => readFile(join(folder, file), 'utf8');
const incidentYaml = async (folder: string) => parse(await read(folder, 'incident.yaml'));
const timeline = async (folder: string) =>
  (await read(folder, 'timeline.jsonl'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
const listing = async (dir: string) => (existsSync(dir) ? (await readdir(dir)).sort() : []);

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'crisis-lifecycle-'));
  out = join(root, 'incidents');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('crisis start --yes', () => {
  it('names the folder in Paris wall time and prints its path on the last line', async () => {
    // 23:30 UTC is already the next day in Paris.
    const r = await run(['start', 'checkout-down', '--yes', '--out', out, ...FACTS], '2026-03-10T23:30:00Z');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(lastLine(r.stdout)).toBe(join(out, '20260311-0030-checkout-down'));
    expect(await listing(out)).toEqual(['20260311-0030-checkout-down']);
  });

  it('records typed answers, severity and the cadence in incident.yaml', async () => {
    const folder = await start(out);
    expect(await incidentYaml(folder)).toMatchObject({
      id: '20260310-1000-checkout-down',
      playbook: 'checkout-down',
      severity: 'sev2',
      languages: ['en', 'he'],
      answers: {
        failing_methods: ['Visa', 'PayPal'],
        orders_affected: 12,
        detected_at: paris('09:40'), // -20m
        fix_eta: paris('16:30'), // HH:MM later today
      },
      stage: 'start',
      update_number: 0,
      started_at: paris('10:00'),
      next_update_at: paris('12:00'), // start + sev2 cadence of 2h
      resolved_at: null,
    });
  });

  it('reads an ISO datetime in the configured zone', async () => {
    const folder = await start(out, paris('10:00'), ['--set', 'detected_at=2026-03-10T08:15:00Z', '--set', 'fix_eta=2026-03-10T17:00']);
    const { answers } = await incidentYaml(folder);
    expect(answers.detected_at).toBe(paris('09:15'));
    expect(answers.fix_eta).toBe(paris('17:00'));
  });

  it('reads HH:MM as the next such time, and as the latest one for a detection time', async () => {
    const folder = await start(out, paris('10:00'), ['--set', 'detected_at=09:40', '--set', 'fix_eta=09:30']);
    const { answers } = await incidentYaml(folder);
    expect(answers.fix_eta).toBe(paris('09:30', '11')); // an ETA: tomorrow
    expect(answers.detected_at).toBe(paris('09:40')); // a step counts from it: earlier today
  });

  it('opens the timeline with a started event', async () => {
    const folder = await start(out);
    const [first] = await timeline(folder);
    expect(first).toMatchObject({ at: paris('10:00'), type: 'started', severity: 'sev2' });
  });

  it('renders every start statement in every language with its channel extension', async () => {
    const folder = await start(out);
    expect(await listing(join(folder, 'statements'))).toEqual(['01-start']);
    expect(await listing(join(folder, 'statements/01-start'))).toEqual([
      'banner.en.html',
      'banner.he.html',
      'customer-email.en.md',
      'customer-email.he.md',
      'sms.en.txt',
      'sms.he.txt',
    ]);
  });

  it('writes the English email with its subject as a markdown heading', async () => {
    const folder = await start(out);
    expect(await read(folder, 'statements/01-start/customer-email.en.md')).toBe(
      [
        '# Payments with Visa or PayPal are failing',
        '',
        'Since 9:40\u202fAM GMT+1, payments with Visa and PayPal fail at checkout. 12 orders did not go through.',
        'We expect a fix by 4:30\u202fPM GMT+1.',
        '',
        'Next update: Tuesday, March 10 at 12:00\u202fPM GMT+1.',
        'Questions? help@fixture.example or +33 1 00 00 00 00.',
        '',
      ].join('\n'),
    );
  });

  it('marks the Hebrew banner right-to-left and puts Latin values in <bdi>, never inside href', async () => {
    const folder = await start(out);
    const html = await read(folder, 'statements/01-start/banner.he.html');
    expect(html).toBe(
      [
        '<div lang="he" dir="rtl">',
        '<p><strong>תשלומים ב-<bdi>Visa</bdi> או <bdi>PayPal</bdi> נכשלים.</strong>',
        'עדכון הבא <bdi>12:00 GMT\u200e+1\u200e</bdi>.',
        '<a href="https://fixture.example/help">עזרה</a></p>',
        '</div>',
        '',
      ].join('\n'),
    );
    expect(html).not.toMatch(/="[^"]*<bdi>/);
  });

  it('isolates Latin values in the Hebrew text SMS', async () => {
    const folder = await start(out);
    expect(await read(folder, 'statements/01-start/sms.he.txt')).toBe(
      `${isolated('Fixture Shop')}: תשלומים ב-${isolated('Visa')} ו-${isolated('PayPal')} נכשלים. ` +
        `עדכון הבא ${isolated('12:00 GMT\u200e+1\u200e')}. עזרה: ${isolated('https://fixture.example/help')}\n`,
    );
  });

  it('lists the checklist by phase with role, person and local due times', async () => {
    const folder = await start(out);
    const checklist = await read(folder, 'checklist.md');
    const phases = [...checklist.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(phases).toEqual(['Assess', 'Respond', 'Review']);
    expect(checklist).toContain(
      '## Assess\n\n- [ ] **confirm-scope**: Confirm which methods fail.\n' + '  incident-lead (Dana Levi, @dana); due Tue 10 Mar, 10:15\n',
    );
    expect(checklist).toContain(
      '- [ ] **first-statement**: Publish the banner and the status page.\n' + '  comms-lead (Marc Dubois, marc@fixture.example); due Tue 10 Mar, 10:30\n',
    );
    // `from: detected_at`: 2h after the 09:40 detection, not after the 10:00 start.
    expect(checklist).toContain('- [ ] **tell-the-bank**: Tell the acquiring bank.\n' + '  incident-lead (Dana Levi, @dana); due Tue 10 Mar, 11:40\n');
  });

  it('gives a second incident started in the same minute a -2 suffix', async () => {
    const first = await start(out, paris('10:00'));
    const second = await start(out, '2026-03-10T10:00:40+01:00');
    expect(first).toBe(join(out, '20260310-1000-checkout-down'));
    expect(second).toBe(join(out, '20260310-1000-checkout-down-2'));
    expect((await incidentYaml(second)).id).toBe('20260310-1000-checkout-down-2');
  });
});

describe('crisis start refuses wrong input and writes nothing', () => {
  it('names every missing required fact when there is no terminal to ask', async () => {
    const r = await run(['start', 'checkout-down', '--out', out, '--set', 'orders_affected=3'], paris('10:00'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('required fact "failing_methods" has no answer (Which payment methods fail?)');
    expect(r.stderr).toContain('required fact "detected_at" has no answer (When was it detected?)');
    expect(await listing(out)).toEqual([]);
  });

  it('rejects an unknown --set id with a did-you-mean', async () => {
    const r = await run(['start', 'checkout-down', '--yes', '--out', out, ...FACTS, '--set', 'fix_etaa=11:00'], paris('10:00'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"fix_etaa" is not a fact of checkout-down');
    expect(r.stderr).toContain('did you mean "fix_eta"?');
    expect(await listing(out)).toEqual([]);
  });

  it('rejects a number fact that is not a number', async () => {
    const r = await run(['start', 'checkout-down', '--yes', '--out', out, ...FACTS, '--set', 'orders_affected=many'], paris('10:00'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('orders_affected must be a number, got "many"');
    expect(await listing(out)).toEqual([]);
  });

  it('names the missing facts too when a --set is also wrong', async () => {
    const r = await run(['start', 'checkout-down', '--yes', '--out', out, '--set', 'orders_affected=many'], paris('10:00'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('orders_affected must be a number');
    expect(r.stderr).toContain('"failing_methods"');
    expect(r.stderr).toContain('"detected_at"');
  });

  it('suggests the closest playbook for an unknown id', async () => {
    const r = await run(['start', 'checkout-dwn', '--yes', '--out', out, ...FACTS], paris('10:00'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no playbook "checkout-dwn"');
    expect(r.stderr).toContain('did you mean "checkout-down"?');
    expect(await listing(out)).toEqual([]);
  });

  it('treats an unknown --severity as wrong usage (exit 2)', async () => {
    const r = await run(['start', 'checkout-down', '--yes', '--out', out, ...FACTS, '--severity', 'sev9'], paris('10:00'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no severity "sev9" in checkout-down');
    expect(await listing(out)).toEqual([]);
  });

  it('prints the statements under --dry-run and writes nothing', async () => {
    const r = await run(['start', 'checkout-down', '--yes', '--dry-run', '--out', out, ...FACTS], paris('10:00'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- statements/01-start/customer-email.en.md ---\n# Payments with Visa or PayPal are failing\n');
    expect(r.stdout).toContain('--- statements/01-start/banner.he.html ---\n<div lang="he" dir="rtl">\n');
    expect(existsSync(out)).toBe(false);
  });

  it('stops quietly when the reader of --dry-run goes away, as with `| head`', async () => {
    const r = await intoClosedPipe(['start', 'checkout-down', '--yes', '--dry-run', '--out', out, ...FACTS]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('EPIPE');
  });
});

// The shared helper reads all of stdout; this case needs a reader that leaves early, as `| head` does.
function intoClosedPipe(args: string[]): Promise<{ stderr: string; code: number | null }> {
  const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', CRISIS_NOW: paris('10:00') };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: GOOD, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ stderr, code })));
}

describe('crisis update', () => {
  it('writes only update statements into 02-update and moves the next update to the new cadence', async () => {
    const folder = await start(out);
    const stdout = await ok(['update', folder, '--yes', '--severity', 'sev1', '--set', 'orders_affected=40'], paris('11:10'));
    expect(lastLine(stdout)).toBe(folder);
    expect(await listing(join(folder, 'statements/02-update'))).toEqual(['banner.en.html', 'banner.he.html', 'customer-email.en.md', 'customer-email.he.md']);
    expect(await incidentYaml(folder)).toMatchObject({
      severity: 'sev1',
      stage: 'update',
      update_number: 1,
      next_update_at: paris('11:40'), // 11:10 + sev1 cadence of 30m
      answers: { failing_methods: ['Visa', 'PayPal'], orders_affected: 40 },
    });
    const email = await read(folder, 'statements/02-update/customer-email.en.md');
    expect(email).toContain('40 orders did not go through.');
    expect(email).toContain('Next update: Tuesday, March 10 at 11:40\u202fAM GMT+1.');
    expect((await timeline(folder)).at(-1)).toMatchObject({ at: paris('11:10'), type: 'updated', severity: 'sev1' });
  });

  it('numbers the next update 03-update', async () => {
    const folder = await start(out);
    await ok(['update', folder, '--yes'], paris('11:00'));
    await ok(['update', folder, '--yes', '--set', 'orders_affected=50'], paris('11:45'));
    expect(await listing(join(folder, 'statements'))).toEqual(['01-start', '02-update', '03-update']);
    expect(await incidentYaml(folder)).toMatchObject({ update_number: 2, next_update_at: paris('13:45') });
  });

  it('prints an answer that looks like Handlebars literally, never evaluating it', async () => {
    const folder = await start(out);
    await ok(['update', folder, '--yes', '--set', 'failing_methods={{org.organization}},{{#each x}}'], paris('11:00'));
    const email = await read(folder, 'statements/02-update/customer-email.en.md');
    expect(email.split('\n')[0]).toBe('# Payments with {{org.organization}} or {{#each x}} are failing');
    expect(email).toContain('payments with {{org.organization}} and {{#each x}} fail at checkout.');
  });

  it('escapes <script> from an answer in the HTML banner', async () => {
    const folder = await start(out);
    await ok(['update', folder, '--yes', '--set', 'failing_methods=<script>alert(1)</script>'], paris('11:00'));
    const en = await read(folder, 'statements/02-update/banner.en.html');
    const he = await read(folder, 'statements/02-update/banner.he.html');
    expect(en).toContain('<strong>Payments with &lt;script&gt;alert(1)&lt;/script&gt; are failing.</strong>');
    expect(he).toContain('<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>');
    expect(en + he).not.toContain('<script>');
  });
});

describe('crisis status', () => {
  it('counts down to the next update before the cadence is up', async () => {
    const folder = await start(out);
    const r = await run(['status', '--out', out], paris('11:50'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('20260310-1000-checkout-down  Checkout is down  sev2  start  started Tue 10 Mar, 10:00\n');
    expect(r.stdout).toContain('  next update Tue 10 Mar, 12:00: in 10 min\n');
    expect(r.stdout).toContain(folder);
  });

  it('flags the update as OVERDUE after the cadence, with the overdue steps and their owners', async () => {
    await start(out);
    const r = await run(['status', '--out', out], paris('12:20'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  next update Tue 10 Mar, 12:00: OVERDUE by 20 min\n');
    expect(r.stdout).toContain('  overdue step confirm-scope: incident-lead (Dana Levi), due Tue 10 Mar, 10:15\n');
    expect(r.stdout).toContain('  overdue step tell-the-bank: incident-lead (Dana Levi), due Tue 10 Mar, 11:40\n');
  });

  it('prints the contract fields with --json', async () => {
    const folder = await start(out);
    await ok(['done', folder, 'first-statement'], paris('10:25'));
    const r = await run(['status', '--json', '--out', out], paris('12:20'));
    expect(r.code).toBe(0);
    const [entry, ...rest] = JSON.parse(r.stdout);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      id: '20260310-1000-checkout-down',
      path: folder,
      playbook: 'checkout-down',
      title: 'Checkout is down',
      severity: 'sev2',
      stage: 'start',
      update_number: 0,
      started_at: paris('10:00'),
      next_update_at: paris('12:00'),
      overdue: true,
      awaiting_approval: expect.any(Array),
      resolved_at: null,
    });
    expect(entry.overdue_steps).toEqual([
      expect.objectContaining({ step: 'confirm-scope', owner: 'incident-lead', person: 'Dana Levi', due: paris('10:15') }),
      expect.objectContaining({ step: 'tell-the-bank', owner: 'incident-lead', person: 'Dana Levi', due: paris('11:40') }),
    ]);
    const before = JSON.parse((await run(['status', '--json', '--out', out], paris('11:00'))).stdout);
    expect(before[0].overdue).toBe(false);
  });

  it('reads an incident again once its timeline or statements/ changed, whatever an earlier status kept of it', async () => {
    // status keeps what it read of each incident in the cache folder; an old file is the case it serves.
    const cache = await mkdtemp(join(tmpdir(), 'crisis-cache-'));
    const status = async (now: string) => {
      const r = await crisis(['status', '--out', out], { cwd: GOOD, env: { CRISIS_NOW: now, CRISIS_CACHE_DIR: cache } });
      expect(r.code).toBe(0);
      return r;
    };
    const folder = await start(out);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const age = () => ['timeline.jsonl', 'statements'].forEach((f) => utimesSync(join(folder, f), hourAgo, hourAgo));
    age();
    expect((await status(paris('12:20'))).stdout).toContain('  overdue step confirm-scope: incident-lead (Dana Levi), due Tue 10 Mar, 10:15\n');
    expect(await listing(cache)).not.toEqual([]);

    // A step ticked: the timeline grows.
    await ok(['done', folder, 'confirm-scope'], paris('10:20'));
    age();
    let r = await status(paris('12:20'));
    expect(r.stdout).not.toContain('confirm-scope');
    expect(r.stdout).toContain('  overdue step tell-the-bank');

    // An edit that keeps the size and puts the time back (a checkout, a hand edit): still seen.
    const file = join(folder, 'timeline.jsonl');
    await writeFile(file, (await read(folder, 'timeline.jsonl')).replace('"title":"Checkout is down"', '"title":"Checkout is DOWN"'));
    age();
    expect((await status(paris('12:20'))).stdout).toContain('20260310-1000-checkout-down  Checkout is DOWN  sev2');

    // A damaged line is reported by its number on every run, and a stage folder the timeline does not list.
    await writeFile(file, `${await read(folder, 'timeline.jsonl')}not json\n`);
    await mkdir(join(folder, 'statements', '07-update'));
    age();
    for (const _ of [1, 2]) {
      r = await status(paris('12:20'));
      expect(r.stderr).toContain('timeline.jsonl:3:1: warning: damaged timeline line skipped [timeline-damaged]');
      expect(r.stderr).toContain('statements/07-update is not in timeline.jsonl');
      expect(r.stdout).toContain('Checkout is DOWN');
    }

    // A damaged index (cut short, or not one at all) is read as empty: the incident is read again.
    const indexes = (await readdir(cache, { recursive: true })).filter((f) => /status-.*\.index$/.test(f)).map((f) => join(cache, f));
    expect(indexes).toHaveLength(1);
    const whole = await readFile(indexes[0]!);
    for (const damaged of [whole.subarray(0, whole.length - 3), Buffer.from('not an index')]) {
      await writeFile(indexes[0]!, damaged);
      r = await status(paris('12:20'));
      expect(r.stdout).toContain('20260310-1000-checkout-down  Checkout is DOWN  sev2');
      expect(r.stdout).toContain('  overdue step tell-the-bank');
    }
    await rm(cache, { recursive: true, force: true });
  });

  it('writes the lines it kept of an incident again once the roster, the time zone or the deadlines changed', async () => {
    const project = join(root, 'project');
    await cp(GOOD, project, { recursive: true });
    const cache = join(root, 'cache');
    const status = async () => {
      const r = await crisis(['status', '--out', out], { cwd: project, env: { CRISIS_NOW: paris('12:20'), CRISIS_CACHE_DIR: cache } });
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const started = await crisis(['start', 'checkout-down', '--yes', '--out', out, ...FACTS], { cwd: project, env: { CRISIS_NOW: paris('10:00') } });
    const folder = resolve(project, lastLine(started.stdout)!);
    const hourAgo = new Date(Date.now() - 3_600_000);
    ['timeline.jsonl', 'statements'].forEach((f) => utimesSync(join(folder, f), hourAgo, hourAgo));
    const edit = async (file: string, from: string, to: string) => {
      const text = await readFile(join(project, file), 'utf8');
      expect(text).toContain(from);
      await writeFile(join(project, file), text.replace(from, to));
    };
    const step = '  overdue step confirm-scope: incident-lead';
    expect(await status()).toContain(`${step} (Dana Levi), due Tue 10 Mar, 10:15\n`);
    expect(await status()).toContain(`${step} (Dana Levi), due Tue 10 Mar, 10:15\n`);

    await edit('crisis.config.yaml', 'name: Dana Levi', 'name: Dana Cohen');
    expect(await status()).toContain(`${step} (Dana Cohen), due Tue 10 Mar, 10:15\n`);
    await edit('playbooks/checkout-down.yaml', 'owner: incident-lead, within: 15m', 'owner: incident-lead, within: 45m');
    expect(await status()).toContain(`${step} (Dana Cohen), due Tue 10 Mar, 10:45\n`);
    await edit('crisis.config.yaml', 'timezone: Europe/Paris', 'timezone: Europe/London');
    const text = await status();
    expect(text).toContain(`${step} (Dana Cohen), due Tue 10 Mar, 09:45\n`);
    expect(text).toContain('started Tue 10 Mar, 09:00');
  });

  it('refuses a template whose partial went wrong after a start that kept its templates as checked', async () => {
    const project = join(root, 'project');
    await cp(GOOD, project, { recursive: true });
    const env = (hhmm: string) => ({ CRISIS_NOW: paris(hhmm), CRISIS_CACHE_DIR: join(root, 'cache') });
    const startAt = (hhmm: string) => crisis(['start', 'checkout-down', '--yes', '--out', out, ...FACTS], { cwd: project, env: env(hhmm) });
    expect((await startAt('10:00')).code).toBe(0);
    expect((await startAt('10:01')).code).toBe(0);
    const help = join(project, 'templates', 'partials', 'help.en.hbs');
    await writeFile(help, `${await readFile(help, 'utf8')}{{incident.nope}}\n`);
    const r = await startAt('10:02');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('[template-unknown-variable]');
  });

  it('shows only the named incident with status <incident>', async () => {
    await start(out, paris('10:00'));
    await start(out, paris('10:05'));
    const r = await run(['status', '20260310-1005-checkout-down', '--out', out], paris('10:10'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('20260310-1005-checkout-down  Checkout is down');
    expect(r.stdout).not.toContain('20260310-1000-checkout-down');
  });
});

describe('crisis preview of a long incident', () => {
  it('shows the latest three stages in full, links each older one to its folder, and shows them all with --stages all', async () => {
    const folder = await start(out);
    for (const [i, hhmm] of ['10:30', '11:00', '11:30', '12:00'].entries())
      await ok(['update', folder, '--yes', '--set', `orders_affected=${20 + i}`], paris(hhmm));
    const r = await run(['preview', folder], paris('12:10'));
    expect(r.code).toBe(0);
    const html = await read(folder, 'preview.html');
    const sections = (page: string) => [...page.matchAll(/<section class="stage( folded)?" id="stage-([^"]+)"/g)].map((m) => `${m[2]}${m[1] ? ' folded' : ''}`);
    expect(sections(html)).toEqual(['01-start folded', '02-update folded', '03-update', '04-update', '05-update']);
    // The latest update as sent, and every stage on the timeline.
    expect(await read(folder, 'statements/05-update/customer-email.en.md')).toContain('23 orders did not go through.');
    expect(html).toContain('23 orders did not go through.');
    expect(html).not.toContain('20 orders did not go through.'); // 02-update, folded: not shown again
    expect(html.match(/<g class="point/g)).toHaveLength(5);
    // The folded ones: a line each, linking to the folder their statements are in.
    const links = [...html.matchAll(/id="stage-([^"]+)" [^>]*data-folded="true">[\s\S]*?<a href="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['01-start', 'statements/01-start/'],
      ['02-update', 'statements/02-update/'],
    ]);
    for (const [, href] of links) expect(await listing(join(folder, href!))).toContain('customer-email.en.md');
    expect(html).toContain(`crisis preview ${basename(folder)} --stages all`);

    // Elsewhere, the links lead from the page to the same folders; --stages all folds nothing.
    const one = join(root, 'one.html');
    expect((await run(['preview', folder, '--stages', '1', '--out', one], paris('12:10'))).code).toBe(0);
    const oneHtml = await readFile(one, 'utf8');
    expect(sections(oneHtml).filter((s) => !s.endsWith('folded'))).toEqual(['05-update']);
    for (const [, href] of oneHtml.matchAll(/data-folded="true">[\s\S]*?<a href="([^"]+)">/g)) expect(existsSync(join(root, href!))).toBe(true);
    const all = join(root, 'all.html');
    expect((await run(['preview', folder, '--stages', 'all', '--out', all], paris('12:10'))).code).toBe(0);
    expect(sections(await readFile(all, 'utf8'))).toEqual(['01-start', '02-update', '03-update', '04-update', '05-update']);

    const bad = await run(['preview', folder, '--stages', '0'], paris('12:10'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--stages 0 is not a number of stages');
  });
});

describe('crisis done', () => {
  it('ticks, skips and notes steps in checklist.md and prints its path', async () => {
    const folder = await start(out);
    const stdout = await ok(['done', folder, 'confirm-scope'], paris('10:20'));
    expect(stdout).toContain('confirm-scope done at Tue 10 Mar, 10:20 (incident-lead, Dana Levi)\n');
    expect(lastLine(stdout)).toBe(join(folder, 'checklist.md'));
    await ok(['done', '20260310-1000-checkout-down', 'tell-the-bank', '--skip', '--note', 'bank already knew', '--out', out], paris('10:40'));

    const checklist = await read(folder, 'checklist.md');
    expect(checklist).toContain(
      '- [x] **confirm-scope**: Confirm which methods fail.\n' +
        '  incident-lead (Dana Levi, @dana); due Tue 10 Mar, 10:15; done Tue 10 Mar, 10:20, 5 min late\n',
    );
    expect(checklist).toContain(
      '- [-] **tell-the-bank**: Tell the acquiring bank.\n' +
        '  incident-lead (Dana Levi, @dana); due Tue 10 Mar, 11:40; skipped Tue 10 Mar, 10:40; note: bank already knew\n',
    );
    // Rewritten as of the last command (10:40): the open step past its deadline says so.
    expect(checklist).toContain(
      '- [ ] **first-statement**: Publish the banner and the status page.\n' +
        '  comms-lead (Marc Dubois, marc@fixture.example); due Tue 10 Mar, 10:30; **OVERDUE** by 10 min\n',
    );
    expect((await timeline(folder)).slice(1)).toEqual([
      expect.objectContaining({ type: 'step', step: 'confirm-scope', status: 'done' }),
      expect.objectContaining({ type: 'step', step: 'tell-the-bank', status: 'skipped', note: 'bank already knew' }),
    ]);
  });

  it('suggests the closest step for an unknown one', async () => {
    const folder = await start(out);
    const before = await read(folder, 'timeline.jsonl');
    const r = await run(['done', folder, 'tell-the-bnk'], paris('10:20'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no step "tell-the-bnk" in checkout-down');
    expect(r.stderr).toContain('did you mean "tell-the-bank"?');
    expect(await read(folder, 'timeline.jsonl')).toBe(before);
  });
});

describe('crisis resolve, after a start, an update and a checklist walked late', () => {
  // One incident for the whole block: each test reads what this sequence left behind.
  let base: string;
  let folder: string;
  let resolveStdout: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'crisis-resolve-'));
    const incidents = join(base, 'incidents');
    folder = await start(incidents, paris('10:00'));
    await ok(['done', folder, 'confirm-scope'], paris('10:20'));
    await ok(['done', folder, 'first-statement', '--note', 'banner up late'], paris('10:50'));
    await ok(['done', folder, 'tell-the-bank', '--skip', '--note', 'bank already knew'], paris('10:55'));
    await ok(['update', folder, '--yes', '--severity', 'sev1', '--set', 'orders_affected=40'], paris('11:30'));
    resolveStdout = await ok(['resolve', folder, '--yes'], paris('12:40'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('writes the resolve statements into 03-resolve and prints the folder last', async () => {
    expect(lastLine(resolveStdout)).toBe(folder);
    expect(await listing(join(folder, 'statements'))).toEqual(['01-start', '02-update', '03-resolve']);
    expect(await listing(join(folder, 'statements/03-resolve'))).toEqual(['customer-email.en.md', 'customer-email.he.md', 'sms.en.txt', 'sms.he.txt']);
    expect(await read(folder, 'statements/03-resolve/sms.en.txt')).toBe('Fixture Shop: payments work again. Help: https://fixture.example/help\n');
  });

  it('sets resolved_at and promises no next update in incident.yaml', async () => {
    expect(await incidentYaml(folder)).toMatchObject({
      stage: 'resolve',
      severity: 'sev1',
      resolved_at: paris('12:40'),
      next_update_at: null,
    });
    expect((await timeline(folder)).at(-1)).toMatchObject({ at: paris('12:40'), type: 'resolved' });
  });

  it('writes review.md with the timeline, statements, cadence, late and skipped steps and questions', async () => {
    const review = await read(folder, 'review.md');
    expect(review).toContain('Time to first statement: 20 min from detected_at (Tue 10 Mar, 09:40).');
    expect(review).toContain(
      [
        '## Timeline',
        '',
        '- Tue 10 Mar, 10:00 started (sev2); 6 statements in 01-start',
        '- Tue 10 Mar, 10:20 step confirm-scope done',
        '- Tue 10 Mar, 10:50 step first-statement done: banner up late',
        '- Tue 10 Mar, 10:55 step tell-the-bank skipped: bank already knew',
        '- Tue 10 Mar, 11:30 update 02-update (sev1): changed orders_affected; 4 statements',
        '- Tue 10 Mar, 12:40 resolved; 4 statements in 03-resolve',
      ].join('\n'),
    );
    expect(review).toContain('| 01-start | Tue 10 Mar, 10:00 | customer-email, sms, banner | en, he |');
    expect(review).toContain('| 02-update | Tue 10 Mar, 11:30 | customer-email, banner | en, he |');
    expect(review).toContain('| 03-resolve | Tue 10 Mar, 12:40 | customer-email, sms | en, he |');
    // Each interval is held to the cadence in force when the earlier statement went out.
    expect(review).toContain('- 01-start to 02-update: 1 h 30 min against a cadence of 2 h: kept');
    expect(review).toContain('- 02-update to 03-resolve: 1 h 10 min against a cadence of 30 min: **missed** by 40 min');
    expect(review).toContain('- late: confirm-scope (incident-lead), done 5 min after its deadline');
    expect(review).toContain('- late: first-statement (comms-lead), done 20 min after its deadline');
    expect(review).toContain('- skipped: tell-the-bank (incident-lead): bank already knew');
    expect(review).toMatch(/## Questions for the review\n[\s\S]*\n1\. .+\?/);
  });

  it('leaves status with no open incident, and never overdue in --json', async () => {
    const later = paris('18:00');
    const text = await run(['status', '--out', join(base, 'incidents')], later);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No open incidents');
    const json = await run(['status', '--json', '--out', join(base, 'incidents')], later);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ overdue: false, overdue_steps: [], next_update_at: null, resolved_at: paris('12:40') }),
    ]);
  });

  it('refuses an update after the resolution', async () => {
    const before = await read(folder, 'timeline.jsonl');
    const r = await run(['update', folder, '--yes', '--set', 'orders_affected=41'], paris('13:00'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('incident 20260310-1000-checkout-down is resolved');
    expect(await read(folder, 'timeline.jsonl')).toBe(before);
  });
});

describe('crisis render', () => {
  it('writes the stage statements into --out and prints each path, the folder last', async () => {
    const dir = join(root, 'rendered');
    const r = await run(['render', 'checkout-down', '--stage', 'update', '--out', dir, ...FACTS], paris('10:00'));
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual(
      [dir, ...['banner.en.html', 'banner.he.html', 'customer-email.en.md', 'customer-email.he.md'].map((f) => join(dir, f))].sort(),
    );
    expect(lastLine(r.stdout)).toBe(dir);
    expect(await listing(dir)).toEqual(['banner.en.html', 'banner.he.html', 'customer-email.en.md', 'customer-email.he.md']);
    expect(await read(dir, 'banner.en.html')).toContain('Payments with Visa or PayPal are failing.');
  });

  it('points to `crisis init` when there is no crisis.config.yaml', async () => {
    const project = join(root, 'no-config');
    await cp(join(GOOD, 'playbooks'), join(project, 'playbooks'), { recursive: true });
    await cp(join(GOOD, 'templates'), join(project, 'templates'), { recursive: true });
    const dir = join(root, 'rendered');
    const r = await run(['render', 'checkout-down', '--out', dir, ...FACTS], paris('10:00'), project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no crisis.config.yaml');
    expect(r.stderr).toContain('crisis init');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('incident.yaml and checklist.md are views of the timeline', () => {
  it('rebuilds both on the next command after they were deleted by hand', async () => {
    const folder = await start(out);
    const original = await read(folder, 'incident.yaml');
    await unlink(join(folder, 'incident.yaml'));
    await unlink(join(folder, 'checklist.md'));
    await ok(['done', folder, 'confirm-scope'], paris('10:20'));
    expect(await read(folder, 'incident.yaml')).toBe(original);
    const checklist = await read(folder, 'checklist.md');
    expect(checklist).toContain('- [x] **confirm-scope**');
    for (const step of ['first-statement', 'tell-the-bank', 'review-meeting']) expect(checklist).toContain(`- [ ] **${step}**`);
  });

  it('keeps the record when timeline.jsonl lost its final newline', async () => {
    const folder = await start(out);
    const file = join(folder, 'timeline.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).trimEnd()); // a hand edit or a torn write
    await ok(['done', folder, 'confirm-scope'], paris('10:20'));
    const [entry] = JSON.parse((await run(['status', '--json', '--out', out], paris('10:30'))).stdout);
    expect(entry).toMatchObject({ id: '20260310-1000-checkout-down', stage: 'start' });
    expect(entry.overdue_steps.map((s: { step: string }) => s.step)).not.toContain('confirm-scope');
  });

  it('lets the timeline win over a hand-edited incident.yaml', async () => {
    const folder = await start(out);
    const edited = (await read(folder, 'incident.yaml')).replace('severity: sev2', 'severity: sev1');
    await writeFile(join(folder, 'incident.yaml'), edited);
    const [entry] = JSON.parse((await run(['status', '--json', '--out', out], paris('10:10'))).stdout);
    expect(entry.severity).toBe('sev2');
    await ok(['done', folder, 'confirm-scope'], paris('10:10'));
    expect((await incidentYaml(folder)).severity).toBe('sev2');
  });
});

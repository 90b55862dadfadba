// What a red-team pass broke, each reproduced as a user met it: locks of live holders, lost
// timeline lines, duplicated stages.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crisis } from './exec.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const FACTS = ['--yes', '--set', 'failing_methods=Visa,PayPal', '--set', 'detected_at=-20m'];
const NAME = '20260310-1000-checkout-down';
let cwd: string;
let sleeper: ChildProcess | undefined;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'crisis-red-'));
  cpSync(GOOD, cwd, { recursive: true });
});
afterEach(() => {
  sleeper?.kill();
  sleeper = undefined;
  rmSync(cwd, { recursive: true, force: true });
});

const dir = () => join(cwd, 'incidents', NAME);
const run = (args: string[], env: Record<string, string> = {}) => crisis(args, { cwd, env });
const lines = () => readFileSync(join(dir(), 'timeline.jsonl'), 'utf8').split('\n').filter(Boolean);
const stages = () => readdirSync(join(dir(), 'statements')).sort();

describe('the incident lock', () => {
  it('is never taken from a live holder of this host, however old it is', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    const lock = JSON.stringify({ pid: sleeper.pid, host: hostname(), at: '2026-03-10T08:00:00.000Z', command: 'update' });
    writeFileSync(join(dir(), '.lock'), lock);
    const longAgo = new Date(Date.now() - 30 * 60_000);
    utimesSync(join(dir(), '.lock'), longAgo, longAgo);
    const r = await run(['update', NAME, '--set', 'orders_affected=5'], { CRISIS_LOCK_TIMEOUT_MS: '400' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the incident is busy: locked by process ${sleeper.pid} (crisis update)`);
    expect(readFileSync(join(dir(), '.lock'), 'utf8')).toBe(lock);
    expect(stages()).toEqual(['01-start']);
  });

  it('is taken over from a holder of this host that is gone', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    const gone = spawn('true');
    await new Promise((r) => gone.on('exit', r));
    writeFileSync(join(dir(), '.lock'), JSON.stringify({ pid: gone.pid, host: hostname(), at: new Date().toISOString() }));
    expect((await run(['update', NAME, '--set', 'orders_affected=5'])).code).toBe(0);
    expect(stages()).toEqual(['01-start', '02-update']);
    expect(existsSync(join(dir(), '.lock'))).toBe(false);
  });
});

describe('a timeline that lost a line', () => {
  it('keeps the stage folder it no longer lists, numbers the next stage above it, and status says so', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    expect((await run(['update', NAME, '--set', 'orders_affected=5'])).code).toBe(0);
    expect((await run(['update', NAME, '--set', 'orders_affected=6'])).code).toBe(0);
    const sent = readFileSync(join(dir(), 'statements', '02-update', 'customer-email.en.md'), 'utf8');
    const [start, , third] = lines();
    writeFileSync(join(dir(), 'timeline.jsonl'), `${start}\n${third}\n`); // a bad merge drops 02-update

    const status = await run(['status']);
    expect(status.stderr).toContain('statements/02-update is not in timeline.jsonl: the folder and the timeline disagree');

    const update = await run(['update', NAME, '--set', 'orders_affected=7']);
    expect(update.code).toBe(0);
    expect(update.stderr).toBe('crisis: statements/02-update is not in timeline.jsonl: kept; the next stage is numbered above it\n');
    expect(stages()).toEqual(['01-start', '02-update', '03-update', '04-update']);
    expect(readFileSync(join(dir(), 'statements', '02-update', 'customer-email.en.md'), 'utf8')).toBe(sent);

    const resolve = await run(['resolve', NAME]);
    expect(resolve.code).toBe(0);
    expect(stages()).toEqual(['01-start', '02-update', '03-update', '04-update', '05-resolve']);
  });

  it('refuses to write over a timeline that lists one stage folder twice, naming the line', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    expect((await run(['update', NAME, '--set', 'orders_affected=5'])).code).toBe(0);
    const [start, second] = lines();
    writeFileSync(join(dir(), 'timeline.jsonl'), `${start}\n${second}\n${second}\n`);
    const before = readFileSync(join(dir(), 'timeline.jsonl'), 'utf8');

    const update = await run(['update', NAME, '--set', 'orders_affected=7']);
    expect(update.code).toBe(1);
    expect(update.stderr).toContain('timeline.jsonl:3:1: error: statements/02-update is listed again (first on line 2)');
    expect(stages()).toEqual(['01-start', '02-update']);
    expect(readFileSync(join(dir(), 'timeline.jsonl'), 'utf8')).toBe(before);
    expect(existsSync(join(dir(), 'statements', '02-update', 'customer-email.en.md'))).toBe(true);
  });
});

describe('a step done after the resolution', () => {
  it('is recorded and the review is written again with it', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    expect((await run(['resolve', NAME])).code).toBe(0);
    const review = () => readFileSync(join(dir(), 'review.md'), 'utf8');
    expect(review()).toContain('still open: review-meeting');
    const done = await run(['done', NAME, 'review-meeting'], { CRISIS_NOW: '2026-03-11T10:00:00+01:00' });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`incidents/${NAME}/review.md\n`);
    expect(review()).not.toContain('still open: review-meeting');
    expect(review()).toContain('Wed 11 Mar, 10:00 step review-meeting done');
  });
});

describe('a full disk', () => {
  // Every write of an update in turn fails as on a full disk (CRISIS_FAULT_FULL_AT_WRITE).
  // 4 statement files, the timeline append, then incident.yaml and checklist.md.
  for (let n = 1; n <= 7; n++) {
    it(`at write ${n} of 7 of an update: says the disk is full, leaves no torn line, and the next update goes through`, async () => {
      expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
      const before = readFileSync(join(dir(), 'timeline.jsonl'), 'utf8');
      const full = await run(['update', NAME, '--set', 'orders_affected=5'], { CRISIS_FAULT_FULL_AT_WRITE: String(n) });
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(/the disk is full/);
      expect(full.stderr).not.toMatch(/internal error|ENOSPC/);
      const after = readFileSync(join(dir(), 'timeline.jsonl'), 'utf8');
      if (full.stderr.includes('nothing was written')) {
        expect(after).toBe(before);
        expect(stages()).toEqual(['01-start']);
      } else {
        expect(after.startsWith(before) && after.endsWith('\n')).toBe(true);
        expect(stages()).toEqual(['01-start', '02-update']);
      }
      const next = await run(['update', NAME, '--set', 'orders_affected=6']);
      expect(next.code).toBe(0);
      expect(next.stderr).toBe('');
      for (const line of lines()) expect(() => JSON.parse(line)).not.toThrow();
    });
  }
});

describe('a sign-off is for the files it saw', () => {
  const approve = () => run(['approve', NAME, '--as', 'comms-lead']);
  const statusJson = async () =>
    (JSON.parse((await run(['status', '--json'])).stdout) as { awaiting_approval: string[]; changed_after_approval: string[] }[])[0]!;

  it('refuses to approve statements whose files are gone', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    rmSync(join(dir(), 'statements'), { recursive: true });
    const r = await approve();
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Approved');
    expect(r.stderr).toMatch(/statements\/01-start\/[a-z-]+\.(en|he)\.[a-z]+ is missing: it cannot be signed off unseen/);
    expect(lines().map((l) => JSON.parse(l).type)).toEqual(['started']);
  });

  it("records each file's hash, and a file edited afterwards awaits sign-off again in status and preview", async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    expect((await approve()).code).toBe(0);
    const event = JSON.parse(lines().at(-1)!) as { type: string; files: Record<string, string> };
    expect(event.type).toBe('approved');
    expect(Object.keys(event.files)).toContain('statements/01-start/customer-email.en.md');
    expect(Object.values(event.files).every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect((await statusJson()).awaiting_approval).toEqual([]);

    const email = join(dir(), 'statements', '01-start', 'customer-email.en.md');
    writeFileSync(email, `${readFileSync(email, 'utf8')}Edited by hand.\n`);
    const after = await statusJson();
    expect(after.awaiting_approval).toEqual(['customer-email']);
    expect(after.changed_after_approval).toEqual(['customer-email']);
    expect((await run(['status'])).stdout).toContain('awaiting sign-off: customer-email (changed after its sign-off)');
    expect((await run(['preview', NAME])).code).toBe(0);
    const page = readFileSync(join(dir(), 'preview.html'), 'utf8');
    expect(page).toContain('data-approval="awaiting"');

    // Signed off again, as it now is.
    const again = await approve();
    expect(again.stdout).toContain('Approved customer-email of 01-start');
    expect((await statusJson()).awaiting_approval).toEqual([]);
  });
});

describe('crisis doctor', () => {
  it('says ok of a sound incident, rebuilds views and clears leftovers, and names what needs a person', async () => {
    expect((await run(['start', 'checkout-down', ...FACTS])).code).toBe(0);
    expect((await run(['update', NAME, '--set', 'orders_affected=5'])).code).toBe(0);
    expect(await run(['doctor'])).toMatchObject({ code: 0, stdout: `incidents/${NAME}: ok\n` });

    const record = readFileSync(join(dir(), 'incident.yaml'), 'utf8');
    rmSync(join(dir(), 'incident.yaml'));
    writeFileSync(join(dir(), '.checklist.md.99999.0badf00d.tmp'), 'half');
    const repaired = await run(['doctor', NAME]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toBe(
      [
        `incidents/${NAME}: repaired: removed what interrupted commands left: .checklist.md.99999.0badf00d.tmp`,
        `incidents/${NAME}: repaired: incident.yaml and checklist.md rebuilt from the timeline`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir(), 'incident.yaml'), 'utf8')).toBe(record);
    expect(readdirSync(dir()).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const [start] = lines();
    writeFileSync(join(dir(), 'timeline.jsonl'), `${start}\n`);
    const lost = await run(['doctor']);
    expect(lost.code).toBe(1);
    expect(lost.stdout).toContain(`incidents/${NAME}: needs a person: statements/02-update is not in timeline.jsonl`);
  });
});

// Two responders on two machines share one incident through a bare repository: each posts an
// update, ticks a step and signs off offline, then both run `crisis sync`, in either order. Real
// git throughout; identity from the environment, never the global config.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { crisis } from './exec.js';
import { identity } from './identity.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const paris = (hhmm: string) => `2026-03-10T${hhmm}:00+01:00`;
const FACTS = ['--yes', '--set', 'failing_methods=Visa,PayPal', '--set', 'orders_affected=12', '--set', 'detected_at=-20m', '--set', 'fix_eta=16:30'];

const gitIn = (cwd: string, args: string[], name = 'Setup') => execFileSync('git', args, { cwd, env: { ...process.env, ...identity(name) }, encoding: 'utf8' });

let tmp: string;
afterEach(async () => tmp && rm(tmp, { recursive: true, force: true }));

async function ok(cwd: string, who: string, args: string[], now: string) {
  const r = await crisis(args, { cwd, env: { ...identity(who), CRISIS_NOW: now } });
  if (r.code !== 0) throw new Error(`crisis ${args.join(' ')} (${who}) exited ${r.code}\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A remote with the project and one incident on it, and two clones of it. */
async function twoResponders() {
  tmp = await mkdtemp(join(tmpdir(), 'crisis-sync-'));
  const remote = join(tmp, 'remote.git');
  gitIn(tmp, ['init', '-q', '--bare', '-b', 'main', remote]);
  const dana = join(tmp, 'dana');
  gitIn(tmp, ['clone', '-q', remote, dana]);
  await cp(GOOD, dana, { recursive: true });
  await writeFile(join(dana, '.gitattributes'), 'timeline.jsonl merge=union\n');
  gitIn(dana, ['add', '-A']);
  gitIn(dana, ['commit', '-q', '-m', 'playbooks']);
  const started = await ok(dana, 'Dana', ['start', 'checkout-down', ...FACTS], paris('10:00'));
  const incident = started.trimEnd().split('\n').at(-1)!.split('/').at(-1)!;
  await ok(dana, 'Dana', ['sync'], paris('10:01'));
  const marc = join(tmp, 'marc');
  gitIn(tmp, ['clone', '-q', remote, marc]);
  return { remote, dana, marc, incident };
}

/** Every file of a folder with its content, paths relative to it. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out[path.slice(dir.length + 1)] = await readFile(path, 'utf8');
  }
  return out;
}

describe('crisis sync', () => {
  for (const order of [
    ['dana', 'marc'],
    ['marc', 'dana'],
  ] as const) {
    it(`merges two offline updates, steps and sign-offs (${order.join(' first, then ')})`, async () => {
      const r = await twoResponders();
      const folder = (who: 'dana' | 'marc') => join(r[who], 'incidents', r.incident);
      await ok(r.dana, 'Dana', ['update', r.incident, '--yes', '--set', 'orders_affected=30'], paris('10:30'));
      await ok(r.dana, 'Dana', ['done', r.incident, 'confirm-scope'], paris('10:31'));
      await ok(r.dana, 'Dana', ['approve', r.incident, '--as', 'comms-lead'], paris('10:32'));
      await ok(r.marc, 'Marc', ['update', r.incident, '--yes', '--set', 'fix_eta=18:00'], paris('10:40'));
      await ok(r.marc, 'Marc', ['done', r.incident, 'first-statement'], paris('10:41'));
      await ok(r.marc, 'Marc', ['approve', r.incident, '--as', 'comms-lead'], paris('10:42'));

      expect(await ok(r.dana, 'Dana', ['status'], paris('10:50'))).toMatch(/not yet shared: \d+ files not committed/);
      const [first, second] = order;
      const who = (w: string) => (w === 'dana' ? 'Dana' : 'Marc');
      await ok(r[first], who(first), ['sync'], paris('11:00'));
      const merging = await ok(r[second], who(second), ['sync'], paris('11:01'));
      await ok(r[first], who(first), ['sync'], paris('11:02'));

      // Marc's update came later: it is 03, rendered as update 2, and loses the sign-off it had as 02.
      expect(merging).toContain('02-update became 03-update');
      expect(merging).toContain('sign-off of customer-email, banner by');
      const a = await tree(folder('dana'));
      const b = await tree(folder('marc'));
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(b).toEqual(a);
      const stages = [
        ...new Set(
          Object.keys(a)
            .filter((p) => p.startsWith('statements/'))
            .map((p) => p.split('/')[1]),
        ),
      ].sort();
      expect(stages).toEqual(['01-start', '02-update', '03-update']);
      for (const [path, text] of Object.entries(a)) expect(text, path).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
      const events = a['timeline.jsonl']!.trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(events.map((e) => `${e.type}:${e.by}`)).toEqual(['started:Dana', 'updated:Dana', 'step:Dana', 'approved:Dana', 'updated:Marc', 'step:Marc']);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(a['statements/03-update/customer-email.en.md']).toMatch(/18:00|6:00/);
      const statusA = await ok(r.dana, 'Dana', ['status', '--json'], paris('11:05'));
      const statusB = await ok(r.marc, 'Marc', ['status', '--json'], paris('11:05'));
      expect(JSON.parse(statusB).map(({ path, ...x }: { path: string }) => x)).toEqual(JSON.parse(statusA).map(({ path, ...x }: { path: string }) => x));
      expect(await ok(r.dana, 'Dana', ['status'], paris('11:05'))).not.toContain('not yet shared');
      expect(JSON.parse(statusA)[0]).toMatchObject({ update_number: 2, awaiting_approval: expect.arrayContaining(['customer-email']) });
      expect(gitIn(r.dana, ['rev-parse', 'HEAD'])).toBe(gitIn(r.marc, ['rev-parse', 'HEAD']));
    }, 60_000);
  }

  it('stops on a playbook line both edited, undoes the merge and keeps the local commits', async () => {
    const r = await twoResponders();
    const pb = 'playbooks/checkout-down.yaml';
    const edit = async (dir: string, who: string, title: string) => {
      const text = await readFile(join(dir, pb), 'utf8');
      await writeFile(join(dir, pb), text.replace(/^title: .*$/m, `title: ${title}`));
      gitIn(dir, ['commit', '-q', '-am', `title by ${who}`], who);
    };
    await edit(r.dana, 'Dana', 'Checkout fails');
    await edit(r.marc, 'Marc', 'Payments fail');
    await ok(r.marc, 'Marc', ['update', r.incident, '--yes'], paris('10:40'));
    await ok(r.dana, 'Dana', ['sync'], paris('11:00'));
    const head = gitIn(r.marc, ['rev-parse', 'HEAD']);
    const res = await crisis(['sync'], { cwd: r.marc, env: { ...identity('Marc'), CRISIS_NOW: paris('11:01') } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${pb} was changed on both sides`);
    expect(res.stderr).toContain('nothing was lost');
    expect(await readFile(join(r.marc, pb), 'utf8')).toContain('title: Payments fail');
    expect(gitIn(r.marc, ['status', '--porcelain'])).toBe('');
    expect(gitIn(r.marc, ['log', '-1', '--format=%s'])).toContain(r.incident);
    expect(gitIn(r.marc, ['rev-parse', 'HEAD^'])).toBe(head);
  }, 60_000);

  it('merges again when someone pushed between its fetch and its push', async () => {
    const r = await twoResponders();
    await ok(r.dana, 'Dana', ['update', r.incident, '--yes', '--set', 'orders_affected=30'], paris('10:30'));
    gitIn(r.dana, ['add', '-A']);
    gitIn(r.dana, ['commit', '-q', '-m', 'Dana, not yet pushed'], 'Dana');
    await ok(r.marc, 'Marc', ['update', r.incident, '--yes', '--set', 'fix_eta=18:00'], paris('10:40'));
    // Marc's first push finds that Dana has just pushed: his pre-push hook pushes her commit first, once.
    const hook = join(r.marc, '.git', 'hooks', 'pre-push');
    const marker = join(tmp, 'pushed-first');
    await writeFile(hook, `#!/bin/sh\n[ -e "${marker}" ] && exit 0\ntouch "${marker}"\ngit -C "${r.dana}" push -q origin HEAD:main\n`, { mode: 0o755 });
    const res = await crisis(['sync'], { cwd: r.marc, env: { ...identity('Marc'), CRISIS_NOW: paris('10:45') } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('someone pushed first; merging again (1/5)');
    await ok(r.dana, 'Dana', ['sync'], paris('10:50'));
    const events = (await readFile(join(r.dana, 'incidents', r.incident, 'timeline.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'updated').map((e) => e.by)).toEqual(['Dana', 'Marc']);
    expect(await tree(join(r.marc, 'incidents', r.incident))).toEqual(await tree(join(r.dana, 'incidents', r.incident)));
  }, 60_000);

  it('waits for a command writing the incident, and gives up without touching anything', async () => {
    const r = await twoResponders();
    await ok(r.dana, 'Dana', ['update', r.incident, '--yes'], paris('10:30'));
    await ok(r.dana, 'Dana', ['sync'], paris('10:31'));
    await ok(r.marc, 'Marc', ['update', r.incident, '--yes', '--set', 'fix_eta=18:00'], paris('10:40'));
    // A live command on this machine holds the incident (this test's own process stands for it).
    const folder = join(r.marc, 'incidents', r.incident);
    await writeFile(
      join(folder, '.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), command: 'update', token: 'held' }),
    );
    const before = await tree(folder);
    const head = gitIn(r.marc, ['rev-parse', 'HEAD']);
    const res = await crisis(['sync'], { cwd: r.marc, env: { ...identity('Marc'), CRISIS_NOW: paris('10:45'), CRISIS_LOCK_TIMEOUT_MS: '300' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('[incident-busy]');
    expect(await tree(folder)).toEqual(before);
    expect(gitIn(r.marc, ['rev-parse', 'HEAD'])).toBe(head);
    await rm(join(folder, '.lock'));
    await ok(r.marc, 'Marc', ['sync'], paris('10:46'));
  }, 60_000);

  it('says why it cannot share without git or a remote, and everything else still works', async () => {
    tmp = await mkdtemp(join(tmpdir(), 'crisis-sync-'));
    await cp(GOOD, tmp, { recursive: true });
    await ok(tmp, 'Dana', ['start', 'checkout-down', ...FACTS], paris('10:00'));
    const none = await crisis(['sync'], { cwd: tmp, env: identity('Dana') });
    expect([none.code, none.stderr]).toEqual([1, expect.stringContaining('cannot share incidents')]);
    gitIn(tmp, ['init', '-q', '-b', 'main']);
    const noRemote = await crisis(['sync'], { cwd: tmp, env: identity('Dana') });
    expect(noRemote.code).toBe(1);
    expect(noRemote.stderr).toContain('the repository has no remote');
    expect(noRemote.stderr).toContain('git remote add origin');
  }, 60_000);
});

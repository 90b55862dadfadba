// Several responders on one incident at once: eight `crisis update` processes started together
// each get their own stage number, every success is in the timeline exactly once, and a lock
// left by a dead process is taken over while a live holder makes a command give up, saying so.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crisis } from './exec.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const FACTS = ['--set', 'failing_methods=Visa,PayPal', '--set', 'detected_at=-20m'];
const UPDATES = 8;

let root: string;
let out: string;
let incident: string;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'crisis-concurrency-'));
  await cp(GOOD, root, { recursive: true });
  out = join(root, 'incidents');
  const r = await crisis(['start', 'checkout-down', '--yes', '--out', out, ...FACTS], { cwd: root });
  expect(r.code, r.stderr).toBe(0);
  incident = join(root, r.stdout.trimEnd().split('\n').at(-1)!); // printed relative to the working folder
});
afterEach(async () => {
  holder?.kill('SIGKILL');
  holder = undefined;
  await rm(root, { recursive: true, force: true });
});

const timeline = async () =>
  (await readFile(join(incident, 'timeline.jsonl'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

/** Every path under a folder, relative to it. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map((e) => relative(dir, join(dir, e))).sort();
}

/** The incident's files as they are, to show a command wrote nothing. */
async function contents(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of await tree(dir)) if ((await stat(join(dir, path))).isFile()) files[path] = await readFile(join(dir, path), 'utf8');
  return files;
}

describe('eight updates at once', () => {
  it('number the stages 02..09, one event each, and leave no lock or temp file', async () => {
    const counts = Array.from({ length: UPDATES }, (_, i) => 101 + i);
    const runs = await Promise.all(
      counts.map((n) => crisis(['update', incident, '--out', out, '--set', `orders_affected=${n}`], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '60000' } })),
    );
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

    const events = await timeline();
    const updates = events.filter((e) => e.type === 'updated');
    expect(events[0].type).toBe('started');
    expect(updates.map((e) => e.number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(updates.map((e) => e.folder)).toEqual(['02', '03', '04', '05', '06', '07', '08', '09'].map((n) => `${n}-update`));
    // Each process's fact is in exactly one event: no update lost, none counted twice.
    expect(updates.map((e) => e.changes.orders_affected).sort()).toEqual(counts);

    const folders = (await readdir(join(incident, 'statements'))).sort();
    expect(folders).toEqual(['01-start', ...updates.map((e) => e.folder)]);
    for (const e of updates) {
      // Complete: exactly the files the event lists, each ending as written; and rendered from that event's facts.
      const files = (await readdir(join(incident, 'statements', e.folder))).sort();
      expect(files).toEqual(e.statements.map((s: { path: string }) => s.path.split('/').at(-1)).sort());
      for (const s of e.statements) expect(await readFile(join(incident, s.path), 'utf8')).toMatch(/\S\n$/);
      expect(await readFile(join(incident, 'statements', e.folder, 'customer-email.en.md'), 'utf8')).toContain(
        `${e.changes.orders_affected} orders did not go through`,
      );
    }

    const record = parse(await readFile(join(incident, 'incident.yaml'), 'utf8'));
    expect(record).toMatchObject({ stage: 'update', update_number: UPDATES });
    expect(record.answers.orders_affected).toBe(updates.at(-1).changes.orders_affected);
    expect((await tree(incident)).filter((p) => /(^|\/)\.lock|\.tmp/.test(p))).toEqual([]);
  });
});

describe('eight updates at once with no time to wait', () => {
  it('each either lands, numbered in turn, or says the incident is busy and writes nothing', async () => {
    const counts = Array.from({ length: UPDATES }, (_, i) => 201 + i);
    const runs = await Promise.all(
      counts.map((n) => crisis(['update', incident, '--out', out, '--set', `orders_affected=${n}`], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '0' } })),
    );
    const landed = counts.filter((_, i) => runs[i]!.code === 0);
    for (const r of runs.filter((r) => r.code !== 0)) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/the incident is busy: locked by process \d+ \(crisis update\)/);
    }
    const updates = (await timeline()).filter((e) => e.type === 'updated');
    expect(updates.map((e) => e.number)).toEqual(landed.map((_, i) => i + 2));
    expect(updates.map((e) => e.changes.orders_affected).sort()).toEqual(landed);
    expect((await readdir(join(incident, 'statements'))).sort()).toEqual(['01-start', ...updates.map((e) => e.folder)]);
    expect((await tree(incident)).filter((p) => /(^|\/)\.lock|\.tmp/.test(p))).toEqual([]);
  });
});

describe('six starts of one playbook in the same minute', () => {
  it('make six whole incidents, each under its own name', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => crisis(['start', 'checkout-down', '--yes', '--out', out, ...FACTS], { cwd: root })));
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const names = runs.map((r) => r.stdout.trimEnd().split('\n').at(-1)!.split('/').at(-1)!);
    // The beforeEach start took the plain name.
    expect(names.sort()).toEqual([2, 3, 4, 5, 6, 7].map((n) => `20260310-1000-checkout-down-${n}`));
    for (const name of names) {
      const events = (await readFile(join(out, name, 'timeline.jsonl'), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(events.map((e) => [e.type, e.incident])).toEqual([['started', name]]);
      expect(parse(await readFile(join(out, name, 'incident.yaml'), 'utf8'))).toMatchObject({ id: name });
    }
    expect((await readdir(out)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('the incident lock', () => {
  it('takes over a lock whose process is dead', async () => {
    const dead = await exitedPid();
    await writeFile(join(incident, '.lock'), JSON.stringify({ pid: dead, host: hostname(), at: new Date().toISOString(), command: 'update' }));
    const r = await crisis(['done', incident, 'confirm-scope', '--out', out], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '2000' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await timeline()).at(-1)).toMatchObject({ type: 'step', step: 'confirm-scope', status: 'done' });
    expect(existsSync(join(incident, '.lock'))).toBe(false);
  });

  it('takes over a lock its holder never finished writing, once it is a few seconds old', async () => {
    const lock = join(incident, '.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const r = await crisis(['done', incident, 'confirm-scope', '--out', out], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '2000' } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(lock)).toBe(false);
  });

  it('is not fooled into a busy loop by a folder named .lock: busy while fresh, taken over once old', async () => {
    const lock = join(incident, '.lock');
    await mkdir(lock);
    await writeFile(join(lock, 'x'), '');
    const fresh = await crisis(['done', incident, 'confirm-scope', '--out', out], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '300' } });
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain('the incident is busy: locked [incident-busy]');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const r = await crisis(['done', incident, 'confirm-scope', '--out', out], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '300' } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(lock)).toBe(false);
  });

  it('gives up on a live holder after CRISIS_LOCK_TIMEOUT_MS: exit 1, "busy", nothing written', async () => {
    const pid = await holdLock(join(incident, '.lock'));
    const before = await contents(incident);
    const started = Date.now();
    const r = await crisis(['done', incident, 'confirm-scope', '--out', out], { cwd: root, env: { CRISIS_LOCK_TIMEOUT_MS: '300' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the incident is busy');
    expect(r.stderr).toContain(`locked by process ${pid} (crisis update)`);
    expect(r.stderr).toContain('hint: another crisis command is writing this incident; try again in a moment');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(Date.now() - started).toBeLessThan(20_000);
    // The holder's lock is still the holder's, and not a byte of the incident changed.
    expect(await contents(incident)).toEqual(before);
  });
});

/** The pid of a process that has exited: a lock naming it belongs to no one. */
function exitedPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

/** A child process that takes the lock the way crisis does and sleeps on it; resolves with its pid once it holds it. */
function holdLock(path: string): Promise<number> {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(${JSON.stringify(path)}, 'wx');
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: require('node:os').hostname(), at: new Date().toISOString(), command: 'update' }));
    fs.closeSync(fd);
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    holder = child;
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('held') && resolve(child.pid!));
  });
}

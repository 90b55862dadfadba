// An exclusive lock on an incident folder that survives a crashed holder.
// The lock file is written whole under a temp name and linked into place (a link fails when the
// lock exists), so a lock is never seen empty. A lock whose holder is a dead process of this host
// is removed under a break guard (one breaker at a time) and claimed again. A live holder of this
// host keeps its lock however long it takes (paused, slow disk); a holder on another host (a
// shared folder) refreshes the lock's time while it holds it, and only a lock not refreshed for
// STALE_MS is taken from it. Release removes the lock only while it is still ours.
import { closeSync, linkSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Interrupted } from './io.js';

export const LOCK_FILE = '.lock';
const STALE_MS = 120_000;
const REFRESH_MS = 10_000;

export class LockTimeout extends Error {
  constructor(readonly holder: string) {
    super(`the incident is busy: ${holder}`);
  }
}

type Holder = { pid: number; host: string; at: string; command?: string; token?: string };

export async function withLock<T>(dir: string, fn: () => T | Promise<T>, opts: { timeoutMs: number; command?: string }): Promise<T> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + opts.timeoutMs;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    at: new Date().toISOString(),
    ...(opts.command ? { command: opts.command } : {}),
    token: randomBytes(8).toString('hex'),
  };
  const mine = JSON.stringify(me);
  for (;;) {
    if (claim(path, mine)) break;
    const seen = readHolder(path);
    if (seen === undefined) continue; // released between our claim and our read: free now, not busy
    if (isStale(path, seen)) {
      breakLock(path, seen);
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeout(describeHolder(seen));
    await new Promise((r) => setTimeout(r, 25 + Math.random() * 75));
  }
  // Keeps the lock's time fresh, so a contender on another host never takes it from a live holder.
  const refresh = setInterval(() => {
    try {
      if (readHolder(path) === mine) utimesSync(path, new Date(), new Date());
    } catch {
      /* gone or not ours: nothing to refresh */
    }
  }, REFRESH_MS);
  refresh.unref();
  // Ctrl-C while we hold the lock waits for the write to finish, then exits 130: nothing half-done.
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: T;
  try {
    result = await fn();
  } finally {
    clearInterval(refresh);
    release(path, mine);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupted) throw new Interrupted('the change was written in full before stopping');
  return result;
}

/** Claims the lock with its content already in it: written aside, then linked (fails if taken). */
function claim(path: string, content: string): boolean {
  const temp = `${path}.claim-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Removes the lock only if it is still the one we wrote: a lock taken from us is not ours to remove. */
function release(path: string, mine: string): void {
  if (readHolder(path) === mine) rmSync(path, { force: true });
}

/** The lock's content; undefined once it is gone. Unreadable (a folder named .lock) reads as empty: a holder that never wrote. */
function readHolder(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : '';
  }
}

function isStale(path: string, content: string): boolean {
  let holder: Holder | undefined;
  try {
    holder = JSON.parse(content) as Holder;
  } catch {
    holder = undefined;
  }
  const age = Date.now() - (statSafe(path) ?? Date.now());
  // Not a lock we write (claims are written whole): a hand-made or damaged file, judged by its age.
  if (!holder || typeof holder.pid !== 'number') return age > 2_000;
  // On this host the pid decides: a live holder is never broken, however old its lock.
  if (holder.host === hostname()) return !alive(holder.pid);
  return age > STALE_MS;
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether a process of this machine is still running (EPERM: it runs, as someone else). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a lock judged stale, under a short-lived break lock: only one contender breaks at a time,
 * and it removes the lock only if it still holds what was judged. (Renaming it aside instead would
 * open a gap in which a fresh claim lands and is then orphaned: two holders at once.)
 */
function breakLock(path: string, judged: string): void {
  const guard = `${path}.break`;
  if (!claim(guard, String(process.pid))) {
    // A breaker that died mid-break leaves its guard; it is held for microseconds, so an old one is dead.
    const age = Date.now() - (statSafe(guard) ?? Date.now());
    if (age > 2_000) rmSync(guard, { force: true, recursive: true });
    return;
  }
  try {
    if (readHolder(path) === judged) rmSync(path, { force: true, recursive: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

function describeHolder(content: string | undefined): string {
  try {
    const h = JSON.parse(content ?? '') as Holder;
    return `locked by process ${h.pid}${h.command ? ` (crisis ${h.command})` : ''} since ${h.at}`;
  } catch {
    return 'locked';
  }
}

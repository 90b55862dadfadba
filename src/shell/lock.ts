// An exclusive lock on an incident folder that survives a crashed holder.
// `open(..., 'wx')` claims it atomically; a lock whose process is gone, or that is older than
// STALE_MS, is moved aside (a rename only one contender can win) and claimed again.
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const LOCK_FILE = '.lock';
const STALE_MS = 120_000;

export class LockTimeout extends Error {
  constructor(readonly holder: string) {
    super(`the incident is busy: ${holder}`);
  }
}

type Holder = { pid: number; host: string; at: string; command?: string };

export async function withLock<T>(dir: string, fn: () => T | Promise<T>, opts: { timeoutMs: number; command?: string }): Promise<T> {
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + opts.timeoutMs;
  const me: Holder = { pid: process.pid, host: hostname(), at: new Date().toISOString(), ...(opts.command ? { command: opts.command } : {}) };
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const seen = readHolder(path);
      if (seen === undefined) continue; // released between our open and our read: free now, not busy
      if (isStale(path, seen)) {
        breakLock(path, seen);
        continue;
      }
      if (Date.now() > deadline) throw new LockTimeout(describeHolder(seen));
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 75));
    }
  }
  // Ctrl-C while we hold the lock waits for the write to finish, then exits 130: nothing half-done.
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (interrupted) process.exit(130);
  }
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
  if (!holder) return age > 2_000; // a holder that died between creating and writing the file
  if (holder.host === hostname() && !alive(holder.pid)) return true;
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

/** Moves a stale lock aside; if what we moved is not the lock we judged stale, it was a fresh one: put it back. */
function breakLock(path: string, judged: string): void {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // another contender broke it first
  }
  const moved = readHolder(aside);
  if (moved !== judged) {
    try {
      linkSync(aside, path); // fails rather than replace a lock claimed meanwhile
    } catch {
      /* a newer lock exists; the one we moved is then orphaned, and its holder's release is a no-op */
    }
  }
  rmSync(aside, { force: true, recursive: true });
}

function describeHolder(content: string | undefined): string {
  try {
    const h = JSON.parse(content ?? '') as Holder;
    return `locked by process ${h.pid}${h.command ? ` (crisis ${h.command})` : ''} since ${h.at}`;
  } catch {
    return 'locked';
  }
}

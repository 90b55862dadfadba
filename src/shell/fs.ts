// Writes that are all or nothing: a temp file in the same folder, then a rename over the target.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { fail } from './errors.js';

/** A temp name beside the target, so the rename stays on one file system (and so is atomic). */
export const tempPathFor = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

// Test hook: CRISIS_FAULT_KILL_AFTER_WRITES=N makes the process SIGKILL itself right after its N-th atomic write (crash tests).
const killAfterWrites = Number(process.env.CRISIS_FAULT_KILL_AFTER_WRITES) || 0;
// Test hook: CRISIS_FAULT_FULL_AT_WRITE=N makes the N-th write fail as on a full disk (an append
// first writes half its line, as a real one can).
const fullAtWrite = Number(process.env.CRISIS_FAULT_FULL_AT_WRITE) || 0;
let writes = 0;

function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}
const faultNow = () => fullAtWrite > 0 && writes + 1 === fullAtWrite;

/**
 * Appends to a file, all or nothing: a failed append (a full disk) is cut back to the old length.
 * `sync`: on disk before this returns (a publish intent must outlive a power cut, not only a kill).
 */
export function appendAllOrNothing(file: string, text: string, opts: { sync?: boolean } = {}): void {
  const before = existsSync(file) ? statSync(file).size : 0;
  try {
    if (faultNow()) {
      appendFileSync(file, text.slice(0, Math.ceil(text.length / 2)));
      throw diskFull();
    }
    appendFileSync(file, text);
    if (opts.sync) {
      const fd = openSync(file, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    truncateSync(file, before);
    throw err;
  }
  written();
}

/** `sync: false` skips the fsync, for files whose loss costs nothing (a cache). */
export function writeFileAtomic(target: string, content: string, opts: { sync?: boolean } = {}): void {
  makeFolder(dirname(target));
  const temp = tempPathFor(target);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      if (faultNow()) throw diskFull();
      writeSync(fd, content);
      if (opts.sync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  written();
}

/**
 * A file in a folder no one reads until it is renamed into place (a new incident, a new stage):
 * the folder's rename is the commit, so the file is written as it is, with no temp file of its own.
 */
export function writeFileInNewFolder(target: string, content: string, made: Set<string>): void {
  const dir = dirname(target);
  if (!made.has(dir)) (makeFolder(dir), made.add(dir));
  if (faultNow()) throw diskFull();
  writeFileSync(target, content, { mode: 0o644 });
  written();
}

function written(): void {
  writes++;
  if (killAfterWrites && writes === killAfterWrites) process.kill(process.pid, 'SIGKILL');
}

/** mkdir -p; a file in the way (`--out notes.txt/statements`) is the user's to fix, not a crash. */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      fail('not-a-folder', `cannot write into ${dir}: part of that path is a file`, 'give a folder, or move the file away');
    throw err;
  }
}

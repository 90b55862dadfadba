// The incident lock, in-process: what its holder leaves behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LOCK_FILE, withLock } from '../../src/shell/lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crisis-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('is written whole, with its holder, and removed on release with no claim file left', async () => {
  const seen = await withLock(dir, () => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; command: string }, {
    timeoutMs: 1000,
    command: 'update',
  });
  expect(seen).toMatchObject({ pid: process.pid, command: 'update' });
  expect(readdirSync(dir)).toEqual([]);
});

it("is not removed on release once it is someone else's", async () => {
  const theirs = JSON.stringify({ pid: process.pid, host: 'elsewhere', at: new Date().toISOString(), token: 'theirs' });
  await withLock(dir, () => writeFileSync(join(dir, LOCK_FILE), theirs), { timeoutMs: 1000 });
  expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(theirs);
});

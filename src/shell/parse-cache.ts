// Parses (config, playbooks, templates) kept on disk between runs (see ParseCache in src/playbook/model.ts).
// Where: the project's node_modules/.cache/crisis (the nearest node_modules from the working
// folder up), else the user's cache folder; never the package's own folder, which may be read-only
// (a global install, a locked-down CI image). CRISIS_CACHE_DIR moves it, CRISIS_CACHE_DIR=off turns
// it off. Entries live under the crisis version that wrote them, and the whole cache is kept under
// a size bound: the oldest entries go first. A cache that cannot be written is simply not used.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import type { ParseCache } from '../playbook/index.js';
import { writeFileAtomic } from './fs.js';

/** Far above what a large playbook library keeps (the shipped one: about 2 MB). */
export const CACHE_MAX_BYTES = 32 * 1024 * 1024;

export function parseCache(env: Record<string, string | undefined>, cwd = process.cwd()): ParseCache | undefined {
  if (env.CRISIS_CACHE_DIR === 'off') return undefined;
  const root = cacheRoot(env, cwd);
  const dir = join(root, pkg.version);
  let writable = true;
  let pruned = false;
  return {
    get(key) {
      try {
        return readFileSync(join(dir, `${key}.json`), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      if (!writable) return;
      try {
        // Once a run, before its first write: a warm run writes nothing and pays nothing.
        if (!pruned) ((pruned = true), pruneCache(root, CACHE_MAX_BYTES));
        writeFileAtomic(join(dir, `${key}.json`), value, { sync: false });
      } catch {
        writable = false;
      }
    },
  };
}

/** The cache folder (without the version): see the top of this file. */
export function cacheRoot(env: Record<string, string | undefined>, cwd: string): string {
  if (env.CRISIS_CACHE_DIR) return resolve(cwd, env.CRISIS_CACHE_DIR);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules', '.cache', 'crisis');
    if (dirname(d) === d) break;
  }
  const home = env.HOME || env.USERPROFILE || homedir();
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? join(home, 'Library', 'Caches')
      : process.platform === 'win32'
        ? env.LOCALAPPDATA || join(home, 'AppData', 'Local')
        : join(home, '.cache'));
  return join(base, 'crisis');
}

/** Deletes the oldest entries (every version's) until the cache holds at most three quarters of `max`. */
export function pruneCache(root: string, max: number): void {
  if (!existsSync(root)) return;
  const entries: { path: string; size: number; at: number }[] = [];
  for (const version of readdirSync(root)) {
    const dir = join(root, version);
    try {
      for (const name of readdirSync(dir)) {
        const s = statSync(join(dir, name));
        if (s.isFile()) entries.push({ path: join(dir, name), size: s.size, at: s.mtimeMs });
      }
    } catch {
      // not a folder, or gone meanwhile
    }
  }
  let total = entries.reduce((n, e) => n + e.size, 0);
  if (total <= max) return;
  for (const e of entries.sort((a, b) => a.at - b.at)) {
    if (total <= max * 0.75) break;
    rmSync(e.path, { force: true });
    total -= e.size;
  }
}

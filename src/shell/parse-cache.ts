// Parses (config, playbooks, templates) kept on disk between runs (see ParseCache in src/core/model.ts).
// node_modules/.cache is where tools keep such things; CRISIS_CACHE_DIR moves it, and
// CRISIS_CACHE_DIR=off turns it off. A cache that cannot be written is simply not used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseCache } from '../playbook/model.js';
import { writeFileAtomic } from './fs.js';
import { packageRoot } from './project.js';

export function parseCache(env: Record<string, string | undefined>): ParseCache | undefined {
  if (env.CRISIS_CACHE_DIR === 'off') return undefined;
  const dir = env.CRISIS_CACHE_DIR ?? join(packageRoot(), 'node_modules', '.cache', 'crisis', 'parsed');
  let writable = true;
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
        writeFileAtomic(join(dir, `${key}.json`), value, { sync: false });
      } catch {
        writable = false;
      }
    },
  };
}

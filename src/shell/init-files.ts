// The edges of `crisis init`: the package's starter folder read as data, and files written only
// where none exists.
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Starter } from '../init/index.js';
import { packageRoot } from './project.js';
import { tempPathFor } from './fs.js';

export function readStarter(dir = join(packageRoot(), 'starter')): Starter {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile())
      files[relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  return files;
}

/**
 * Writes a file whole (temp, then link into place) and never over one that exists: the link fails
 * with EEXIST when another process made the file since we looked, where a rename would replace it.
 */
export function writeNewFile(target: string, content: string): 'written' | 'exists' {
  mkdirSync(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
    linkSync(temp, target);
    return 'written';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

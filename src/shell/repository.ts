// The git repository a folder is in, found by its `.git` entry (a folder, or a file in a worktree
// or submodule), so paths can be given from its root without running git, or where git is missing.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function findRepositoryRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

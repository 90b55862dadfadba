// The system's git, run through execFile: no shell, arguments as given, output as text.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fail } from './errors.js';

export type GitResult = { code: number; stdout: string; stderr: string };

export function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args as string[], { cwd, env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (err as NodeJS.ErrnoException).code : 0;
      if (code === 'ENOENT') return reject(new GitMissing());
      if (err && typeof code !== 'number') return reject(err);
      resolve({ code: (code as number) ?? 0, stdout, stderr });
    });
  });
}

export class GitMissing extends Error {
  constructor() {
    super('git is not installed');
  }
}

/** Runs git and fails with its own message when it does not succeed. */
export async function gitOk(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await git(cwd, args, env);
  if (r.code !== 0)
    fail('git-failed', `git ${args[0]} failed: ${firstLine(r.stderr || r.stdout)}`, 'run the same git command yourself to see the whole message');
  return r.stdout;
}

export const firstLine = (text: string) => text.trim().split('\n').filter(Boolean).at(-1) ?? '';

/** The repository's top folder, or undefined when cwd is not in one (or git is missing). */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  try {
    const r = await git(cwd, ['rev-parse', '--show-toplevel']);
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch (err) {
    if (err instanceof GitMissing) return undefined;
    throw err;
  }
}

export type Upstream = { remote: string; branch: string };

/** Where this branch shares its work: its upstream, else `origin` (or the only remote) under the same branch name. */
export async function upstreamOf(root: string): Promise<Upstream | undefined> {
  const u = await git(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{u}']);
  const remotes = (await git(root, ['remote'])).stdout.split('\n').filter(Boolean);
  if (u.code === 0) {
    const name = u.stdout.trim();
    const remote = remotes.find((r) => name.startsWith(`${r}/`));
    if (remote) return { remote, branch: name.slice(remote.length + 1) };
  }
  const remote = remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0] : undefined;
  if (!remote) return undefined;
  const branch = (await git(root, ['symbolic-ref', '--short', 'HEAD'])).stdout.trim();
  return branch ? { remote, branch } : undefined;
}

/**
 * Paths git must never carry from an incident folder: the lock and the temp files of a running
 * command. Plain (not glob) pathspecs, where `*` also matches `/`.
 */
export const NOT_SHARED = [':(exclude)*/.lock', ':(exclude)*/.lock.*', ':(exclude)*.tmp', ':(exclude)*/.tmp-*'];

export type Unshared = { files: number; commits: number };

/**
 * Per incident folder name: files changed and commits not yet pushed, with two git calls for all
 * incidents. Undefined when the project is not a git repository with an upstream to push to.
 */
export async function unsharedIncidents(outRoot: string): Promise<Map<string, Unshared> | undefined> {
  if (!mayBeInRepository(outRoot)) return undefined;
  try {
    const [changed, ahead] = await Promise.all([
      git(outRoot, ['status', '--porcelain', '-z', '--untracked-files=all', '--', '.', ...NOT_SHARED]),
      git(outRoot, ['log', '@{u}..HEAD', '--format=%x00%H', '--name-only', '--relative', '--', '.']),
    ]);
    if (changed.code !== 0 || ahead.code !== 0) return undefined;
    const found = new Map<string, Unshared>();
    const entry = (name: string) => found.get(name) ?? found.set(name, { files: 0, commits: 0 }).get(name)!;
    const prefix = (await git(outRoot, ['rev-parse', '--show-prefix'])).stdout.trim();
    // Porcelain paths are relative to the repository root; the log's are relative to outRoot.
    for (const rec of changed.stdout.split('\0')) {
      const path = rec.slice(3);
      if (path.startsWith(prefix) && rec.length > 3) entry(path.slice(prefix.length).split('/')[0]!).files++;
    }
    for (const commit of ahead.stdout.split('\0').filter((c) => c.trim())) {
      const names = new Set(
        commit
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((p) => p.split('/')[0]!),
      );
      for (const name of names) entry(name).commits++;
    }
    return found;
  } catch (err) {
    if (err instanceof GitMissing) return undefined;
    throw err;
  }
}

/**
 * Whether git could see a repository from `dir`: a `.git` in it or above, or GIT_DIR set. Asked
 * before git, whose two processes are a tenth of status where there is no repository to ask.
 */
export function mayBeInRepository(dir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.GIT_DIR) return true;
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

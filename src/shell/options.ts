// The options most commands share, read once from commander's untyped bag.
import { resolve } from 'node:path';
import type { IO } from './io.js';
import { parseCache } from './parse-cache.js';
import type { ProjectOptions } from './project.js';

export type CommonOptions = {
  config?: string;
  playbooks?: string;
  out?: string;
  severity?: string;
  answers?: string;
  set?: string[];
  lang?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
};

export function projectOf(io: IO, opts: CommonOptions): ProjectOptions {
  const cache = parseCache(io.env);
  return {
    cwd: io.cwd,
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.playbooks ? { playbooks: opts.playbooks } : {}),
    ...(cache ? { cache } : {}),
  };
}

/** Where incident folders live: --out, default ./incidents. */
export const incidentsRoot = (io: IO, opts: CommonOptions) => resolve(io.cwd, opts.out ?? 'incidents');

/** How long a command waits for another one writing the same incident. */
export const lockTimeoutMs = (io: IO) => Number(io.env.CRISIS_LOCK_TIMEOUT_MS ?? 15_000);

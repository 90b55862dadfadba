// Worker threads for validate: with many playbooks to check afresh (a cold run over a large
// library), a second core checks playbooks too. Each thread takes the next playbook from one
// shared counter, so a thread that is slowed down (the machine is shared) simply takes fewer.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ParseCache } from '../playbook/index.js';
import type { TextFile } from '../validate/index.js';
import type { PackCache } from './parse-cache.js';
import { packageRoot } from './project.js';
import type { CheckedPlaybook, PlaybookToCheck } from './validate-files.js';

/** What a worker is started with (src/shell/validate-worker.ts). */
export type WorkerInput = { list: PlaybookToCheck[]; cwd: string; config: TextFile | undefined; cacheRoot: string | undefined; next: SharedArrayBuffer };
export type WorkerMessage = { i: number; result: CheckedPlaybook; entries: [string, Uint8Array][] };

// A worker costs a start of its own (an engine, the checks' code loaded and warmed: about two
// playbooks' checks on this machine's cores), so one is started only once two playbooks have
// been checked afresh and at least four are left: a warm run, or one with a playbook edited,
// stays on one thread.
const MISSES_BEFORE = 2;
const LEFT_AT_LEAST = 4;
const MAX_WORKERS = 3;
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/**
 * The playbooks' shared counter (`take`), and after each playbook the command's thread checks
 * (`after`), whether to start workers; `done` waits for their last results, written into `results`.
 * Workers come only with the cache off or a pack (their parses go into it through this thread).
 */
export function validatePool(list: PlaybookToCheck[], cwd: string, config: TextFile | undefined, cache: ParseCache | undefined, results: CheckedPlaybook[]) {
  const next = new Int32Array(new SharedArrayBuffer(4));
  const pack = cache && 'put' in cache ? (cache as PackCache) : undefined;
  const script = join(packageRoot(), 'dist', 'validate-worker.js');
  const size = cache && !pack ? 0 : Math.min(MAX_WORKERS, availableParallelism() - 1);
  const running: Promise<void>[] = [];

  function start(): void {
    const input: WorkerInput = { list, cwd, config, cacheRoot: pack?.root, next: next.buffer as SharedArrayBuffer };
    for (let w = 0; w < size; w++) {
      // Bounded, so two engines stay within what one would hold: a worker that runs out stops,
      // and what it left is checked by the command's thread (validateFiles).
      const worker = new Worker(script, { workerData: input, resourceLimits: WORKER_LIMITS });
      running.push(
        new Promise<void>((resolve) => {
          worker.on('message', (m: WorkerMessage) => {
            results[m.i] = m.result;
            for (const [key, data] of m.entries) pack?.put(key, data);
          });
          worker.on('error', () => {}); // its unfinished playbook is checked again by the caller
          worker.on('exit', () => resolve());
        }),
      );
    }
  }

  return {
    take: () => Atomics.add(next, 0, 1),
    async after(misses: number, i: number): Promise<void> {
      if (!running.length && size > 0 && misses >= MISSES_BEFORE && list.length - i - 1 >= LEFT_AT_LEAST && existsSync(script)) start();
      // Let the workers' results in as they come, so none pile up while this thread checks.
      if (running.length) await tick();
    },
    done: () => Promise.all(running),
  };
}

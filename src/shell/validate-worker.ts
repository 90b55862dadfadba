// A validate worker thread (src/shell/validate-pool.ts): takes playbooks from the shared counter,
// checks each like the command's own thread and posts the result with the parses it made.
import { parentPort, workerData } from 'node:worker_threads';
import { recordingCache } from './parse-cache.js';
import { playbookChecker } from './validate-files.js';
import type { WorkerInput, WorkerMessage } from './validate-pool.js';

const { list, cwd, config, cacheRoot, next } = workerData as WorkerInput;
const cache = cacheRoot === undefined ? undefined : recordingCache(cacheRoot);
const checker = playbookChecker(cwd, config, cache);
const counter = new Int32Array(next);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
for (let i = Atomics.add(counter, 0, 1); i < list.length; i = Atomics.add(counter, 0, 1))
  post({ i, result: checker.check(list[i]!), entries: cache?.take() ?? [] });

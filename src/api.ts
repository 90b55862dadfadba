// The package's programmatic API (`import { validate } from 'crisis-playbooks'`); its types are
// written by hand in types/index.d.ts, and test/unit/api.test.ts holds the two together.
import { hasErrors, type Problem } from './problem/index.js';
import { ProblemsError } from './shell/errors.js';
import { parseCache } from './shell/parse-cache.js';
import { validateFiles } from './shell/validate-files.js';

export type ValidateOptions = { cwd?: string; config?: string; playbooks?: string; strict?: boolean; cache?: boolean };
export type ValidateResult = { ok: boolean; problems: Problem[] };

/** What `crisis validate [paths...]` checks, as data: every problem, paths relative to `cwd`. */
export async function validate(paths: readonly string[] = [], options: ValidateOptions = {}): Promise<ValidateResult> {
  const cwd = options.cwd ?? process.cwd();
  const project = { cwd, ...(options.config ? { config: options.config } : {}), ...(options.playbooks ? { playbooks: options.playbooks } : {}) };
  let problems: Problem[];
  try {
    const cache = options.cache === false ? undefined : parseCache(process.env, cwd);
    problems = (await validateFiles(paths, project, cache)).report.problems;
  } catch (err) {
    // A path that does not exist is a problem to report, like any other.
    if (!(err instanceof ProblemsError)) throw err;
    problems = err.problems;
  }
  const ok = !hasErrors(problems) && !(options.strict && problems.length > 0);
  return { ok, problems };
}

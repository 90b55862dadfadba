// crisis validate [paths...]: every problem of the playbooks and templates, in the CI's format.
import { hasErrors } from '../problem/problem.js';
import { validateProject } from '../validate/validate.js';
import { FORMATTERS } from '../format/index.js';
import { EXIT, type IO } from '../shell/io.js';
import { parseCache } from '../shell/parse-cache.js';
import { type ProjectOptions } from '../shell/project.js';
import { readValidateInput, sourcesOf } from '../shell/validate-files.js';

type Options = { format: string; strict?: boolean; config?: string; playbooks?: string };

export async function run(io: IO, paths: string[], opts: Options): Promise<number> {
  const project: ProjectOptions = { cwd: io.cwd, ...(opts.config ? { config: opts.config } : {}), ...(opts.playbooks ? { playbooks: opts.playbooks } : {}) };
  const input = readValidateInput(paths, project);
  const cache = parseCache(io.env);
  const report = validateProject({ ...(input.config ? { config: input.config } : {}), playbooks: input.files }, cache ? { cache } : {});
  const formatter = FORMATTERS[opts.format]!;
  io.stdout.write(formatter({
    problems: report.problems,
    sources: sourcesOf(input),
    playbooks: report.playbooks,
    sms: report.sms,
    color: io.color,
    strict: Boolean(opts.strict),
  }));
  const warnings = report.problems.some((p) => p.severity === 'warning');
  return hasErrors(report.problems) || (opts.strict && warnings) ? EXIT.failed : EXIT.ok;
}

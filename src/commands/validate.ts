// crisis validate [paths...]: every problem of the playbooks and templates, in the CI's format.
import { type FormatName, FORMATTERS } from '../format/index.js';
import { resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { hasErrors, type Problem } from '../problem/index.js';
import { EXIT, type IO } from '../shell/io.js';
import { parseCache } from '../shell/parse-cache.js';
import { displayPath, type ProjectOptions } from '../shell/project.js';
import { findRepositoryRoot } from '../shell/repository.js';
import { validateFiles } from '../shell/validate-files.js';

type Options = { format: string; json?: boolean; strict?: boolean; config?: string; playbooks?: string };

export async function run(io: IO, paths: string[], opts: Options): Promise<number> {
  const project: ProjectOptions = { cwd: io.cwd, ...(opts.config ? { config: opts.config } : {}), ...(opts.playbooks ? { playbooks: opts.playbooks } : {}) };
  const { report, sources: read } = await validateFiles(paths, project, parseCache(io.env, io.cwd));
  const format = opts.json ? 'json' : opts.format;
  // Machine formats name files from the repository's root, where CI annotations and code scanning
  // look for them; text names them from where the person typing stands.
  const root = format === 'text' ? undefined : findRepositoryRoot(io.cwd);
  const from = (file: string) => (root && file ? displayPath(root, resolve(io.cwd, file)) : file);
  // One rebased object per problem: junit finds a playbook's problems in the whole list by identity.
  const rebased = new Map<Problem, Problem>();
  const rebase = (p: Problem): Problem => rebased.get(p) ?? rebased.set(p, { ...p, file: from(p.file) }).get(p)!;
  const sources = Object.fromEntries(Object.entries(read).map(([file, text]) => [from(file), text]));
  io.stdout.write(
    FORMATTERS[format as FormatName]({
      problems: report.problems.map(rebase),
      sources,
      playbooks: report.playbooks.map((pb) => ({ ...pb, file: from(pb.file), problems: pb.problems.map(rebase) })),
      sms: report.sms,
      color: io.color,
      strict: Boolean(opts.strict),
      version: pkg.version,
    }),
  );
  const warnings = report.problems.some((p) => p.severity === 'warning');
  return hasErrors(report.problems) || (opts.strict && warnings) ? EXIT.failed : EXIT.ok;
}

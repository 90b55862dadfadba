// crisis validate [paths...]: every problem of the playbooks and templates, in the CI's format.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors } from '../problem/problem.js';
import { validateProject, type PlaybookFiles } from '../validate/validate.js';
import { FORMATTERS } from '../format/index.js';
import { fail } from '../shell/errors.js';
import { EXIT, type IO } from '../shell/io.js';
import { parseCache } from '../shell/parse-cache.js';
import { findPlaybooks, playbookFilesIn, projectRoot, readConfigFile, readPlaybookFiles, type ProjectOptions } from '../shell/project.js';

type Options = { format: string; strict?: boolean; config?: string; playbooks?: string };

export async function run(io: IO, paths: string[], opts: Options): Promise<number> {
  const project: ProjectOptions = { cwd: io.cwd, ...(opts.config ? { config: opts.config } : {}), ...(opts.playbooks ? { playbooks: opts.playbooks } : {}) };
  const files = playbookFiles(paths, project).map((f) => readPlaybookFiles(f.file, f.origin, io.cwd));
  const config = readConfigFile(project);
  const cache = parseCache(io.env);
  const report = validateProject({ ...(config ? { config } : {}), playbooks: files }, cache ? { cache } : {});
  const formatter = FORMATTERS[opts.format]!;
  io.stdout.write(formatter({
    problems: report.problems,
    sources: sourcesOf(files, config),
    playbooks: report.playbooks,
    sms: report.sms,
    color: io.color,
    strict: Boolean(opts.strict),
  }));
  const warnings = report.problems.some((p) => p.severity === 'warning');
  return hasErrors(report.problems) || (opts.strict && warnings) ? EXIT.failed : EXIT.ok;
}

/** Paths given (files, or folders of playbooks), else the project's playbooks, else the shipped library. */
function playbookFiles(paths: string[], project: ProjectOptions): { file: string; origin: PlaybookFiles['origin'] }[] {
  if (paths.length) {
    const seen = new Set<string>(); // a file named twice is checked once
    return paths.flatMap((p) => {
      const abs = resolve(project.cwd, p);
      if (!existsSync(abs)) fail('file-missing', `${p} does not exist`, 'pass playbook files (playbooks/x.yaml) or folders');
      if (!statSync(abs).isDirectory()) return [{ file: abs, origin: 'project' as const }];
      const inner = existsSync(join(abs, 'playbooks')) ? join(abs, 'playbooks') : abs;
      const found = playbookFilesIn(inner);
      if (!found.length) fail('no-playbooks', `no playbooks (*.yaml) in ${p}`, 'playbooks live in playbooks/<id>.yaml');
      return found.map((file) => ({ file, origin: 'project' as const }));
    }).filter(({ file }) => !seen.has(file) && (seen.add(file), true));
  }
  const local = [
    ...(project.playbooks ? playbookFilesIn(resolve(project.cwd, project.playbooks)) : []),
    ...playbookFilesIn(join(projectRoot(project), 'playbooks')),
  ];
  if (local.length) return [...new Set(local)].map((file) => ({ file, origin: 'project' as const }));
  return findPlaybooks(project).map(({ file, origin }) => ({ file, origin }));
}

function sourcesOf(files: PlaybookFiles[], config?: { file: string; text: string }): Record<string, string> {
  const sources: Record<string, string> = {};
  if (config) sources[config.file] = config.text;
  for (const f of files) {
    sources[f.file] = f.text;
    for (const t of [...Object.values(f.templates.statements), ...Object.values(f.templates.partials)]) sources[t.file] = t.text;
  }
  return sources;
}

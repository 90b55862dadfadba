// What `crisis validate` reads and checks, for the command and the programmatic API alike.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParseCache } from '../playbook/index.js';
import { checkConfigFile, combineReports, type PlaybookFiles, validatePlaybookFile, type ValidateReport } from '../validate/index.js';
import { fail } from './errors.js';
import { findPlaybooks, playbookFilesIn, projectRoot, readConfigFile, readPlaybookFiles, type ProjectOptions } from './project.js';

/**
 * `crisis validate` over the files on disk, for the command and the programmatic API alike: one
 * playbook at a time is read, checked and let go, so memory stays flat in the number of playbooks.
 * Kept of each: its problems, and the text of the files they are in (the formatters quote their
 * lines), the playbook file's always (a duplicate id is found across files, after). Paths are shown
 * relative to cwd.
 */
export function validateFiles(
  paths: readonly string[],
  project: ProjectOptions,
  cache?: ParseCache,
): { report: ValidateReport; sources: Record<string, string> } {
  const list = playbookFiles(paths, project);
  const config = readConfigFile(project);
  const cfg = checkConfigFile(config, cache);
  const sources: Record<string, string> = {};
  if (config) sources[config.file] = config.text;
  const names: { file: string }[] = [];
  const reports = list.map(({ file, origin }) => {
    const pf = readPlaybookFiles(file, origin, project.cwd);
    const report = validatePlaybookFile(pf, cfg, cache);
    sources[pf.file] = pf.text;
    const templates = [...Object.values(pf.templates.statements), ...Object.values(pf.templates.partials)];
    const cited = new Set(report.problems.map((p) => p.file));
    for (const t of templates) if (cited.has(t.file)) sources[t.file] = t.text;
    names.push({ file: pf.file });
    return report;
  });
  return { report: combineReports(cfg, names, reports), sources };
}

/** Paths given (files, or folders of playbooks), else the project's playbooks, else the shipped library. */
function playbookFiles(paths: readonly string[], project: ProjectOptions): { file: string; origin: PlaybookFiles['origin'] }[] {
  if (paths.length) {
    const seen = new Set<string>(); // a file named twice is checked once
    return paths
      .flatMap((p) => {
        const abs = resolve(project.cwd, p);
        if (!existsSync(abs)) fail('file-missing', `${p} does not exist`, 'pass playbook files (playbooks/x.yaml) or folders');
        if (!statSync(abs).isDirectory()) return [{ file: abs, origin: 'project' as const }];
        const inner = existsSync(join(abs, 'playbooks')) ? join(abs, 'playbooks') : abs;
        const found = playbookFilesIn(inner);
        if (!found.length) fail('no-playbooks', `no playbooks (*.yaml) in ${p}`, 'playbooks live in playbooks/<id>.yaml');
        return found.map((file) => ({ file, origin: 'project' as const }));
      })
      .filter(({ file }) => !seen.has(file) && (seen.add(file), true));
  }
  const local = [
    ...(project.playbooks ? playbookFilesIn(resolve(project.cwd, project.playbooks)) : []),
    ...playbookFilesIn(join(projectRoot(project), 'playbooks')),
  ];
  if (local.length) return [...new Set(local)].map((file) => ({ file, origin: 'project' as const }));
  return findPlaybooks(project).map(({ file, origin }) => ({ file, origin }));
}

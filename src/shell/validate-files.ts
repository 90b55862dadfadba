// What `crisis validate` reads, for the command and the programmatic API alike.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PlaybookFiles, TextFile } from '../validate/index.js';
import { fail } from './errors.js';
import { findPlaybooks, playbookFilesIn, projectRoot, readConfigFile, readPlaybookFiles, type ProjectOptions } from './project.js';

export type ValidateInput = { config?: TextFile; files: PlaybookFiles[] };

/** The config and the playbooks named by `paths`, with their templates; paths shown relative to cwd. */
export function readValidateInput(paths: readonly string[], project: ProjectOptions): ValidateInput {
  const files = playbookFiles(paths, project).map((f) => readPlaybookFiles(f.file, f.origin, project.cwd));
  const config = readConfigFile(project);
  return { ...(config ? { config } : {}), files };
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

/** The text of every file read, by the path problems name it with: the formatters quote lines from it. */
export function sourcesOf({ config, files }: ValidateInput): Record<string, string> {
  const sources: Record<string, string> = {};
  if (config) sources[config.file] = config.text;
  for (const f of files) {
    sources[f.file] = f.text;
    for (const t of [...Object.values(f.templates.statements), ...Object.values(f.templates.partials)]) sources[t.file] = t.text;
  }
  return sources;
}

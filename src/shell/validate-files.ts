// What `crisis validate` reads and checks, for the command and the programmatic API alike.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParseCache } from '../playbook/index.js';
import {
  checkConfigFile,
  combineReports,
  type PlaybookFileReport,
  type PlaybookFiles,
  type TextFile,
  validatePlaybookFile,
  type ValidateReport,
} from '../validate/index.js';
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
  const kept = cache && BUILD ? reportCache(cache, config) : undefined;
  const reports = list.map(({ file, origin }) => {
    const pf = readPlaybookFiles(file, origin, project.cwd);
    const report = kept ? kept(pf, () => validatePlaybookFile(pf, cfg, cache)) : validatePlaybookFile(pf, cfg, cache);
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

declare const __CRISIS_BUILD__: string | undefined;
// The bundle's identity, from scripts/build.mjs; undefined when running from the sources (tests),
// where no report is kept, since the code that made it may have changed since.
const BUILD = typeof __CRISIS_BUILD__ === 'string' ? __CRISIS_BUILD__ : undefined;
const REPORT_VERSION = 1;

/**
 * A playbook's report kept in the parse cache: a playbook file's checks are a pure function of
 * its files (names and texts, templates and partials), the config file and the code, on a fixed
 * clock, so the report of files unchanged since the last run is the one that run made. Keyed by
 * all of those, and by Node's version and its ICU (dates, plurals and lists are Intl's).
 */
function reportCache(cache: ParseCache, config: TextFile | undefined) {
  const base = createHash('sha256')
    .update(JSON.stringify(['report', REPORT_VERSION, BUILD, process.version, process.versions.icu ?? '', config ?? null]))
    .digest('hex');
  return (pf: PlaybookFiles, check: () => PlaybookFileReport): PlaybookFileReport => {
    const key = createHash('sha256').update(base).update(JSON.stringify(pf)).digest('hex');
    const kept = cache.get(key);
    if (kept !== undefined) {
      try {
        return JSON.parse(kept) as PlaybookFileReport;
      } catch {
        // a damaged entry: check again
      }
    }
    const report = check();
    cache.set(key, JSON.stringify(report));
    return report;
  };
}

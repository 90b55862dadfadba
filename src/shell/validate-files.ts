// What `crisis validate` reads and checks, for the command and the programmatic API alike.
import { createHash, type Hash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ParseCache, TemplateFile } from '../playbook/index.js';
import {
  checkConfigFile,
  combineReports,
  type PlaybookFileReport,
  type PlaybookFiles,
  type TextFile,
  validatePlaybookFile,
  type ValidateReport,
} from '../validate/index.js';
import type { Problem } from '../problem/index.js';
import { fail, ProblemsError } from './errors.js';
import { sharedTemplates } from '../statement/index.js';
import { validatePool } from './validate-pool.js';
import { findPlaybooks, packageRoot, playbookFilesIn, projectRoot, readConfigFile, readPlaybookFiles, type ProjectOptions } from './project.js';

/** One playbook as validate keeps it: its report and the texts it cites, or why it could not be read. */
export type CheckedPlaybook = { file: string; report: PlaybookFileReport; cited: Record<string, string> } | { failed: Problem[] };
export type PlaybookToCheck = { file: string; origin: PlaybookFiles['origin'] };

/**
 * Reads and checks one playbook at a time (`check`), for the command's own thread and for a
 * worker's alike; `misses` counts the playbooks checked afresh (not served a kept report).
 */
export function playbookChecker(cwd: string, config: TextFile | undefined, cache: ParseCache | undefined) {
  const cfg = checkConfigFile(config, cache);
  const kept = cache && BUILD ? reportCache(cache, config) : undefined;
  // With reports kept, a project's statement parses are left to the commands that render (they
  // keep their own): writing them cost a sixth of a cold run. The shipped library's are kept, for
  // `start` (the build fills them). The partials, shared by every playbook, are parsed and
  // prepared for rendering once a run.
  const projectParses = kept ? undefined : cache;
  const shared = sharedTemplates(cache);
  const shippedDir = join(packageRoot(), 'playbooks');
  const partials = new Map<string, Record<string, TemplateFile>>(); // templates/partials/, read once
  const checker = {
    cfg,
    misses: 0,
    check({ file, origin }: PlaybookToCheck): CheckedPlaybook {
      let pf: PlaybookFiles;
      try {
        pf = readPlaybookFiles(file, origin, cwd, { partials });
      } catch (err) {
        if (err instanceof ProblemsError) return { failed: err.problems };
        throw err;
      }
      const fresh = () => (checker.misses++, validatePlaybookFile(pf, cfg, dirname(file) === shippedDir ? cache : projectParses, shared));
      const report = kept ? kept(pf, fresh) : fresh();
      const cited: Record<string, string> = { [pf.file]: pf.text };
      const files = new Set(report.problems.map((p) => p.file));
      for (const t of Object.values(pf.templates.statements)) if (files.has(t.file)) cited[t.file] = t.text;
      for (const t of Object.values(pf.templates.partials)) if (files.has(t.file)) cited[t.file] = t.text;
      return { file: pf.file, report, cited };
    },
  };
  return checker;
}

/**
 * `crisis validate` over the files on disk, for the command and the programmatic API alike: one
 * playbook at a time is read, checked and let go, so memory stays flat in the number of playbooks.
 * Kept of each: its problems, and the text of the files they are in (the formatters quote their
 * lines), the playbook file's always (a duplicate id is found across files, after). Paths are shown
 * relative to cwd. With many playbooks to check afresh, worker threads take playbooks from the
 * same list (src/shell/validate-pool.ts); the result is the same, in the same order.
 */
export async function validateFiles(
  paths: readonly string[],
  project: ProjectOptions,
  cache?: ParseCache,
): Promise<{ report: ValidateReport; sources: Record<string, string> }> {
  const list = playbookFiles(paths, project);
  const config = readConfigFile(project);
  const checker = playbookChecker(project.cwd, config, cache);
  const results: CheckedPlaybook[] = new Array(list.length);
  const pool = BUILD ? validatePool(list, project.cwd, config, cache, results) : undefined;
  for (let i = pool ? pool.take() : 0; i < list.length; i = pool ? pool.take() : i + 1) {
    results[i] = checker.check(list[i]!);
    if (pool) await pool.after(checker.misses, i);
  }
  await pool?.done();
  // A playbook a worker took and did not finish (it ran out of its memory, or died): checked here.
  for (let i = 0; i < list.length; i++) results[i] ??= checker.check(list[i]!);
  const sources: Record<string, string> = {};
  if (config) sources[config.file] = config.text;
  // In the order of the list: the first playbook that could not be read stops the run, as it would alone.
  for (const r of results) if ('failed' in r) throw new ProblemsError(r.failed);
  const checked = results as Extract<CheckedPlaybook, { file: string }>[];
  for (const r of checked) Object.assign(sources, r.cited);
  return {
    report: combineReports(
      checker.cfg,
      checked.map((r) => ({ file: r.file })),
      checked.map((r) => r.report),
    ),
    sources,
  };
}

/** Paths given (files, or folders of playbooks), else the project's playbooks, else the shipped library. */
function playbookFiles(paths: readonly string[], project: ProjectOptions): PlaybookToCheck[] {
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
 * all of those, and by Node's version and its ICU (dates, plurals and lists are Intl's). Any
 * partial in the folder enters every playbook's key: which ones a playbook uses is known only
 * after parsing it.
 */
function reportCache(cache: ParseCache, config: TextFile | undefined) {
  const base = createHash('sha256')
    .update(JSON.stringify(['report', REPORT_VERSION, BUILD, process.version, process.versions.icu ?? '', config ?? null]))
    .digest();
  // The partials folder is one object for all the playbooks of a project: hashed once.
  const partialsDigest = new WeakMap<Record<string, TemplateFile>, Buffer>();
  const field = (h: Hash, s: string) => h.update(`${s.length}:`).update(s);
  const files = (h: Hash, set: Record<string, TemplateFile>) => {
    for (const [name, tf] of Object.entries(set)) field(field(field(h, name), tf.file), tf.text);
    return h;
  };
  return (pf: PlaybookFiles, check: () => PlaybookFileReport): PlaybookFileReport => {
    let partials = partialsDigest.get(pf.templates.partials);
    if (!partials) partialsDigest.set(pf.templates.partials, (partials = files(createHash('sha256'), pf.templates.partials).digest()));
    const h = createHash('sha256').update(base).update(partials);
    for (const s of [pf.file, pf.origin, pf.templatesDir, pf.text]) field(h, s);
    const key = files(h, pf.templates.statements).digest('hex');
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

// `crisis site build` at the edge: reads every incident folder, builds the site in a temporary
// folder beside the target, then swaps it into place, so a static host serving the folder never
// serves half a site. `crisis publish` (its `site` target) calls `buildSite` the same way.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config, Statement } from '../playbook/index.js';
import { problem, type Problem } from '../problem/index.js';
import { siteFiles, type SiteIncidentInput, siteModel } from '../site/index.js';
import { fail, ProblemsError } from './errors.js';
import { hashesIn, listIncidentDirs, readIncident, readStatementFile } from './incident-store.js';
import type { IO } from './io.js';
import { loadPlaybook, requireConfig } from './load.js';
import { alive } from './lock.js';
import { projectOf } from './options.js';
import { displayPath, findConfig } from './project.js';

export type SiteBuildOptions = {
  /** The site folder; default: the `site:` of the config's `publish:`, else `status-site/`. */
  out?: string;
  /** Where the incident folders are; default `./incidents`. */
  incidents?: string;
  config?: string;
  playbooks?: string;
  /** Build and report, write nothing. */
  dryRun?: boolean;
};

export type SiteBuildResult = {
  /** The site folder, absolute. */
  dir: string;
  /** Every file written, relative to `dir`, sorted. */
  files: string[];
  /** Incidents on the site, and how many of them are open. */
  incidents: number;
  open: number;
  languages: readonly string[];
  /** Warnings met on the way (a damaged timeline line, no status_url): the site was built all the same. */
  problems: Problem[];
};

/** Written into every site folder: a folder without it is never replaced. */
export const SITE_MARKER = '.crisis-site';
const MARKER_TEXT = 'Written by `crisis site build`. The next build replaces this whole folder.\n';
export const DEFAULT_SITE_FOLDER = 'status-site';

export function buildSite(io: Pick<IO, 'cwd' | 'env' | 'now'>, opts: SiteBuildOptions = {}): SiteBuildResult {
  const project = projectOf(io as IO, opts);
  const config = requireConfig(project);
  const configFile = findConfig(project);
  const root = resolve(io.cwd, opts.incidents ?? 'incidents');
  const dir = opts.out ? resolve(io.cwd, opts.out) : resolve(configFile ? dirname(configFile) : io.cwd, publishedFolder(config) ?? DEFAULT_SITE_FOLDER);
  refuseUnsafeTarget(io.cwd, dir, [io.cwd, root, ...(configFile ? [dirname(configFile)] : [])]);

  const { incidents, problems } = readIncidents(io.cwd, root, project, config);
  if (problems.some((p) => p.severity === 'error')) throw new ProblemsError(problems);
  if (!config.status_url)
    problems.push(
      problem(
        'site-no-status-url',
        'no status_url in the config: the feeds carry no absolute links (Atom links are relative to the feed, JSON Feed leaves its URLs out)',
        { file: configFile ?? '' },
        'set status_url to the address the site is served from, e.g. status_url: https://status.example.com',
        'warning',
      ),
    );
  const model = siteModel({ config, languages: config.languages, incidents });
  const files = siteFiles(model, io.now());
  const result = {
    dir,
    files: files.map((f) => f.path),
    incidents: model.incidents.length,
    open: model.incidents.filter((i) => !i.resolvedAt).length,
    languages: model.languages,
    problems,
  };
  if (!opts.dryRun) writeSiteFolder(dir, files);
  return result;
}

/**
 * The folder the config's `publish:` names for the status site: `publish: { status-page: { site: <folder> } }`
 * (any target with a `site:` folder). Read without trusting its shape: the publish schema is not this command's.
 */
export function publishedFolder(config: Config): string | undefined {
  const publish = (config as { publish?: unknown }).publish;
  if (!publish || typeof publish !== 'object') return undefined;
  const targets = publish as Record<string, unknown>;
  const folderOf = (t: unknown) =>
    t && typeof t === 'object' && typeof (t as { site?: unknown }).site === 'string' ? (t as { site: string }).site : undefined;
  return folderOf(targets['status-page']) ?? Object.values(targets).map(folderOf).find(Boolean);
}

function readIncidents(cwd: string, root: string, project: ReturnType<typeof projectOf>, config: Config) {
  const problems: Problem[] = [];
  const incidents: SiteIncidentInput[] = [];
  const statementsOf = new Map<string, readonly Statement[] | Problem>();
  for (const dir of listIncidentDirs(root)) {
    const read = readIncident(dir);
    problems.push(...read.problems);
    if (!read.state) continue;
    const { state, events } = read;
    // Nothing signed off, nothing to show: its playbook is not even needed.
    if (!state.approvals.length) continue;
    if (!statementsOf.has(state.playbook)) {
      try {
        statementsOf.set(state.playbook, loadPlaybook(state.playbook, project, config).loaded.playbook.statements);
      } catch (err) {
        if (!(err instanceof ProblemsError)) throw err;
        statementsOf.set(
          state.playbook,
          problem(
            'site-playbook-unavailable',
            `playbook "${state.playbook}" cannot be loaded (${err.problems[0]?.message ?? 'it has errors'}): which of its statements go to the status page is unknown`,
            { file: join(dir, 'timeline.jsonl') },
            'restore or fix the playbook (crisis validate), then build again; the site was left as it was',
          ),
        );
      }
    }
    const statements = statementsOf.get(state.playbook)!;
    if (!Array.isArray(statements)) {
      problems.push(statements as Problem);
      continue;
    }
    const hashOf = hashesIn(dir);
    incidents.push({
      name: basename(dir),
      state,
      events,
      statements,
      hashOf,
      read: (path) => {
        const r = readStatementFile(dir, path, cwd);
        return 'text' in r ? r.text : undefined;
      },
    });
  }
  return { incidents, problems };
}

/** The site is replaced whole: never a folder that holds the project, the incidents, or anything not written by a build. */
function refuseUnsafeTarget(cwd: string, dir: string, keep: string[]): void {
  const within = (outer: string, inner: string) => {
    const rel = relative(outer, inner);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const shown = displayPath(cwd, dir) || '.';
  if (keep.some((k) => within(dir, k)))
    fail(
      'site-out-unsafe',
      `the site folder ${shown} would hold the project or its incidents, and every build replaces it whole`,
      'give the site a folder of its own, e.g. --out status-site',
      2,
    );
  if (!existsSync(dir)) return;
  if (!lstatSync(dir).isDirectory() || (readdirSync(dir).length && !existsSync(join(dir, SITE_MARKER))))
    fail(
      'site-out-not-a-site',
      `${shown} exists and was not written by crisis site build: it is not replaced`,
      `give an empty or new folder (--out), or remove ${shown} if it is an old copy of the site`,
    );
}

/**
 * Builds the site in `.<name>.<pid>.<random>.tmp` beside the target, then renames the old site aside and
 * the new one into place (the two renames are the only moment the folder is missing), and removes the old one.
 */
function writeSiteFolder(dir: string, files: { path: string; content: string }[]): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  removeLeftovers(parent, basename(dir));
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.${basename(dir)}.${tag}.tmp`);
  const old = join(parent, `.${basename(dir)}.${tag}.old`);
  try {
    mkdirSync(temp);
    for (const f of files) {
      const target = join(temp, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content, { mode: 0o644 });
    }
    writeFileSync(join(temp, SITE_MARKER), MARKER_TEXT);
    if (existsSync(dir)) {
      renameSync(dir, old);
      try {
        renameSync(temp, dir);
      } catch (err) {
        renameSync(old, dir);
        throw err;
      }
      rmSync(old, { recursive: true, force: true });
    } else renameSync(temp, dir);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** What a killed build left beside the site (its temp or old folder), once its process is gone. */
function removeLeftovers(parent: string, name: string): void {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]{8}\\.(tmp|old)$`);
  for (const entry of readdirSync(parent)) {
    const m = pattern.exec(entry);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/** The site folder's files as they are on disk (tests, and `publish` to say what it serves). */
export function readSiteFile(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export const isSiteFolder = (dir: string) => existsSync(join(dir, SITE_MARKER)) && statSync(dir).isDirectory();

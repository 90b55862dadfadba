// Where a project's files are, read from disk: config, playbooks (flag, project, shipped) and templates.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE, MAX_FILE_BYTES, normaliseText, type ParseCache, type PlaybookOrigin, type TemplateFile, type TemplateSet } from '../playbook/index.js';
import type { PlaybookFiles, TextFile } from '../validate/index.js';
import { fail } from './errors.js';

export type ProjectOptions = { cwd: string; config?: string; playbooks?: string; cache?: ParseCache };

let ownRoot: string | undefined;

/**
 * The package's own folder (shipped playbooks live there), wherever the bundle put this code.
 * Found once a process: every path shown asks it (a shipped template is shown from the project).
 */
export function packageRoot(): string {
  if (ownRoot) return ownRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && /"name":\s*"crisis-playbooks"/.test(readFileSync(manifest, 'utf8'))) return (ownRoot = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the crisis package folder');
    dir = up;
  }
}

/** crisis.config.yaml: --config, else the first one in cwd or a parent. */
export function findConfig(opts: ProjectOptions): string | undefined {
  if (opts.config) return resolve(opts.cwd, opts.config);
  for (let dir = resolve(opts.cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE))) return join(dir, CONFIG_FILE);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The project's root: the config's folder, or cwd when there is none. */
export const projectRoot = (opts: ProjectOptions) => {
  const config = findConfig(opts);
  return config ? dirname(config) : resolve(opts.cwd);
};

export const displayPath = (cwd: string, file: string) => {
  const rel = relative(cwd, file);
  // Far outside the working folder, an absolute path reads better than a ladder of ../; but not
  // into the package: where it is installed is the machine's business, and CI output must not change with it.
  const far = rel.split(sep).filter((p) => p === '..').length > 1;
  return rel === '' ? '.' : far && !insidePackage(file) ? file : rel;
};

const insidePackage = (file: string) => {
  const rel = relative(packageRoot(), resolve(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** Reads a text file, refusing what is not one (a folder, a huge file); `shown` names it in the message. */
export function readText(file: string, shown = file): string {
  const stat = statSync(file);
  if (!stat.isFile()) fail('not-a-file', `${shown} is not a file`, 'give the path of a text file');
  // Bigger than any file crisis reads, by far: not read at all (YAML files over MAX_FILE_BYTES are reported by the parser).
  if (stat.size > MAX_FILE_BYTES * 4)
    fail(
      'file-too-large',
      `${shown} is too large (${(stat.size / 1024 / 1024).toFixed(1)} MiB)`,
      `crisis reads text files of at most ${MAX_FILE_BYTES / 1024 / 1024} MiB`,
    );
  return readFileSync(file, 'utf8');
}

const isYaml = (f: string) => /\.ya?ml$/.test(f);

/** Playbook files of one folder, sorted. */
export function playbookFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter(isYaml)
    .sort()
    .map((f) => join(dir, f));
}

export type FoundPlaybook = { id: string; file: string; origin: PlaybookOrigin };

/** Every playbook in lookup order, a --playbooks one overriding a project one overriding a shipped one of the same id. */
export function findPlaybooks(opts: ProjectOptions): FoundPlaybook[] {
  const dirs: [string, PlaybookOrigin][] = [];
  if (opts.playbooks) dirs.push([resolve(opts.cwd, opts.playbooks), 'flag']);
  dirs.push([join(projectRoot(opts), 'playbooks'), 'project'], [join(packageRoot(), 'playbooks'), 'shipped']);
  const byId = new Map<string, FoundPlaybook>();
  const real = (dir: string) => (existsSync(dir) ? realpathSync(dir) : dir);
  const shipped = real(join(packageRoot(), 'playbooks'));
  const seenDirs = new Set<string>();
  for (const [dir, origin] of dirs) {
    const at = real(dir);
    if (seenDirs.has(at)) continue; // the crisis repository itself: project = shipped
    seenDirs.add(at);
    for (const file of playbookFilesIn(dir)) {
      const id = basename(file).replace(/\.ya?ml$/, '');
      if (!byId.has(id)) byId.set(id, { id, file, origin: at === shipped ? 'shipped' : origin });
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** templates/<id>/ beside the playbook's folder. */
export function templatesDirOf(playbookFile: string): string {
  return join(dirname(dirname(resolve(playbookFile))), 'templates', basename(playbookFile).replace(/\.ya?ml$/, ''));
}

/** The .hbs files of one folder by name (without .hbs), read in name order; none when it is not a folder. */
function readTemplateFolder(folder: string, show: (f: string) => string): Record<string, TemplateFile> {
  const into: Record<string, TemplateFile> = {};
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return into;
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.hbs')) continue;
    const path = join(folder, name);
    if (!statSync(path).isFile()) continue;
    // Templates saved on Windows read like any other: no BOM mid-statement, no \r in a subject.
    into[name.slice(0, -'.hbs'.length)] = { file: show(path), text: normaliseText(readText(path, show(path))) };
  }
  return into;
}

/**
 * A playbook file with its templates and partials, paths shown relative to cwd. `partials`, when
 * given, keeps each partials folder as first read, for a command that reads many playbooks of one
 * project (validate): they share templates/partials/, which is then read once, not once a playbook.
 * `templates: false` reads the playbook file alone (status needs no template).
 */
export function readPlaybookFiles(
  file: string,
  origin: PlaybookOrigin,
  cwd: string,
  opts: { templates?: boolean; partials?: Map<string, Record<string, TemplateFile>> } = {},
): PlaybookFiles {
  const show = (f: string) => displayPath(cwd, f);
  const dir = templatesDirOf(file);
  if (opts.templates === false)
    return { file: show(file), text: readText(file, show(file)), origin, templatesDir: show(dir), templates: { statements: {}, partials: {} } };
  const { partials } = opts;
  const statements = readTemplateFolder(dir, show);
  const partialsDir = join(dirname(dir), 'partials');
  let shared = partials?.get(partialsDir);
  if (!shared) {
    shared = readTemplateFolder(partialsDir, show);
    partials?.set(partialsDir, shared);
  }
  const templates: TemplateSet = { statements, partials: shared };
  return { file: show(file), text: readText(file, show(file)), origin, templatesDir: show(dir), templates };
}

export function readConfigFile(opts: ProjectOptions): TextFile | undefined {
  const file = findConfig(opts);
  if (!file) return undefined;
  const shown = displayPath(opts.cwd, file);
  return { file: shown, text: existsSync(file) ? readText(file, shown) : '' };
}

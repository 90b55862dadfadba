// What `crisis init` writes, as data: the starter files of the package (starter/, read by the
// shell) copied and filled in for this project, and what it keeps because it exists already.
// Pure: the command reads the starter and the existing files, and writes the plan.
import { posix } from 'node:path';

/** The package's starter folder: path inside it (with `/`) -> text. */
export type Starter = Readonly<Record<string, string>>;

export type InitOptions = {
  org: string;
  /** Languages of the starter templates to copy, the first the default. */
  languages: readonly string[];
  timezone: string;
  /** The running crisis-playbooks version, for the project's package.json. */
  version: string;
  /** The project folder from the repository's root, with `/` ('' when it is the root). */
  project: string;
  /** The text of a file that exists already (path from the repository's root), else undefined. */
  existing: (path: string) => string | undefined;
};

/** Paths are from the repository's root, with `/`. */
export type InitPlan = { write: { path: string; content: string }[]; kept: { path: string; note?: string }[] };

export const PACKAGE = 'crisis-playbooks';
export const WORKFLOW = '.github/workflows/crisis.yml';
const SCHEMAS = `node_modules/${PACKAGE}/schema`;
const TEMPLATE = /^templates\/.+\.([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.hbs$/;

/** The starter playbook's id: the one file under playbooks/. */
export const starterPlaybook = (starter: Starter) =>
  Object.keys(starter)
    .find((p) => p.startsWith('playbooks/'))!
    .slice('playbooks/'.length)
    .replace(/\.ya?ml$/, '');

/** The languages the starter has templates in, in the starter config's order. */
export function starterLanguages(starter: Starter): string[] {
  const found = new Set(Object.keys(starter).flatMap((p) => TEMPLATE.exec(p)?.[1] ?? []));
  const ordered =
    /^languages: \[(.*)\]/m
      .exec(starter['crisis.config.yaml'] ?? '')?.[1]
      ?.split(',')
      .map((l) => l.trim()) ?? [];
  return [...new Set([...ordered.filter((l) => found.has(l)), ...found])];
}

export function planInit(starter: Starter, opts: InitOptions): InitPlan {
  const inProject = (p: string) => (opts.project ? `${opts.project}/${p}` : p);
  const files: { path: string; content: string }[] = [];
  for (const [from, text] of Object.entries(starter)) {
    const lang = TEMPLATE.exec(from)?.[1];
    if (lang && !opts.languages.includes(lang)) continue;
    if (from === 'workflow.yml') files.push({ path: WORKFLOW, content: workflow(text, opts.project) });
    else if (from === 'crisis.config.yaml') files.push({ path: inProject(from), content: withModeline(from, config(text, opts)) });
    else if (from === 'package.json') files.push({ path: inProject(from), content: manifest(text, opts.version) });
    // npm leaves dot files that could be ignore files out of a package, so the starter names them without the dot.
    else if (from === 'gitignore' || from === 'gitattributes') files.push({ path: inProject(`.${from}`), content: text });
    else files.push({ path: inProject(from), content: from.endsWith('.yaml') ? withModeline(from, text) : text });
  }
  const plan: InitPlan = { write: [], kept: [] };
  for (const file of files.sort((a, b) => order(a.path) - order(b.path) || a.path.localeCompare(b.path))) {
    const old = opts.existing(file.path);
    if (old === undefined) plan.write.push(file);
    else plan.kept.push({ path: file.path, ...noteOnKept(file.path, old, opts.version) });
  }
  return plan;
}

// The project's own files first, then the repository's plumbing, the workflow last.
const order = (path: string) =>
  path.endsWith('crisis.config.yaml') ? 0 : /(^|\/)playbooks\//.test(path) ? 1 : /(^|\/)templates\//.test(path) ? 2 : path === WORKFLOW ? 4 : 3;

/** A kept file that lacks what crisis needs from it: the line to add, said instead of written. */
function noteOnKept(path: string, old: string, version: string): { note?: string } {
  const name = posix.basename(path);
  if (name === 'package.json' && !old.includes(`"${PACKAGE}"`)) return { note: `add crisis to it: npm install --save-dev ${PACKAGE}@^${version}` };
  if (name === '.gitignore' && !/^\/?node_modules\/?\s*$/m.test(old)) return { note: 'add the line node_modules/ to it' };
  if (name === '.gitattributes' && !/^\S*timeline\.jsonl\s.*merge=union/m.test(old))
    return { note: 'add the line "timeline.jsonl merge=union" to it, so timelines merge without conflicts' };
  return {};
}

/**
 * `# yaml-language-server: $schema=...` on the first line, pointing, relative to the file, at the
 * schema in the installed package (node_modules sits beside the project's package.json).
 */
function withModeline(from: string, text: string): string {
  const [first, ...rest] = text.split('\n');
  const schema = /\$schema=.*\/([\w.-]+\.schema\.json)$/.exec(first ?? '')?.[1];
  if (!schema) throw new Error(`starter/${from} has no $schema modeline on its first line`);
  const target = posix.relative(posix.dirname(from), `${SCHEMAS}/${schema}`);
  return [`# yaml-language-server: $schema=${target.startsWith('.') ? target : `./${target}`}`, ...rest].join('\n');
}

function config(text: string, { org, languages, timezone }: InitOptions): string {
  // JSON strings are valid YAML scalars, so a name with a colon or a quote stays one value.
  const lines: [string, string][] = [
    ['organization', JSON.stringify(org)],
    ['timezone', timezone],
    ['languages', `[${languages.join(', ')}]`],
  ];
  const short = shortNameOf(org);
  // A long name would put every SMS over its budget: SMS and social posts get its first words.
  const withShort = short === org ? text : setLine(text.replace(/^# short_name: /m, 'short_name: '), 'short_name', JSON.stringify(short));
  return lines.reduce((t, [key, value]) => setLine(t, key, value), withShort);
}

/** The longest an organisation's name goes into SMS and social posts as it is. */
export const SHORT_NAME_MAX = 20;

/** The name SMS and social posts use: the whole name when short, else its first words (or its start). */
export function shortNameOf(org: string): string {
  if ([...org].length <= SHORT_NAME_MAX) return org;
  let short = '';
  for (const word of org.split(/\s+/)) {
    const next = short ? `${short} ${word}` : word;
    if ([...next].length > SHORT_NAME_MAX) break;
    short = next;
  }
  return (short || [...org].slice(0, SHORT_NAME_MAX).join('')).replace(/[\s,;:&-]+$/, '');
}

/** Replaces a top-level `key: value` line, keeping its comment in the column it had. */
function setLine(text: string, key: string, value: string): string {
  const line = new RegExp(`^${key}: [^#\\n]*(#.*)?$`, 'm');
  if (!line.test(text)) throw new Error(`the starter config has no "${key}:" line`);
  return text.replace(line, (whole, comment?: string) => (comment ? `${`${key}: ${value} `.padEnd(whole.indexOf(comment))}${comment}` : `${key}: ${value}`));
}

function manifest(text: string, version: string): string {
  const pkg = JSON.parse(text) as { devDependencies: Record<string, string> };
  pkg.devDependencies[PACKAGE] = `^${version}`;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** The starter workflow for a project folder: `./x` is x inside it, `.` the folder; `# init:` lines are notes to the reader of starter/. */
function workflow(text: string, project: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('# init:'))
    .map((l) => l.replace(/(["\s])\.\/(?=\S)/g, (_, before: string) => `${before}${project ? `${project}/` : ''}`))
    .join('\n')
    .replace(/^( +)defaults:\n\1 {2}run:\n\1 {4}working-directory: \.\n/gm, (_, indent: string) =>
      project ? `${indent}defaults:\n${indent}  run:\n${indent}    working-directory: ${project}\n` : '',
    );
}

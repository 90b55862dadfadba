// crisis init [dir]: a config, one starter playbook with its templates, package.json, .gitignore,
// .gitattributes, and a CI workflow at the git repository's root. The files come from the package's
// starter/ folder through the pure planner; this checks the options, writes what is missing, and
// says what it kept: it never overwrites a file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { isTimeZone } from '../playbook/index.js';
import { planInit, shortNameOf, type Starter, starterLanguages, starterPlaybook } from '../init/index.js';
import { fail } from '../shell/errors.js';
import { readStarter, writeNewFile } from '../shell/init-files.js';
import { EXIT, type IO } from '../shell/io.js';
import { displayPath } from '../shell/project.js';
import { findRepositoryRoot } from '../shell/repository.js';

type Options = { org?: string; lang?: string; timezone?: string; dryRun?: boolean };

const DEFAULT_ORG = 'Example Store';

export async function run(io: IO, [dir = '.']: string[], opts: Options): Promise<number> {
  const folder = resolve(io.cwd, dir);
  const org = (opts.org ?? DEFAULT_ORG).trim();
  if (!org) fail('bad-org', '--org is empty', 'give the company name as customers know it: --org "Acme Outdoor"');
  const starter = readStarter();
  const languages = languagesOf(opts.lang ?? 'en', starter);
  // Intl reads the machine's zone (and TZ); the config pins it so every responder sees the same times.
  const timezone = opts.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(timezone)) fail('bad-timezone', `unknown time zone "${timezone}"`, 'use an IANA zone name such as Europe/Paris or America/New_York');
  if (existsSync(folder) && !statSync(folder).isDirectory()) fail('not-a-folder', `${dir} is not a folder`, 'crisis init [dir] scaffolds into a folder');

  // GitHub reads workflows only at the repository's root; outside a repository, the folder is the root.
  const repo = findRepositoryRoot(folder);
  const root = repo ?? folder;
  const project = relative(root, folder).split(sep).join('/');
  const at = (path: string) => join(root, ...path.split('/'));
  const existing = (path: string) => {
    const file = at(path);
    if (!existsSync(file)) return undefined;
    if (!statSync(file).isFile()) fail('not-a-file', `${displayPath(io.cwd, file)} is a folder`, `init writes a file there: move the folder away`);
    return readFileSync(file, 'utf8');
  };
  const plan = planInit(starter, { org, languages, timezone, version: pkg.version, project, existing });

  const show = (path: string) => displayPath(io.cwd, at(path));
  const kept = [...plan.kept];
  const written = opts.dryRun
    ? plan.write
    : plan.write.filter((f) => writeNewFile(at(f.path), f.content) === 'written' || (kept.push({ path: f.path }), false));
  io.stdout.write([...written.map((f) => show(f.path)), displayPath(io.cwd, folder)].join('\n') + '\n');
  for (const k of kept) io.stderr.write(`kept ${show(k.path)}: it exists, and init never overwrites a file${k.note ? `; ${k.note}` : ''}\n`);
  if (opts.dryRun) {
    io.stderr.write(`dry run: nothing written (${written.length} file${written.length === 1 ? '' : 's'} to write)\n`);
    return EXIT.ok;
  }
  if (!repo)
    io.stderr.write(
      `${displayPath(io.cwd, folder)} is not in a git repository: the workflow is in .github/workflows/ here; GitHub reads it at the repository's root\n`,
    );
  const cd = displayPath(io.cwd, folder) === '.' ? [] : [`cd ${displayPath(io.cwd, folder)}`];
  const steps: (string | [string, string])[] = [
    ...cd,
    ['npm install', 'installs crisis and writes package-lock.json'],
    [`edit crisis.config.yaml`, `your support contacts and roster${opts.org ? shortNote(opts.org) : ", and your organisation's name"}`],
    ['npx crisis validate', 'checks playbooks and templates; CI runs it on every pull request'],
    ['git add -A && git commit', 'commit package-lock.json too: the workflow installs from it'],
    [`npx crisis start ${starterPlaybook(starter)}`, 'when the site goes down'],
  ];
  io.stderr.write(`Next:\n${steps.map((s) => (typeof s === 'string' ? `  ${s}\n` : `  ${s[0].padEnd(36)} ${s[1]}\n`)).join('')}`);
  return EXIT.ok;
}

/** A long name is shortened for SMS and social posts: the responder checks what init chose. */
function shortNote(org: string): string {
  const short = shortNameOf(org);
  return short === org ? '' : `, and short_name "${short}" (what SMS and social posts call you)`;
}

/** --lang en,fr: languages the starter has templates in, in the order given (the first is the default). */
function languagesOf(flag: string, starter: Starter): string[] {
  const shipped = starterLanguages(starter);
  const languages = [
    ...new Set(
      flag
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (!languages.length) fail('bad-language', '--lang names no language', `init ships starter text for ${shipped.join(', ')}: --lang en,fr`);
  const unknown = languages.filter((l) => !shipped.includes(l));
  if (unknown.length)
    fail(
      'unknown-language',
      `init has no starter text for ${unknown.map((l) => `"${l}"`).join(', ')}; it ships ${shipped.join(', ')}`,
      `init with some of those, then add templates/${starterPlaybook(starter)}/<statement>.<lang>.hbs and the language to crisis.config.yaml`,
    );
  return languages;
}

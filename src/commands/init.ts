// crisis init [dir]: a config, one starter playbook with its templates, and a CI workflow.
// The files come from the pure scaffold; this only checks the options, refuses to overwrite, writes.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isTimeZone } from '../playbook/config.js';
import type { Problem } from '../problem/problem.js';
import { isStarterLanguage, scaffold, STARTER_LANGUAGES, STARTER_PLAYBOOK } from '../init/scaffold.js';
import { fail, ProblemsError } from '../shell/errors.js';
import { writeFileAtomic } from '../shell/fs.js';
import { EXIT, type IO } from '../shell/io.js';
import { displayPath } from '../shell/project.js';

type Options = { org?: string; lang?: string; timezone?: string; force?: boolean; dryRun?: boolean };

const DEFAULT_ORG = 'Example Store';

export async function run(io: IO, [dir = '.']: string[], opts: Options): Promise<number> {
  const root = resolve(io.cwd, dir);
  const org = (opts.org ?? DEFAULT_ORG).trim();
  if (!org) fail('bad-org', '--org is empty', 'give the company name as customers know it: --org "Acme Outdoor"');
  const languages = languagesOf(opts.lang ?? 'en');
  // Intl reads the machine's zone (and TZ); the config pins it so every responder sees the same times.
  const timezone = opts.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(timezone)) fail('bad-timezone', `unknown time zone "${timezone}"`, 'use an IANA zone name such as Europe/Paris or America/New_York');
  if (existsSync(root) && !statSync(root).isDirectory()) fail('not-a-folder', `${dir} is not a folder`, 'crisis init [dir] scaffolds into a folder');

  const files = scaffold({ org, languages, timezone }).map((f) => ({ ...f, target: join(root, f.path) }));
  const taken = files.filter((f) => existsSync(f.target));
  const show = (target: string) => displayPath(io.cwd, target);
  if (taken.length && !opts.force) throw new ProblemsError(taken.map((f, i): Problem => ({
    file: show(f.target), line: 0, col: 0, code: 'file-exists', severity: 'error',
    message: 'exists already; init never overwrites a file',
    ...(i === taken.length - 1 ? { hint: 'nothing was written; pass --force to overwrite these files, or init another folder' } : {}),
  })));
  const notFiles = taken.filter((f) => !statSync(f.target).isFile());
  if (notFiles.length) fail('not-a-file', `${notFiles.map((f) => show(f.target)).join(', ')} ${notFiles.length === 1 ? 'is a folder' : 'are folders'}`, 'move it away; --force only overwrites files');

  if (!opts.dryRun) for (const f of files) writeFileAtomic(f.target, f.content);
  io.stdout.write([...files.map((f) => show(f.target)), show(root)].join('\n') + '\n');
  if (opts.dryRun) {
    io.stderr.write(`dry run: nothing written (${files.length} files${taken.length ? `, ${taken.length} of them would overwrite existing ones` : ''})\n`);
    return EXIT.ok;
  }
  if (taken.length) io.stderr.write(`overwrote ${taken.length} existing file${taken.length === 1 ? '' : 's'} (--force)\n`);
  const cd = show(root) === '.' ? '' : `cd ${show(root)}, then `;
  const row = (command: string, why: string) => `  ${command.padEnd(32)} ${why}\n`;
  io.stderr.write(`Next: ${cd}put your support contacts and roster in crisis.config.yaml${opts.org ? '' : ' (and your organisation\'s name)'}, then\n`
    + row('crisis validate', 'checks playbooks and templates; CI runs it on every pull request')
    + row(`crisis start ${STARTER_PLAYBOOK}`, 'when the site goes down'));
  return EXIT.ok;
}

/** --lang en,fr: the languages init has starter text for, in the order given (the first is the default). */
function languagesOf(flag: string): string[] {
  const languages = [...new Set(flag.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean))];
  if (!languages.length) fail('bad-language', '--lang names no language', `init ships starter text for ${STARTER_LANGUAGES.join(', ')}: --lang en,fr`);
  const unknown = languages.filter((l) => !isStarterLanguage(l));
  if (unknown.length)
    fail('unknown-language', `init has no starter text for ${unknown.map((l) => `"${l}"`).join(', ')}; it ships ${STARTER_LANGUAGES.join(', ')}`,
      `init with some of those, then add templates/${STARTER_PLAYBOOK}/<statement>.<lang>.hbs and the language to crisis.config.yaml`);
  return languages;
}

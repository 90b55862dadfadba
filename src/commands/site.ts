// crisis site build [--out <dir>] [--incidents <dir>] [--dry-run]: the static status site and its
// feeds, from every incident folder. For this command --out is the site folder (the contract's
// `site build [--out <dir>]`); the incidents are under ./incidents, or --incidents.
import { buildSite } from '../shell/site.js';
import { EXIT, type IO } from '../shell/io.js';
import { printProblems } from '../shell/problems.js';
import { displayPath } from '../shell/project.js';

type Options = { out?: string; incidents?: string; config?: string; playbooks?: string; dryRun?: boolean };

export async function run(io: IO, _args: string[], opts: Options): Promise<number> {
  const result = buildSite(io, opts);
  printProblems(io, result.problems);
  const where = displayPath(io.cwd, result.dir) || '.';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (opts.dryRun) io.stdout.write(result.files.map((f) => `${where}/${f}\n`).join(''));
  io.stdout.write(
    `${opts.dryRun ? 'Would write' : 'Wrote'} the status site: ${plural(result.incidents, 'incident', 'incidents')} (${result.open} open), ` +
      `${plural(result.languages.length, 'language', 'languages')} (${result.languages.join(', ')}), ${plural(result.files.length, 'file', 'files')}\n`,
  );
  io.stdout.write(`${where}\n`);
  return EXIT.ok;
}

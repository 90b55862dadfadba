// crisis status [incident] [--json]: open incidents, next update due, overdue ones flagged.

import { existsSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { Chalk } from 'chalk';
import type { Unshared } from '../shell/git.js';
import { type Config, FALLBACK_CONFIG, type Playbook } from '../playbook/index.js';
// From its module, not the barrel: status loads no renderer.
import { statusText, statusTextInputs, summaryRecord, type StatusRecord, type StatusSummary, type StatusText } from '../incident/status.js';
import { formatLocal, formatSpan } from '../time/index.js';
import { incidentDir } from '../shell/incident-store.js';
import { readStatuses, statusIndexFile, type TextMaker } from '../shell/status-index.js';
import { EXIT, type IO } from '../shell/io.js';
import { printProblems } from '../shell/problems.js';
import { problem } from '../problem/index.js';
import { displayPath } from '../shell/project.js';
import { loadConfig, loadPlaybook } from '../shell/load.js';
import { incidentsRoot, projectOf, type CommonOptions } from '../shell/options.js';

export async function run(io: IO, [ref]: string[], opts: CommonOptions): Promise<number> {
  const project = projectOf(io, opts);
  const config = loadConfig(project) ?? FALLBACK_CONFIG;
  const root = incidentsRoot(io, opts);
  const dirs = ref ? [incidentDir(ref, root, io.cwd)] : undefined;
  const now = io.now();
  // Asked first, so git works while the incidents are read (its two calls were a tenth of status).
  const unsharedLater = opts.json || !existsSync(root) ? undefined : import('../shell/git.js').then((git) => git.unsharedIncidents(root));
  unsharedLater?.catch(() => undefined); // awaited below, where a failure still fails the command
  const playbooks = new Map<string, Playbook | undefined>();
  const playbook = (id: string) => {
    if (!playbooks.has(id)) {
      try {
        playbooks.set(id, loadPlaybook(id, project, config, { templates: false }).loaded.playbook);
      } catch {
        playbooks.set(id, undefined); // the playbook changed or is gone: status still lists the incident
      }
    }
    return playbooks.get(id);
  };
  // Each folder's path as shown, from the root's: displayPath 10,000 times cost more than the index lookups.
  const shownRoot = displayPath(io.cwd, root);
  const prefix = `${root}${sep}`;
  const pathOf = (dir: string) => {
    const name = dir.slice(prefix.length);
    if (!dir.startsWith(prefix) || name.includes(sep)) return displayPath(io.cwd, dir);
    return shownRoot === '.' ? name : `${shownRoot}${sep}${name}`;
  };
  // --json prints the records; the text, each incident's kept text checked against now, as it comes.
  const texts: TextMaker = { inputs: (id) => statusTextInputs(playbook(id), config), make: (s) => statusText(s, playbook(s.playbook), config) };
  // The folders are asked first (while git works), the incidents read after it answered.
  const incidents = readStatuses(root, statusIndexFile(io.env, io.cwd, root), dirs, opts.json ? undefined : texts);
  const unshared = await unsharedLater;
  const records: StatusRecord[] = [];
  const describe = describer(config, now.getTime(), new Chalk({ level: io.color ? 1 : 0 }));
  // Written in pieces of some 64 K characters: a write an incident cost more than the rest of
  // status at 10,000, and a longer piece is a large object, in fresh memory each time.
  let piece: string[] = [];
  let size = 0;
  let listed = 0;
  let resolved = 0;
  for (const incident of incidents) {
    const { dir } = incident;
    if (incident.problems.length || incident.unlisted.length)
      printProblems(io, [
        ...incident.problems,
        ...incident.unlisted.map((name) =>
          problem(
            'stage-folder-unlisted',
            `statements/${name} is not in timeline.jsonl: the folder and the timeline disagree`,
            { file: join(dir, 'statements', name) },
            'kept as it is; the next stage is numbered above it (crisis doctor says what to do)',
            'warning',
          ),
        ),
      ]);
    const { summary } = incident;
    if (!summary) continue;
    if (opts.json) records.push(summaryRecord(summary, pathOf(dir), playbook(summary.playbook), config, now));
    else if (!ref && summary.resolved_at) resolved++;
    else {
      listed++;
      const text = describe(summary, incident.text ?? texts.make(summary), pathOf(dir), unshared?.get(basename(dir)));
      piece.push(text);
      if ((size += text.length) < 65_536) continue;
      io.stdout.write(piece.join(''));
      [piece, size] = [[], 0];
    }
  }
  if (opts.json) return (io.stdout.write(`${JSON.stringify(records, null, 2)}\n`), EXIT.ok);
  if (piece.length) io.stdout.write(piece.join(''));
  if (!listed) io.stdout.write(`No open incidents in ${displayPath(io.cwd, root)}${resolved ? ` (${resolved} resolved)` : ''}.\n`);
  return EXIT.ok;
}

/** The lines of one incident as of `now`, from its kept text. Made once a run, with its styles. */
function describer(config: Config, now: number, c: InstanceType<typeof Chalk>): (r: StatusSummary, x: StatusText, path: string, unshared?: Unshared) => string {
  // Without colour, the text as it is: no styling call for each of 100,000 lines.
  const plain = (s: string) => s;
  const [bold, overdueBy, overdueStep] = c.level ? [c.bold, c.red.bold, c.red('overdue step')] : [plain, plain, 'overdue step'];
  // The lines of all of an incident's open steps, by its steps: incidents read from the index share
  // them where they are the same, and late in an incident every open step is overdue.
  const allLate = new WeakMap<StatusText['steps'], string>();
  const linesOf = (steps: StatusText['steps'], at: number) => {
    let text = '';
    for (let i = 0; i < steps.length; i += 2) if (at > (steps[i] as number)) text += `  ${overdueStep} ${steps[i + 1] as string}\n`;
    return text;
  };
  return (r, x, path, unshared) => {
    let text = `${bold(r.id)}${x.head}`;
    if (r.resolved_at) text += x.when;
    else if (r.next_update_at) {
      const left = Date.parse(r.next_update_at) - now;
      text += `${x.when}${left < 0 ? overdueBy(`OVERDUE by ${formatSpan(left)}`) : `in ${formatSpan(left)}`}\n`;
    }
    const { steps } = x;
    let past = 0;
    for (let i = 0; i < steps.length; i += 2) if (now > (steps[i] as number)) past++;
    if (past && past * 2 === steps.length) text += allLate.get(steps) ?? allLate.set(steps, linesOf(steps, Infinity)).get(steps)!;
    else if (past) text += linesOf(steps, now);
    text += x.signoff;
    const lines: string[] = [];
    for (const d of r.unknown_deliveries)
      lines.push(
        `  ${c.red.bold('delivery unknown')}: ${d.statement} ${d.lang} (${d.folder}) to ${d.channel} ${d.recipient}, since ${formatLocal(new Date(d.since), config.timezone)}` +
          `${d.detail ? ` (${d.detail})` : ''}; it may have arrived: check, then crisis publish ${r.id} --retry-unknown if it did not`,
      );
    if (r.failed_deliveries.length)
      lines.push(
        `  ${c.yellow('not delivered')}: ${r.failed_deliveries.map((d) => `${d.statement} ${d.lang} to ${d.channel}`).join(', ')}; crisis publish ${r.id} tries again`,
      );
    if (unshared && (unshared.files || unshared.commits)) {
      const what = [
        unshared.files && `${unshared.files} file${unshared.files > 1 ? 's' : ''} not committed`,
        unshared.commits && `${unshared.commits} commit${unshared.commits > 1 ? 's' : ''} not pushed`,
      ].filter(Boolean);
      lines.push(`  ${c.yellow('not yet shared')}: ${what.join(', ')}; run crisis sync ${r.id}`);
    }
    lines.push(`  ${path}\n`);
    return `${text}${lines.join('\n')}`;
  };
}

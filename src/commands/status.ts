// crisis status [incident] [--json]: open incidents, next update due, overdue ones flagged.

import { existsSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { Chalk } from 'chalk';
import type { Unshared } from '../shell/git.js';
import { type Config, FALLBACK_CONFIG, type Playbook } from '../playbook/index.js';
// From its module, not the barrel: status loads no renderer.
import { statusView, summaryRecord, type StatusRecord, type StatusView } from '../incident/status.js';
import { formatLocal, formatSpan } from '../time/index.js';
import { incidentDir } from '../shell/incident-store.js';
import { readStatuses, statusIndexFile } from '../shell/status-index.js';
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
  // --json prints the records; the text, the views (the same, its times not yet written out).
  const records: StatusRecord[] = [];
  const views: StatusView[] = [];
  for (const incident of readStatuses(root, statusIndexFile(io.env, io.cwd, root), dirs)) {
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
    if (!incident.summary) continue;
    const pb = playbook(incident.summary.playbook);
    if (opts.json) records.push(summaryRecord(incident.summary, pathOf(dir), pb, config, now));
    else views.push(statusView(incident.summary, pathOf(dir), pb, config, now));
  }
  if (opts.json) return (io.stdout.write(`${JSON.stringify(records, null, 2)}\n`), EXIT.ok);
  const c = new Chalk({ level: io.color ? 1 : 0 });
  const shown = ref ? views : views.filter((v) => !v.summary.resolved_at);
  const unshared = await unsharedLater;
  if (!shown.length) io.stdout.write(`No open incidents in ${displayPath(io.cwd, root)}${views.length ? ` (${views.length} resolved)` : ''}.\n`);
  // One write for the whole list: a write per incident cost more than the rest of status at 10,000.
  const describe = describer(config, now, c);
  io.stdout.write(shown.map((v) => describe(v, unshared?.get(basename(v.path)))).join(''));
  return EXIT.ok;
}

/**
 * The lines of one incident. Made once a run: the styles and the local text of each time shown
 * are kept (10,000 incidents show some 130,000 times, most of them the same few deadlines).
 */
function describer(config: Config, now: Date, c: InstanceType<typeof Chalk>): (v: StatusView, unshared?: Unshared) => string {
  const tz = config.timezone;
  const texts = new Map<string, string>();
  const local = (iso: string) => texts.get(iso) ?? texts.set(iso, formatLocal(new Date(iso), tz)).get(iso)!;
  const deadlines = new Map<number, string>();
  const localAt = (at: Date) => deadlines.get(at.getTime()) ?? deadlines.set(at.getTime(), formatLocal(at, tz)).get(at.getTime())!;
  // Without colour, the text as it is: no styling call for each of 100,000 lines.
  const plain = (s: string) => s;
  const [bold, overdueBy, overdueStep] = c.level ? [c.bold, c.red.bold, c.red('overdue step')] : [plain, plain, 'overdue step'];
  return (v, unshared) => {
    const r = v.summary;
    const lines = [`${bold(r.id)}  ${r.title}  ${r.severity}  ${r.stage}${r.stage === 'update' ? ` ${r.update_number}` : ''}  started ${local(r.started_at)}`];
    if (r.resolved_at) lines.push(`  resolved ${local(r.resolved_at)}`);
    else if (r.next_update_at) {
      const span = formatSpan(Date.parse(r.next_update_at) - now.getTime());
      lines.push(`  next update ${local(r.next_update_at)}: ${v.overdue ? overdueBy(`OVERDUE by ${span}`) : `in ${span}`}`);
    }
    for (const s of v.overdueSteps) lines.push(`  ${overdueStep} ${s.step}: ${s.owner}${s.person ? ` (${s.person})` : ''}, due ${localAt(s.due)}`);
    if (r.awaiting_approval.length)
      lines.push(
        `  awaiting sign-off: ${r.awaiting_approval.map((id) => (r.changed_after_approval.includes(id) ? `${id} (changed after its sign-off)` : id)).join(', ')}`,
      );
    for (const d of r.unknown_deliveries)
      lines.push(
        `  ${c.red.bold('delivery unknown')}: ${d.statement} ${d.lang} (${d.folder}) to ${d.channel} ${d.recipient}, since ${local(d.since)}` +
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
    lines.push(`  ${v.path}`);
    return `${lines.join('\n')}\n`;
  };
}

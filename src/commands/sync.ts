// crisis sync [incident]: share incidents through the repository's git remote (pull, merge, push).
import { incidentDir } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { requireConfig } from '../shell/load.js';
import { incidentsRoot, lockTimeoutMs, projectOf, type CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';
import { syncPaths } from '../shell/sync.js';

export async function run(io: IO, [ref]: string[], opts: CommonOptions): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const root = incidentsRoot(io, opts);
  const dir = ref ? incidentDir(ref, root, io.cwd) : root;
  const report = await syncPaths([dir], { project, config, root, responder: io.responder(), log: (t) => io.stderr.write(t), lockTimeoutMs: lockTimeoutMs(io) });
  for (const m of report.merged) {
    io.stdout.write(`Merged ${m.incident}: both sides' events, in time order\n`);
    for (const r of m.renumbered) io.stdout.write(`  ${r.from} became ${r.to} (another responder's stage came first); its statements were rendered again\n`);
    for (const d of m.dropped)
      io.stdout.write(
        `  sign-off of ${d.statements.join(', ')} by ${d.person} (${d.role}) dropped: the statements moved to ${d.to}; run crisis approve ${m.incident} --as ${d.role}\n`,
      );
  }
  io.stdout.write(`${report.committed || report.merged.length ? 'Shared' : 'Up to date'} with ${report.upstream.remote}/${report.upstream.branch}\n`);
  io.stdout.write(`${displayPath(io.cwd, dir)}\n`);
  return EXIT.ok;
}

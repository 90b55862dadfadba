// crisis doctor [incident]: checks incident folders against their timeline and repairs what the
// timeline can rebuild (the views, leftovers of interrupted commands). What needs a person (a
// damaged or doubled timeline line, a folder the timeline does not list, a gap in the stage
// numbers) is said, and the exit code is 1.
import { changeIncident, incidentDir, leftoversIn, listIncidentDirs, readIncident, recordAgrees, unlistedFolders } from '../shell/incident-store.js';
import { incidentViews } from '../incident/index.js';
import { EXIT, type IO } from '../shell/io.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { incidentsRoot, projectOf, type CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';

export async function run(io: IO, [ref]: string[], opts: CommonOptions): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const root = incidentsRoot(io, opts);
  const dirs = ref ? [incidentDir(ref, root, io.cwd)] : listIncidentDirs(root);
  let healthy = true;
  for (const dir of dirs) {
    const shown = displayPath(io.cwd, dir);
    const read = readIncident(dir);
    const needsPerson = read.problems.map((p) => `${displayPath(io.cwd, p.file)}:${p.line}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`);
    const repaired: string[] = [];
    if (read.state) {
      const state = read.state;
      const numbers = state.stages.map((s) => s.number);
      if (numbers.some((n, i) => n !== i + 1))
        needsPerson.push(`stage numbers are not contiguous: ${state.stages.map((s) => s.folder).join(', ')} (crisis sync renumbers shared incidents)`);
      for (const name of unlistedFolders(dir, state)) needsPerson.push(`statements/${name} is not in timeline.jsonl: kept; restore its line or move it away`);
      const leftovers = leftoversIn(dir);
      const blocked = read.problems.some((p) => p.severity === 'error');
      if (!blocked && (leftovers.length || !recordAgrees(dir, state))) {
        await changeIncident(io, dir, 'doctor', (incident, write) => {
          const pb = loadPlaybook(incident.state.playbook, project, config).loaded.playbook;
          for (const f of incidentViews(incident.state, pb, config, io.now())) write.file(f);
        });
        if (leftovers.length) repaired.push(`removed what interrupted commands left: ${leftovers.join(', ')}`);
        repaired.push('incident.yaml and checklist.md rebuilt from the timeline');
      }
    }
    if (!read.state) needsPerson.push('no readable start event: this folder is not a complete incident');
    for (const line of repaired) io.stdout.write(`${shown}: repaired: ${line}\n`);
    for (const line of needsPerson) io.stdout.write(`${shown}: needs a person: ${line}\n`);
    if (!repaired.length && !needsPerson.length) io.stdout.write(`${shown}: ok\n`);
    if (needsPerson.length) healthy = false;
  }
  if (!dirs.length) io.stdout.write(`No incidents in ${displayPath(io.cwd, root)}.\n`);
  return healthy ? EXIT.ok : EXIT.failed;
}

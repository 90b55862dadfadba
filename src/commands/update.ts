// crisis update <incident>: new facts -> the next numbered update of every update-stage statement.
import { planUpdate } from '../incident/lifecycle.js';
import { apply } from '../incident/timeline.js';
import { ProblemsError } from '../shell/errors.js';
import { givenAnswers, pickSeverity, typedFacts } from '../shell/facts.js';
import { changeIncident, incidentDir, viewFiles } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { clockFor } from '../playbook/inputs.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { incidentsRoot, lockTimeoutMs, projectOf, type CommonOptions } from '../shell/options.js';
import { printDryRun, stageSummary } from '../shell/summary.js';

export async function run(io: IO, [ref]: string[], opts: CommonOptions): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const dir = incidentDir(ref!, incidentsRoot(io, opts), io.cwd);
  const sources = givenAnswers(io, opts);
  // Prompts happen before the lock is taken: a responder thinking must not block the others.
  let asked: { changes: Record<string, unknown>; severity?: string } | undefined;
  if (io.interactive && !opts.yes) {
    const { readIncident } = await import('../shell/incident-store.js');
    const current = readIncident(dir);
    if (current.state) {
      const { loaded } = loadPlaybook(current.state.playbook, project, config);
      const { askChanges } = await import('../shell/update-walk.js');
      asked = await askChanges(io, loaded.playbook, current.state, config, opts.severity);
    }
  }
  return changeIncident(dir, 'update', lockTimeoutMs(io), (incident, write) => {
    const { state } = incident;
    const { loaded, templates } = loadPlaybook(state.playbook, project, config);
    const pb = loaded.playbook;
    const now = io.now();
    const given = typedFacts(pb, sources, clockFor(pb, now, state.timezone));
    const changes = { ...asked?.changes, ...Object.fromEntries([...given.given].map((id) => [id, given.facts[id]])) };
    const severity = pickSeverity(pb, opts.severity ?? asked?.severity, state.severity);
    const cache = project.cache;
    const plan = planUpdate({ playbook: pb, config, templates, ...(cache ? { cache } : {}), state, changes, severity, now, folders: incident.folders });
    if (!plan.ok) throw new ProblemsError(plan.problems);
    if (opts.dryRun) return printDryRun(io, plan.stage), EXIT.ok;
    write.stage(plan.stage, plan.event);
    const next = apply(state, plan.event);
    for (const f of viewFiles(next, pb, config, now)) write.file(f);
    stageSummary(io, dir, plan.stage, next, pb, config, now);
    return EXIT.ok;
  }, { by: io.responder });
}

// crisis resolve <incident>: resolution statements, the closing checklist, review.md.
import { apply } from '../incident/timeline.js';
import { planResolve } from '../incident/lifecycle.js';
import { reviewMarkdown } from '../incident/review.js';
import { ProblemsError } from '../shell/errors.js';
import { givenAnswers, typedFacts } from '../shell/facts.js';
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
  return changeIncident(dir, 'resolve', lockTimeoutMs(io), (incident, write) => {
    const { state, events } = incident;
    const { loaded, templates } = loadPlaybook(state.playbook, project, config);
    const pb = loaded.playbook;
    const now = io.now();
    const given = typedFacts(pb, sources, clockFor(pb, now, state.timezone));
    const changes = Object.fromEntries([...given.given].map((id) => [id, given.facts[id]]));
    const cache = project.cache;
    const plan = planResolve({ playbook: pb, config, templates, ...(cache ? { cache } : {}), state, changes, now, folders: incident.folders });
    if (!plan.ok) throw new ProblemsError(plan.problems);
    if (opts.dryRun) return printDryRun(io, plan.stage), EXIT.ok;
    write.stage(plan.stage, plan.event);
    const next = apply(state, plan.event);
    for (const f of viewFiles(next, pb, config, now)) write.file(f);
    write.file({ path: 'review.md', content: reviewMarkdown(pb, next, [...events, plan.event], config, now) });
    if (plan.event.open_steps.length)
      io.stderr.write(`Still open when resolved (listed in checklist.md and review.md): ${plan.event.open_steps.join(', ')}\n`);
    io.stdout.write('Review written: review.md\n');
    stageSummary(io, dir, plan.stage, next, pb, config, now);
    return EXIT.ok;
  }, { by: io.responder });
}

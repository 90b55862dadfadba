// crisis resolve <incident>: resolution statements, the closing checklist, review.md.
import { planResolve } from '../incident/index.js';
import { clockFor } from '../playbook/index.js';
import { ProblemsError } from '../shell/errors.js';
import { givenFacts, typedFacts } from '../shell/facts.js';
import { withIncident } from '../shell/incident-command.js';
import { EXIT, type IO } from '../shell/io.js';
import type { CommonOptions } from '../shell/options.js';
import { printDryRun, stageSummary } from '../shell/summary.js';

export async function run(io: IO, [ref]: string[], opts: CommonOptions): Promise<number> {
  const sources = givenFacts(io, opts);
  return withIncident(io, ref!, opts, 'resolve', ({ dir, incident, state, playbook: pb, templates, config, project, now, commit }) => {
    const given = typedFacts(pb, sources, clockFor(pb, now, state.timezone));
    const changes = Object.fromEntries([...given.given].map((id) => [id, given.facts[id]]));
    const cache = project.cache;
    const plan = planResolve({ playbook: pb, config, templates, ...(cache ? { cache } : {}), state, changes, now, folders: incident.folders });
    if (!plan.ok) throw new ProblemsError(plan.problems);
    if (opts.dryRun) return (printDryRun(io, plan.stage), EXIT.ok);
    const next = commit(plan.event, plan.stage);
    if (plan.event.open_steps.length) io.stderr.write(`Still open when resolved (listed in checklist.md and review.md): ${plan.event.open_steps.join(', ')}\n`);
    io.stdout.write('Review written: review.md\n');
    stageSummary(io, dir, plan.stage, next, pb, config, now);
    return EXIT.ok;
  });
}

// crisis update <incident>: new facts -> the next numbered update of every update-stage statement.
import { planUpdate } from '../incident/index.js';
import { clockFor } from '../playbook/index.js';
import { ProblemsError } from '../shell/errors.js';
import { givenFacts, pickSeverity, typedFacts } from '../shell/facts.js';
import { withIncident } from '../shell/incident-command.js';
import { EXIT, type IO } from '../shell/io.js';
import type { CommonOptions } from '../shell/options.js';
import { printDryRun, stageSummary } from '../shell/summary.js';

export async function run(io: IO, [ref]: string[], opts: CommonOptions): Promise<number> {
  const sources = givenFacts(io, opts);
  // Prompts happen before the lock is taken: a responder thinking must not block the others.
  const asked = io.interactive && !opts.yes ? await (await import('../shell/update-walk.js')).askChangesFor(io, ref!, opts) : undefined;
  return withIncident(io, ref!, opts, 'update', ({ dir, incident, state, playbook: pb, templates, config, project, now, commit }) => {
    const given = typedFacts(pb, sources, clockFor(pb, now, state.timezone));
    const changes = { ...asked?.changes, ...Object.fromEntries([...given.given].map((id) => [id, given.facts[id]])) };
    const severity = pickSeverity(pb, opts.severity ?? asked?.severity, state.severity);
    const cache = project.cache;
    const plan = planUpdate({ playbook: pb, config, templates, ...(cache ? { cache } : {}), state, changes, severity, now, folders: incident.folders });
    if (!plan.ok) throw new ProblemsError(plan.problems);
    if (opts.dryRun) return (printDryRun(io, plan.stage), EXIT.ok);
    stageSummary(io, dir, plan.stage, commit(plan.event, plan.stage), pb, config, now);
    return EXIT.ok;
  });
}

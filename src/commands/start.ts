// crisis start <playbook>: the facts once, then every statement, the checklist and the clock.
import { contentHash, incidentId, incidentViews, planStart, replay } from '../incident/index.js';
import { clockFor, languagesOf } from '../playbook/index.js';
import { ProblemsError } from '../shell/errors.js';
import { givenFacts, pickLanguages, pickSeverity, typedFacts } from '../shell/facts.js';
import { createIncident } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { requireConfig, loadPlaybook } from '../shell/load.js';
import { incidentsRoot, projectOf, type CommonOptions } from '../shell/options.js';
import { printDryRun, stageSummary } from '../shell/summary.js';

export async function run(io: IO, [id]: string[], opts: CommonOptions): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const { loaded, templates } = loadPlaybook(id!, project, config);
  const pb = loaded.playbook;
  const now = io.now();
  const clock = clockFor(pb, now, config.timezone);
  const languages = pickLanguages(languagesOf(pb, config), opts.lang);
  let severity = pickSeverity(pb, opts.severity, pb.default_severity);
  const asking = io.interactive && !opts.yes;
  let { facts } = typedFacts(pb, givenFacts(io, opts), clock, { final: !asking });

  if (asking) {
    const { walkThrough } = await import('../shell/walkthrough.js');
    const walked = await walkThrough(io, { pb, config, templates, languages, severity, facts, outRoot: incidentsRoot(io, opts), askSeverity: !opts.severity });
    if (!walked) return EXIT.ok; // the responder chose not to write
    ({ severity, facts } = walked);
  }

  const cache = project.cache;
  const plan = planStart({
    playbook: pb,
    config,
    templates,
    ...(cache ? { cache } : {}),
    id: incidentId(now, config.timezone, pb.id),
    hash: contentHash(loaded.source.text, templates),
    severity,
    languages,
    facts,
    now,
  });
  if (!plan.ok) throw new ProblemsError(plan.problems);
  if (opts.dryRun) return (printDryRun(io, plan.stage), EXIT.ok);
  const dir = createIncident(
    incidentsRoot(io, opts),
    plan.event.incident,
    plan.stage,
    plan.event,
    (state) => incidentViews(state, pb, config, now),
    io.responder,
  );
  const state = replay([{ ...plan.event, incident: dir.split(/[\\/]/).pop()! }])!;
  stageSummary(io, dir, plan.stage, state, pb, config, now);
  return EXIT.ok;
}

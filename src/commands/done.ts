// crisis done <incident> <step> [--skip] [--note <text>]: tick a checklist step.
import { reviewMarkdown } from '../incident/review.js';
import { apply } from '../incident/timeline.js';
import { closest } from '../problem/problem.js';
import { toZonedIso, formatLocal } from '../time/time.js';
import { fail } from '../shell/errors.js';
import { changeIncident, incidentDir, viewFiles } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { displayPath } from '../shell/project.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { incidentsRoot, lockTimeoutMs, projectOf, type CommonOptions } from '../shell/options.js';

export async function run(io: IO, [ref, stepId]: string[], opts: CommonOptions & { skip?: boolean; note?: string }): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const dir = incidentDir(ref!, incidentsRoot(io, opts), io.cwd);
  return changeIncident(dir, 'done', lockTimeoutMs(io), (incident, write) => {
    const { state } = incident;
    const { loaded } = loadPlaybook(state.playbook, project, config);
    const pb = loaded.playbook;
    const step = pb.steps.find((s) => s.id === stepId);
    if (!step) {
      const ids = pb.steps.map((s) => s.id);
      const guess = closest(stepId!, ids);
      fail('unknown-step', `no step "${stepId}" in ${pb.id}`, guess ? `did you mean "${guess}"?` : `steps: ${ids.join(', ')}`);
    }
    const now = io.now();
    const event = { at: toZonedIso(now, state.timezone), type: 'step' as const, step: step.id, status: opts.skip ? ('skipped' as const) : ('done' as const), ...(opts.note ? { note: opts.note } : {}) };
    if (opts.dryRun) return io.stdout.write(`would mark ${step.id} ${event.status}\n`), EXIT.ok;
    write.event(event);
    const next = apply(state, event);
    for (const f of viewFiles(next, pb, config, now)) write.file(f);
    // Review steps are done after the resolution: the review written then must show them.
    if (next.resolved_at)
      write.file({ path: 'review.md', content: reviewMarkdown(pb, next, [...incident.events, event], config, new Date(next.resolved_at)) });
    const person = config.roster[step.owner]?.name;
    io.stdout.write(`${step.id} ${event.status} at ${formatLocal(now, state.timezone)} (${step.owner}${person ? `, ${person}` : ''})\n`);
    if (next.resolved_at) io.stdout.write(`${displayPath(io.cwd, dir)}/review.md\n`);
    io.stdout.write(`${displayPath(io.cwd, dir)}/checklist.md\n`);
    return EXIT.ok;
  }, { by: io.responder });
}

// crisis done <incident> <step> [--skip] [--note <text>]: tick a checklist step.
import { didYouMean } from '../problem/index.js';
import { formatLocal, toZonedIso } from '../time/index.js';
import { fail } from '../shell/errors.js';
import { withIncident } from '../shell/incident-command.js';
import { EXIT, type IO } from '../shell/io.js';
import type { CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';

export async function run(io: IO, [ref, stepId]: string[], opts: CommonOptions & { skip?: boolean; note?: string }): Promise<number> {
  return withIncident(io, ref!, opts, 'done', ({ dir, state, playbook: pb, config, now, commit }) => {
    const step = pb.steps.find((s) => s.id === stepId);
    if (!step) {
      const ids = pb.steps.map((s) => s.id);
      fail('unknown-step', `no step "${stepId}" in ${pb.id}`, didYouMean(stepId!, ids, `steps: ${ids.join(', ')}`));
    }
    const event = {
      at: toZonedIso(now, state.timezone),
      type: 'step' as const,
      step: step.id,
      status: opts.skip ? ('skipped' as const) : ('done' as const),
      ...(opts.note ? { note: opts.note } : {}),
    };
    if (opts.dryRun) return (io.stdout.write(`would mark ${step.id} ${event.status}\n`), EXIT.ok);
    // Review steps are done after the resolution: commit writes review.md again with them.
    const next = commit(event);
    const person = config.roster[step.owner]?.name;
    io.stdout.write(`${step.id} ${event.status} at ${formatLocal(now, state.timezone)} (${step.owner}${person ? `, ${person}` : ''})\n`);
    if (next.resolved_at) io.stdout.write(`${displayPath(io.cwd, dir)}/review.md\n`);
    io.stdout.write(`${displayPath(io.cwd, dir)}/checklist.md\n`);
    return EXIT.ok;
  });
}

// The interactive part of `crisis update`: which facts changed (current values as defaults), and
// whether the severity changed.
import type { IncidentState } from '../incident/index.js';
import { clockFor, coerceInput, type Config, isBlank, type Playbook } from '../playbook/index.js';
import { formatLocal, ISO_DATETIME } from '../time/index.js';
import { incidentDir, readIncident } from './incident-store.js';
import type { IO } from './io.js';
import { loadPlaybook, requireConfig } from './load.js';
import { incidentsRoot, projectOf, type CommonOptions } from './options.js';
import { ask } from './prompts.js';

type Asked = { changes: Record<string, unknown>; severity?: string };

/** The walk for the incident `ref` as it is now (read without the lock: the answers are applied under it). */
export async function askChangesFor(io: IO, ref: string, opts: CommonOptions): Promise<Asked | undefined> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const current = readIncident(incidentDir(ref, incidentsRoot(io, opts), io.cwd));
  if (!current.state) return undefined;
  return askChanges(io, loadPlaybook(current.state.playbook, project, config).loaded.playbook, current.state, config, opts.severity);
}

export async function askChanges(io: IO, pb: Playbook, state: IncidentState, config: Config, severityFlag?: string): Promise<Asked> {
  const clock = clockFor(pb, io.now(), config.timezone);
  const timeOf = (v: string) => (ISO_DATETIME.test(v) ? formatLocal(new Date(v), config.timezone) : v);
  const show = (v: unknown) => (v === null || v === undefined ? '(not answered)' : Array.isArray(v) ? v.join(', ') : timeOf(String(v)));
  io.stdout.write(`${state.title}: update ${state.update_number + 1} of ${state.id}\n`);
  const which = await ask.select(
    'Which fact changed? (pick one at a time; "done" when finished)',
    [{ name: 'done: no more changes', value: '' }, ...pb.inputs.map((i) => ({ name: `${i.id}: ${show(state.answers[i.id])}`, value: i.id }))],
    '',
  );
  const changes: Record<string, unknown> = {};
  let next = which;
  while (next) {
    const input = pb.inputs.find((i) => i.id === next)!;
    const current = changes[input.id] ?? state.answers[input.id];
    const answer =
      input.type === 'choice'
        ? await ask.select(
            input.prompt,
            (input.choices ?? []).map((c) => ({ name: c, value: c })),
            typeof current === 'string' ? current : undefined,
          )
        : await ask.text(input.prompt, {
            default: current === null || current === undefined ? '' : Array.isArray(current) ? current.join(', ') : String(current),
            validate: (v) =>
              isBlank(v)
                ? input.required
                  ? 'This fact is required.'
                  : true
                : (() => {
                    const t = coerceInput(input, v, clock);
                    return t.ok ? true : t.reason;
                  })(),
          });
    const typed = isBlank(answer) ? { ok: true as const, value: null } : coerceInput(input, answer, clock);
    if (typed.ok) changes[input.id] = typed.value;
    next = await ask.select(
      'Another fact changed?',
      [
        { name: 'done: no more changes', value: '' },
        ...pb.inputs.map((i) => ({ name: `${i.id}: ${show(changes[i.id] ?? state.answers[i.id])}`, value: i.id })),
      ],
      '',
    );
  }
  if (severityFlag) return { changes };
  const severity = await ask.select(
    'Severity',
    pb.severities.map((s) => ({ name: `${s.id}: ${s.label} (every ${s.cadence})${s.id === state.severity ? ' (current)' : ''}`, value: s.id })),
    state.severity,
  );
  return { changes, severity };
}

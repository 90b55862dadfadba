// The checklist: every step with its owner, its deadline and whether it is done.
import { formatLocal, formatSpan, parseDuration } from '../time/index.js';
import type { IncidentState } from './timeline.js';
import { type Config, PHASES, type Playbook, type Step } from '../playbook/index.js';

export type StepView = {
  step: Step;
  owner: { role: string; name: string | null; contact: string | null };
  /** When it is due; null while it counts from a resolution that has not happened. */
  due: Date | null;
  status: 'open' | 'done' | 'skipped';
  at?: string;
  note?: string;
  overdue: boolean;
  /** Done after its deadline, by this many ms. */
  lateBy?: number;
};

const AFTER_RESOLUTION = new Set(['resolve', 'review']);

/**
 * When a step is due: `within` after its base (a `from:` fact, the resolution for resolve/review
 * steps, else the start). `times` keeps the bases read, for the steps of one incident.
 */
/** What a step's deadline and state are read from. */
export type StepState = Pick<IncidentState, 'answers' | 'steps' | 'started_at' | 'resolved_at'>;

// A step's `within` in ms, read once a step: status asks it of every step of every incident.
const withins = new WeakMap<Step, number>();
const withinOf = (step: Step) => withins.get(step) ?? withins.set(step, parseDuration(step.within) ?? 0).get(step)!;

export function stepDue(step: Step, state: StepState, times = new Map<string, number>()): Date | null {
  const at = dueMs(step, state, times);
  return at === null ? null : new Date(at);
}

function dueMs(step: Step, state: StepState, times: Map<string, number>): number | null {
  const within = withinOf(step);
  const fromFact = step.from ? state.answers[step.from] : undefined;
  const base = typeof fromFact === 'string' ? fromFact : AFTER_RESOLUTION.has(step.phase) ? state.resolved_at : state.started_at;
  if (!base) return null;
  let at = times.get(base);
  if (at === undefined) times.set(base, (at = new Date(base).getTime()));
  return at + within;
}

export function stepViews(pb: Playbook, state: StepState, config: Config, now: Date): StepView[] {
  // Most steps count from the start: its time is read once (status does this for every incident).
  const times = new Map<string, number>();
  return pb.steps.map((step) => {
    const record = state.steps[step.id];
    const due = stepDue(step, state, times);
    const person = config.roster[step.owner];
    const status = record?.status ?? 'open';
    const doneAt = record ? new Date(record.at).getTime() : undefined;
    return {
      step,
      owner: { role: step.owner, name: person?.name ?? null, contact: person?.contact ?? null },
      due,
      status,
      ...(record ? { at: record.at } : {}),
      ...(record?.note ? { note: record.note } : {}),
      overdue: status === 'open' && due !== null && now.getTime() > due.getTime() && !(state.resolved_at && !AFTER_RESOLUTION.has(step.phase)),
      ...(status === 'done' && due && doneAt !== undefined && doneAt > due.getTime() ? { lateBy: doneAt - due.getTime() } : {}),
    };
  });
}

/** An open step with a deadline, as status lists it. */
export type OpenStep = { step: Step; role: string; person: string | null; due: number };

/**
 * The open steps that have a deadline, in checklist order, whatever the time: the ones stepViews
 * calls overdue are those due before now. Status keeps them between runs (they change only with
 * the incident, the playbook and the roster), so it asks only which are past.
 */
export function openSteps(pb: Playbook, state: StepState, config: Config): OpenStep[] {
  const times = new Map<string, number>();
  const out: OpenStep[] = [];
  for (const step of pb.steps) {
    if (state.steps[step.id] !== undefined || (state.resolved_at && !AFTER_RESOLUTION.has(step.phase))) continue;
    const due = dueMs(step, state, times);
    if (due !== null) out.push({ step, role: step.owner, person: config.roster[step.owner]?.name ?? null, due });
  }
  return out;
}

/** The steps stepViews calls overdue, without a view of every step. */
export function overdueSteps(pb: Playbook, state: StepState, config: Config, now: Date): { step: Step; role: string; person: string | null; due: Date }[] {
  const t = now.getTime();
  return openSteps(pb, state, config)
    .filter((o) => t > o.due)
    .map((o) => ({ ...o, due: new Date(o.due) }));
}

const who = (v: StepView) => `${v.owner.role} (${v.owner.name ?? 'no one on the roster'}${v.owner.contact ? `, ${v.owner.contact}` : ''})`;

/** checklist.md: steps by phase with owner, due time and state, as of `now`. */
export function checklistMarkdown(pb: Playbook, state: IncidentState, config: Config, now: Date): string {
  const tz = state.timezone;
  const views = stepViews(pb, state, config, now);
  const lines = [
    `# Checklist: ${state.title}`,
    '',
    `Incident ${state.id}, started ${formatLocal(new Date(state.started_at), tz)} (${tz}), severity ${state.severity}` +
      (state.resolved_at ? `, resolved ${formatLocal(new Date(state.resolved_at), tz)}` : '') +
      '.',
    `As of ${formatLocal(now, tz)}. Tick a step with \`crisis done ${state.id} <step>\` (\`--skip\`, \`--note\`).`,
  ];
  for (const phase of PHASES) {
    const inPhase = views.filter((v) => v.step.phase === phase);
    if (!inPhase.length) continue;
    lines.push('', `## ${phase[0]!.toUpperCase()}${phase.slice(1)}`, '');
    for (const v of inPhase) {
      const box = v.status === 'done' ? '[x]' : v.status === 'skipped' ? '[-]' : '[ ]';
      const due = v.due ? `due ${formatLocal(v.due, tz)}` : `due ${v.step.within} after the resolution`;
      const state_ =
        v.status === 'done'
          ? `done ${formatLocal(new Date(v.at!), tz)}${v.lateBy ? `, ${formatSpan(v.lateBy)} late` : ''}`
          : v.status === 'skipped'
            ? `skipped ${formatLocal(new Date(v.at!), tz)}`
            : v.overdue
              ? `**OVERDUE** by ${formatSpan(now.getTime() - v.due!.getTime())}`
              : '';
      lines.push(`- ${box} **${v.step.id}**: ${v.step.do}`);
      lines.push(`  ${who(v)}; ${due}${state_ ? `; ${state_}` : ''}${v.note ? `; note: ${v.note}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

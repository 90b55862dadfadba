// What `crisis status` reports of an incident, as of a time.
import { openSteps, overdueSteps } from './checklist.js';
import { signOffs, type HashOf } from './signoff.js';
import type { IncidentState } from './timeline.js';
import type { Config, Playbook } from '../playbook/index.js';
import { formatLocal, toZonedIso } from '../time/index.js';

export type StatusRecord = {
  id: string;
  path: string;
  playbook: string;
  title: string;
  severity: string;
  stage: string;
  update_number: number;
  started_at: string;
  next_update_at: string | null;
  overdue: boolean;
  overdue_steps: { step: string; owner: string; person: string | null; due: string }[];
  awaiting_approval: string[];
  /** Statements whose files changed after their sign-off (so awaiting it again). */
  changed_after_approval: string[];
  resolved_at: string | null;
  /**
   * Deliveries of `crisis publish` whose request left with no answer: the recipient may have them.
   * A person decides (`publish --retry-unknown`); `failed` ones are tried again by the next publish.
   */
  unknown_deliveries: DeliverySummary[];
  failed_deliveries: DeliverySummary[];
};

export type DeliverySummary = {
  delivery: string;
  statement: string;
  lang: string;
  folder: string;
  channel: string;
  target: string;
  recipient: string;
  since: string;
  detail: string | null;
};

/**
 * What status keeps of an incident between runs (see src/shell/status-index.ts): the record's
 * fields that are the timeline's alone, and of the rest only what the checklist's deadlines read
 * (the steps ticked, the times; of the answers the strings, since a step counts only from a string
 * fact). The sign-offs read the statement files through `hashOf`: the caller knows which.
 */
export type StatusSummary = Omit<StatusRecord, 'path' | 'overdue' | 'overdue_steps'> & {
  timezone: string;
  answers: Record<string, string>;
  steps: IncidentState['steps'];
};

/** Statements of the latest stage no one has signed off yet. */
export function statusSummary(state: IncidentState, hashOf: HashOf): StatusSummary {
  const latest = state.stages.at(-1);
  const offs = latest ? signOffs(state, latest, hashOf) : [];
  return {
    id: state.id,
    playbook: state.playbook,
    title: state.title,
    severity: state.severity,
    stage: state.stage,
    update_number: state.update_number,
    started_at: state.started_at,
    next_update_at: state.next_update_at,
    awaiting_approval: offs.filter((s) => !s.approval).map((s) => s.statement),
    changed_after_approval: offs.filter((s) => !s.approval && s.changed.length).map((s) => s.statement),
    resolved_at: state.resolved_at,
    unknown_deliveries: deliveriesIn(state, 'unknown'),
    failed_deliveries: deliveriesIn(state, 'failed'),
    timezone: state.timezone,
    answers: Object.fromEntries(Object.entries(state.answers).filter((e): e is [string, string] => typeof e[1] === 'string')),
    steps: state.steps,
  };
}

/** A resolved incident is never overdue. */
export const updateOverdue = (s: StatusSummary, now: number): boolean => !s.resolved_at && s.next_update_at !== null && now > Date.parse(s.next_update_at);

/**
 * What status prints of an incident that does not change with the time: written out once (its
 * local times, its owners) and kept in the status index, so a run only checks it against now.
 */
export type StatusText = {
  /** The first line after the id, with its newline. */
  head: string;
  /** `  resolved <time>` with its newline, `  next update <time>: ` (the span follows), or '' when no update is due. */
  when: string;
  /** The open steps with a deadline, in checklist order: due (ms), then the line after "overdue step ", flat. */
  steps: (number | string)[];
  /** The sign-off line with its newline, or ''. */
  signoff: string;
};

export function statusText(s: StatusSummary, pb: Playbook | undefined, config: Config): StatusText {
  const tz = config.timezone;
  const local = (iso: string) => formatLocal(new Date(iso), tz);
  const steps: (number | string)[] = [];
  if (pb && !s.resolved_at)
    for (const o of openSteps(pb, s, config))
      steps.push(o.due, `${o.step.id}: ${o.role}${o.person ? ` (${o.person})` : ''}, due ${formatLocal(new Date(o.due), tz)}`);
  const changed = new Set(s.changed_after_approval);
  return {
    head: `  ${s.title}  ${s.severity}  ${s.stage}${s.stage === 'update' ? ` ${s.update_number}` : ''}  started ${local(s.started_at)}\n`,
    when: s.resolved_at ? `  resolved ${local(s.resolved_at)}\n` : s.next_update_at ? `  next update ${local(s.next_update_at)}: ` : '',
    steps,
    signoff: s.awaiting_approval.length
      ? `  awaiting sign-off: ${s.awaiting_approval.map((id) => (changed.has(id) ? `${id} (changed after its sign-off)` : id)).join(', ')}\n`
      : '',
  };
}

/** What statusText reads besides the summary: a text kept with other inputs is made again. */
export function statusTextInputs(pb: Playbook | undefined, config: Config): string {
  const steps = pb?.steps.map((s) => [s.id, s.owner, s.within, s.from ?? null, s.phase, config.roster[s.owner]?.name ?? null]);
  return JSON.stringify([config.timezone, steps ?? null]);
}

/** The record as of `now` (status --json). */
export function summaryRecord(s: StatusSummary, path: string, pb: Playbook | undefined, config: Config, now: Date): StatusRecord {
  const late = pb && !s.resolved_at ? overdueSteps(pb, s, config, now) : [];
  return {
    id: s.id,
    path,
    playbook: s.playbook,
    title: s.title,
    severity: s.severity,
    stage: s.stage,
    update_number: s.update_number,
    started_at: s.started_at,
    next_update_at: s.next_update_at,
    overdue: updateOverdue(s, now.getTime()),
    overdue_steps: late.map((o) => ({ step: o.step.id, owner: o.role, person: o.person, due: toZonedIso(o.due, s.timezone) })),
    awaiting_approval: s.awaiting_approval,
    changed_after_approval: s.changed_after_approval,
    resolved_at: s.resolved_at,
    unknown_deliveries: s.unknown_deliveries,
    failed_deliveries: s.failed_deliveries,
  };
}

export const statusRecord = (state: IncidentState, path: string, pb: Playbook | undefined, config: Config, now: Date, hashOf: HashOf): StatusRecord =>
  summaryRecord(statusSummary(state, hashOf), path, pb, config, now);

function deliveriesIn(state: IncidentState, wanted: 'unknown' | 'failed'): DeliverySummary[] {
  return Object.values(state.deliveries)
    .filter((d) => d.state === wanted)
    .map((d) => ({
      delivery: d.delivery,
      statement: d.statement,
      lang: d.lang,
      folder: d.folder,
      channel: d.channel,
      target: d.target,
      recipient: d.recipient,
      since: d.since,
      detail: d.detail ?? null,
    }));
}

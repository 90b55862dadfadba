// What `crisis status` reports of an incident, as of a time.
import { stepViews } from './checklist.js';
import { signOffs, type HashOf } from './signoff.js';
import type { IncidentState } from './timeline.js';
import type { Config, Playbook } from '../playbook/index.js';
import { toZonedIso } from '../time/index.js';

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

/** Statements of the latest stage no one has signed off yet. A resolved incident is never overdue. */
export function statusRecord(state: IncidentState, path: string, pb: Playbook | undefined, config: Config, now: Date, hashOf: HashOf): StatusRecord {
  const latest = state.stages.at(-1);
  const offs = latest ? signOffs(state, latest, hashOf) : [];
  const awaiting = offs.filter((s) => !s.approval).map((s) => s.statement);
  const overdueSteps =
    pb && !state.resolved_at
      ? stepViews(pb, state, config, now)
          .filter((v) => v.overdue)
          .map((v) => ({ step: v.step.id, owner: v.owner.role, person: v.owner.name, due: toZonedIso(v.due!, state.timezone) }))
      : [];
  return {
    id: state.id,
    path,
    playbook: state.playbook,
    title: state.title,
    severity: state.severity,
    stage: state.stage,
    update_number: state.update_number,
    started_at: state.started_at,
    next_update_at: state.next_update_at,
    overdue: !state.resolved_at && state.next_update_at !== null && now.getTime() > new Date(state.next_update_at).getTime(),
    overdue_steps: overdueSteps,
    awaiting_approval: awaiting,
    changed_after_approval: offs.filter((s) => !s.approval && s.changed.length).map((s) => s.statement),
    resolved_at: state.resolved_at,
    unknown_deliveries: deliveriesIn(state, 'unknown'),
    failed_deliveries: deliveriesIn(state, 'failed'),
  };
}

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

// Two responders' timelines of one incident, merged: the union of their events by id (an event
// seen on both sides counts once), in time order, stage folders renumbered so they run 01, 02, ...
// without a gap or a repeat. The result depends only on the set of events, never on which side
// merges, so both machines compute the same incident.
import type { Stage } from '../playbook/index.js';
import { stageFolder, type ApprovedEvent, type ResolvedEvent, type StartedEvent, type TimelineEvent, type UpdatedEvent } from './timeline.js';

type StageEvent = StartedEvent | UpdatedEvent | ResolvedEvent;
const STAGE_OF = { started: 'start', updated: 'update', resolved: 'resolve' } as const satisfies Record<StageEvent['type'], Stage>;
const isStage = (e: TimelineEvent): e is StageEvent => e.type in STAGE_OF;

/** A stage that moved: its statements must be rendered again with their new number. */
export type Renumbered = { id: string; stage: Stage; from: string; to: string; number: number };
/** A sign-off of a stage that moved: it signed text that no longer stands, so it is dropped. */
export type DroppedApproval = { id: string; folder: string; to: string; statements: string[]; role: string; person: string; by?: string };
export type Merged = { events: TimelineEvent[]; renumbered: Renumbered[]; dropped: DroppedApproval[] };

/** Events must have ids (parseTimeline gives old ones theirs). */
export function mergeTimelines(ours: readonly TimelineEvent[], theirs: readonly TimelineEvent[]): Merged {
  const byId = new Map<string, TimelineEvent>();
  for (const e of [...ours, ...theirs]) {
    const key = e.id ?? JSON.stringify(e);
    const o = original(e);
    const seen = byId.get(key);
    // The same event, perhaps renumbered on one side: keep one, chosen by content, not by side.
    if (!seen || JSON.stringify(o) < JSON.stringify(seen)) byId.set(key, o);
  }
  const sorted = [...byId.values()].sort(order);
  const renumbered: Renumbered[] = [];
  const stages: { id: string | undefined; first: string; final: string }[] = [];
  let n = 0;
  const placed = sorted.map((e): TimelineEvent => {
    if (!isStage(e)) return e;
    n++;
    const to = stageFolder(n, STAGE_OF[e.type]);
    stages.push({ id: e.id, first: e.folder, final: to });
    if (to === e.folder) return e;
    if (e.type === 'started') return e; // one start per incident: a second one is ignored by replay
    renumbered.push({ id: e.id!, stage: STAGE_OF[e.type], from: e.folder, to, number: n });
    return moved(e, to, n);
  });
  const dropped: DroppedApproval[] = [];
  const events = placed.filter((e, i) => {
    if (e.type !== 'approved') return true;
    const target = targetOf(e, stages, placed.slice(0, i));
    if (!target || target.final === e.folder) return true;
    dropped.push({ id: e.id!, folder: e.folder, to: target.final, statements: e.statements, role: e.role, person: e.person, ...(e.by ? { by: e.by } : {}) });
    return false;
  });
  return { events, renumbered, dropped };
}

/** The start first (it makes the incident), then by time, ties by id. */
function order(a: TimelineEvent, b: TimelineEvent): number {
  if ((a.type === 'started') !== (b.type === 'started')) return a.type === 'started' ? -1 : 1;
  return Date.parse(a.at) - Date.parse(b.at) || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0);
}

/** The event as its machine first wrote it, before any merge moved it. */
function original(e: TimelineEvent): TimelineEvent {
  if ((e.type !== 'updated' && e.type !== 'resolved') || !e.renumbered_from) return e;
  const { renumbered_from: from, ...rest } = e;
  return moved(rest as typeof e, from, Number(from.slice(0, from.indexOf('-'))), false);
}

function moved<E extends UpdatedEvent | ResolvedEvent>(e: E, to: string, number: number, record = true): E {
  const prefix = `statements/${e.folder}/`;
  return {
    ...e,
    number,
    folder: to,
    statements: e.statements.map((s) => (s.path.startsWith(prefix) ? { ...s, path: `statements/${to}/${s.path.slice(prefix.length)}` } : s)),
    ...(record ? { renumbered_from: e.folder } : {}),
  };
}

/** The stage a sign-off was given to: named by id, or (older records) the latest stage first written to its folder. */
function targetOf(a: ApprovedEvent, stages: { id: string | undefined; first: string; final: string }[], before: TimelineEvent[]) {
  if (a.stage_id) {
    const byId = stages.find((s) => s.id === a.stage_id);
    if (byId) return byId;
  }
  const earlier = new Set(before.filter(isStage).map((e) => e.id));
  return stages.filter((s) => earlier.has(s.id) && (s.first === a.folder || s.final === a.folder)).at(-1);
}

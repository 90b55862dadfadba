// An incident is its timeline: one JSON event a line. Everything else (incident.yaml,
// checklist.md, status) is a view computed from the events, so any command can rebuild it.
import { createHash } from 'node:crypto';
import type { Stage } from '../playbook/index.js';
import type { Problem } from '../problem/index.js';

export type StatementFile = { statement: string; lang: string; path: string };

/** `id` is a ULID (time-ordered, unique across machines); `by` the responder who ran the command. */
type Base = { id?: string; at: string; by?: string };
/** What an incident is about, set when it starts (severity and answers change later). */
type Basics = {
  playbook: string;
  playbook_hash: string;
  title: string;
  severity: string;
  languages: string[];
  timezone: string;
  answers: Record<string, unknown>;
};
export type StartedEvent = Base &
  Basics & {
    type: 'started';
    incident: string;
    folder: string;
    statements: StatementFile[];
    next_update_at: string | null;
  };
/** `renumbered_from`: the folder a stage was first written to, before a merge gave it its place. */
type Renumberable = { renumbered_from?: string };
export type UpdatedEvent = Base &
  Renumberable & {
    type: 'updated';
    number: number;
    folder: string;
    changes: Record<string, unknown>;
    severity: string;
    statements: StatementFile[];
    next_update_at: string | null;
  };
export type StepEvent = Base & { type: 'step'; step: string; status: 'done' | 'skipped'; note?: string };
/**
 * `stage_id` names the stage signed off, so a renumbered stage's sign-off can be told from another's;
 * `files` the sha256 of every file approved, by its path in the incident (absent in incidents approved before it was recorded).
 */
export type ApprovedEvent = Base & {
  type: 'approved';
  folder: string;
  stage_id?: string;
  statements: string[];
  role: string;
  person: string;
  files?: Record<string, string>;
};
export type ResolvedEvent = Base &
  Renumberable & {
    type: 'resolved';
    number: number;
    folder: string;
    changes: Record<string, unknown>;
    statements: StatementFile[];
    open_steps: string[];
  };
/**
 * A delivery of `crisis publish` (see src/publish/): `publish-intent` is written before the first byte
 * leaves, then `publish-sent` or `publish-failed`. `unknown: true` on a failure means the request left
 * and no answer came in time: the receiver may have it, so it is not retried without the operator.
 */
export type DeliveryFields = {
  delivery: string;
  folder: string;
  statement: string;
  lang: string;
  channel: string;
  target: string;
  recipient: string;
};
export type PublishIntentEvent = Base & DeliveryFields & { type: 'publish-intent'; attempt: number };
export type PublishSentEvent = Base & { type: 'publish-sent'; delivery: string; response: string };
export type PublishFailedEvent = Base & { type: 'publish-failed'; delivery: string; cause: string; unknown?: boolean };
export type PublishEvent = PublishIntentEvent | PublishSentEvent | PublishFailedEvent;
export type TimelineEvent = StartedEvent | UpdatedEvent | StepEvent | ApprovedEvent | ResolvedEvent | PublishEvent;

export type StageRecord = { id?: string; number: number; stage: Stage; folder: string; at: string; severity: string; statements: StatementFile[] };
export type StepRecord = { status: 'done' | 'skipped'; at: string; note?: string; by?: string };
export type Approval = { folder: string; statement: string; role: string; person: string; at: string; files?: Record<string, string> };

export type IncidentState = Basics & {
  id: string;
  stage: Stage;
  update_number: number;
  started_at: string;
  next_update_at: string | null;
  resolved_at: string | null;
  stages: StageRecord[];
  steps: Record<string, StepRecord>;
  approvals: Approval[];
  /** Each `crisis publish` delivery by its id, as the publish-* events leave it. */
  deliveries: Record<string, DeliveryRecord>;
};

/**
 * Where a delivery got to. `unknown`: the request left (or may have) and no answer came: the
 * receiver may have it, so only a person sends it again (`--retry-unknown`), or a receiver that
 * drops a duplicate id.
 */
export type DeliveryRecord = DeliveryFields & {
  state: 'sent' | 'failed' | 'unknown';
  attempts: number;
  /** When the first intent was written, and when the last outcome came (or the intent, while none has). */
  since: string;
  at: string;
  /** The receiver's answer when sent; the cause otherwise. */
  detail?: string;
};

/**
 * Folds the events into the incident's state. The first event must be `started`. One state is
 * built and each event applied to it in place (applyTo), so a timeline of n updates costs n steps,
 * not the n^2 / 2 copies of the stage list that a fresh state per event made.
 */
export function replay(events: readonly TimelineEvent[]): IncidentState | undefined {
  const [first, ...rest] = events;
  if (!first || first.type !== 'started') return undefined;
  const state: IncidentState = {
    id: first.incident,
    playbook: first.playbook,
    playbook_hash: first.playbook_hash,
    title: first.title,
    severity: first.severity,
    languages: first.languages,
    timezone: first.timezone,
    answers: { ...first.answers },
    stage: 'start',
    update_number: 0,
    started_at: first.at,
    next_update_at: first.next_update_at,
    resolved_at: null,
    stages: [{ ...idOf(first), number: 1, stage: 'start', folder: first.folder, at: first.at, severity: first.severity, statements: first.statements }],
    steps: {},
    approvals: [],
    deliveries: {},
  };
  for (const e of rest) applyTo(state, e);
  return state;
}

/** The state after one more event; `state` is left as it was. */
export function apply(state: IncidentState, e: TimelineEvent): IncidentState {
  const next = {
    ...state,
    answers: { ...state.answers },
    stages: [...state.stages],
    steps: { ...state.steps },
    approvals: [...state.approvals],
    deliveries: { ...state.deliveries },
  };
  applyTo(next, e);
  return next;
}

// Keys from the timeline are data: a key such as __proto__ becomes an own property, as in a spread, never a setter call.
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
function assignOwn(target: Record<string, unknown>, from: Record<string, unknown> | undefined): void {
  for (const key of Object.keys(from ?? {})) setOwn(target, key, from![key]);
}

/** Applies one event to a state it owns (replay's, or apply's copy). */
function applyTo(state: IncidentState, e: TimelineEvent): void {
  switch (e.type) {
    case 'started':
      return; // a second start is ignored: the first one made the incident
    case 'updated':
      assignOwn(state.answers, e.changes);
      state.severity = e.severity;
      if (!state.resolved_at) state.stage = 'update';
      state.update_number += 1;
      state.next_update_at = state.resolved_at ? null : e.next_update_at;
      state.stages.push({ ...idOf(e), number: e.number, stage: 'update', folder: e.folder, at: e.at, severity: e.severity, statements: e.statements });
      return;
    case 'step':
      setOwn(state.steps, e.step, { status: e.status, at: e.at, ...(e.note ? { note: e.note } : {}), ...(e.by ? { by: e.by } : {}) });
      return;
    case 'approved':
      for (const statement of e.statements)
        state.approvals.push({
          folder: e.folder,
          statement,
          role: e.role,
          person: e.person,
          at: e.at,
          ...(e.files ? { files: filesFor(e.files, e.folder, statement) } : {}),
        });
      return;
    case 'resolved':
      assignOwn(state.answers, e.changes);
      state.stage = 'resolve';
      state.next_update_at = null;
      state.resolved_at = e.at;
      state.stages.push({ ...idOf(e), number: e.number, stage: 'resolve', folder: e.folder, at: e.at, severity: state.severity, statements: e.statements });
      return;
    case 'publish-intent':
    case 'publish-sent':
    case 'publish-failed': {
      const record = deliveryAfter(state.deliveries[e.delivery], e);
      if (record) setOwn(state.deliveries, e.delivery, record);
      return;
    }
    default:
      return; // an event type this version does not know (written by a newer one)
  }
}

/** What a stage was rendered with, as the timeline recorded it. */
export type StageContext = {
  /** The facts as they stood at that stage (the start's answers and every change since). */
  facts: Record<string, unknown>;
  /** The next update the stage's statements promised; null at the resolution. */
  nextUpdate: string | null;
  /** `incident.update_number` at that stage: 0 at the start, then 1, 2, ...; the resolution keeps the last. */
  updateNumber: number;
  /** When the stage was due: the next update the stage before it promised; null for the start. */
  dueBy: string | null;
};

/**
 * The context of every stage, by its folder, folded from the events: what the preview re-renders
 * a statement with and what the status site reads a stage's state from.
 */
export function stageContexts(events: readonly TimelineEvent[]): Map<string, StageContext> {
  const out = new Map<string, StageContext>();
  let facts: Record<string, unknown> = {};
  let next: string | null = null;
  let updates = 0;
  for (const e of events) {
    if (e.type === 'started' && out.size === 0) {
      facts = e.answers;
      out.set(e.folder, { facts, nextUpdate: e.next_update_at, updateNumber: 0, dueBy: null });
      next = e.next_update_at;
    } else if (e.type === 'updated' && out.size) {
      facts = { ...facts, ...e.changes };
      out.set(e.folder, { facts, nextUpdate: e.next_update_at, updateNumber: ++updates, dueBy: next });
      next = e.next_update_at;
    } else if (e.type === 'resolved' && out.size) {
      facts = { ...facts, ...e.changes };
      out.set(e.folder, { facts, nextUpdate: null, updateNumber: updates, dueBy: next });
      next = null;
    }
  }
  return out;
}

/**
 * The number of the next stage: one above the highest the timeline lists or the folder holds, so a
 * folder whose timeline line was lost is never overwritten and never renumbered.
 */
export function nextStageNumber(state: IncidentState, folders: readonly string[] = []): number {
  const onDisk = folders.map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0));
  return Math.max(0, ...state.stages.map((s) => s.number), ...onDisk) + 1;
}

/** The approved files of one statement, out of an approval event's. */
function filesFor(files: Record<string, string>, folder: string, statement: string): Record<string, string> {
  const prefix = `statements/${folder}/${statement}.`;
  return Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith(prefix)));
}

const idOf = (e: TimelineEvent) => (e.id ? { id: e.id } : {});

/** The next stage folder's name: 01-start, 02-update, ... NN-resolve. */
export const stageFolder = (number: number, stage: Stage) => `${String(number).padStart(2, '0')}-${stage}`;

/**
 * A sent delivery stays sent: a later intent (two responders racing) or failure changes nothing.
 * An outcome without its intent (a hand edit) is ignored: the delivery's fields are unknown.
 */
function deliveryAfter(before: DeliveryRecord | undefined, e: PublishEvent): DeliveryRecord | undefined {
  if (before?.state === 'sent') return undefined;
  if (e.type === 'publish-intent') {
    const { delivery, folder, statement, lang, channel, target, recipient } = e;
    const fields = { delivery, folder, statement, lang, channel, target, recipient };
    return { ...fields, state: 'unknown', attempts: (before?.attempts ?? 0) + 1, since: before?.since ?? e.at, at: e.at };
  }
  if (!before) return undefined;
  if (e.type === 'publish-sent') return { ...before, state: 'sent', at: e.at, detail: e.response };
  return { ...before, state: e.unknown ? 'unknown' : 'failed', at: e.at, detail: e.cause };
}

/** The events that create a stage folder; others (approvals, deliveries) only name one. */
const STAGE_EVENTS = new Set<string>(['started', 'updated', 'resolved']);

/** Reads timeline.jsonl: a damaged line is reported with its number and the rest still read. */
export function parseTimeline(file: string, text: string): { events: TimelineEvent[]; problems: Problem[] } {
  const events: TimelineEvent[] = [];
  const problems: Problem[] = [];
  const folderLines = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const e = JSON.parse(line) as TimelineEvent;
      if (!e || typeof e !== 'object' || typeof e.type !== 'string' || typeof e.at !== 'string') throw new Error('not an event');
      // Two stages claiming one folder (a bad merge, a hand edit): the second is not read, and
      // commands refuse to write until it is fixed, since either line may be the wrong one.
      if (STAGE_EVENTS.has(e.type) && 'folder' in e && typeof e.folder === 'string') {
        const first = folderLines.get(e.folder);
        if (first !== undefined) {
          problems.push({
            file,
            line: i + 1,
            col: 1,
            code: 'timeline-duplicate-stage',
            severity: 'error',
            message: `statements/${e.folder} is listed again (first on line ${first})`,
            hint: `keep the line that matches the files in statements/${e.folder} and delete the other`,
          });
          return;
        }
        folderLines.set(e.folder, i + 1);
      }
      events.push(e.id ? e : { ...e, id: derivedId(e, events.length) });
    } catch {
      problems.push({
        file,
        line: i + 1,
        col: 1,
        code: 'timeline-damaged',
        severity: 'warning',
        message: 'damaged timeline line skipped',
        hint: 'the line is not a JSON event; the rest of the timeline was read',
      });
    }
  });
  return { events, problems };
}

/** The incident.yaml view: what other tools read about an incident. */
export function incidentRecord(s: IncidentState) {
  return {
    id: s.id,
    playbook: s.playbook,
    playbook_hash: s.playbook_hash,
    title: s.title,
    severity: s.severity,
    languages: s.languages,
    timezone: s.timezone,
    answers: s.answers,
    stage: s.stage,
    update_number: s.update_number,
    started_at: s.started_at,
    next_update_at: s.next_update_at,
    resolved_at: s.resolved_at,
  };
}

// ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds, 80 random bits, Crockford base32.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, chars: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < chars; i++, n >>= 5n) out = CROCKFORD[Number(n & 31n)]! + out;
  return out;
}

const timePart = (ms: number) => base32(new Uint8Array(new BigUint64Array([BigInt(Math.max(0, ms))]).buffer).reverse(), 10);

/** The time a ULID carries, in milliseconds. */
export const ulidTime = (id: string) => [...id.slice(0, 10)].reduce((n, ch) => n * 32 + CROCKFORD.indexOf(ch), 0);

/**
 * A new event's id from the clock and 10 random bytes. Monotonic: an id minted in the same
 * millisecond as (or, after a clock step back, earlier than) the timeline's last one follows it,
 * so the order of one machine's events survives any merge that orders by id.
 */
export function nextEventId(ms: number, random: Uint8Array, last?: string): string {
  if (last && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(last) && ulidTime(last) >= ms) return increment(last, random);
  return timePart(ms) + base32(random.slice(0, 10), 16);
}

/**
 * An id just after `id`, by a random step (1 to 2^48), not by one: two machines that both mint after
 * the same last event (a shared timeline, a clock behind it) must not mint the same id, since the
 * merge takes two events with one id for one.
 */
function increment(id: string, random: Uint8Array): string {
  let n = [...id].reduce((acc, ch) => acc * 32n + BigInt(CROCKFORD.indexOf(ch)), 0n);
  n += 1n + [...random.slice(0, 6)].reduce((acc, b) => acc * 256n + BigInt(b), 0n);
  let out = '';
  for (let i = 0; i < 26; i++, n >>= 5n) out = CROCKFORD[Number(n & 31n)]! + out;
  return out; // past 2^130 the first digit wraps: 10889 years after 1970
}

/**
 * The id of an event written before events had ids: its time, then its line's place and a hash
 * of its content, so every machine reading the same record derives the same ids, in file order.
 */
export function derivedId(e: TimelineEvent, index: number): string {
  const hash = createHash('sha256').update(JSON.stringify(e)).digest();
  const rest = new Uint8Array(10);
  rest[0] = (index >> 8) & 0xff;
  rest[1] = index & 0xff;
  rest.set(hash.subarray(0, 8), 2);
  return timePart(Date.parse(e.at) || 0) + base32(rest, 16);
}

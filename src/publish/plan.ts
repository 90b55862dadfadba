// What `crisis publish` sends, decided from plain data: the incident's state and timeline, the
// playbook and the `publish:` config. The shell reads the files and does the sending.
import { createHash } from 'node:crypto';
import type { IncidentState, PublishEvent, TimelineEvent } from '../incident/index.js';
import type { Playbook, Stage, TargetConfig } from '../playbook/index.js';

export const TARGET_KINDS = ['smtp', 'slack', 'webhook', 'twilio', 'site'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export type { TargetConfig };
export type PublishConfig = Record<string, TargetConfig>;

export const kindOf = (t: TargetConfig): TargetKind => TARGET_KINDS.find((k) => t[k] !== undefined)!;

/** Targets that send to one place per language (the URL is the recipient, and may be a secret). */
const SINGLE: readonly TargetKind[] = ['slack', 'webhook', 'site'];

export type Delivery = {
  /** Deterministic: the same statement file to the same recipient is the same delivery on every run and machine. */
  id: string;
  folder: string;
  stage: Stage;
  update_number: number;
  statement: string;
  channel: string;
  lang: string;
  /** The file's path in the incident (statements/<folder>/<statement>.<lang>.<ext>). */
  path: string;
  target: TargetKind;
  recipient: string;
};

export type FileRef = { statement: string; lang: string; folder: string; path: string };

export type PublishPlan = {
  deliveries: Delivery[];
  /** Files not signed off (or changed since): nothing of them is sent. */
  awaiting: FileRef[];
  /** Statements whose channel has no target: a person sends these. */
  byHand: (FileRef & { channel: string })[];
  /** Statements of a `site` channel: `crisis site build` publishes them. */
  bySite: (FileRef & { channel: string; folder_out: string })[];
  /** Languages a target has no recipient for. */
  unaddressed: (FileRef & { channel: string })[];
};

export function deliveryId(incident: string, folder: string, statement: string, lang: string, target: TargetKind, recipient: string): string {
  const hash = createHash('sha256').update([incident, folder, statement, lang, target, recipient].join('\u0000')).digest('hex');
  return `dlv_${hash.slice(0, 32)}`;
}

export function recipientsOf(t: TargetConfig, lang: string): string[] {
  const kind = kindOf(t);
  if (SINGLE.includes(kind)) return [kind === 'site' ? t.site! : 'channel'];
  if (!t.to) return [];
  return Array.isArray(t.to) ? t.to : (t.to[lang] ?? []);
}

/**
 * The latest stage folder of each statement (a later stage that does not reissue a statement leaves
 * its last version current), for every file: a delivery per recipient when it is signed off,
 * else listed as awaiting sign-off. `only`: statement ids given on the command line.
 */
export function planPublish(input: {
  state: IncidentState;
  playbook: Playbook;
  publish: PublishConfig;
  only?: readonly string[];
  signedOff: (f: FileRef) => boolean;
}): PublishPlan {
  const { state, playbook, publish } = input;
  const latest = new Map<string, IncidentState['stages'][number]>();
  for (const stage of state.stages) for (const s of stage.statements) latest.set(s.statement, stage);
  const updateNumbers = new Map<string, number>();
  let n = 0;
  for (const stage of state.stages) updateNumbers.set(stage.folder, stage.stage === 'update' ? ++n : n);
  const plan: PublishPlan = { deliveries: [], awaiting: [], byHand: [], bySite: [], unaddressed: [] };
  for (const [statement, stage] of latest) {
    if (input.only?.length && !input.only.includes(statement)) continue;
    const channel = playbook.statements.find((s) => s.id === statement)?.channel ?? 'unknown';
    const target = publish[channel];
    for (const file of stage.statements.filter((s) => s.statement === statement)) {
      const ref: FileRef = { statement, lang: file.lang, folder: stage.folder, path: file.path };
      if (!target) {
        plan.byHand.push({ ...ref, channel });
        continue;
      }
      if (!input.signedOff(ref)) {
        plan.awaiting.push(ref);
        continue;
      }
      const kind = kindOf(target);
      if (kind === 'site') {
        plan.bySite.push({ ...ref, channel, folder_out: target.site! });
        continue;
      }
      const recipients = recipientsOf(target, file.lang);
      if (!recipients.length) plan.unaddressed.push({ ...ref, channel });
      for (const recipient of recipients)
        plan.deliveries.push({
          id: deliveryId(state.id, stage.folder, statement, file.lang, kind, recipient),
          folder: stage.folder,
          stage: stage.stage,
          update_number: updateNumbers.get(stage.folder) ?? 0,
          statement,
          channel,
          lang: file.lang,
          path: file.path,
          target: kind,
          recipient,
        });
    }
  }
  return plan;
}

export type DeliveryState = 'new' | 'sent' | 'failed' | 'unknown';
export type DeliveryRecord = { state: DeliveryState; attempts: number; detail?: string; at?: string; event?: PublishEvent };

/** Each delivery's state from the timeline: an intent without an outcome (or with a timeout for one) is unknown. */
export function deliveryStates(events: readonly TimelineEvent[]): Map<string, DeliveryRecord> {
  const out = new Map<string, DeliveryRecord>();
  for (const e of events) {
    if (e.type === 'publish-intent') {
      const before = out.get(e.delivery);
      // A sent delivery stays sent: a second intent for it (two responders racing) changes nothing.
      if (before?.state === 'sent') continue;
      out.set(e.delivery, { state: 'unknown', attempts: (before?.attempts ?? 0) + 1, at: e.at, event: e });
    } else if (e.type === 'publish-sent') {
      const before = out.get(e.delivery);
      out.set(e.delivery, { state: 'sent', attempts: before?.attempts ?? 1, detail: e.response, at: e.at, event: before?.event ?? e });
    } else if (e.type === 'publish-failed') {
      const before = out.get(e.delivery);
      if (before?.state === 'sent') continue;
      out.set(e.delivery, { state: e.unknown ? 'unknown' : 'failed', attempts: before?.attempts ?? 1, detail: e.cause, at: e.at, event: before?.event ?? e });
    }
  }
  return out;
}

/** The intents of deliveries whose outcome is unknown, for `status` and `preview`. */
export function unknownDeliveries(events: readonly TimelineEvent[]) {
  return [...deliveryStates(events)]
    .filter(([, r]) => r.state === 'unknown' && r.event?.type === 'publish-intent')
    .map(([id, r]) => {
      const e = r.event as Extract<PublishEvent, { type: 'publish-intent' }>;
      return {
        delivery: id,
        statement: e.statement,
        lang: e.lang,
        folder: e.folder,
        channel: e.channel,
        target: e.target,
        since: r.at!,
        ...(r.detail ? { cause: r.detail } : {}),
      };
    });
}

export type Decision = 'send' | 'skip-sent' | 'skip-unknown';

/**
 * Sent is never sent again. Unknown may already be in a customer's inbox: it is sent again only
 * where the receiver deduplicates by id (webhook) or when the operator says so. Failed and new are sent.
 */
export function decide(d: Delivery, record: DeliveryRecord | undefined, opts: { retryUnknown?: boolean }): Decision {
  if (!record || record.state === 'new' || record.state === 'failed') return 'send';
  if (record.state === 'sent') return 'skip-sent';
  return opts.retryUnknown || d.target === 'webhook' ? 'send' : 'skip-unknown';
}

/** `timeout: 30s` or `1500ms`; default 10 s. */
export function timeoutMs(t: TargetConfig): number {
  const m = /^(\d+)(ms|s)$/.exec(t.timeout ?? '');
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : 10_000;
}

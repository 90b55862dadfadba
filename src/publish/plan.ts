// What `crisis publish` sends, decided from plain data: the incident's state and timeline, the
// playbook and the `publish:` config. The shell reads the files and does the sending.
import { createHash } from 'node:crypto';
import type { DeliveryRecord, IncidentState } from '../incident/index.js';
import type { Playbook, Stage, TargetConfig } from '../playbook/index.js';

export const TARGET_KINDS = ['smtp', 'slack', 'webhook', 'twilio', 'site'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export type { TargetConfig };
export type PublishConfig = Record<string, TargetConfig>;

export const kindOf = (t: TargetConfig): TargetKind => TARGET_KINDS.find((k) => t[k] !== undefined)!;

/** Targets that send to one place per language (the URL is the recipient, and may be a secret). */
const SINGLE: readonly TargetKind[] = ['slack', 'webhook', 'site'];
/** Receivers for which a second copy is harmless: the webhook's drops a repeated id, the site is rebuilt whole. */
const DEDUPLICATING: readonly TargetKind[] = ['webhook', 'site'];

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
  awaiting: (FileRef & { owner: string })[];
  /** Statements whose channel has no target: a person sends these. */
  byHand: (FileRef & { channel: string })[];
  /** Languages a target has no recipient for. */
  unaddressed: (FileRef & { channel: string })[];
};

/** The fields as a JSON array: no field can run into the next one, whatever it holds. */
export function deliveryId(incident: string, folder: string, statement: string, lang: string, target: TargetKind, recipient: string): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([incident, folder, statement, lang, target, recipient]))
    .digest('hex');
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
  const plan: PublishPlan = { deliveries: [], awaiting: [], byHand: [], unaddressed: [] };
  for (const [statement, stage] of latest) {
    if (input.only?.length && !input.only.includes(statement)) continue;
    const declared = playbook.statements.find((s) => s.id === statement);
    const channel = declared?.channel ?? 'unknown';
    const target = publish[channel];
    for (const file of stage.statements.filter((s) => s.statement === statement)) {
      const ref: FileRef = { statement, lang: file.lang, folder: stage.folder, path: file.path };
      if (!target) {
        plan.byHand.push({ ...ref, channel });
        continue;
      }
      if (!input.signedOff(ref)) {
        plan.awaiting.push({ ...ref, owner: declared?.owner ?? 'its owner' });
        continue;
      }
      const kind = kindOf(target);
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

export type Decision = 'send' | 'skip-sent' | 'skip-unknown';

/**
 * Sent is never sent again. Unknown may already be in a customer's inbox: it is sent again only
 * where a second copy is harmless (webhook, site) or when the operator says so. Failed and new are sent.
 */
export function decide(d: Delivery, record: DeliveryRecord | undefined, opts: { retryUnknown?: boolean }): Decision {
  if (!record || record.state === 'failed') return 'send';
  if (record.state === 'sent') return 'skip-sent';
  return opts.retryUnknown || DEDUPLICATING.includes(d.target) ? 'send' : 'skip-unknown';
}

/** `timeout: 30s` or `1500ms`; default 10 s. */
export function timeoutMs(t: TargetConfig): number {
  const m = /^(\d+)(ms|s)$/.exec(t.timeout ?? '');
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : 10_000;
}

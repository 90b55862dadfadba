// The common shape of a publish target: from one delivery, the request it would make (shown by
// --dry-run, secrets redacted by the caller) and the way to make it. A new target is one file
// exporting a `Target` and one line in ./index.ts.
import type { Delivery, TargetConfig } from '../../publish/index.js';

/**
 * What one attempt came to. `retry`: surely did not arrive (refused, 5xx, 429, SMTP 4xx), try again
 * under the same id. `unknown`: the request left and no answer came; the receiver may have it.
 */
export type Outcome =
  | { kind: 'sent'; response: string }
  | { kind: 'retry'; cause: string; afterMs?: number }
  | { kind: 'failed'; cause: string }
  | { kind: 'unknown'; cause: string };

export type SendContext = {
  delivery: Delivery;
  /** The statement file as rendered. */
  text: string;
  /** The channel's target, `${NAME}` expanded. */
  target: TargetConfig;
  incident: string;
  title: string;
  now: Date;
  timeoutMs: number;
};

export type Prepared = { describe: () => string; send: () => Promise<Outcome> };
export type Target = (ctx: SendContext) => Prepared;

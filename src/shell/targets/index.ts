// The table of publish targets. `site` is built by `crisis site build` (src/shell/site.ts): at
// integration it becomes one more file here that calls the site builder.
import type { TargetKind } from '../../publish/index.js';
import { slack } from './slack.js';
import { smtp } from './smtp.js';
import { twilio } from './twilio.js';
import type { Target } from './types.js';
import { webhook } from './webhook.js';

export const TARGETS: Partial<Record<TargetKind, Target>> = { smtp, slack, webhook, twilio };
export { closeSmtp } from './smtp.js';
export type { Outcome, Prepared, SendContext, Target } from './types.js';

// Slack incoming webhooks: POST {text} as JSON to the webhook URL (a secret in itself).
import { slackBody } from '../../publish/index.js';
import { describeHttp, post } from './http.js';
import type { Target } from './types.js';

export const slack: Target = ({ target, text, timeoutMs }) => {
  const r = { url: target.slack!, headers: { 'content-type': 'application/json' }, body: slackBody(text) };
  return { describe: () => describeHttp(r), send: () => post(r, timeoutMs) };
};

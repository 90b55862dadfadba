// Standard Webhooks (https://www.standardwebhooks.com/): webhook-id, webhook-timestamp and
// webhook-signature = "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), the key
// being the base64 after `whsec_`. The id is the delivery's, so every retry carries the same one
// and the receiver can drop a duplicate: that is why an unknown webhook delivery is retried.
import { createHmac } from 'node:crypto';
import { webhookBody } from '../../publish/index.js';
import { describeHttp, post } from './http.js';
import type { Target } from './types.js';

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export const webhook: Target = ({ delivery, target, text, incident, now, timeoutMs }) => {
  const body = webhookBody(delivery, incident, text, now.toISOString());
  return {
    describe: () =>
      describeHttp({
        url: target.webhook!.url,
        headers: { 'content-type': 'application/json', 'webhook-id': delivery.id, 'webhook-timestamp': '<when sent>', 'webhook-signature': 'v1,***' },
        body,
      }),
    send: () => {
      // Signed at each attempt: a receiver rejects a timestamp too far from its clock.
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        'content-type': 'application/json',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(target.webhook!.secret, delivery.id, timestamp, body),
      };
      return post({ url: target.webhook!.url, headers, body }, timeoutMs);
    },
  };
};

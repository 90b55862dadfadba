// A Twilio-compatible Messages API: POST {url}/2010-04-01/Accounts/{account}/Messages.json,
// form-encoded To, From, Body, basic auth account:token; one request per recipient.
import { smsForm } from '../../publish/index.js';
import { describeHttp, post } from './http.js';
import type { Target } from './types.js';

export const twilio: Target = ({ delivery, target, text, timeoutMs }) => {
  const { url, account, token } = target.twilio!;
  const r = {
    url: `${url.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(account)}/Messages.json`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${account}:${token}`).toString('base64')}`,
      'idempotency-key': delivery.id,
    },
    body: smsForm(delivery.recipient, target.from ?? '', text),
  };
  return { describe: () => describeHttp({ ...r, headers: { ...r.headers, authorization: 'Basic ***' } }), send: () => post(r, timeoutMs) };
};

// Email through nodemailer (imported here only, so only `publish` loads it): one message per
// recipient, multipart text + HTML, subject from the heading, Content-Language, Date from the
// command's clock and a Message-ID made of the delivery id (a receiver or list can dedupe by it).
import { emailOf } from '../../publish/index.js';
import type { Outcome, Target } from './types.js';

type Transport = { sendMail(m: object): Promise<{ response?: string; messageId?: string }>; close(): void };
const transports = new Map<string, Promise<Transport>>();

async function transportFor(url: string, timeoutMs: number): Promise<Transport> {
  const key = `${url}\u0000${timeoutMs}`;
  if (!transports.has(key))
    transports.set(
      key,
      import('nodemailer').then(
        (m) => m.default.createTransport(url, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }) as unknown as Transport,
      ),
    );
  return transports.get(key)!;
}

export function closeSmtp(): void {
  for (const t of transports.values()) void t.then((x) => x.close());
  transports.clear();
}

const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'crisis.invalid';

export function describeSmtp(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.username ? `${u.username}:***@` : ''}${u.host}`;
}

/** What nodemailer's error says about where the message got to. */
export function smtpOutcome(err: { code?: string; responseCode?: number; command?: string; response?: string; message?: string }): Outcome {
  const said = err.response ?? err.message ?? String(err);
  if (err.responseCode && err.responseCode >= 400 && err.responseCode < 500) return { kind: 'retry', cause: `SMTP ${said}` };
  if (err.responseCode && err.responseCode >= 500) return { kind: 'failed', cause: `SMTP ${said}` };
  // After DATA the server may have queued the message: the answer is what we lost.
  if (err.command === 'DATA' || err.command === 'DATA END' || /message/i.test(err.command ?? ''))
    return { kind: 'unknown', cause: `no answer to the message (${err.code ?? said})` };
  if (err.code === 'ECONNECTION' || err.code === 'ETIMEDOUT' || err.command === 'CONN') return { kind: 'retry', cause: `could not connect (${said})` };
  if (err.code === 'EAUTH') return { kind: 'failed', cause: `login refused (${said})` };
  return { kind: 'unknown', cause: `the connection broke (${err.code ?? said})` };
}

export const smtp: Target = ({ delivery, target, text, title, now, timeoutMs }) => {
  const email = emailOf(text, delivery.lang, title);
  const from = target.from ?? '';
  const message = {
    from,
    to: delivery.recipient,
    subject: email.subject,
    text: email.text,
    html: email.html,
    date: now,
    messageId: `<${delivery.id}@${domainOf(from)}>`,
    headers: { 'Content-Language': delivery.lang },
  };
  return {
    describe: () =>
      [
        `SMTP ${describeSmtp(target.smtp!)}`,
        `  From: ${from}`,
        `  To: ${delivery.recipient}`,
        `  Subject: ${email.subject}`,
        `  Content-Language: ${delivery.lang}`,
        `  Date: ${now.toUTCString()}`,
        `  Message-ID: ${message.messageId}`,
        `  (text and HTML parts, ${Buffer.byteLength(email.text)} + ${Buffer.byteLength(email.html)} bytes)`,
      ].join('\n'),
    send: async () => {
      try {
        const t = await transportFor(target.smtp!, timeoutMs);
        const info = await t.sendMail(message);
        return { kind: 'sent', response: `SMTP ${info.response ?? 'accepted'}; Message-ID ${info.messageId ?? message.messageId}` };
      } catch (err) {
        return smtpOutcome(err as never);
      }
    },
  };
};

// One HTTP POST with node's own client, so the outcome can tell "never reached the receiver"
// (safe to retry) from "left, and no answer came" (unknown).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Outcome } from './types.js';

export type HttpRequest = { url: string; headers: Record<string, string>; body: string };

export function describeHttp(r: HttpRequest): string {
  const u = new URL(r.url);
  const auth = u.username ? `${u.username}:***@` : '';
  const head = Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v}`);
  return [`POST ${u.protocol}//${auth}${u.host}${u.pathname}${u.search}`, ...head, `  ${r.body}`].join('\n');
}

/** Errors raised before a byte of the request could reach the receiver. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function post(r: HttpRequest, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolveOutcome) => {
    const u = new URL(r.url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    let connected = false;
    let done = false;
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolveOutcome(o);
    };
    const req = send(u, { method: 'POST', headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const said = Buffer.concat(chunks).toString('utf8').slice(0, 200).replace(/\s+/g, ' ').trim();
        const response = `HTTP ${status}${said ? ` ${said}` : ''}`;
        if (status >= 200 && status < 300) return finish({ kind: 'sent', response });
        if (status >= 500 || status === 429) {
          const after = Number(res.headers['retry-after']);
          return finish({ kind: 'retry', cause: response, ...(Number.isFinite(after) ? { afterMs: after * 1000 } : {}) });
        }
        finish({ kind: 'failed', cause: response });
      });
      res.on('error', (err) => finish({ kind: 'unknown', cause: `the answer was cut off (${err.message})` }));
    });
    req.on('socket', (s) => s.once('connect', () => (connected = true)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected || NOT_SENT.has(err.code ?? '')) finish({ kind: 'retry', cause: `could not connect (${err.code ?? err.message})` });
      else finish({ kind: 'unknown', cause: `the connection broke after the request left (${err.code ?? err.message})` });
    });
    // A timeout after the request left is unknown: the receiver may have acted on it.
    const timer = setTimeout(() => {
      finish(connected ? { kind: 'unknown', cause: `no answer within ${timeoutMs} ms` } : { kind: 'retry', cause: `could not connect within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.end(r.body);
  });
}

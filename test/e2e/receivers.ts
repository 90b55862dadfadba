// Real receivers for `crisis publish`, on 127.0.0.1 with a port the system picks: an SMTP server
// (smtp-server, each message parsed with mailparser) and an HTTP server that records every request
// and answers as the test says (a status, a body, or nothing at all: a hang).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Recorded = { method: string; path: string; headers: IncomingMessage['headers']; body: string };
/** What the HTTP receiver does with a request: answer with a status (and body), or hang. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export type HttpReceiver = {
  url: string;
  requests: Recorded[];
  /** Answers for the next requests in turn; once used up, every request gets `otherwise`. */
  answer: (...answers: Answer[]) => void;
  otherwise: Answer;
  /** Resolves when `n` requests have arrived. */
  received: (n: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function httpReceiver(): Promise<HttpReceiver> {
  const requests: Recorded[] = [];
  const queue: Answer[] = [];
  const hanging = new Set<ServerResponse>();
  const waiters: { n: number; done: () => void }[] = [];
  const receiver: HttpReceiver = {
    url: '',
    requests,
    answer: (...answers) => queue.push(...answers),
    otherwise: { status: 200, body: '{"ok":true}' },
    received: (n) => new Promise((done) => (requests.length >= n ? done() : waiters.push({ n, done }))),
    close: () =>
      new Promise((done) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const w of waiters.filter((x) => requests.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
      const a = queue.shift() ?? receiver.otherwise;
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export type SmtpReceiver = {
  port: number;
  /** Each message as received: the envelope, the login used, and the parsed mail. */
  messages: { from: string; to: string[]; user?: string; raw: string; mail: ParsedMail }[];
  /** The next messages are refused with this reply code (e.g. 451, 550), in turn. */
  refuse: (...codes: number[]) => void;
  close: () => Promise<void>;
};

export async function smtpReceiver(login: { user: string; pass: string }): Promise<SmtpReceiver> {
  const messages: SmtpReceiver['messages'] = [];
  const refusals: number[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    // No reverse DNS of 127.0.0.1: this machine may have no resolver to ask.
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === login.user && auth.password === login.pass) return done(null, { user: auth.username });
      done(new Error('Invalid username or password'));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = refusals.shift();
        if (code) return done(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((mail) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            raw,
            mail,
          });
          done();
        });
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    refuse: (...codes) => refusals.push(...codes),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

// crisis publish, run as a user would, against real receivers on 127.0.0.1: an SMTP server, and
// HTTP servers standing for Slack, a Standard Webhooks receiver and a Twilio-compatible SMS API.
// What it proves: nothing leaves without its owner's sign-off, each delivery arrives once, what
// surely did not arrive is retried, an unanswered request is "unknown" until a person decides,
// and no secret is ever printed or written.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, crisis, CRISIS_NOW } from './exec.js';
import { httpReceiver, smtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FACTS = ['--set', 'outage_scope=checkout', '--set', 'outage_started_at=-20m', '--set', 'charges_status=not-charged'];
const LANGS = ['en', 'fr', 'pl', 'he'];
// Every secret the config reads; the test greps for each of them everywhere.
const SECRETS = {
  SMTP_USER: 'mailer-account',
  SMTP_PASS: 'smtp-Pa55-9f2c1e7d',
  SLACK_TOKEN: 'T000-B000-slacksecret4411',
  SMS_ACCOUNT: 'AC5e1d0cafe',
  SMS_TOKEN: 'sms-token-77aa19b3',
  WEBHOOK_SECRET: `whsec_${Buffer.from('webhook-key-0123456789abcdef').toString('base64')}`,
};

let dir: string;
let smtp: SmtpReceiver;
let slack: HttpReceiver;
let hooks: HttpReceiver;
let sms: HttpReceiver;
let outputs: string[];

const env = (extra: Record<string, string> = {}) => ({ ...SECRETS, CRISIS_PUBLISH_BACKOFF_MS: '10', ...extra });
const run = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await crisis(args, { cwd: dir, env: env(extra) });
  outputs.push(r.stdout, r.stderr);
  return r;
};
const ok = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await run(args, extra);
  expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
};
const timeline = async (incident: string) =>
  (await readFile(join(dir, 'incidents', incident, 'timeline.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const requestCount = () => smtp.messages.length + slack.requests.length + hooks.requests.length + sms.requests.length;

async function project(publish: string) {
  const config = await readFile(join(ROOT, 'crisis.config.yaml'), 'utf8');
  await writeFile(join(dir, 'crisis.config.yaml'), `${config}\nstatus_url: https://status.acme.example\n${publish}`);
}

const PUBLISH = (sms_timeout = '10s') => `publish:
  email:
    smtp: "smtp://\${SMTP_USER}:\${SMTP_PASS}@127.0.0.1:${smtp.port}"
    from: "Acme Outdoor <news@acme.example>"
    to: { en: [ann@example.com, bob@example.com], fr: [chloe@example.fr], pl: [piotr@example.pl], he: [noa@example.co.il] }
  internal: { slack: "${slack.url}/services/\${SLACK_TOKEN}" }
  sms:
    twilio: { url: "${sms.url}", account: "\${SMS_ACCOUNT}", token: "\${SMS_TOKEN}" }
    from: ACME
    to: { en: ["+447700900001"], fr: ["+33600000001", "+33600000002"], pl: ["+48500000001"], he: ["+972500000001"] }
    timeout: ${sms_timeout}
  social: { webhook: { url: "${hooks.url}/social", secret: "\${WEBHOOK_SECRET}" }, timeout: 2s }
  status-page: { site: status-site }
`;

async function startSignedOff(): Promise<string> {
  const started = await ok(['start', 'site-outage', '--yes', ...FACTS]);
  const incident = started.stdout.trimEnd().split('\n').at(-1)!.split('/').at(-1)!;
  for (const role of ['comms-lead', 'incident-lead', 'support-lead']) await ok(['approve', incident, '--as', role]);
  return incident;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crisis-publish-'));
  outputs = [];
  [smtp, slack, hooks, sms] = await Promise.all([
    smtpReceiver({ user: SECRETS.SMTP_USER, pass: SECRETS.SMTP_PASS }),
    httpReceiver(),
    httpReceiver(),
    httpReceiver(),
  ]);
  await project(PUBLISH());
});

afterEach(async () => {
  await Promise.all([smtp.close(), slack.close(), hooks.close(), sms.close()]);
  // No secret in anything printed, nor in any file of the project (timeline, statements, site).
  const written: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (e.name !== 'crisis.config.yaml') written.push(await readFile(join(d, e.name), 'utf8'));
    }
  };
  await walk(dir);
  for (const [name, value] of Object.entries(SECRETS)) {
    const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
    for (const text of [...outputs, ...written]) for (const f of forms) expect(text.includes(f), `${name} leaked`).toBe(false);
  }
  if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
});

describe('crisis publish', () => {
  it('sends every signed-off statement to its channel in every language, each once', async () => {
    const incident = await startSignedOff();
    const first = await ok(['publish', incident]);

    // Email: one message per recipient, multipart, subject from the heading, in its language.
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
      'chloe@example.fr',
      'noa@example.co.il',
      'piotr@example.pl',
    ]);
    const statements = join(dir, 'incidents', incident, 'statements');
    const [startFolder] = await readdir(statements);
    for (const m of smtp.messages) {
      const lang = m.mail.headers.get('content-language') as string;
      const file = await readFile(join(statements, startFolder!, `customer-email.${lang}.md`), 'utf8');
      expect(m.user).toBe(SECRETS.SMTP_USER);
      expect(m.mail.subject).toBe(/^# (.+)$/m.exec(file)![1]);
      expect(m.mail.text!.trim()).toBe(file.trim());
      expect(m.mail.html).toContain(`lang="${lang}"`);
      expect(m.mail.html).toContain(lang === 'he' ? 'dir="rtl"' : 'dir="ltr"');
      expect(m.mail.date!.toISOString()).toBe(new Date(CRISIS_NOW).toISOString());
      expect(m.mail.messageId).toMatch(/^<dlv_[0-9a-f]{32}@acme\.example>$/);
    }

    // Slack: the internal statement as incoming-webhook JSON, to the secret URL.
    expect(slack.requests.map((r) => r.path)).toEqual(LANGS.map(() => `/services/${SECRETS.SLACK_TOKEN}`));
    expect(JSON.parse(slack.requests[0]!.body).text).toContain(incident);

    // Webhook: signed per Standard Webhooks, the body the contract names.
    const verifier = new Webhook(SECRETS.WEBHOOK_SECRET);
    const bodies = hooks.requests.map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as Record<string, unknown>);
    expect(bodies.map((b) => b.lang).sort()).toEqual([...LANGS].sort());
    expect(bodies[0]).toMatchObject({ type: 'statement.published', incident, statement: 'social', channel: 'social', stage: 'start', update_number: 0 });

    // SMS: one form-encoded request per recipient, basic auth, the text as rendered.
    expect(sms.requests).toHaveLength(5);
    for (const r of sms.requests) {
      expect(r.path).toBe(`/2010-04-01/Accounts/${SECRETS.SMS_ACCOUNT}/Messages.json`);
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${SECRETS.SMS_ACCOUNT}:${SECRETS.SMS_TOKEN}`).toString('base64')}`);
      const form = new URLSearchParams(r.body);
      expect(form.get('From')).toBe('ACME');
      const lang = { '+4477': 'en', '+3360': 'fr', '+4850': 'pl', '+9725': 'he' }[form.get('To')!.slice(0, 5)]!;
      expect(form.get('Body')).toBe((await readFile(join(statements, startFolder!, `sms.${lang}.txt`), 'utf8')).trimEnd());
    }

    // The status site is built from the signed-off status-page statements.
    expect(await readFile(join(dir, 'status-site', 'he', 'incidents', `${incident}.html`), 'utf8')).toContain('dir="rtl"');

    // One line per delivery with its outcome, and the statements nobody set a target for.
    expect(first.stdout.match(/^sent /gm)).toHaveLength(5 + 4 + 4 + 5 + 4);
    expect(first.stdout).toMatch(/^send by hand +web-banner en /m);

    // Again: nothing is sent twice.
    const before = requestCount();
    const again = await ok(['publish', incident]);
    expect(requestCount()).toBe(before);
    expect(again.stdout).not.toMatch(/^sent /m);
    expect(again.stdout.match(/^already sent /gm)).toHaveLength(5 + 4 + 4 + 5 + 4);

    // The record: an intent before each send, its outcome after.
    const events = await timeline(incident);
    const intents = events.filter((e) => e.type === 'publish-intent');
    const sent = events.filter((e) => e.type === 'publish-sent');
    expect(intents).toHaveLength(22);
    expect(new Set(sent.map((e) => e.delivery))).toEqual(new Set(intents.map((e) => e.delivery)));
    for (const e of sent) expect(events.indexOf(e)).toBeGreaterThan(events.findIndex((i) => i.type === 'publish-intent' && i.delivery === e.delivery));
  });

  it('--json lists each delivery with its state, and --dry-run prints the requests, redacted, sending and writing nothing', async () => {
    const incident = await startSignedOff();
    const before = await readFile(join(dir, 'incidents', incident, 'timeline.jsonl'), 'utf8');
    const dry = await ok(['publish', incident, '--dry-run']);
    expect(requestCount()).toBe(0);
    expect(await readFile(join(dir, 'incidents', incident, 'timeline.jsonl'), 'utf8')).toBe(before);
    await expect(stat(join(dir, 'status-site'))).rejects.toThrow();
    expect(dry.stdout).toContain('webhook-signature: v1,***');
    expect(dry.stdout).toContain(`POST ${slack.url}/services/***`);
    expect(dry.stdout).toMatch(/Subject: .+/);

    const json = await ok(['publish', incident, '--json']);
    const out = JSON.parse(json.stdout);
    expect(out.deliveries).toHaveLength(22);
    expect(new Set(out.deliveries.map((d: { state: string }) => d.state))).toEqual(new Set(['sent']));
    expect(out.deliveries[0]).toMatchObject({ id: expect.stringMatching(/^dlv_/), incident, statement: expect.any(String), lang: expect.any(String) });
  });

  it('sends nothing its owner has not signed off, whatever command runs', async () => {
    const started = await ok(['start', 'site-outage', '--yes', ...FACTS]);
    const incident = started.stdout.trimEnd().split('\n').at(-1)!.split('/').at(-1)!;
    // Every command but publish, with the secrets in the environment and the receivers listening.
    for (const args of [
      ['list'],
      ['show', 'site-outage'],
      ['validate'],
      ['schema', 'config'],
      ['status'],
      ['status', incident, '--json'],
      ['doctor', incident],
      ['done', incident, 'confirm-outage'],
      ['render', 'site-outage', '--yes', ...FACTS, '--out', 'rendered'],
      ['preview', incident],
      ['site', 'build'],
      ['sync'],
      ['update', incident, '--yes', '--set', 'fix_eta=+2h'],
      ['completion', 'bash'],
    ])
      // sync: not a git repository here, so it says why it cannot share (exit 1).
      expect((await run(args)).code, args.join(' ')).toBe(args[0] === 'sync' ? 1 : 0);
    expect(requestCount()).toBe(0);

    // publish itself: each statement awaits its owner, nothing leaves, exit 1.
    const before = await run(['publish', incident]);
    expect(before.code).toBe(1);
    expect(requestCount()).toBe(0);
    expect(before.stdout).toMatch(/^awaiting sign-off +social en \(02-update\): crisis approve \S+ social --as comms-lead$/m);
    expect(before.stdout).toMatch(/^awaiting sign-off +customer-email he \(01-start\)/m);
    expect(before.stdout).not.toMatch(/^sent /m);

    // The comms lead signs off the update: only the comms lead's statements of that stage go.
    await ok(['approve', incident, '--as', 'comms-lead']);
    const some = await run(['publish', incident]);
    expect(some.code).toBe(1); // the start's email and SMS, and the internal update, still await
    expect(smtp.messages).toHaveLength(0);
    expect(sms.requests).toHaveLength(0);
    expect(slack.requests).toHaveLength(0);
    expect(hooks.requests.map((r) => JSON.parse(r.body).stage)).toEqual(['update', 'update', 'update', 'update']);

    // A file edited after its sign-off waits for a new one; its other languages go.
    await ok(['approve', incident, '--as', 'incident-lead']);
    const internalHe = join(dir, 'incidents', incident, 'statements', '02-update', 'internal.he.md');
    await writeFile(internalHe, `${await readFile(internalHe, 'utf8')}\nedited after sign-off\n`);
    const edited = await run(['publish', incident, 'internal']);
    expect(edited.code).toBe(1);
    expect(slack.requests).toHaveLength(3);
    expect(edited.stdout).toMatch(/^awaiting sign-off +internal he \(02-update\)/m);
    expect(slack.requests.some((r) => r.body.includes('edited after sign-off'))).toBe(false);
  });

  it('retries what surely did not arrive under the same id, and reports what was refused', async () => {
    const incident = await startSignedOff();
    hooks.answer({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    sms.answer({ status: 400, body: `{"message":"invalid To for account ${SECRETS.SMS_ACCOUNT}"}` });
    smtp.refuse(451, 550);
    const first = await run(['publish', incident, 'social', 'sms', 'customer-email']);
    expect(first.code).toBe(1);

    // The webhook: one language refused twice, then accepted, every attempt with the same webhook-id.
    const byId = new Map<unknown, typeof hooks.requests>();
    for (const r of hooks.requests) byId.set(r.headers['webhook-id'], [...(byId.get(r.headers['webhook-id']) ?? []), r]);
    // Four deliveries, two refusals retried under the delivery's own id (one each, or both on one: deliveries run side by side).
    expect(byId.size).toBe(4);
    expect(hooks.requests).toHaveLength(6);
    expect(first.stdout.match(/^sent +social /gm)).toHaveLength(4);
    expect(new Set([...byId.values()].map((rs) => new Set(rs.map((r) => JSON.parse(r.body).lang)).size))).toEqual(new Set([1]));

    // SMS refused with a 4xx: failed, not retried in this run, and its cause redacted.
    expect(sms.requests).toHaveLength(5);
    expect(first.stdout).toMatch(/^failed +sms \w+ \(01-start\) -> sms twilio \+\d+: HTTP 400 .*invalid To for account \*\*\*/m);

    // Mail: 451 is retried and lands; 550 is refused for good.
    expect(smtp.messages).toHaveLength(4);
    expect(first.stdout.match(/^failed +customer-email /gm)).toHaveLength(1);

    const status = await run(['status', incident]);
    expect(status.stdout).toMatch(/not delivered: .*sms \w+ to sms/);

    // The next run tries the failed ones again, and only them.
    const second = await ok(['publish', incident, 'social', 'sms', 'customer-email']);
    expect(second.stdout.match(/^sent /gm)).toHaveLength(2);
    expect(sms.requests).toHaveLength(6);
    expect(smtp.messages).toHaveLength(5);
    expect(hooks.requests).toHaveLength(6);
  });

  it('calls a request that got no answer unknown, and sends it again only when a person says so', async () => {
    await project(PUBLISH('300ms'));
    const incident = await startSignedOff();
    sms.answer('hang');
    const first = await run(['publish', incident, 'sms']);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^unknown +sms en \(01-start\) -> sms twilio \+447700900001: no answer within 300 ms/m);
    expect(first.stdout).toContain(`--retry-unknown once you know it did not arrive`);
    expect(sms.requests).toHaveLength(5);

    // status and preview show it; a plain re-run does not resend it.
    const status = await run(['status', incident]);
    expect(status.stdout).toMatch(/delivery unknown: sms en \(01-start\) to sms \+447700900001/);
    expect(JSON.parse((await run(['status', incident, '--json'])).stdout)[0].unknown_deliveries).toHaveLength(1);
    await ok(['preview', incident]);
    const page = await readFile(join(dir, 'incidents', incident, 'preview.html'), 'utf8');
    expect(page).toMatch(/data-delivery="unknown"><code>sms en<\/code> to sms twilio \+447700900001/);
    const again = await run(['publish', incident, 'sms']);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^unknown, not resent +sms en /m);
    expect(sms.requests).toHaveLength(5);

    // The operator checked: it did not arrive.
    const retried = await ok(['publish', incident, 'sms', '--retry-unknown']);
    expect(retried.stdout.match(/^sent /gm)).toHaveLength(1);
    expect(sms.requests).toHaveLength(6);
    expect((await run(['status', incident])).stdout).not.toContain('delivery unknown');
  });

  it('after a kill -9 mid-send, the delivery is unknown; a webhook is sent again by itself with its id', async () => {
    const incident = await startSignedOff();
    sms.answer('hang');
    hooks.answer('hang');
    for (const which of ['sms', 'social']) {
      const receiver = which === 'sms' ? sms : hooks;
      const child = spawn(process.execPath, [BIN, 'publish', incident, which], {
        cwd: dir,
        // One delivery in flight at a time, so the kill lands on exactly one.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', CRISIS_NOW, ...env({ CRISIS_PUBLISH_CONCURRENCY: '1' }) },
        stdio: 'ignore',
      });
      const exited = new Promise((done) => child.on('exit', done));
      await receiver.received(1);
      child.kill('SIGKILL');
      await exited;
    }
    const events = await timeline(incident);
    const intents = events.filter((e) => e.type === 'publish-intent');
    expect(intents.map((e) => e.statement)).toEqual(['sms', 'social']);
    expect(events.filter((e) => e.type === 'publish-sent' || e.type === 'publish-failed')).toEqual([]);
    expect((await run(['status', incident])).stdout.match(/delivery unknown/g)).toHaveLength(2);

    // SMS: the customer may have it; not sent again until a person decides.
    const sms1 = await run(['publish', incident, 'sms']);
    expect(sms1.stdout).toMatch(/^unknown, not resent +sms en /m);
    const smsAfter = sms.requests.length;
    expect(smsAfter).toBe(5); // the four it never reached, and not the one it hung on

    // Webhook: the receiver drops a repeated webhook-id, so it is sent again at once.
    const social = await ok(['publish', incident, 'social']);
    expect(social.stdout.match(/^sent /gm)).toHaveLength(4);
    const enHooks = hooks.requests.filter((r) => JSON.parse(r.body).lang === 'en');
    expect(enHooks).toHaveLength(2);
    expect(enHooks[0]!.headers['webhook-id']).toBe(enHooks[1]!.headers['webhook-id']);

    await ok(['publish', incident, 'sms', '--retry-unknown']);
    expect(sms.requests).toHaveLength(6);
  });

  it('names a missing secret before anything is sent', async () => {
    const incident = await startSignedOff();
    const before = await readFile(join(dir, 'incidents', incident, 'timeline.jsonl'), 'utf8');
    const r = await crisis(['publish', incident], { cwd: dir, env: { ...env(), SMS_TOKEN: '' } });
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs \$SMS_TOKEN, not set in the environment \[publish-env-missing\]/);
    expect(requestCount()).toBe(0);
    expect(await readFile(join(dir, 'incidents', incident, 'timeline.jsonl'), 'utf8')).toBe(before);
  });
});

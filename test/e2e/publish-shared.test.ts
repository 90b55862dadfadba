// Two responders publish the same incident at the same moment from two clones of one repository
// (a bare repository as the remote, the system's git): each delivery reaches the customer once,
// because `publish` pushes its claims before it sends. And when the remote cannot be reached,
// nothing is sent and nothing is left "unknown".
import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, crisis } from './exec.js';
import { identity } from './identity.js';
import { httpReceiver, smtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';

const GOOD = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const NOW = '2026-03-10T10:30:00+01:00';
const FACTS = ['--yes', '--set', 'failing_methods=Visa,PayPal', '--set', 'orders_affected=12', '--set', 'detected_at=-20m', '--set', 'fix_eta=16:30'];
const SECRETS = { SMTP_PASS: 'shared-smtp-pass-31', SMS_TOKEN: 'shared-sms-token-77' };

const env = (who: string) => ({ ...identity(who), ...SECRETS, CRISIS_NOW: NOW, CRISIS_PUBLISH_BACKOFF_MS: '10' });
const gitIn = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env: { ...process.env, ...identity('Setup') }, encoding: 'utf8' });

let tmp: string;
let smtp: SmtpReceiver;
let sms: HttpReceiver;
afterEach(async () => {
  await Promise.all([smtp?.close(), sms?.close()]);
  if (tmp && !process.env.KEEP) await rm(tmp, { recursive: true, force: true });
});

async function ok(cwd: string, who: string, args: string[]) {
  const r = await crisis(args, { cwd, env: env(who) });
  if (r.code !== 0) throw new Error(`crisis ${args.join(' ')} (${who}) exited ${r.code}\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A remote holding the project (with its publish: config) and one signed-off incident, and two clones. */
async function twoResponders() {
  tmp = await mkdtemp(join(tmpdir(), 'crisis-publish-shared-'));
  [smtp, sms] = await Promise.all([smtpReceiver({ user: 'mailer', pass: SECRETS.SMTP_PASS }), httpReceiver()]);
  const remote = join(tmp, 'remote.git');
  gitIn(tmp, ['init', '-q', '--bare', '-b', 'main', remote]);
  const dana = join(tmp, 'dana');
  gitIn(tmp, ['clone', '-q', remote, dana]);
  await cp(GOOD, dana, { recursive: true });
  const config = await readFile(join(dana, 'crisis.config.yaml'), 'utf8');
  await writeFile(
    join(dana, 'crisis.config.yaml'),
    `${config}
publish:
  email: { smtp: "smtp://mailer:\${SMTP_PASS}@127.0.0.1:${smtp.port}", from: "Shop <news@shop.example>", to: { en: [ann@example.com, bob@example.com], he: [noa@example.co.il] } }
  sms: { twilio: { url: "${sms.url}", account: AC1, token: "\${SMS_TOKEN}" }, from: SHOP, to: ["+33600000001", "+33600000002"] }
`,
  );
  await writeFile(join(dana, '.gitattributes'), 'timeline.jsonl merge=union\n');
  gitIn(dana, ['add', '-A']);
  gitIn(dana, ['commit', '-q', '-m', 'playbooks']);
  const started = await ok(dana, 'Dana', ['start', 'checkout-down', ...FACTS]);
  const incident = started.trimEnd().split('\n').at(-1)!.split('/').at(-1)!;
  await ok(dana, 'Dana', ['approve', incident, '--as', 'comms-lead']);
  await ok(dana, 'Dana', ['sync']);
  const marc = join(tmp, 'marc');
  gitIn(tmp, ['clone', '-q', remote, marc]);
  return { remote, dana, marc, incident };
}

const publishIn = (cwd: string, who: string, incident: string) =>
  new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'publish', incident], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env(who) },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.resume();
    child.on('close', (code) => resolve({ code, stdout }));
  });

const EXPECTED = 3 + 4; // three mail recipients; two SMS recipients in two languages

describe('crisis publish with responders on two machines', () => {
  it('sends each delivery once when both publish at the same moment, and both end with the same record', async () => {
    const r = await twoResponders();
    const [a, b] = await Promise.all([publishIn(r.dana, 'Dana', r.incident), publishIn(r.marc, 'Marc', r.incident)]);
    expect([a.code, b.code]).toEqual([0, 0]);

    expect(smtp.messages).toHaveLength(3);
    expect(new Set(smtp.messages.map((m) => m.mail.messageId)).size).toBe(3);
    expect(sms.requests).toHaveLength(4);
    const sentBy = (out: string) => (out.match(/^sent /gm) ?? []).length;
    const deferred = (out: string) => (out.match(/^another responder sends /gm) ?? []).length;
    expect(sentBy(a.stdout) + sentBy(b.stdout)).toBe(EXPECTED);
    expect(sentBy(a.stdout) + deferred(a.stdout)).toBe(EXPECTED);
    expect(sentBy(b.stdout) + deferred(b.stdout)).toBe(EXPECTED);

    // After a sync each, both machines say every delivery was sent, once, and nothing is left to send.
    await ok(r.dana, 'Dana', ['sync']);
    await ok(r.marc, 'Marc', ['sync']);
    await ok(r.dana, 'Dana', ['sync']);
    for (const [who, cwd] of [
      ['Dana', r.dana],
      ['Marc', r.marc],
    ] as const) {
      const status = JSON.parse(await ok(cwd, who, ['status', r.incident, '--json']))[0];
      expect(status.unknown_deliveries).toEqual([]);
      const again = await ok(cwd, who, ['publish', r.incident]);
      expect((again.match(/^already sent /gm) ?? []).length).toBe(EXPECTED);
    }
    expect(smtp.messages).toHaveLength(3);
    expect(sms.requests).toHaveLength(4);
    const timeline = (cwd: string) => readFile(join(cwd, 'incidents', r.incident, 'timeline.jsonl'), 'utf8');
    expect(await timeline(r.dana)).toBe(await timeline(r.marc));
  });

  it('sends nothing when its claims cannot reach the remote, and leaves them to the next publish', async () => {
    const r = await twoResponders();
    await rename(r.remote, `${r.remote}.away`);
    const cut = await crisis(['publish', r.incident], { cwd: r.marc, env: env('Marc') });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/cannot reach origin.*\[sync-fetch-failed\]/);
    expect(smtp.messages).toHaveLength(0);
    expect(sms.requests).toHaveLength(0);
    const status = JSON.parse(await ok(r.marc, 'Marc', ['status', r.incident, '--json']))[0];
    expect(status.unknown_deliveries).toEqual([]);
    expect(status.failed_deliveries).toHaveLength(EXPECTED);

    await rename(`${r.remote}.away`, r.remote);
    const back = await ok(r.marc, 'Marc', ['publish', r.incident]);
    expect((back.match(/^sent /gm) ?? []).length).toBe(EXPECTED);
    expect(smtp.messages).toHaveLength(3);
  });
});

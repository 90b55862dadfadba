// node bench/publish.mjs [--rounds N]: how long `crisis publish` takes to send 6 channels x 4
// languages to receivers on 127.0.0.1 (smtp-server for mail; node http servers for Slack, a
// Standard Webhooks receiver, a second one for the web banner and a Twilio-compatible SMS API;
// the status site built into a folder). Each round publishes a fresh copy of one signed-off
// incident, so every delivery is really sent. Prints a markdown table (RESULTS.md's section).
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/crisis.js');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 7;
const LANGS = ['en', 'fr', 'pl', 'he'];

let received = 0;
const http = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise((r) => http.listen(0, '127.0.0.1', r));
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  // No reverse DNS of 127.0.0.1: this machine may have no resolver to ask.
  disableReverseLookup: true,
  allowInsecureAuth: true,
  logger: false,
  onAuth: (_a, _s, done) => done(null, { user: 'bench' }),
  onData(stream, _s, done) {
    stream.resume();
    stream.on('end', () => (received++, done()));
  },
});
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
const H = `http://127.0.0.1:${http.address().port}`;

const dir = mkdtempSync(join(tmpdir(), 'crisis-bench-publish-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NO_COLOR: '1',
  CRISIS_NOW: '2026-03-10T10:00:00+01:00',
  BENCH_PASS: 'bench-secret',
  BENCH_WH: `whsec_${Buffer.from('bench-key').toString('base64')}`,
};
const to = (pick) => `{ ${LANGS.map((l) => `${l}: ["${pick(l)}"]`).join(', ')} }`;
writeFileSync(
  join(dir, 'crisis.config.yaml'),
  `${readFileSync(join(root, 'crisis.config.yaml'), 'utf8')}
status_url: https://status.acme.example
publish:
  email: { smtp: "smtp://bench:\${BENCH_PASS}@127.0.0.1:${smtp.server.address().port}", from: "Acme <news@acme.example>", to: ${to((l) => `${l}@customers.example`)} }
  internal: { slack: "${H}/slack" }
  sms: { twilio: { url: "${H}", account: AC1, token: "\${BENCH_PASS}" }, from: ACME, to: ${to((l) => `+3360000000${LANGS.indexOf(l)}`)} }
  social: { webhook: { url: "${H}/social", secret: "\${BENCH_WH}" } }
  web-banner: { webhook: { url: "${H}/banner", secret: "\${BENCH_WH}" } }
  status-page: { site: status-site }
`,
);
const crisis = (args) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`crisis ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};
const FACTS = ['--set', 'outage_scope=checkout', '--set', 'outage_started_at=-20m', '--set', 'charges_status=not-charged'];
const incident = crisis(['start', 'site-outage', '--yes', ...FACTS])
  .trimEnd()
  .split('\n')
  .at(-1)
  .split('/')
  .at(-1);
for (const role of ['comms-lead', 'incident-lead']) crisis(['approve', incident, '--as', role]);
const signed = join(dir, 'signed-off');
cpSync(join(dir, 'incidents', incident), signed, { recursive: true });

// The child is spawned asynchronously: the receivers live in this process and must keep answering.
const publish = (concurrency) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'publish', incident, 'customer-email', 'internal', 'sms', 'social', 'web-banner', 'status-page'], {
      cwd: dir,
      env: { ...env, CRISIS_PUBLISH_CONCURRENCY: String(concurrency) },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
  });
// Both ways in each round, interleaved: one delivery at a time, and the default four in flight.
const WAYS = { 1: 'one at a time (CRISIS_PUBLISH_CONCURRENCY=1)', 4: 'four in flight (the default)' };
const times = { 1: [], 4: [] };
let deliveries = 0;
for (let r = 0; r <= rounds; r++)
  for (const way of Object.keys(WAYS)) {
    rmSync(join(dir, 'incidents', incident), { recursive: true, force: true });
    cpSync(signed, join(dir, 'incidents', incident), { recursive: true });
    const before = received;
    const t0 = performance.now();
    const out = await publish(way);
    const ms = performance.now() - t0;
    deliveries = (out.match(/^sent /gm) ?? []).length;
    const site = LANGS.length; // the site's deliveries are one build, not a request
    if (received - before !== deliveries - site) throw new Error(`expected ${deliveries - site} requests, got ${received - before}`);
    if (r > 0) times[way].push(ms); // round 0 warms the disk and the caches
  }
http.close();
smtp.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `| publish of ${deliveries} deliveries (6 channels x 4 languages; whole command, ${rounds} rounds) | median ms | min-max ms | deliveries per second | ms per delivery |`,
);
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [way, what] of Object.entries(WAYS)) {
  const sorted = [...times[way]].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  console.log(
    `| ${what} | ${median.toFixed(0)} | ${sorted[0].toFixed(0)}-${sorted.at(-1).toFixed(0)} | ${((deliveries * 1000) / median).toFixed(1)} | ${(median / deliveries).toFixed(1)} |`,
  );
}

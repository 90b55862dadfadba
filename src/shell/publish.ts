// `crisis publish` at the edge: reads the incident, plans its deliveries (src/publish/), and for
// each one records an intent under the incident's lock, sends without the lock (a receiver that
// hangs must not block `update` or `approve`), then records the outcome. The intent is on disk
// before the first byte leaves, so a crash or a kill leaves "unknown", never a silent resend.
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileSignedOff, type IncidentState } from '../incident/index.js';
import type { Config } from '../playbook/index.js';
import { decide, expandEnv, planPublish, redactor, timeoutMs, type Delivery, type PublishPlan, type TargetConfig } from '../publish/index.js';
import { toZonedIso } from '../time/index.js';
import { fail, ProblemsError } from './errors.js';
import { git, repositoryRoot, upstreamOf } from './git.js';
import { changeIncident, incidentDir, readIncident, readStatementFile, type Incident, type IncidentWriter } from './incident-store.js';
import type { IO } from './io.js';
import { loadPlaybook, requireConfig } from './load.js';
import { incidentsRoot, lockTimeoutMs, projectOf, type CommonOptions } from './options.js';
import { displayPath, findConfig, type ProjectOptions } from './project.js';
import { buildSite } from './site.js';
import { closeSmtp, TARGETS, type Outcome, type Prepared } from './targets/index.js';

export type PublishOptions = CommonOptions & { retryUnknown?: boolean; dryRun?: boolean };

/** What became of one delivery in this run. */
export type DeliveryResult = {
  delivery: Delivery;
  /**
   * `already-sent` and `skipped-unknown` were not tried; `would-send` is --dry-run's;
   * `claimed-elsewhere`: another responder's claim reached the remote first, and that responder sends it.
   */
  state: 'sent' | 'failed' | 'unknown' | 'already-sent' | 'skipped-unknown' | 'would-send' | 'claimed-elsewhere';
  detail?: string;
  /** --dry-run: the request, secrets redacted. */
  request?: string;
};

export type PublishReport = { dir: string; incident: string; plan: PublishPlan; results: DeliveryResult[] };

/** Attempts of one delivery that surely did not arrive (refused, 5xx, 429, SMTP 4xx) before it is reported failed. */
const MAX_ATTEMPTS = 4;
const MAX_BACKOFF_MS = 5000;

export async function publishIncident(
  io: IO,
  ref: string,
  names: readonly string[],
  opts: PublishOptions,
  onResult: (r: DeliveryResult, redact: (text: string) => string) => void,
): Promise<PublishReport> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const dir = incidentDir(ref, incidentsRoot(io, opts), io.cwd);
  // Every ${NAME} is checked before anything is read or sent.
  const expanded = expandEnv(config.publish ?? {}, io.env);
  if (expanded.missing.length)
    fail(
      'publish-env-missing',
      `publish: needs ${expanded.missing.map((n) => `$${n}`).join(', ')}, not set in the environment`,
      'export it from your secret store in the shell that runs crisis publish, then run it again; nothing was sent',
    );
  const redact = redactor(expanded.secrets);
  const incident = readIncident(dir);
  if (!incident.state) fail('timeline-no-start', `${displayPath(io.cwd, dir)} has no readable start event`, 'this folder is not a complete incident');
  const state = incident.state;
  const playbook = loadPlaybook(state.playbook, project, config).loaded.playbook;
  // What is checked against the sign-off is what is sent: each file is read once.
  const texts = new Map<string, string>();
  const hashOf = (path: string) => {
    const read = readStatementFile(dir, path, io.cwd);
    if (!('text' in read)) return undefined; // missing, or a link: not what was signed off
    texts.set(path, read.text);
    return createHash('sha256').update(read.text).digest('hex');
  };
  const plan = planPublish({ state, playbook, publish: expanded.value, only: names, signedOff: (f) => fileSignedOff(state, f, hashOf) });
  const configDir = dirname(findConfig(project) ?? resolve(io.cwd, 'crisis.config.yaml'));
  const site = siteBuilder(io, opts, configDir);
  const results = new Map<Delivery, DeliveryResult>();
  const report = (r: DeliveryResult) => (results.set(r.delivery, r), onResult(r, redact));
  // This run's writes to the incident, one at a time: they would otherwise wait on each other's lock file.
  let writes: Promise<unknown> = Promise.resolve();
  const change = <T>(fn: (inc: Incident, write: IncidentWriter) => T): Promise<T> => {
    const next = writes.then(() => changeIncident(io, dir, 'publish', fn));
    writes = next.catch(() => undefined);
    return next;
  };
  const deliver = async (d: Delivery) => {
    if (elsewhere.has(d.id)) return report({ delivery: d, state: 'claimed-elsewhere' });
    const decision = decide(d, state.deliveries[d.id], opts);
    if (decision !== 'send') {
      const r = state.deliveries[d.id]!;
      return report({ delivery: d, state: decision === 'skip-sent' ? 'already-sent' : 'skipped-unknown', ...(r.detail ? { detail: redact(r.detail) } : {}) });
    }
    const target = expanded.value[d.channel]!;
    const send = prepare(d, target, texts.get(d.path)!, state, io.now(), site);
    if (opts.dryRun) return report({ delivery: d, state: 'would-send', request: redact(send.describe()) });
    if (!claimed.has(d.id) && !(await change((inc, write) => claim(inc.state, write, d, io.now(), opts, redact)))) return; // another command here has it
    const outcome = await withRetries(send, io.env);
    const detail = redact(outcome.kind === 'sent' ? outcome.response : outcome.cause);
    const at = () => toZonedIso(io.now(), state.timezone);
    await change((_inc, write) =>
      write.event(
        outcome.kind === 'sent'
          ? { at: at(), type: 'publish-sent', delivery: d.id, response: detail }
          : { at: at(), type: 'publish-failed', delivery: d.id, cause: detail, ...(outcome.kind === 'unknown' ? { unknown: true } : {}) },
      ),
    );
    report({ delivery: d, state: outcome.kind === 'retry' ? 'failed' : outcome.kind, detail });
  };
  // In a repository with a remote, the intents are pushed before anything is sent: of two
  // responders publishing at once, the one whose push lands first sends, the other sees its claim.
  const claimed = new Set<string>();
  const elsewhere = new Set<string>();
  const toSend = plan.deliveries.filter((d) => decide(d, state.deliveries[d.id], opts) === 'send');
  const sharing = !opts.dryRun && toSend.length ? await sharingContext(io, project, config, dir, opts) : undefined;
  if (sharing) {
    const before = new Map(toSend.map((d) => [d.id, state.deliveries[d.id]?.attempts ?? 0]));
    const mine = await change((inc, write) => toSend.filter((d) => claim(inc.state, write, d, io.now(), opts, redact)));
    try {
      await sharing.sync(dir);
    } catch (err) {
      // Not shared, so not claimed: recorded as not sent (the next publish tries them), never left unknown.
      const at = toZonedIso(io.now(), state.timezone);
      const cause = 'not sent: the claim could not be pushed to the remote';
      await change((_inc, write) => mine.forEach((d) => write.event({ at, type: 'publish-failed', delivery: d.id, cause })));
      throw err;
    }
    const after = readIncident(dir).state?.deliveries ?? {};
    for (const d of mine) {
      const now = after[d.id];
      // Ours alone: still unknown (in flight) with exactly the one intent we added.
      if (now?.state === 'unknown' && now.attempts === before.get(d.id)! + 1) claimed.add(d.id);
      else elsewhere.add(d.id);
    }
  }
  try {
    // The status site first, so the page every message points to already says it; then the rest, a few at a time.
    for (const d of plan.deliveries.filter((x) => x.target === 'site')) await deliver(d);
    await inParallel(
      plan.deliveries.filter((x) => x.target !== 'site'),
      concurrency(io.env),
      deliver,
    );
  } finally {
    closeSmtp();
  }
  // The outcomes are shared too; if the remote is gone now, they stay committed here for the next sync.
  if (sharing && claimed.size)
    await sharing.sync(dir).catch((err: unknown) => {
      const why = err instanceof ProblemsError ? err.problems[0]?.message : String(err);
      io.stderr.write(`crisis: warning: the outcomes are recorded here but not shared (${why}); run crisis sync\n`);
    });
  return { dir, incident: state.id, plan, results: plan.deliveries.flatMap((d) => results.get(d) ?? []) };
}

/** How this incident is shared: through the repository's remote, when it has one and tracks the incident; else undefined (local only). */
async function sharingContext(io: IO, project: ProjectOptions, config: Config, dir: string, opts: PublishOptions) {
  const root = await repositoryRoot(dir);
  if (!root || !(await upstreamOf(root)) || (await git(root, ['check-ignore', '-q', dir])).code === 0) return undefined;
  const { syncIncident } = await import('./sync.js');
  const ctx = {
    project,
    config,
    root: incidentsRoot(io, opts),
    responder: io.responder(),
    log: (t: string) => io.stderr.write(t),
    lockTimeoutMs: lockTimeoutMs(io),
  };
  return { sync: (d: string) => syncIncident(d, ctx) };
}

/** Writes the intent, unless the delivery was sent or claimed meanwhile (by a command running beside this one). */
function claim(state: IncidentState, write: IncidentWriter, d: Delivery, now: Date, opts: PublishOptions, redact: (t: string) => string): boolean {
  const record = state.deliveries[d.id];
  if (decide(d, record, opts) !== 'send') return false;
  const { id: delivery, folder, statement, lang, channel, target, recipient } = d;
  const fields = { delivery, folder, statement, lang, channel, target, recipient: redact(recipient) };
  write.event({ at: toZonedIso(now, state.timezone), type: 'publish-intent', ...fields, attempt: (record?.attempts ?? 0) + 1 });
  return true;
}

/** Deliveries in flight at once: a slow receiver (an SMTP greeting, an SMS API) must not hold up the rest. */
const concurrency = (env: IO['env']) => Math.max(1, Number(env.CRISIS_PUBLISH_CONCURRENCY) || 4);

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function withRetries(send: Prepared, env: IO['env']): Promise<Outcome> {
  const base = Number(env.CRISIS_PUBLISH_BACKOFF_MS ?? 500);
  let outcome: Outcome = await send.send();
  for (let attempt = 2; attempt <= MAX_ATTEMPTS && outcome.kind === 'retry'; attempt++) {
    const wait = Math.min(outcome.afterMs ?? base * 2 ** (attempt - 2), MAX_BACKOFF_MS);
    await new Promise((r) => setTimeout(r, wait));
    outcome = await send.send();
  }
  return outcome;
}

function prepare(d: Delivery, target: TargetConfig, text: string, state: IncidentState, now: Date, site: (folder: string) => Prepared): Prepared {
  if (d.target === 'site') return site(d.recipient);
  return TARGETS[d.target]!({ delivery: d, text, target, incident: state.id, title: state.title, now, timeoutMs: timeoutMs(target) });
}

/** The `site` target: `crisis site build` into the target's folder, once per run however many statements it carries. */
function siteBuilder(io: IO, opts: PublishOptions, configDir: string): (folder: string) => Prepared {
  const built = new Map<string, Promise<Outcome>>();
  return (folder) => {
    const out = resolve(configDir, folder);
    return {
      describe: () => `BUILD the status site in ${displayPath(io.cwd, out) || '.'} (crisis site build)`,
      send: () => {
        if (!built.has(out))
          built.set(
            out,
            Promise.resolve().then((): Outcome => {
              try {
                const r = buildSite(io, {
                  out,
                  incidents: incidentsRoot(io, opts),
                  ...(opts.config ? { config: opts.config } : {}),
                  ...(opts.playbooks ? { playbooks: opts.playbooks } : {}),
                });
                return { kind: 'sent', response: `site built: ${r.files.length} files in ${displayPath(io.cwd, r.dir) || '.'}` };
              } catch (err) {
                const problems = (err as { problems?: { message: string }[] }).problems;
                return { kind: 'failed', cause: problems?.map((p) => p.message).join('; ') ?? String(err) };
              }
            }),
          );
        return built.get(out)!;
      },
    };
  };
}

// crisis publish <incident> [statement...]: send the latest signed-off statements to their channels.
import { fsyncSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { decide, deliveryStates, expandEnv, planPublish, redactor, timeoutMs, type Delivery } from '../publish/index.js';
import { fail } from '../shell/errors.js';
import { changeIncident, hashesIn, incidentDir, readIncident, TIMELINE } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { incidentsRoot, projectOf, type CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';
import { closeSmtp, TARGETS, type Outcome } from '../shell/targets/index.js';
import { toZonedIso } from '../time/index.js';

const MAX_ATTEMPTS = 4;

export async function run(io: IO, [ref, ...names]: string[], opts: CommonOptions & { retryUnknown?: boolean }): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const dir = incidentDir(ref!, incidentsRoot(io, opts), io.cwd);
  // Every ${NAME} is checked before anything is sent.
  const expanded = expandEnv(config.publish ?? {}, io.env);
  if (expanded.missing.length)
    fail(
      'publish-env-missing',
      `publish: needs ${expanded.missing.map((n) => `$${n}`).join(', ')}, not set in the environment`,
      'export the variable (from your secret store) and run publish again; nothing was sent',
    );
  const redact = redactor(expanded.secrets);
  const incident = readIncident(dir);
  if (!incident.state) fail('timeline-no-start', `${displayPath(io.cwd, dir)} has no readable start event`);
  const state = incident.state;
  const playbook = loadPlaybook(state.playbook, project, config).loaded.playbook;
  const hashOf = hashesIn(dir);
  const plan = planPublish({
    state,
    playbook,
    publish: expanded.value,
    only: names,
    signedOff: (f) =>
      state.approvals.some(
        (a) => a.folder === f.folder && a.statement === f.statement && (!a.files || (a.files[f.path] !== undefined && a.files[f.path] === hashOf(f.path))),
      ),
  });
  const out = opts.json ? io.stderr : io.stdout;
  const states = deliveryStates(incident.events);
  const now = io.now();
  const results: { delivery: Delivery; state: string; detail?: string }[] = [];
  const label = (d: Delivery) => `${d.statement} ${d.lang} (${d.folder}) -> ${d.channel} ${d.target} ${redact(d.recipient)}`;
  for (const d of plan.deliveries) {
    const decision = decide(d, states.get(d.id), { retryUnknown: opts.retryUnknown });
    if (decision !== 'send') {
      results.push({ delivery: d, state: decision === 'skip-sent' ? 'sent' : 'unknown', detail: states.get(d.id)?.detail });
      out.write(`${decision === 'skip-sent' ? 'already sent' : 'unknown, skipped'}  ${label(d)}\n`);
      continue;
    }
    const send = TARGETS[d.target]!({
      delivery: d,
      text: readFileSync(join(dir, d.path), 'utf8'),
      target: expanded.value[d.channel]!,
      incident: state.id,
      title: state.title,
      now,
      timeoutMs: timeoutMs(expanded.value[d.channel]!),
    });
    if (opts.dryRun) {
      out.write(`would send ${label(d)}\n${redact(send.describe())}\n`);
      continue;
    }
    // The lock is held only to record: a receiver that hangs must not block update or approve.
    const base = {
      delivery: d.id,
      folder: d.folder,
      statement: d.statement,
      lang: d.lang,
      channel: d.channel,
      target: d.target,
      recipient: redact(d.recipient),
    };
    const claimed = await changeIncident(io, dir, 'publish', (inc, write) => {
      const again = decide(d, deliveryStates(inc.events).get(d.id), { retryUnknown: opts.retryUnknown });
      if (again !== 'send') return false; // another responder claimed it meanwhile
      write.event({ at: toZonedIso(io.now(), state.timezone), type: 'publish-intent', ...base, attempt: 1 });
      const fd = openSync(join(dir, TIMELINE), 'r+');
      fsyncSync(fd);
      closeSync(fd);
      return true;
    });
    if (!claimed) continue;
    let outcome: Outcome = { kind: 'retry', cause: 'not tried' };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      outcome = await send.send();
      if (outcome.kind !== 'retry' || attempt === MAX_ATTEMPTS) break;
      const base = Number(io.env.CRISIS_PUBLISH_BACKOFF_MS ?? 500);
      await new Promise((r) => setTimeout(r, Math.min(outcome.kind === 'retry' && outcome.afterMs ? outcome.afterMs : base * 2 ** (attempt - 1), 5000)));
    }
    const at = toZonedIso(io.now(), state.timezone);
    const o = outcome;
    await changeIncident(io, dir, 'publish', (_inc, write) =>
      write.event(
        o.kind === 'sent'
          ? { at, type: 'publish-sent', delivery: d.id, response: redact(o.response) }
          : { at, type: 'publish-failed', delivery: d.id, cause: redact(o.cause), ...(o.kind === 'unknown' ? { unknown: true } : {}) },
      ),
    );
    const shown = o.kind === 'sent' ? 'sent' : o.kind === 'unknown' ? 'unknown' : 'failed';
    results.push({ delivery: d, state: shown, detail: redact(o.kind === 'sent' ? o.response : o.cause) });
    out.write(`${shown}  ${label(d)}: ${redact(o.kind === 'sent' ? o.response : o.cause)}\n`);
  }
  closeSmtp();
  for (const f of plan.awaiting) out.write(`awaiting sign-off  ${f.statement} ${f.lang} (${f.path})\n`);
  for (const f of plan.byHand) out.write(`send by hand  ${f.statement} ${f.lang} (${f.channel}): ${f.path}\n`);
  for (const f of plan.bySite) out.write(`built by crisis site build  ${f.statement} ${f.lang} -> ${f.folder_out}\n`);
  for (const f of plan.unaddressed) out.write(`no recipient  ${f.statement} ${f.lang} (${f.channel})\n`);
  if (opts.json)
    io.stdout.write(
      `${JSON.stringify({ deliveries: results.map((r) => ({ ...r.delivery, recipient: redact(r.delivery.recipient), state: r.state, detail: r.detail ?? null })), awaiting_signoff: plan.awaiting, by_hand: plan.byHand, site: plan.bySite }, null, 2)}\n`,
    );
  else io.stdout.write(`${displayPath(io.cwd, dir)}\n`);
  const bad = plan.awaiting.length || plan.unaddressed.length || results.some((r) => r.state !== 'sent');
  return bad ? EXIT.failed : EXIT.ok;
}

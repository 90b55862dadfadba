// crisis publish <incident> [statement...]: send the latest signed-off statements to their channels.
// One line per delivery as it completes; --json prints them all at the end instead.
import { join } from 'node:path';
import { EXIT, type IO } from '../shell/io.js';
import { displayPath } from '../shell/project.js';
import { publishIncident, type DeliveryResult, type PublishOptions } from '../shell/publish.js';

const SHOWN: Record<DeliveryResult['state'], string> = {
  sent: 'sent',
  failed: 'failed',
  unknown: 'unknown',
  'already-sent': 'already sent',
  'skipped-unknown': 'unknown, not resent',
  'would-send': 'would send',
  'claimed-elsewhere': 'another responder sends',
};

export async function run(io: IO, [ref, ...names]: string[], opts: PublishOptions & { json?: boolean }): Promise<number> {
  const line = (r: DeliveryResult, redact: (t: string) => string) => {
    const d = r.delivery;
    const to = d.target === 'slack' || d.target === 'webhook' ? d.target : `${d.target} ${redact(d.recipient)}`;
    const head = `${SHOWN[r.state]}  ${d.statement} ${d.lang} (${d.folder}) -> ${d.channel} ${to}`;
    return `${head}${r.detail ? `: ${r.detail}` : ''}\n${r.request ? `${r.request.replace(/^/gm, '    ')}\n` : ''}`;
  };
  const report = await publishIncident(io, ref!, names, opts, (r, redact) => opts.json || io.stdout.write(line(r, redact)));
  const { plan, results } = report;
  if (opts.json) {
    const deliveries = results.map((r) => ({
      ...r.delivery,
      incident: report.incident,
      state: r.state,
      detail: r.detail ?? null,
      ...(r.request ? { request: r.request } : {}),
    }));
    const out = { incident: report.incident, deliveries, awaiting_signoff: plan.awaiting, by_hand: plan.byHand, no_recipient: plan.unaddressed };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const out = [
      ...plan.awaiting.map(
        (f) => `awaiting sign-off  ${f.statement} ${f.lang} (${f.folder}): crisis approve ${report.incident} ${f.statement} --as ${f.owner}\n`,
      ),
      ...plan.byHand.map(
        (f) => `send by hand  ${f.statement} ${f.lang} (${f.channel}, no target under publish:): ${displayPath(io.cwd, join(report.dir, f.path))}\n`,
      ),
      ...plan.unaddressed.map((f) => `no recipient  ${f.statement} ${f.lang} (${f.channel}): add ${f.lang} to its \`to:\`\n`),
    ];
    const unknown = results.filter((r) => r.state === 'unknown' || r.state === 'skipped-unknown').length;
    if (unknown)
      out.push(
        `${unknown} ${unknown === 1 ? 'delivery is' : 'deliveries are'} unknown: the request left and no answer came, so the recipient may have it. ` +
          `Check with the receiver; run crisis publish ${report.incident} --retry-unknown once you know it did not arrive.\n`,
      );
    io.stdout.write(`${out.join('')}${displayPath(io.cwd, report.dir)}\n`);
  }
  const failedOrUnknown = results.some((r) => ['failed', 'unknown', 'skipped-unknown'].includes(r.state));
  return plan.awaiting.length || plan.unaddressed.length || failedOrUnknown ? EXIT.failed : EXIT.ok;
}

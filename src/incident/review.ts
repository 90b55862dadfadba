// review.md: what happened and how the response went, for a blameless post-incident review.
import { formatLocal, formatSpan, parseDuration } from '../time/index.js';
import type { IncidentState, TimelineEvent } from './timeline.js';
import { stepViews } from './checklist.js';
import { type Config, isCustomerFacing, type Playbook } from '../playbook/index.js';

export type CadenceCheck = { from: string; to: string; interval: number; cadence: number; kept: boolean; by: number };

/** Each interval between customer-facing stages against the cadence in force when it began. */
export function cadenceChecks(pb: Playbook, state: IncidentState): CadenceCheck[] {
  const told = state.stages.filter((s) => pb.statements.some((st) => st.stages.includes(s.stage) && isCustomerFacing(st)));
  const checks: CadenceCheck[] = [];
  for (let i = 1; i < told.length; i++) {
    const prev = told[i - 1]!;
    const cur = told[i]!;
    const cadence = parseDuration(pb.severities.find((s) => s.id === prev.severity)?.cadence) ?? 0;
    const interval = new Date(cur.at).getTime() - new Date(prev.at).getTime();
    checks.push({ from: prev.folder, to: cur.folder, interval, cadence, kept: interval <= cadence, by: Math.abs(interval - cadence) });
  }
  return checks;
}

/** The clock a response is measured from: the earliest datetime fact a step counts from (detection), else the start. */
export function responseClockStart(pb: Playbook, state: IncidentState): { at: string; label: string } {
  const facts = [...new Set(pb.steps.map((s) => s.from).filter((f): f is string => Boolean(f)))]
    .map((id) => ({ id, at: state.answers[id] }))
    .filter((f): f is { id: string; at: string } => typeof f.at === 'string')
    .sort((a, b) => a.at.localeCompare(b.at));
  return facts[0] ? { at: facts[0].at, label: facts[0].id } : { at: state.started_at, label: 'the start of the incident' };
}

const QUESTIONS = [
  'What did customers experience, and when did we first know? What told us?',
  'Was the first statement out within the hour? What slowed it down?',
  'Did every channel and language say the same thing? Where did they differ, and why?',
  'Which facts were we unsure of, and did we say so plainly? What did we promise that we could not keep?',
  'Did the update cadence fit the severity? Would customers have wanted to hear from us sooner, or less often?',
  'Was every step owned? Which steps were late or skipped, and what got in the way (not who)?',
  'Was the compensation fair and clearly stated? What did support hear most?',
  'What do we change in the playbook, its templates or the roster so the next response is better?',
];

export function reviewMarkdown(pb: Playbook, state: IncidentState, events: readonly TimelineEvent[], config: Config, now: Date): string {
  const tz = state.timezone;
  const t = (iso: string) => formatLocal(new Date(iso), tz);
  const lines: string[] = [`# Review: ${state.title}`, '', `Incident ${state.id}, playbook ${state.playbook}, severity ${state.severity}.`];
  lines.push(
    `Started ${t(state.started_at)}${state.resolved_at ? `, resolved ${t(state.resolved_at)} (${formatSpan(new Date(state.resolved_at).getTime() - new Date(state.started_at).getTime())})` : ''}. Times in ${tz}.`,
  );

  const clock = responseClockStart(pb, state);
  const first = state.stages[0];
  if (first)
    lines.push('', `Time to first statement: ${formatSpan(new Date(first.at).getTime() - new Date(clock.at).getTime())} from ${clock.label} (${t(clock.at)}).`);

  lines.push('', '## Timeline', '');
  for (const e of events) lines.push(`- ${t(e.at)} ${describeEvent(e)}`);

  lines.push('', '## Statements issued', '', '| stage | time | statements | languages |', '| --- | --- | --- | --- |');
  for (const s of state.stages) {
    const ids = [...new Set(s.statements.map((x) => x.statement))];
    const langs = [...new Set(s.statements.map((x) => x.lang))];
    lines.push(`| ${s.folder} | ${t(s.at)} | ${ids.join(', ')} | ${langs.join(', ')} |`);
  }

  lines.push('', '## Cadence', '');
  const checks = cadenceChecks(pb, state);
  if (!checks.length) lines.push('Only one customer-facing stage: no interval to measure.');
  for (const c of checks)
    lines.push(
      `- ${c.from} to ${c.to}: ${formatSpan(c.interval)} against a cadence of ${formatSpan(c.cadence)}: ${c.kept ? 'kept' : `**missed** by ${formatSpan(c.by)}`}`,
    );
  if (checks.length) lines.push('', `Kept ${checks.filter((c) => c.kept).length} of ${checks.length}.`);

  lines.push('', '## Checklist', '');
  const views = stepViews(pb, state, config, now);
  const late = views.filter((v) => v.lateBy);
  const skipped = views.filter((v) => v.status === 'skipped');
  const open = views.filter((v) => v.status === 'open');
  lines.push(`${views.filter((v) => v.status === 'done').length} of ${views.length} steps done.`);
  for (const v of late) lines.push(`- late: ${v.step.id} (${v.owner.role}), done ${formatSpan(v.lateBy!)} after its deadline`);
  for (const v of skipped) lines.push(`- skipped: ${v.step.id} (${v.owner.role})${v.note ? `: ${v.note}` : ''}`);
  for (const v of open) lines.push(`- still open: ${v.step.id} (${v.owner.role})${v.due ? `, due ${t(v.due.toISOString())}` : ''}`);

  if (state.approvals.length) {
    lines.push('', '## Sign-off', '');
    for (const a of state.approvals) {
      const stage = state.stages.find((s) => s.folder === a.folder);
      const wait = stage ? ` after ${formatSpan(new Date(a.at).getTime() - new Date(stage.at).getTime())}` : '';
      lines.push(`- ${a.folder}/${a.statement}: approved by ${a.person} (${a.role}) ${t(a.at)}${wait}`);
    }
  }

  lines.push('', '## Questions for the review', '', 'Blameless: ask what made sense at the time and what made the work hard, not who failed.', '');
  QUESTIONS.forEach((q, i) => lines.push(`${i + 1}. ${q}`));
  return `${lines.join('\n')}\n`;
}

function describeEvent(e: TimelineEvent): string {
  switch (e.type) {
    case 'started':
      return `started (${e.severity}); ${e.statements.length} statements in ${e.folder}`;
    case 'updated':
      return `update ${e.folder} (${e.severity})${Object.keys(e.changes).length ? `: changed ${Object.keys(e.changes).join(', ')}` : ''}; ${e.statements.length} statements`;
    case 'step':
      return `step ${e.step} ${e.status}${e.note ? `: ${e.note}` : ''}`;
    case 'approved':
      return `${e.person} (${e.role}) approved ${e.statements.join(', ')} of ${e.folder}`;
    case 'resolved':
      return `resolved; ${e.statements.length} statements in ${e.folder}${e.open_steps.length ? `; open steps: ${e.open_steps.join(', ')}` : ''}`;
    case 'publish-intent':
      return `publishing ${e.statement} (${e.lang}, ${e.folder}) to ${e.channel} ${e.recipient}`;
    case 'publish-sent':
      return `delivery ${e.delivery} sent: ${e.response}`;
    case 'publish-failed':
      return `delivery ${e.delivery} ${e.unknown ? 'unknown' : 'failed'}: ${e.cause}`;
  }
}

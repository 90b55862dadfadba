// What a writing command tells the responder: what it wrote, what is due, the path last.
import { join } from 'node:path';
import { type IncidentState, type StagePlan, stepViews } from '../incident/index.js';
import type { Config, Playbook } from '../playbook/index.js';
import { formatLocal, formatSpan } from '../time/index.js';
import type { IO } from './io.js';
import { displayPath } from './project.js';

export function stageSummary(io: IO, dir: string, stage: StagePlan, state: IncidentState, pb: Playbook, config: Config, now: Date): void {
  printOverBudget(io, stage, (file) => displayPath(io.cwd, join(dir, file)));
  const tz = state.timezone;
  const statements = new Set(stage.statements.map((s) => s.statement)).size;
  const langs = new Set(stage.statements.map((s) => s.lang)).size;
  const lines = [
    `${state.title}: ${state.id} (${state.severity}, ${state.stage}${state.update_number && state.stage === 'update' ? ` ${state.update_number}` : ''})`,
    `Wrote ${stage.statements.length} statements (${statements} x ${langs} languages) to statements/${stage.folder}/`,
  ];
  if (state.next_update_at) {
    const next = new Date(state.next_update_at);
    lines.push(`Next customer update due ${formatLocal(next, tz)} (in ${formatSpan(next.getTime() - now.getTime())}); then run: crisis update ${state.id}`);
  } else lines.push('Resolved: no further update is promised.');
  const open = stepViews(pb, state, config, now)
    .filter((v) => v.status === 'open' && v.due)
    .sort((a, b) => a.due!.getTime() - b.due!.getTime())
    .slice(0, 3);
  if (open.length) {
    lines.push('Next steps:');
    for (const v of open)
      lines.push(`  ${v.overdue ? 'OVERDUE ' : ''}${v.step.id}: ${v.owner.role} (${v.owner.name ?? 'no one on the roster'}) due ${formatLocal(v.due!, tz)}`);
  }
  lines.push(displayPath(io.cwd, dir));
  io.stdout.write(`${lines.join('\n')}\n`);
}

export function printDryRun(io: IO, stage: StagePlan): void {
  for (const f of stage.files) io.stdout.write(`--- ${f.path} ---\n${f.content}\n`);
  printOverBudget(io, stage);
  io.stderr.write('dry run: nothing written\n');
}

/** Statements over their channel budget, on stderr: which, by how much, in what unit. */
export function printOverBudget(io: IO, stage: Pick<StagePlan, 'over'>, rename: (path: string) => string = (p) => p): void {
  for (const p of stage.over) io.stderr.write(`${rename(p.file)}: warning: ${p.message} [${p.code}]\n  hint: ${p.hint}\n`);
}

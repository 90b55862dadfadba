// The interactive walk-through of `crisis start`: severity, each fact once, the checklist, a
// preview of every statement, then "write?". It returns the answers; the command writes.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { planStart, replay, stepViews } from '../incident/index.js';
import { clockFor, coerceInput, type Config, type Input, isBlank, PHASES, type Playbook, type Severity, type TemplateSet } from '../playbook/index.js';
import { formatLocal } from '../time/index.js';
import { ProblemsError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import type { IO } from './io.js';
import { ask } from './prompts.js';
import { parseCache } from './parse-cache.js';

type Walk = {
  pb: Playbook;
  config: Config;
  templates: TemplateSet;
  languages: string[];
  severity: Severity;
  facts: Record<string, unknown>;
  outRoot: string;
  askSeverity: boolean;
};

/** Facts typed so far are kept here after each answer, so Ctrl-C loses nothing. */
export const draftPath = (outRoot: string, playbook: string) => join(outRoot, '.drafts', `${playbook}.json`);

export async function walkThrough(io: IO, w: Walk): Promise<{ severity: Severity; facts: Record<string, unknown> } | undefined> {
  const c = new Chalk({ level: io.color ? 1 : 0 });
  const say = (text = '') => io.stdout.write(`${text}\n`);
  const { pb, config } = w;
  const now = io.now();
  const clock = clockFor(pb, now, config.timezone);
  say(c.bold(pb.title));
  say(c.dim(pb.summary));
  say();

  const facts = { ...w.facts };
  const draftFile = draftPath(w.outRoot, pb.id);
  const ids = new Set(pb.inputs.map((i) => i.id));
  const draft = readDraft(draftFile, ids);
  if (
    draft &&
    (await ask.confirm(
      `Continue from the facts typed at ${formatLocal(new Date(draft.at), config.timezone)} (${Object.keys(draft.facts).length} answered)?`,
      true,
    ))
  )
    Object.assign(facts, draft.facts);
  const typed: Record<string, unknown> = draft ? { ...draft.facts } : {};
  const save = () => writeFileAtomic(draftFile, JSON.stringify({ at: now.toISOString(), facts: typed }, null, 2));

  const severity = w.askSeverity
    ? await ask.select(
        'Severity',
        pb.severities.map((s) => ({ name: `${s.id}: ${s.label} (customers hear from us every ${s.cadence})`, value: s })),
        w.severity,
      )
    : w.severity;

  for (const input of pb.inputs) {
    facts[input.id] = await askInput(input, facts[input.id], clock, say, c);
    typed[input.id] = facts[input.id];
    save();
  }

  say();
  say(c.bold('Checklist'));
  const startedAt = now.toISOString();
  const cache = parseCache(io.env);
  const preview = planStart({
    playbook: pb,
    config,
    templates: w.templates,
    ...(cache ? { cache } : {}),
    id: 'preview',
    hash: '',
    severity,
    languages: w.languages,
    facts,
    now,
  });
  if (!preview.ok) throw new ProblemsError(preview.problems);
  const state = replay([{ ...preview.event, at: startedAt }])!;
  const views = stepViews(pb, state, config, now);
  for (const phase of PHASES) {
    const inPhase = views.filter((v) => v.step.phase === phase);
    if (!inPhase.length) continue;
    say(`  ${c.underline(phase)}`);
    for (const v of inPhase)
      say(
        `    ${v.step.id}: ${v.owner.role} (${v.owner.name ?? 'no one on the roster'}), ${v.due ? `due ${formatLocal(v.due, config.timezone)}` : `${v.step.within} after the resolution`}`,
      );
  }
  say();
  say(c.bold('Statements'));
  for (const r of preview.stage.rendered.filter((r) => r.lang === w.languages[0])) {
    const first = r.text
      .replace(/<[^>]+>/g, ' ')
      .replace(/^#\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
    say(`  ${r.statement.id} (${r.statement.channel}): ${first.length > 110 ? `${first.slice(0, 107)}...` : first}`);
  }
  say(c.dim(`  ${preview.stage.statements.length} files in ${w.languages.join(', ')}`));
  say();
  if (!(await ask.confirm('Write the incident folder?', true))) {
    say('Nothing written. Your answers are kept for the next crisis start.');
    return undefined;
  }
  rmSync(draftFile, { force: true });
  return { severity, facts };
}

async function askInput(
  input: Input,
  current: unknown,
  clock: { now: Date; timeZone: string },
  say: (t?: string) => void,
  c: InstanceType<typeof Chalk>,
): Promise<unknown> {
  const label = `${input.prompt}${input.required ? '' : c.dim(' (Enter to skip)')}`;
  if (input.help) say(c.dim(`  ${input.help}`));
  if (input.type === 'choice')
    return ask.select(
      input.prompt,
      (input.choices ?? []).map((choice) => ({ name: choice, value: choice })),
      typeof current === 'string' ? current : undefined,
    );
  if (input.type === 'boolean' && input.required) return ask.confirm(input.prompt, current === true);
  const shown = current === null || current === undefined ? '' : Array.isArray(current) ? current.join(', ') : String(current);
  const hint =
    input.type === 'list'
      ? ' (comma-separated)'
      : input.type === 'datetime'
        ? ' (HH:MM, +2h or 2026-12-01T14:30)'
        : input.type === 'date'
          ? ' (YYYY-MM-DD)'
          : input.type === 'boolean'
            ? ' (y/n)'
            : '';
  const answer = await ask.text(`${label}${c.dim(hint)}`, {
    default: shown,
    validate: (v) => {
      if (isBlank(v)) return input.required ? 'This fact is required.' : true;
      const typed = coerceInput(input, v, clock);
      return typed.ok ? true : typed.reason;
    },
  });
  if (isBlank(answer)) return null;
  const typed = coerceInput(input, answer, clock);
  const value = typed.ok ? typed.value : null;
  if (input.type === 'datetime' && typeof value === 'string') say(c.dim(`  = ${formatLocal(new Date(value), clock.timeZone)} (${clock.timeZone})`));
  return value;
}

/** A draft keeps only facts the playbook still asks for (nothing else is copied into the answers). */
function readDraft(file: string, ids: Set<string>): { at: string; facts: Record<string, unknown> } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as { at: string; facts: Record<string, unknown> };
    if (!d || typeof d.at !== 'string' || !d.facts || typeof d.facts !== 'object') return undefined;
    const facts = Object.fromEntries(Object.entries(d.facts).filter(([k]) => ids.has(k)));
    return Object.keys(facts).length ? { at: d.at, facts } : undefined;
  } catch {
    return undefined;
  }
}

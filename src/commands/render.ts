// crisis render <playbook>: statements only, into --out, no incident state (for automation).
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { nextUpdateAt, renderStage } from '../incident/index.js';
import { clockFor, languagesOf, type Stage, STAGES } from '../playbook/index.js';
import { toZonedIso } from '../time/index.js';
import { fail, ProblemsError } from '../shell/errors.js';
import { givenFacts, pickLanguages, pickSeverity, typedFacts } from '../shell/facts.js';
import { writeFileAtomic } from '../shell/fs.js';
import { EXIT, type IO } from '../shell/io.js';
import { displayPath } from '../shell/project.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { projectOf, type CommonOptions } from '../shell/options.js';
import { printOverBudget } from '../shell/summary.js';

export async function run(io: IO, [id]: string[], opts: CommonOptions & { stage?: string }): Promise<number> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const { loaded, templates } = loadPlaybook(id!, project, config);
  const pb = loaded.playbook;
  const stage = (opts.stage ?? 'start') as Stage;
  if (!STAGES.includes(stage)) fail('bad-stage', `--stage ${opts.stage} is not a stage`, `stages: ${STAGES.join(', ')}`, 2);
  const now = io.now();
  const severity = pickSeverity(pb, opts.severity, pb.default_severity);
  const { facts } = typedFacts(pb, givenFacts(io, opts), clockFor(pb, now, config.timezone), { final: true });
  const at = toZonedIso(now, config.timezone);
  const cache = project.cache;
  const r = renderStage({
    playbook: pb,
    config,
    templates,
    ...(cache ? { cache } : {}),
    id: `render-${pb.id}`,
    title: pb.title,
    severity,
    languages: pickLanguages(languagesOf(pb, config), opts.lang),
    facts,
    stage,
    number: 1,
    updateNumber: stage === 'start' ? 0 : 1,
    startedAt: at,
    now,
    nextUpdate: stage === 'resolve' ? null : nextUpdateAt(now, severity, config.timezone),
  });
  if (!r.ok) throw new ProblemsError(r.problems);
  const out = resolve(io.cwd, opts.out ?? 'statements');
  if (existsSync(out) && !statSync(out).isDirectory()) fail('out-not-folder', `--out ${opts.out} is a file`, 'give a folder for the statements');
  const prefix = `statements/${r.stage.folder}/`;
  for (const f of r.stage.files) {
    const target = resolve(out, f.path.slice(prefix.length));
    if (opts.dryRun) io.stdout.write(`--- ${displayPath(io.cwd, target)} ---\n${f.content}\n`);
    else (writeFileAtomic(target, f.content), io.stdout.write(`${displayPath(io.cwd, target)}\n`));
  }
  io.stdout.write(`${displayPath(io.cwd, out)}\n`);
  // Written all the same, so the text can be read and cut; the exit code tells automation.
  printOverBudget(io, r.stage, (file) => displayPath(io.cwd, resolve(out, file.slice(prefix.length))));
  return r.stage.over.length ? EXIT.failed : EXIT.ok;
}

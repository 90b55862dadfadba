// crisis preview <playbook|incident>: one self-contained HTML page with every statement by stage,
// channel and language, its meters and validate's warnings on it. For an incident, the statements
// actually issued (read back from statements/NN-stage/), the timeline against the cadence and
// what awaits sign-off.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { IncidentState, TimelineEvent } from '../incident/index.js';
import { clockFor, type Config, languagesOf } from '../playbook/index.js';
import { incidentPreview, playbookPreview, type PreviewInput, previewPage } from '../preview/index.js';
import { createRenderer, exampleFacts, TEST_NOW } from '../statement/index.js';
import { openInBrowser } from '../shell/browser.js';
import { fail, ProblemsError } from '../shell/errors.js';
import { givenFacts, pickLanguages, pickSeverity, typedFacts } from '../shell/facts.js';
import { writeFileAtomic } from '../shell/fs.js';
import { hashesIn, incidentDir, isIncidentName, readIncident, readStatementFile, TIMELINE } from '../shell/incident-store.js';
import { EXIT, type IO } from '../shell/io.js';
import { loadPlaybook, requireConfig } from '../shell/load.js';
import { projectOf, type CommonOptions } from '../shell/options.js';
import { displayPath } from '../shell/project.js';
import { printProblems } from '../shell/problems.js';

type Options = CommonOptions & { open?: boolean; incidents?: string; stages?: string };

export async function run(io: IO, [ref]: string[], opts: Options): Promise<number> {
  const config = requireConfig(projectOf(io, opts));
  const fullStages = stagesOf(opts.stages);
  const incident = incidentFolderOf(io, ref!, opts);
  const target = opts.out ? resolve(io.cwd, opts.out) : join(incident ?? io.cwd, 'preview.html');
  const input = incident
    ? fromIncident(io, incident, config, opts, { fullStages, statementsHref: hrefFrom(dirname(target), join(incident, 'statements')) })
    : fromPlaybook(io, ref!, config, opts);
  if (existsSync(target) && statSync(target).isDirectory())
    fail('out-is-folder', `${displayPath(io.cwd, target)} is a folder`, 'give the page a file name, e.g. --out preview.html', 2);
  writeFileAtomic(target, previewPage(input));

  const problems = input.stages.flatMap((s) => s.rows.flatMap((r) => r.frames.flatMap((f) => f.problems)));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  // The page is the result, problems and all: validate is the check that fails a build.
  if (problems.length)
    io.stderr.write(
      `${[errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(' and ')} shown on the statements they concern\n`,
    );
  if (opts.open) openInBrowser(io, target);
  io.stdout.write(`${displayPath(io.cwd, target)}\n`);
  return EXIT.ok;
}

/** `--stages <n|all>`: how many of an incident's latest stages the page shows in full. */
function stagesOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'all') return Infinity;
  if (!/^[1-9]\d*$/.test(text)) fail('bad-stages', `--stages ${text} is not a number of stages`, 'give a number (3 shows the latest three in full) or all', 2);
  return Number(text);
}

/** A relative URL from the page's folder to a folder, ending in / (file:// and any static host). */
function hrefFrom(pageDir: string, folder: string): string {
  const rel = relative(pageDir, folder).split(sep).map(encodeURIComponent).join('/');
  return rel ? `${rel}/` : './';
}

/**
 * `<incident>`: a folder with a timeline (by path), or a name under the incidents folder. For
 * preview, --out names the page, so names are looked up under ./incidents (or --incidents).
 */
function incidentFolderOf(io: IO, ref: string, opts: Options): string | undefined {
  if (existsSync(join(resolve(io.cwd, ref), TIMELINE))) return resolve(io.cwd, ref);
  const root = resolve(io.cwd, opts.incidents ?? 'incidents');
  if (isIncidentName(ref) && existsSync(join(root, ref, TIMELINE))) return join(root, ref);
  // Shaped like an incident's name (20260310-1000-supply-delay): say which incidents there are.
  if (/^\d{8}-\d{4}-/.test(ref) || ref.includes('/')) return incidentDir(ref, root, io.cwd);
  return undefined;
}

function fromPlaybook(io: IO, id: string, config: Config, opts: Options): PreviewInput {
  const project = projectOf(io, opts);
  const { loaded, templates } = loadPlaybook(id, project, config);
  const pb = loaded.playbook;
  const { facts, given } = typedFacts(pb, givenFacts(io, opts), clockFor(pb, TEST_NOW, config.timezone), {
    final: false,
    base: exampleFacts(pb, config, 'full'),
  });
  return playbookPreview({
    playbook: pb,
    config,
    templates,
    renderer: createRenderer(pb, config, templates, project.cache ? { cache: project.cache } : {}),
    languages: pickLanguages(languagesOf(pb, config), opts.lang),
    severity: pickSeverity(pb, opts.severity, pb.default_severity),
    facts,
    given,
  });
}

function fromIncident(io: IO, dir: string, config: Config, opts: Options, page: { fullStages?: number; statementsHref: string }): PreviewInput {
  const read = readIncident(dir);
  if (!read.state) throw new ProblemsError(read.problems);
  const { state, events } = read as { state: IncidentState; events: TimelineEvent[] };
  printProblems(io, read.problems);
  const project = projectOf(io, opts);
  const { templates, loaded } = loadPlaybook(state.playbook, project, config);
  // Times and renders in the zone the incident was run in.
  const zoned: Config = { ...config, timezone: state.timezone };
  return incidentPreview({
    state,
    events,
    playbook: loaded.playbook,
    config: zoned,
    templates,
    renderer: createRenderer(loaded.playbook, zoned, templates, project.cache ? { cache: project.cache } : {}),
    languages: opts.lang ? pickLanguages(state.languages, opts.lang) : state.languages,
    now: io.now(),
    readIssued: (path) => readStatementFile(dir, path, io.cwd),
    hashOf: hashesIn(dir),
    ...(page.fullStages !== undefined ? { fullStages: page.fullStages } : {}),
    statementsHref: page.statementsHref,
  });
}

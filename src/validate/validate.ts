// `crisis validate` as a pure function: project files in, every problem out (not just the first).
import {
  checkPlaybook,
  type Config,
  FALLBACK_CONFIG,
  fileIdOf,
  formatOf,
  languagesOf,
  type LoadedPlaybook,
  locate,
  type ParseCache,
  parseConfig,
  parsePlaybook,
  type PlaybookOrigin,
  pointerOf,
  type TemplateSet,
} from '../playbook/index.js';
import { checkScope, HELPER_NAMES, type ParseResult, parseTemplate, pluralCategories, rootShape } from '../template/index.js';
import { hasErrors, problem, type Problem, sortProblems, warning } from '../problem/index.js';
import { type SharedTemplates, sharedTemplates, type SmsReport, testRenders } from '../statement/index.js';

export type TextFile = { file: string; text: string };
export type PlaybookFiles = TextFile & { origin: PlaybookOrigin; templatesDir: string; templates: TemplateSet };
export type ProjectFiles = { config?: TextFile; playbooks: PlaybookFiles[] };

export type PlaybookReport = { file: string; id?: string; problems: Problem[] };
export type ValidateReport = { problems: Problem[]; playbooks: PlaybookReport[]; sms: SmsReport[]; config?: Config };

/** The config as validate sees it: a broken one is reported and holds the playbooks' deeper checks back. */
export type ConfigCheck = { config: Config; problems: Problem[]; hasConfig: boolean; broken: boolean };

/** What one playbook file contributes; independent of the others, so files can be checked in parallel. */
export type PlaybookFileReport = { id?: string; idAt?: { file: string; line: number; col: number }; problems: Problem[]; sms: SmsReport[] };

export function validateProject(files: ProjectFiles, opts: { cache?: ParseCache } = {}): ValidateReport {
  const cfg = checkConfigFile(files.config, opts.cache);
  const shared = sharedTemplates(opts.cache);
  return combineReports(
    cfg,
    files.playbooks,
    files.playbooks.map((pf) => validatePlaybookFile(pf, cfg, opts.cache, shared)),
  );
}

export function checkConfigFile(file: TextFile | undefined, cache?: ParseCache): ConfigCheck {
  if (!file) return { config: FALLBACK_CONFIG, problems: [], hasConfig: false, broken: false };
  const parsed = parseConfig(file.file, file.text, cache);
  return { config: parsed.config ?? FALLBACK_CONFIG, problems: parsed.problems, hasConfig: true, broken: hasErrors(parsed.problems) };
}

/** The checks that span files (one id, one playbook), then everything in a stable order. Of the files, only their names are needed. */
export function combineReports(cfg: ConfigCheck, files: readonly Pick<PlaybookFiles, 'file'>[], reports: readonly PlaybookFileReport[]): ValidateReport {
  const playbooks: PlaybookReport[] = [];
  const sms: SmsReport[] = [];
  const firstWithId = new Map<string, string>();
  // A role missing from the roster is one line to add to the config, however many playbooks use it.
  const rolesWarned = new Set<string>();
  files.forEach((pf, i) => {
    const report = reports[i]!;
    const problems = report.problems.filter((p) => p.code !== 'role-not-on-roster' || (!rolesWarned.has(p.message) && (rolesWarned.add(p.message), true)));
    // supply-delay.yaml and supply-delay.yml: `crisis start supply-delay` could only ever pick one.
    const first = report.id ? firstWithId.get(report.id) : undefined;
    if (report.id && report.idAt && first !== undefined && first !== pf.file)
      problems.push(problem('duplicate-playbook', `playbook id "${report.id}" is also the id of ${first}`, report.idAt, 'keep one file per playbook id'));
    else if (report.id && !first) firstWithId.set(report.id, pf.file);
    playbooks.push({ file: pf.file, ...(report.id ? { id: report.id } : {}), problems: sortProblems(problems) });
    sms.push(...report.sms);
  });
  return {
    problems: sortProblems([...cfg.problems, ...playbooks.flatMap((p) => p.problems)]),
    playbooks,
    sms,
    ...(cfg.hasConfig && !cfg.broken ? { config: cfg.config } : {}),
  };
}

/**
 * A broken config is reported and the playbooks checked on their own: templates and test renders
 * need its languages, support contacts and time zone, and checking them against the fallback
 * would report problems the project does not have (a missing support phone, an unused template).
 */
/**
 * `shared`: the partials' parses for a run over many playbooks, which all share them: parsed and
 * prepared for rendering once a run, not once a playbook.
 */
export function validatePlaybookFile(
  pf: PlaybookFiles,
  cfg: ConfigCheck,
  cache?: ParseCache,
  shared: SharedTemplates = sharedTemplates(cache),
): PlaybookFileReport {
  const { config, hasConfig, broken: configBroken } = cfg;
  const parsed = parsePlaybook(pf.file, pf.text, pf.origin, cache);
  if (!parsed.loaded) return { problems: parsed.problems, sms: [] };
  const loaded = parsed.loaded;
  const idAt = locate(loaded.source, '/id');
  const problems = [...checkPlaybook(loaded, fileIdOf(pf.file), hasConfig && !configBroken ? config : undefined)];
  if (configBroken) return { id: loaded.id, idAt, problems, sms: [] };
  const templateProblems = checkTemplates(loaded, pf, config, shared, cache);
  problems.push(...templateProblems.problems);
  // Render only what compiled cleanly: a broken template is already reported where it breaks.
  const renderable = { ...loaded.playbook, statements: loaded.playbook.statements.filter((s) => !templateProblems.broken.has(s.id)) };
  const playbookBroken = hasErrors(problems.filter((p) => p.file === pf.file));
  if (playbookBroken || renderable.statements.length === 0) return { id: loaded.id, idAt, problems, sms: [] };
  const renders = testRenders(renderable, config, pf.templates, languagesOf(loaded.playbook, config), {
    parsed: templateProblems.asts,
    scopeChecked: true,
    shared,
    ...(cache ? { cache } : {}),
  });
  return { id: loaded.id, idAt, problems: [...problems, ...renders.problems], sms: renders.sms };
}

function checkTemplates(
  loaded: LoadedPlaybook,
  pf: PlaybookFiles,
  config: Config,
  shared: SharedTemplates,
  cache?: ParseCache,
): { problems: Problem[]; broken: Set<string>; asts: Map<string, hbs.AST.Program> } {
  const { playbook: pb, source } = loaded;
  const problems: Problem[] = [];
  const broken = new Set<string>();
  const languages = languagesOf(pb, config);
  const root = rootShape(pb);
  const optional = new Set(pb.inputs.filter((i) => !i.required && i.default === undefined).map((i) => i.id));
  const parsed = new Map<string, ParseResult>();
  const parse = (tf: TextFile) => {
    let r = parsed.get(tf.file);
    if (!r) parsed.set(tf.file, (r = parseTemplate(tf.file, tf.text, cache)));
    return r;
  };
  const expected = new Set<string>();

  pb.statements.forEach((statement, i) => {
    for (const lang of languages) {
      const key = `${statement.id}.${lang}`;
      expected.add(key);
      const tf = pf.templates.statements[key];
      if (!tf) {
        problems.push(
          problem(
            'missing-template',
            `statement "${statement.id}" has no ${lang} template`,
            locate(source, pointerOf('statements', i, 'id')),
            `create ${pf.templatesDir}/${key}.hbs`,
          ),
        );
        broken.add(statement.id);
        continue;
      }
      const result = parse(tf);
      if (!result.ok) {
        problems.push(result.issue);
        broken.add(statement.id);
        continue;
      }
      const report = checkScope(result.template, {
        root,
        helpers: HELPER_NAMES,
        pluralForms: pluralCategories(lang),
        optional,
        html: formatOf(statement) === 'html',
        partial: (name) => {
          const partial = pf.templates.partials[`${name}.${lang}`] ?? pf.templates.partials[name];
          return partial ? shared.parse(partial) : undefined;
        },
      });
      for (const issue of report.issues) {
        problems.push(issue);
        if (issue.severity === 'error') broken.add(statement.id);
      }
    }
  });

  // A shipped template of a language the config does not use is not a mistake of the project.
  const inUse = (key: string) => languages.includes(key.slice(key.lastIndexOf('.') + 1));
  for (const [key, tf] of Object.entries(pf.templates.statements))
    if (!expected.has(key) && inUse(key))
      problems.push(
        warning(
          'unused-template',
          `template "${key}" belongs to no statement and language of ${pb.id}`,
          { file: tf.file, line: 1, col: 1 },
          `statements: ${pb.statements.map((s) => s.id).join(', ')}; languages: ${languages.join(', ')}`,
        ),
      );
  const asts = new Map([...parsed].flatMap(([file, r]) => (r.ok ? [[file, r.template.ast] as const] : [])));
  return { problems: dedupe(problems), broken, asts };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.col}:${p.code}:${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

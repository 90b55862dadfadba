// Loading what a command needs, or failing with located problems.
import { checkPlaybook, type Config, fileIdOf, type LoadedPlaybook, parseConfig, parsePlaybook, type TemplateSet } from '../playbook/index.js';
import { didYouMean, hasErrors } from '../problem/index.js';
import { fail, ProblemsError } from './errors.js';
import { findPlaybooks, readConfigFile, readPlaybookFiles, type ProjectOptions } from './project.js';

/** The config, or undefined when the project has none. Broken config: exit 1 with its problems. */
export function loadConfig(opts: ProjectOptions): Config | undefined {
  const file = readConfigFile(opts);
  if (!file) {
    if (opts.config) fail('config-missing', `config file ${opts.config} does not exist`, 'check the --config path');
    return undefined;
  }
  const parsed = parseConfig(file.file, file.text, opts.cache);
  if (!parsed.config) throw new ProblemsError(parsed.problems);
  return parsed.config;
}

/** Commands that render need a config: they say so and point to `crisis init`. */
export function requireConfig(opts: ProjectOptions): Config {
  const config = loadConfig(opts);
  if (!config)
    fail(
      'config-missing',
      'no crisis.config.yaml in this folder or its parents',
      'run `crisis init` to create one (organisation, support contacts, languages, roster), or pass --config <file>',
    );
  return config;
}

export type PlaybookBundle = { loaded: LoadedPlaybook; templates: TemplateSet };

/**
 * A playbook by id, parsed and cross-checked; a misspelt id gets the closest suggestion.
 * `templates: false` leaves its templates unread (status reads only the steps).
 */
export function loadPlaybook(id: string, opts: ProjectOptions, config?: Config, { templates = true } = {}): PlaybookBundle {
  const found = findPlaybooks(opts);
  const hit = found.find((p) => p.id === id);
  if (!hit) {
    const ids = found.map((p) => p.id);
    fail(
      'unknown-playbook',
      `no playbook "${id}"`,
      didYouMean(id, ids, `playbooks: ${ids.join(', ') || 'none'}; crisis list shows them`, '(crisis list shows them all)'),
    );
  }
  const files = readPlaybookFiles(hit.file, hit.origin, opts.cwd, { templates });
  const parsed = parsePlaybook(files.file, files.text, hit.origin, opts.cache);
  if (!parsed.loaded) throw new ProblemsError(parsed.problems);
  const problems = checkPlaybook(parsed.loaded, fileIdOf(hit.file), config).filter((p) => p.severity === 'error');
  if (hasErrors(problems)) throw new ProblemsError(problems);
  return { loaded: parsed.loaded, templates: files.templates };
}

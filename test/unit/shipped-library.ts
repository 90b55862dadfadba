// The shipped library read from the repository, as the library tests render it: the demo config,
// a playbook, and its templates with the shared partials.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderStage } from '../../src/incident/lifecycle.js';
import { parseConfig } from '../../src/playbook/config.js';
import type { Config, Playbook, Stage, TemplateSet } from '../../src/playbook/model.js';
import { languagesOf, parsePlaybook } from '../../src/playbook/playbook.js';
import { testIncident } from '../../src/statement/checks.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
/** The demo config's text (crisis.config.yaml), for tests that vary it. */
export const DEMO_CONFIG = readFileSync(join(ROOT, 'crisis.config.yaml'), 'utf8');
export const demoConfig = (): Config => parseConfig('crisis.config.yaml', DEMO_CONFIG).config as Config;

export function shippedPlaybook(id: string): Playbook {
  return parsePlaybook(`playbooks/${id}.yaml`, readFileSync(join(ROOT, 'playbooks', `${id}.yaml`), 'utf8'), 'shipped').loaded!.playbook;
}

export function templatesOf(id: string): TemplateSet {
  const read = (dir: string) =>
    Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.hbs'))
        .map((f) => [f.slice(0, -4), { file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }]),
    );
  return { statements: read(join(ROOT, 'templates', id)), partials: read(join(ROOT, 'templates', 'partials')) };
}

/** Every statement of a stage rendered as validate's test render does: the default severity, its fixed clock. */
export function renderShipped(
  pb: Playbook,
  config: Config,
  templates: TemplateSet,
  facts: Record<string, unknown>,
  stage: Stage,
  options: { languages?: readonly string[]; number?: number; previous?: Record<string, unknown> } = {},
) {
  const incident = testIncident(pb, config, stage);
  const result = renderStage({
    playbook: pb,
    config,
    templates,
    id: incident.id,
    title: pb.title,
    severity: pb.severities.find((s) => s.id === pb.default_severity)!,
    languages: options.languages ?? languagesOf(pb, config),
    facts,
    stage,
    number: options.number ?? 1,
    updateNumber: incident.update_number,
    startedAt: incident.started_at,
    now: new Date(incident.now),
    nextUpdate: incident.next_update_at,
    ...(options.previous ? { previous: options.previous } : {}),
  });
  return { incident, result };
}

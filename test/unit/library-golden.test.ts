// Golden files: every statement of a playbook at every stage, in English, rendered from the
// playbook's examples at validate's fixed clock, so a reviewer sees each change of text in a diff.
// Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change; a missing golden file fails.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from '../../src/playbook/config.js';
import { renderStage } from '../../src/incident/lifecycle.js';
import type { Config, Stage, TemplateSet } from '../../src/playbook/model.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';
import { exampleFacts, testIncident } from '../../src/statement/checks.js';

const PLAYBOOKS = ['supply-delay', 'site-outage', 'returns-surge', 'data-breach', 'product-defect', 'review-storm'];
const LANG = 'en';
const ROOT = new URL('../..', import.meta.url).pathname;
const config = parseConfig('crisis.config.yaml', readFileSync(join(ROOT, 'crisis.config.yaml'), 'utf8')).config as Config;

function templatesOf(id: string): TemplateSet {
  const read = (dir: string) =>
    Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.hbs'))
        .map((f) => [f.slice(0, -4), { file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }]),
    );
  return { statements: read(join(ROOT, 'templates', id)), partials: read(join(ROOT, 'templates', 'partials')) };
}

function renderAll(id: string): string {
  const pb = parsePlaybook(`playbooks/${id}.yaml`, readFileSync(join(ROOT, 'playbooks', `${id}.yaml`), 'utf8'), 'shipped').loaded!.playbook;
  const facts = exampleFacts(pb, config, 'full');
  const severity = pb.severities.find((s) => s.id === pb.default_severity)!;
  const out: string[] = [];
  // The update twice: once with nothing new since the start, once with every fact new (the
  // start's facts all unanswered), so both ways of saying what changed are in the file.
  const renders: { stage: Stage; label: string; number: number; previous?: Record<string, unknown> }[] = [
    { stage: 'start', label: 'start', number: 1 },
    { stage: 'update', label: 'update (nothing new)', number: 2, previous: facts },
    { stage: 'update', label: 'update (all new)', number: 2, previous: {} },
    { stage: 'resolve', label: 'resolve', number: 3 },
  ];
  renders.forEach(({ stage, label, number, previous }) => {
    const incident = testIncident(pb, config, stage);
    const result = renderStage({
      playbook: pb,
      config,
      templates: templatesOf(id),
      id: incident.id,
      title: pb.title,
      severity,
      languages: [LANG],
      facts,
      stage,
      number,
      updateNumber: incident.update_number,
      startedAt: incident.started_at,
      now: new Date(incident.now),
      nextUpdate: incident.next_update_at,
      ...(previous ? { previous } : {}),
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    for (const r of result.stage.rendered) out.push(`===== ${label} · ${r.statement.id}.${r.lang} =====\n${r.text.trim()}\n`);
  });
  return out.join('\n');
}

it.each(PLAYBOOKS)('%s renders as its golden file says', (id) => {
  const file = join(ROOT, 'test', 'golden', `${id}.${LANG}.txt`);
  const text = renderAll(id);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
});

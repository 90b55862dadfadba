// Golden files: every statement of a playbook at every stage, in English, rendered from the
// playbook's examples at validate's fixed clock, so a reviewer sees each change of text in a diff.
// Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change; a missing golden file fails.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Stage } from '../../src/playbook/model.js';
import { exampleFacts } from '../../src/statement/checks.js';
import { demoConfig, ROOT, renderShipped, shippedPlaybook, templatesOf } from './shipped-library.js';

const PLAYBOOKS = ['supply-delay', 'site-outage', 'returns-surge', 'data-breach', 'product-defect', 'review-storm'];
const LANG = 'en';
const config = demoConfig();

function renderAll(id: string): string {
  const pb = shippedPlaybook(id);
  const facts = exampleFacts(pb, config, 'full');
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
    const { result } = renderShipped(pb, config, templatesOf(id), facts, stage, { languages: [LANG], number, ...(previous ? { previous } : {}) });
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

it('an update that moves the ship date says the date it replaces, in every language', () => {
  const pb = shippedPlaybook('supply-delay');
  const facts = { ...exampleFacts(pb, config, 'full'), new_ship_date: '2026-12-12' };
  const { result } = renderShipped(pb, config, templatesOf('supply-delay'), facts, 'update', { previous: { ...facts, new_ship_date: '2026-12-10' } });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const email = (lang: string) => result.stage.rendered.find((r) => r.statement.id === 'customer-email' && r.lang === lang)!.text;
  expect(email('en')).toContain('(we had said December 10, 2026)');
  expect(email('fr')).toContain('(nous avions annoncé le 10 décembre 2026)');
  expect(email('pl')).toContain('(wcześniej podaliśmy 10 grudnia 2026)');
  expect(email('he')).toContain('(קודם מסרנו');
});

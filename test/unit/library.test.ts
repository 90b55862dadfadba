// The shipped library as a reader meets it: every statement of every playbook, at each of its
// stages, in every language, rendered from the inputs' examples.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPhrases, phrasesFor } from '../../src/statement/guidance.js';
import type { Stage } from '../../src/playbook/model.js';
import { isCustomerFacing, languagesOf, maxLengthOf, parsePlaybook } from '../../src/playbook/playbook.js';
import { exampleFacts } from '../../src/statement/checks.js';
import { wallClock } from '../../src/time/time.js';
import { demoConfig, ROOT, renderShipped, templatesOf } from './shipped-library.js';

const config = demoConfig();
const ids = readdirSync(join(ROOT, 'playbooks'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5));

// Words a reader of each language meets in any paragraph; a statement in the wrong language has none.
const LANGUAGE_MARKS: Record<string, RegExp> = {
  en: /\b(the|we|you|your|and|is|are)\b/i,
  fr: /\b(nous|vous|votre|vos|nos|les|des|le|la|du|pour|est|et)\b/i,
  pl: /[ąćęłńóśźż]|\b(nie|się|jest|na|do|w)\b/i,
  he: /[\u0590-\u05ff]/,
};
const SCRIPT_OF_OTHERS: Record<string, RegExp> = { en: /[\u0590-\u05ff]/, fr: /[\u0590-\u05ff]/, pl: /[\u0590-\u05ff]/, he: /\b(the|nous|się)\b/ };

const support = [config.support.url, config.support.email, config.support.phone].filter(Boolean) as string[];

it('ships the six playbooks of the library', () => {
  expect(ids.sort()).toEqual(['data-breach', 'product-defect', 'returns-surge', 'review-storm', 'site-outage', 'supply-delay']);
});

describe.each(ids)('%s', (id) => {
  const loaded = parsePlaybook(`playbooks/${id}.yaml`, readFileSync(join(ROOT, 'playbooks', `${id}.yaml`), 'utf8'), 'shipped').loaded!;
  const pb = loaded.playbook;
  const templates = templatesOf(id);
  const languages = languagesOf(pb, config);
  const facts = exampleFacts(pb, config, 'full');
  const stages = [...new Set(pb.statements.flatMap((s) => s.stages))] as Stage[];

  it('is written in en, fr, pl and he', () => expect(languages).toEqual(['en', 'fr', 'pl', 'he']));

  it.each(stages)('renders every %s statement in every language as a reader needs it', (stage) => {
    const { incident, result } = renderShipped(pb, config, templates, facts, stage, { languages });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    const next = incident.next_update_at ? wallClock(new Date(incident.next_update_at), config.timezone) : undefined;
    for (const r of result.stage.rendered) {
      const label = `${r.statement.id}.${r.lang} at ${stage}`;
      const visible = r.format === 'html' ? r.text.replace(/<[^>]+>/g, ' ') : r.text;
      expect(visible, `${label} is in its language`).toMatch(LANGUAGE_MARKS[r.lang]!);
      // Internal updates may quote a free-text fact as the responder typed it, in one language.
      if (isCustomerFacing(r.statement)) expect(visible, `${label} has no text of another language`).not.toMatch(SCRIPT_OF_OTHERS[r.lang]!);
      expect(findPhrases(visible, phrasesFor(r.lang, config.discouraged_phrases)), `${label} clichés`).toEqual([]);
      const max = maxLengthOf(r.statement);
      if (max) expect([...visible.trim()].length, `${label} length`).toBeLessThanOrEqual(max);
      if (r.format === 'html') expect(r.text, label).toContain(`lang="${r.lang}" dir="${r.lang === 'he' ? 'rtl' : 'ltr'}"`);
      if (isCustomerFacing(r.statement) && stage !== 'resolve') {
        // A banner may give help as a link: the address is then in its markup.
        expect(
          support.some((s) => r.text.includes(s)),
          `${label} says where to get help`,
        ).toBe(true);
        const minutes = String(next!.minute).padStart(2, '0');
        const hour24 = `${next!.hour}:${minutes}`;
        const hour12 = `${next!.hour % 12 || 12}:${minutes}`;
        // French prose writes 9 h 10 (9 h on the hour).
        const french = new RegExp(`\\b${next!.hour}\\s?h${next!.minute ? `\\s?${minutes}` : ''}\\b`);
        expect(visible.includes(hour24) || visible.includes(hour12) || french.test(visible), `${label} says when the next update comes (${hour24})`).toBe(true);
      }
    }
  });
});

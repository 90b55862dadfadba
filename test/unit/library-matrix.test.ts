// The shipped library under configs a new company would have: no roster, a partial one, a long
// name, another time zone, a subset of languages. Every statement renders, fits its budget, labels
// its times with their zone, agrees with a count of 1 and writes the French first of the month.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/playbook/config.js';
import type { Config, Playbook, Stage, TemplateSet } from '../../src/playbook/model.js';
import { isCustomerFacing } from '../../src/playbook/playbook.js';
import { exampleFacts, testIncident } from '../../src/statement/checks.js';
import { visibleText } from '../../src/statement/budget.js';
import { DEMO_CONFIG, renderShipped, shippedPlaybook, templatesOf } from './shipped-library.js';

// Every shipped playbook is held to the matrix, except where a template still fails under a
// config, listed below; such a playbook is held to every other config.
const PLAYBOOKS = ['supply-delay', 'site-outage', 'returns-surge', 'data-breach', 'product-defect', 'review-storm'];

const DEMO = DEMO_CONFIG;
const withoutRoster = DEMO.replace(/^roster:\n(  .*\n)+/m, '');

const CONFIGS: Record<string, string> = {
  'no roster': withoutRoster,
  'partial roster': withoutRoster.replace('languages:', 'roster:\n  incident-lead: { name: Dana Levi, contact: "@dana" }\nlanguages:'),
  'a 50-character name': DEMO.replace(
    'organization: Acme Outdoor',
    'organization: Northern Lights Outdoor Equipment and Apparel Ltd.\nshort_name: Northern Lights\nstatus_url: https://status.northern-lights.example',
  ),
  'America/New_York, no phone': DEMO.replace('timezone: Europe/Paris', 'timezone: America/New_York').replace(/^  phone: .*\n/m, ''),
  '[fr, pl], Polish SMS plain': DEMO.replace('languages: [en, fr, pl, he]', 'languages: [fr, pl]\nsms: { plain: [pl] }'),
};

/** Every number fact 1, every date fact the first of a month: the forms a template gets wrong most. */
function edgeFacts(pb: Playbook, config: Config): Record<string, unknown> {
  const facts = exampleFacts(pb, config, 'full');
  for (const input of pb.inputs) {
    if (input.type === 'number' && facts[input.id] !== null) facts[input.id] = 1;
    if (input.type === 'date' && facts[input.id] !== null) facts[input.id] = '2026-12-01';
  }
  return facts;
}

function renderAll(pb: Playbook, config: Config, templates: TemplateSet, facts: Record<string, unknown>, stage: Stage) {
  return renderShipped(pb, config, templates, facts, stage).result;
}

/** How Intl names the zone in a language ("GMT+1", "CET", "EST", "UTC−5"), as the date helper labels times. */
const zoneLabel = (lang: string, timeZone: string, at: string) =>
  new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')!
    .value.replace(/\u200e/g, '')
    .replace('\u2212', '-');

// A count of 1 followed by a plural noun: "1 orders", "1 commandes", "1 zamówień", "1 dni".
const SINGULAR_WRONG = /(^|[^\d,.\s])\s?\b1 (orders|customers|days|items|commandes|clients|jours|articles|zamówień|zamówienia|klientów|dni|produktów)\b/i;

describe.each(Object.entries(CONFIGS))('with %s', (name, text) => {
  const { config, problems } = parseConfig('crisis.config.yaml', text);
  it('is a valid config', () => expect(problems).toEqual([]));

  describe.each(PLAYBOOKS)('%s', (id) => {
    const pb = shippedPlaybook(id);
    const templates = templatesOf(id);
    const stages = [...new Set(pb.statements.flatMap((s) => s.stages))] as Stage[];

    it.each(stages)('renders every %s statement within its budget, times labelled with their zone', (stage) => {
      for (const facts of [exampleFacts(pb, config!, 'full'), edgeFacts(pb, config!), exampleFacts(pb, config!, 'required')]) {
        const result = renderAll(pb, config!, templates, facts, stage);
        expect(result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
        if (!result.ok) continue;
        expect(result.stage.over.map((p) => p.message)).toEqual([]);
        const incident = testIncident(pb, config!, stage);
        for (const r of result.stage.rendered) {
          const label = `${r.statement.id}.${r.lang} at ${stage}`;
          const visible = visibleText(r)
            .replace(/\u200e/g, '')
            .replace(/\u2212/g, '-');
          expect(visible, `${label}: no placeholder for a missing person`).not.toMatch(/no one on the roster|null|undefined/);
          expect(visible, `${label}: agreement with 1`).not.toMatch(SINGULAR_WRONG);
          expect(visible, `${label}: French first of the month`).not.toMatch(/(^|\D)1 (décembre|janvier|mars)/);
          if (isCustomerFacing(r.statement) && stage !== 'resolve')
            expect(visible, `${label}: the next update's zone`).toContain(
              zoneLabel(r.lang, config!.timezone, incident.next_update_at!).replace(/\u2212/g, '-'),
            );
          if (r.statement.channel === 'sms' && config!.sms?.plain?.includes(r.lang)) expect(visible, `${label}: plain`).not.toMatch(/[ąćęłńóśźż]/i);
          if (r.statement.channel === 'sms' || r.statement.channel === 'social')
            expect(visible, `${label}: uses the short name`).not.toContain('Northern Lights Outdoor');
        }
      }
    });
  });
});

describe('site-outage when the fix estimate has passed', () => {
  const { config } = parseConfig('crisis.config.yaml', DEMO);
  const pb = shippedPlaybook('site-outage');
  const incident = testIncident(pb, config!, 'update');
  const passed = new Date(new Date(incident.now).getTime() - 15 * 60_000).toISOString();
  const STILL_EXPECTED: Record<string, RegExp> = {
    en: /We expect it to be fixed by/,
    fr: /Nous prévoyons un retour/,
    pl: /Spodziewamy się, że problem/,
    he: /אנחנו צופים שהתקלה/,
  };
  const NO_LONGER: Record<string, RegExp> = { en: /no longer expect/, fr: /ne la maintenons pas/, pl: /nie jest już aktualny/, he: /כבר לא בתוקף/ };

  it('the status page no longer gives the passed time as expected, and says when the next update comes', () => {
    const result = renderAll(pb, config!, templatesOf('site-outage'), { ...exampleFacts(pb, config!, 'full'), fix_eta: passed }, 'update');
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([]);
    if (!result.ok) return;
    const pages = result.stage.rendered.filter((r) => r.statement.id === 'status-page');
    expect(pages.map((r) => r.lang)).toEqual(['en', 'fr', 'pl', 'he']);
    for (const r of pages) {
      const visible = visibleText(r)
        .replace(/\u200e/g, '')
        .replace(/\u2212/g, '-');
      expect(visible, r.lang).not.toMatch(STILL_EXPECTED[r.lang]!);
      expect(visible, r.lang).toMatch(NO_LONGER[r.lang]!);
      expect(visible, `${r.lang}: the next update's zone`).toContain(zoneLabel(r.lang, config!.timezone, incident.next_update_at!));
    }
  });
});

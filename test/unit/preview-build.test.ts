// The preview's data from an incident's timeline: a long incident shows its latest stages in full
// and folds the older ones to a line each, without reading or rendering them again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay, type TimelineEvent } from '../../src/incident/timeline.js';
import { parseConfig } from '../../src/playbook/config.js';
import type { TemplateSet } from '../../src/playbook/model.js';
import { parsePlaybook } from '../../src/playbook/playbook.js';
import { FULL_STAGES, incidentPreview } from '../../src/preview/build.js';
import { previewPage } from '../../src/preview/index.js';
import { createRenderer } from '../../src/statement/render.js';
import { started } from './timeline-fixture.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/good/', import.meta.url));
const pb = parsePlaybook('checkout-down.yaml', readFileSync(join(FIXTURE, 'playbooks/checkout-down.yaml'), 'utf8'), 'project').loaded!.playbook;
const config = parseConfig('crisis.config.yaml', readFileSync(join(FIXTURE, 'crisis.config.yaml'), 'utf8')).config!;
const read = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f.slice(0, -4), { file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }]));
const templates: TemplateSet = { statements: read(join(FIXTURE, 'templates/checkout-down')), partials: read(join(FIXTURE, 'templates/partials')) };

const stamp = (minutes: number) => new Date(Date.parse('2026-03-10T09:00:00Z') + minutes * 60_000).toISOString().replace('.000Z', '+00:00');
const files = (folder: string) => [{ statement: 'banner', lang: 'en', path: `statements/${folder}/banner.en.html` }];
const events: TimelineEvent[] = [
  started({ at: stamp(0), answers: { failing_methods: ['Visa'], detected_at: stamp(-10) }, statements: files('01-start'), next_update_at: stamp(120) }),
];
for (let n = 2; n <= 14; n++) {
  const folder = `${String(n).padStart(2, '0')}-update`;
  events.push({
    type: 'updated',
    at: stamp((n - 1) * 100),
    number: n,
    folder,
    changes: { orders_affected: n },
    severity: 'sev2',
    statements: files(folder),
    next_update_at: stamp((n - 1) * 100 + 120),
  });
}

describe('incidentPreview of a long incident', () => {
  const asked: string[] = [];
  /** The preview of the 14-stage incident, recording every statement file it reads. */
  const preview = (more: Partial<Parameters<typeof incidentPreview>[0]> = {}) =>
    incidentPreview({
      state: replay(events)!,
      events,
      playbook: pb,
      config,
      templates,
      renderer: createRenderer(pb, config, templates),
      languages: ['en'],
      now: new Date(stamp(1400)),
      readIssued: (path) => (asked.push(path), { text: 'as issued', shown: path }),
      hashOf: () => undefined,
      ...more,
    });
  const input = preview({ statementsHref: 'statements/' });

  const folded = 14 - FULL_STAGES;

  it(`shows the latest ${FULL_STAGES} stages in full and folds the older ones, reading none of them`, () => {
    expect(input.stages).toHaveLength(14);
    expect(input.stages.filter((s) => s.folded).map((s) => s.key)).toEqual(input.stages.slice(0, folded).map((s) => s.key));
    expect(input.stages.at(-1)!.key).toBe('14-update');
    expect(asked).toHaveLength(FULL_STAGES);
    expect(asked[0]).toBe(`statements/${input.stages[folded]!.key}/banner.en.html`);
  });

  it('lists every stage on the page: the folded ones as one line linking to the folder their statements are in', () => {
    const html = previewPage(input);
    expect(html).toContain(`The ${folded} oldest stages are folded`);
    expect(html).toContain('<code>crisis preview 20260310-1000-checkout-down --stages all</code> writes the page with every stage in full');
    expect(html).toMatch(
      /<section class="stage folded" id="stage-02-update"[^>]*data-folded="true">[\s\S]*?1 statement in 1 file, as issued in <a href="statements\/02-update\/">statements\/02-update\/<\/a>/,
    );
    expect(html.match(/<article class="frame/g)).toHaveLength(FULL_STAGES);
    // The timeline still has every stage against the cadence.
    expect(html.match(/<g class="point/g)).toHaveLength(14);
  });

  it('shows every stage in full when asked (--stages all), and the latest n with --stages n', () => {
    const page = (fullStages: number) => preview({ fullStages });
    expect(page(Infinity).stages.filter((s) => s.folded)).toEqual([]);
    expect(previewPage(page(Infinity)).match(/<article class="frame/g)).toHaveLength(14);
    expect(
      page(5)
        .stages.filter((s) => !s.folded)
        .map((s) => s.key),
    ).toEqual(['10-update', '11-update', '12-update', '13-update', '14-update']);
  });
});

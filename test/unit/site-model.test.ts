// What the status site shows, as data: which incidents, in which order, with which entries, under
// which title. Only signed-off status-page text, as its files are now.
import { describe, expect, it } from 'vitest';
import { siteModel } from '../../src/site/index.js';
import { CONFIG, incident, type IncidentBuilder } from './site-fixture.js';

const model = (...incidents: IncidentBuilder[]) => siteModel({ config: CONFIG, languages: ['en', 'fr', 'he'], incidents: incidents.map((b) => b.input()) });

describe('the incidents on the site', () => {
  it('lists open incidents first, most recently updated first, then resolved ones, most recently resolved first', () => {
    const resolvedEarly = incident('20260309-0900-supply-delay', { startedAt: -1500 }).start().approve(-1495).resolve(-1400).approve(-1390);
    const resolvedLate = incident('20260309-1500-returns-surge', { startedAt: -1200 }).start().approve(-1195).resolve(-100).approve(-90);
    const openQuiet = incident('20260310-0800-review-storm', { startedAt: -120 }).start().approve(-115);
    const openBusy = incident('20260310-0900-site-outage', { startedAt: -60 }).start().approve(-55).update(30).approve(35);
    const m = model(resolvedEarly, openQuiet, resolvedLate, openBusy);
    expect(m.incidents.map((i) => [i.name, i.state])).toEqual([
      ['20260310-0900-site-outage', 'identified'],
      ['20260310-0800-review-storm', 'investigating'],
      ['20260309-1500-returns-surge', 'resolved'],
      ['20260309-0900-supply-delay', 'resolved'],
    ]);
    // An open incident promises its next update; a resolved one promises nothing.
    expect(m.incidents[0]!.nextUpdateAt).toBe(openBusy.input().state.next_update_at);
    expect(m.incidents[2]!.nextUpdateAt).toBeNull();
    expect(m.incidents[2]!.resolvedAt).not.toBeNull();
  });

  it('leaves out an incident with nothing signed off, and every statement that is not for the status page', () => {
    const unsigned = incident('20260310-1000-site-outage').start();
    const internalOnly = incident('20260310-1100-data-breach').start().approve(5, '01-start', 'internal');
    expect(model(unsigned, internalOnly).incidents).toEqual([]);
    const both = incident('20260310-1200-site-outage').start().approve(5).approve(6, '01-start', 'internal');
    const entries = model(both).incidents[0]!.entries;
    expect(Object.values(entries).flatMap((list) => list.map((e) => e.statement))).toEqual(['status-page', 'status-page', 'status-page']);
    expect(JSON.stringify(entries)).not.toContain('internal notes');
  });

  it('hides a statement edited after its sign-off until it is signed off again, then dates it by the new sign-off', () => {
    const b = incident('20260310-1000-site-outage').start(0).approve(5).update(40).approve(45);
    b.edit('statements/02-update/status-page.en.md', '## Payments are failing: update 1 (en)\n\nCorrected text.\n');
    const hidden = model(b).incidents[0]!;
    expect(hidden.entries.en!.map((e) => e.folder)).toEqual(['01-start']);
    expect(hidden.entries.fr!.map((e) => e.folder)).toEqual(['01-start']); // one sign-off covers every language of it
    b.approve(50);
    const shown = model(b).incidents[0]!.entries.en!;
    expect(shown.map((e) => [e.folder, e.text.includes('Corrected text.'), e.edited])).toEqual([
      ['02-update', true, true],
      ['01-start', false, false],
    ]);
  });

  it('gives every signed-off update of an incident, newest first, in each language', () => {
    const b = incident('20260310-1000-site-outage').start(0).approve(5).update(40).approve(45).update(100).approve(105);
    const { entries } = model(b).incidents[0]!;
    for (const lang of ['en', 'fr', 'he']) {
      expect(entries[lang]!.map((e) => e.folder)).toEqual(['03-update', '02-update', '01-start']);
      expect(entries[lang]!.every((e) => e.textLang === lang && e.text.includes(`(${lang})`))).toBe(true);
    }
  });

  it('shows a stage not issued in a language in the incident first language, and says which', () => {
    const b = incident('20260310-1000-site-outage', { languages: ['fr', 'en'] })
      .start(0)
      .approve(5);
    const he = model(b).incidents[0]!.entries.he!;
    expect(he.map((e) => [e.lang, e.textLang])).toEqual([['he', 'fr']]);
    expect(he[0]!.text).toContain('(fr)');
  });
});

describe('an incident title', () => {
  it('is the heading of its first signed-off statement in the language, not that of its latest update or of the resolution', () => {
    const b = incident('20260310-1000-site-outage').start(0).approve(5).update(40).approve(45).resolve(90).approve(95);
    const i = model(b).incidents[0]!;
    expect(i.title.en).toEqual({ text: 'Payments are failing (en)', lang: 'en' });
    expect(i.title.he).toEqual({ text: 'Payments are failing (he)', lang: 'he' });
  });

  it('stays the same while updates come in', () => {
    const b = incident('20260310-1000-site-outage').start(0).approve(5);
    const before = model(b).incidents[0]!.title;
    b.update(40).approve(45);
    expect(model(b).incidents[0]!.title).toEqual(before);
  });
});

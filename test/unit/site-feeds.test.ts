// The status site's feeds as a feed reader sees them: Atom (RFC 4287) well-formed, JSON Feed 1.1
// with its fields, an entry per signed-off update whose id never changes: a rebuild keeps it, a
// new update is a new entry, an edit signed off again moves `updated` and keeps the id.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/playbook/index.js';
import { siteFiles, siteModel } from '../../src/site/index.js';
import { CONFIG, incident, type IncidentBuilder, unxml, xmlProblems } from './site-fixture.js';

const NOW = new Date('2026-03-10T12:00:00+01:00');
const build = (config = CONFIG, ...incidents: IncidentBuilder[]) =>
  Object.fromEntries(
    siteFiles(siteModel({ config, languages: config.languages, incidents: incidents.map((b) => b.input()) }), NOW).map((f) => [f.path, f.content]),
  );

type AtomEntry = { id: string; title: string; published: string; updated: string; link: string; category: string; content: string; lang: string };
function atomEntries(xml: string): AtomEntry[] {
  return [...xml.matchAll(/<entry xml:lang="([^"]+)">([^]*?)<\/entry>/g)].map(([, lang, body]) => {
    const tag = (name: string) => unxml(new RegExp(`<${name}[^>]*>([^]*?)</${name}>`).exec(body!)?.[1] ?? '');
    return {
      lang: lang!,
      id: tag('id'),
      title: tag('title'),
      published: tag('published'),
      updated: tag('updated'),
      link: unxml(/<link rel="alternate"[^>]* href="([^"]*)"/.exec(body!)?.[1] ?? ''),
      category: /<category term="([^"]+)"/.exec(body!)?.[1] ?? '',
      content: tag('content'),
    };
  });
}

const outage = () => incident('20260310-1000-site-outage', { answers: { cause: 'under-investigation' } });

describe('the Atom feed', () => {
  it('is well-formed, with a permanent feed id, its own address, and the other languages as alternates', () => {
    const files = build(CONFIG, outage().start(0).approve(5));
    for (const lang of ['en', 'fr', 'he']) expect(xmlProblems(files[`${lang}/atom.xml`]!), lang).toEqual([]);
    const en = files['en/atom.xml']!;
    expect(en).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(en).toContain('<id>tag:acme.example,2026:status/en</id>');
    expect(en).toContain('<link rel="self" type="application/atom+xml" href="https://status.acme.example/en/atom.xml"/>');
    expect(en).toContain('<link rel="alternate" type="application/atom+xml" hreflang="he" href="https://status.acme.example/he/atom.xml"/>');
    expect(en).toContain('<updated>2026-03-10T10:05:00+01:00</updated>'); // the newest entry's, not the build's
  });

  it('has an entry per signed-off update, titled with the incident and the state it put it in, linking to it on the page', () => {
    const files = build(CONFIG, outage().start(0).approve(5).update(40, { cause: 'payment-provider' }).approve(45).resolve(90).approve(95));
    expect(atomEntries(files['en/atom.xml']!).map((e) => [e.title, e.category, e.link, e.published])).toEqual([
      [
        'Payments are failing (en) – Resolved',
        'resolved',
        'https://status.acme.example/en/incidents/20260310-1000-site-outage.html#03-resolve-status-page',
        '2026-03-10T11:30:00+01:00',
      ],
      [
        'Payments are failing (en) – Identified',
        'identified',
        'https://status.acme.example/en/incidents/20260310-1000-site-outage.html#02-update-status-page',
        '2026-03-10T10:40:00+01:00',
      ],
      [
        'Payments are failing (en) – Investigating',
        'investigating',
        'https://status.acme.example/en/incidents/20260310-1000-site-outage.html#01-start-status-page',
        '2026-03-10T10:00:00+01:00',
      ],
    ]);
    // The update's own words are its content, as HTML.
    expect(atomEntries(files['en/atom.xml']!)[1]!.content).toBe('<h2>Payments are failing: update 1 (en)</h2>\n<p>Update at 40.</p>');
    expect(atomEntries(files['he/atom.xml']!).map((e) => [e.lang, e.title])).toEqual([
      ['he', 'Payments are failing (he) – נפתר'],
      ['he', 'Payments are failing (he) – הסיבה זוהתה'],
      ['he', 'Payments are failing (he) – בבדיקה'],
    ]);
  });

  it('keeps every id across rebuilds, byte for byte, and adds a new update as a new entry', () => {
    const b = outage().start(0).approve(5);
    const first = build(CONFIG, b)['en/atom.xml']!;
    expect(build(CONFIG, b)['en/atom.xml']).toBe(first);
    const [entry] = atomEntries(first);
    expect(entry!.id).toBe('tag:acme.example,2026-03-10:20260310-1000-site-outage/01-start/status-page/en');

    b.update(40).approve(45);
    const second = atomEntries(build(CONFIG, b)['en/atom.xml']!);
    expect(second.map((e) => e.id)).toEqual(['tag:acme.example,2026-03-10:20260310-1000-site-outage/02-update/status-page/en', entry!.id]);
    // The old entry is untouched.
    expect(second[1]).toEqual(entry);
  });

  it('on an edit signed off again changes `updated` and keeps the id; a second sign-off of the same text changes nothing', () => {
    const b = outage().start(0).approve(5);
    const [before] = atomEntries(build(CONFIG, b)['en/atom.xml']!);
    b.approve(20); // the same text again
    expect(atomEntries(build(CONFIG, b)['en/atom.xml']!)).toEqual([before]);

    b.edit('statements/01-start/status-page.en.md', '## Payments are failing (en)\n\nVisa and Mastercard fail; PayPal works.\n').approve(30);
    const [after] = atomEntries(build(CONFIG, b)['en/atom.xml']!);
    expect(after!.id).toBe(before!.id);
    expect(after!.published).toBe(before!.published);
    expect([before!.updated, after!.updated]).toEqual(['2026-03-10T10:05:00+01:00', '2026-03-10T10:30:00+01:00']);
    expect(after!.content).toContain('PayPal works.');
  });

  it('without status_url, links relative to the feed, which a reader resolves against the feed address', () => {
    const config = { ...CONFIG, status_url: undefined };
    const files = build(config, outage().start(0).approve(5));
    const xml = files['fr/atom.xml']!;
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="atom.xml"/>');
    expect(xml).toContain('hreflang="en" href="../en/atom.xml"');
    const link = atomEntries(xml)[0]!.link;
    expect(new URL(link, 'https://status.example/fr/atom.xml').href).toBe(
      'https://status.example/fr/incidents/20260310-1000-site-outage.html#01-start-status-page',
    );
  });

  it('with nothing on the site yet is a well-formed feed with no entry, dated by the build', () => {
    const xml = build(CONFIG, outage().start(0))['en/atom.xml']!;
    expect(xmlProblems(xml)).toEqual([]);
    expect(atomEntries(xml)).toEqual([]);
    expect(xml).toContain(`<updated>2026-03-10T12:00:00+01:00</updated>`);
  });
});

describe('the JSON Feed', () => {
  it('carries the fields of JSON Feed 1.1, times with their offset, the same ids and titles as Atom', () => {
    const files = build(CONFIG, outage().start(0).approve(5).update(40, { cause: 'deployment' }).approve(45));
    const feed = JSON.parse(files['fr/feed.json']!);
    expect(feed).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Acme Outdoor – État des services',
      home_page_url: 'https://status.acme.example/fr/index.html',
      feed_url: 'https://status.acme.example/fr/feed.json',
      language: 'fr',
      authors: [{ name: 'Acme Outdoor' }],
      items: [
        {
          id: 'tag:acme.example,2026-03-10:20260310-1000-site-outage/02-update/status-page/fr',
          url: 'https://status.acme.example/fr/incidents/20260310-1000-site-outage.html#02-update-status-page',
          title: 'Payments are failing (fr) – Cause identifiée',
          content_html: '<h2>Payments are failing: update 1 (fr)</h2>\n<p>Update at 40.</p>',
          date_published: '2026-03-10T10:40:00+01:00',
          date_modified: '2026-03-10T10:45:00+01:00',
          language: 'fr',
          tags: ['Cause identifiée'],
        },
        {
          id: 'tag:acme.example,2026-03-10:20260310-1000-site-outage/01-start/status-page/fr',
          url: 'https://status.acme.example/fr/incidents/20260310-1000-site-outage.html#01-start-status-page',
          title: 'Payments are failing (fr) – Analyse en cours',
          content_html: '<h2>Payments are failing (fr)</h2>\n<p>Started at 0.</p>',
          date_published: '2026-03-10T10:00:00+01:00',
          date_modified: '2026-03-10T10:05:00+01:00',
          language: 'fr',
          tags: ['Analyse en cours'],
        },
      ],
    });
    expect(feed.items.map((i: { id: string }) => i.id)).toEqual(atomEntries(files['fr/atom.xml']!).map((e) => e.id));
  });

  it('without status_url leaves its optional addresses out rather than guessing them', () => {
    const config = { ...CONFIG, status_url: undefined };
    const feed = JSON.parse(build(config, outage().start(0).approve(5))['en/feed.json']!);
    expect(feed).not.toHaveProperty('home_page_url');
    expect(feed).not.toHaveProperty('feed_url');
    expect(feed.items[0]).not.toHaveProperty('url');
    expect(feed.items[0].id).toMatch(/^tag:acme\.example,2026-03-10:/);
  });
});

describe('entry ids', () => {
  it('are minted under the company domain, so they stay when the status site moves', () => {
    const moved = parseConfig(
      'crisis.config.yaml',
      'organization: Acme Outdoor\nsupport: { email: help@acme.example, url: https://acme.example/help }\nstatus_url: https://acme-status.example.net\n',
    ).config!;
    const ids = (config: typeof CONFIG) => atomEntries(build(config, outage().start(0).approve(5))['en/atom.xml']!).map((e) => e.id);
    expect(ids(moved)).toEqual(ids({ ...CONFIG, languages: ['en'] }));
  });
});

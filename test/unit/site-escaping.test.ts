// Hostile text on the status site: a fact typed in a hurry or pasted from a ticket can hold
// markup, `]]>`, quotes, ampersands or characters XML cannot carry. It reaches the site as the
// words it is, in every format a statement may have: no element, no script, no broken feed.
import { describe, expect, it } from 'vitest';
import { siteFiles, siteModel } from '../../src/site/index.js';
import { CONFIG, incident, type IncidentBuilder, unxml, xmlProblems } from './site-fixture.js';

const NOW = new Date('2026-03-10T12:00:00+01:00');
const HOSTILE = `<script>alert("x")</script> ]]> <![CDATA[ & &amp; 'quoted' "double" <img src=x onerror=alert(1)> \u0000\u0007\ud800`;
const NAME = '20260310-1000-site-outage';

const build = (b: IncidentBuilder, config = CONFIG) =>
  Object.fromEntries(siteFiles(siteModel({ config, languages: config.languages, incidents: [b.input()] }), NOW).map((f) => [f.path, f.content]));

/** A statement of each format, as the renderer writes it: markdown and text carry the fact raw, HTML escaped. */
const FORMATS = {
  md: (lang: string) => `## Payments fail: ${HOSTILE}\n\nThe provider says: ${HOSTILE}\n`,
  txt: (lang: string) => `Payments fail: ${HOSTILE}\n\nThe provider says (${lang}): ${HOSTILE}\n`,
  html: (lang: string) =>
    `<div lang="${lang}"><h2>Payments fail: ${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</h2></div>\n`,
} as const;

describe.each(Object.keys(FORMATS) as (keyof typeof FORMATS)[])('a hostile fact in a %s statement', (ext) => {
  const b = incident(NAME, { ext, texts: { en: FORMATS[ext]('en'), fr: FORMATS[ext]('fr'), he: FORMATS[ext]('he') } })
    .start(0)
    .approve(5);
  const files = build(b);

  it('adds no element to the pages: no script, no image, the page whole after it', () => {
    for (const path of ['en/index.html', `en/incidents/${NAME}.html`, `he/incidents/${NAME}.html`, 'index.html']) {
      const html = files[path]!;
      expect(html, path).not.toMatch(/<script|<img|onerror=alert\(1\)>|<!\[CDATA\[/i);
      expect(html, path).toContain('&lt;script&gt;');
      expect(html.trimEnd(), path).toMatch(/<\/footer>\n<\/body>\n<\/html>$/);
    }
    const page = files[`en/incidents/${NAME}.html`]!;
    expect(page.match(/<article class="update"/g)).toHaveLength(1);
    // The title shows the fact as text, in the page's <title> and its heading.
    expect(page).toMatch(/<title>Payments fail: &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; \]\]&gt;/);
    expect(page).toMatch(/<h1 lang="en" dir="ltr">Payments fail: &lt;script&gt;/);
  });

  it('keeps both feeds well-formed, carrying the words and nothing that runs', () => {
    for (const lang of ['en', 'fr', 'he']) {
      const xml = files[`${lang}/atom.xml`]!;
      expect(xmlProblems(xml), lang).toEqual([]);
      const content = unxml(/<content type="html">([^]*?)<\/content>/.exec(xml)![1]!);
      expect(content).not.toMatch(/<script|<img/i);
      expect(content).toContain('&lt;script&gt;');
      const title = unxml(/<entry[^]*?<title type="text">([^]*?)<\/title>/.exec(xml)![1]!);
      expect(title.startsWith('Payments fail: <script>alert("x")</script> ]]>')).toBe(true);

      const feed = JSON.parse(files[`${lang}/feed.json`]!);
      expect(feed.items).toHaveLength(1);
      expect(feed.items[0].content_html).not.toMatch(/<script|<img/i);
      expect(feed.items[0].title.startsWith('Payments fail: <script>alert("x")</script> ]]>')).toBe(true);
    }
  });
});

it('escapes a hostile organisation name and support address in the pages and the feeds', () => {
  const config = {
    ...CONFIG,
    organization: 'Acme <b>& Co</b> ]]>',
    support: { email: 'help"><script>@acme.example', url: 'javascript:alert(1)' },
  };
  const files = build(incident(NAME).start(0).approve(5), config);
  const page = files[`en/incidents/${NAME}.html`]!;
  expect(page).not.toMatch(/<script|<b>|href="javascript:/i);
  expect(page).toContain('Acme &lt;b&gt;&amp; Co&lt;/b&gt; ]]&gt;');
  expect(xmlProblems(files['en/atom.xml']!)).toEqual([]);
  expect(files['en/atom.xml']).toContain('<name>Acme &lt;b&gt;&amp; Co&lt;/b&gt; ]]&gt;</name>');
  expect(JSON.parse(files['en/feed.json']!).authors).toEqual([{ name: 'Acme <b>& Co</b> ]]>' }]);
});

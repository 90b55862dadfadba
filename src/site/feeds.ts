// Atom 1.0 (RFC 4287) and JSON Feed 1.1 per language: an entry per signed-off status-page
// statement, newest first, ids permanent (model.ts), `updated` when the text was signed off.
// Links are absolute under `status_url`; without it, Atom's are relative to the feed (RFC 4287
// resolves them against the feed's own address) and JSON Feed leaves its optional URLs out.
import { toZonedIso } from '../time/index.js';
import { feedId, type SiteEntry, type SiteIncident, type SiteModel } from './model.js';
import { sitePaths } from './pages.js';
import { statementHtml } from './text.js';
import { wordsFor } from './words.js';

type FeedEntry = { incident: SiteIncident; entry: SiteEntry };

/** Every entry of a language, most recently updated first (ties by id, so a rebuild writes the same file). */
function entriesOf(model: SiteModel, lang: string): FeedEntry[] {
  return model.incidents
    .flatMap((incident) => (incident.entries[lang] ?? []).map((entry) => ({ incident, entry })))
    .sort((a, b) => Date.parse(b.entry.updated) - Date.parse(a.entry.updated) || (a.entry.id < b.entry.id ? -1 : 1));
}

/** The feed's own `updated`: its newest entry's; with no entry, the time of the build. */
const feedUpdated = (entries: FeedEntry[], now: string) => entries[0]?.entry.updated ?? now;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 cannot hold at all (C0 controls but tab and line ends, lone surrogates, U+FFFE/F) are dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const xml = (s: string) => s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

const title = (model: SiteModel, lang: string) => `${model.config.organization} – ${wordsFor(lang).site}`;

/**
 * An entry's title: the incident's, and the state this update put it in ("Payments are failing –
 * Identified"), so a reader's list groups an incident's updates under one name; the update's own
 * heading is in its content.
 */
const entryTitle = ({ incident, entry }: FeedEntry, lang: string) => `${incident.title[lang]?.text ?? incident.name} – ${wordsFor(lang).states[entry.state]}`;

export function atomFeed(model: SiteModel, lang: string, base: string | undefined, now: string): string {
  const tz = model.config.timezone;
  const entries = entriesOf(model, lang);
  // Relative links resolve against the feed, which sits in the language's folder.
  const href = (path: string) => (base ? new URL(path, base).href : path.startsWith(`${lang}/`) ? path.slice(lang.length + 1) : `../${path}`);
  const at = (iso: string) => toZonedIso(new Date(iso), tz);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(lang)}">`,
    `  <id>${xml(feedId(model.authority, lang))}</id>`,
    `  <title type="text">${xml(title(model, lang))}</title>`,
    `  <updated>${at(feedUpdated(entries, now))}</updated>`,
    `  <author><name>${xml(model.config.organization)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(href(sitePaths.atom(lang)))}"/>`,
    `  <link rel="alternate" type="text/html" hreflang="${xml(lang)}" href="${xml(href(sitePaths.index(lang)))}"/>`,
    ...model.languages
      .filter((l) => l !== lang)
      .map((l) => `  <link rel="alternate" type="application/atom+xml" hreflang="${xml(l)}" href="${xml(href(sitePaths.atom(l)))}"/>`),
  ];
  for (const item of entries) {
    const { incident, entry } = item;
    const words = wordsFor(lang);
    lines.push(
      `  <entry xml:lang="${xml(entry.textLang)}">`,
      `    <id>${xml(entry.id)}</id>`,
      `    <title type="text">${xml(entryTitle(item, lang))}</title>`,
      `    <published>${at(entry.published)}</published>`,
      `    <updated>${at(entry.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" hreflang="${xml(lang)}" href="${xml(href(`${sitePaths.incident(lang, incident.name)}#${entry.anchor}`))}"/>`,
      `    <category term="${entry.state}" label="${xml(words.states[entry.state])}"/>`,
      `    <content type="html">${xml(statementHtml(entry.text, entry.format))}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}

export function jsonFeed(model: SiteModel, lang: string, base: string | undefined): string {
  const tz = model.config.timezone;
  const entries = entriesOf(model, lang);
  const abs = (path: string) => (base ? { url: new URL(path, base).href } : {});
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: title(model, lang),
    ...(base ? { home_page_url: new URL(sitePaths.index(lang), base).href, feed_url: new URL(sitePaths.json(lang), base).href } : {}),
    language: lang,
    authors: [{ name: model.config.organization }],
    items: entries.map((item) => {
      const { incident, entry } = item;
      return {
        id: entry.id,
        ...abs(`${sitePaths.incident(lang, incident.name)}#${entry.anchor}`),
        title: entryTitle(item, lang),
        content_html: statementHtml(entry.text, entry.format),
        date_published: toZonedIso(new Date(entry.published), tz),
        date_modified: toZonedIso(new Date(entry.updated), tz),
        language: entry.textLang,
        tags: [wordsFor(lang).states[entry.state]],
      };
    }),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

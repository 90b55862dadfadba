// The site's pages and feeds as files: per language an index, a page per incident, Atom and JSON
// Feed; at the root the default language's index. Every link is relative, so the folder works
// from file:// and from any static host; nothing is loaded (inline CSS, a CSP that forbids every request).
import { isRtl, languageName } from '../text/index.js';
import { atomFeed, jsonFeed } from './feeds.js';
import { renderSiteLayout, SITE_STYLES } from './layout.js';
import type { SiteEntry, SiteIncident, SiteModel } from './model.js';
import { statementHtml, when } from './text.js';
import { wordsFor } from './words.js';

export type SiteFile = { path: string; content: string };

/** The policy of every page: nothing may load; inline styles only. */
export const SITE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Where a site file lives, from the site's root. */
export const sitePaths = {
  index: (lang: string) => `${lang}/index.html`,
  incident: (lang: string, name: string) => `${lang}/incidents/${name}.html`,
  atom: (lang: string) => `${lang}/atom.xml`,
  json: (lang: string) => `${lang}/feed.json`,
};

/** The written `status_url` as a base for absolute links (with a trailing slash), or undefined. */
export function siteBase(statusUrl?: string): string | undefined {
  if (!statusUrl) return undefined;
  try {
    const url = new URL(statusUrl);
    if (!/^https?:$/.test(url.protocol)) return undefined;
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * Every file of the site, sorted by path. `now` (the build's time) only dates an Atom feed that has
 * no entry yet: otherwise the same incidents give the same files, byte for byte.
 */
export function siteFiles(model: SiteModel, now: Date): SiteFile[] {
  const base = siteBase(model.config.status_url);
  const files: SiteFile[] = [];
  const [first] = model.languages;
  for (const lang of model.languages) {
    files.push({ path: sitePaths.index(lang), content: indexPage(model, lang, '../') });
    for (const incident of model.incidents) {
      if (incident.entries[lang]?.length) files.push({ path: sitePaths.incident(lang, incident.name), content: incidentPage(model, incident, lang) });
    }
    files.push({ path: sitePaths.atom(lang), content: atomFeed(model, lang, base, now.toISOString()) });
    files.push({ path: sitePaths.json(lang), content: jsonFeed(model, lang, base) });
  }
  if (first) files.push({ path: 'index.html', content: indexPage(model, first, '') });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

type Common = ReturnType<typeof common>;

function common(model: SiteModel, lang: string, toRoot: string, pathOf: (lang: string) => string | undefined) {
  const words = wordsFor(lang);
  const org = model.config.organization;
  return {
    lang,
    dir: isRtl(lang) ? 'rtl' : 'ltr',
    csp: SITE_CSP,
    css: SITE_STYLES.site,
    words,
    org,
    siteName: words.site,
    home: `${toRoot}${sitePaths.index(lang)}`,
    // Every language of the site, each in its own name, linked with hreflang to the same page in it.
    languages: model.languages.map((l) => {
      const path = pathOf(l);
      return {
        lang: l,
        dir: isRtl(l) ? 'rtl' : 'ltr',
        name: languageName(l, l),
        href: path ? `${toRoot}${path}` : `${toRoot}${sitePaths.index(l)}`,
        current: l === lang,
      };
    }),
    atom: `${toRoot}${sitePaths.atom(lang)}`,
    json: `${toRoot}${sitePaths.json(lang)}`,
    help: helpOf(model, words),
  };
}

function helpOf(model: SiteModel, words: ReturnType<typeof wordsFor>) {
  const s = model.config.support;
  const items = [
    s.email && { label: words.email, href: `mailto:${s.email}`, text: s.email },
    s.phone && { label: words.phone, href: `tel:${s.phone.replace(/[^+\d]/g, '')}`, text: s.phone },
    s.url && /^https?:\/\//i.test(s.url) && { label: words.helpCentre, href: s.url, text: s.url },
  ].filter(Boolean);
  return items.length ? items : undefined;
}

function stateOf(state: SiteIncident['state'], lang: string) {
  return { key: state, label: wordsFor(lang).states[state] };
}

/** The incident's title in a language (its first announcement's heading), in the language it is written in. */
const incidentTitle = (incident: SiteIncident, lang: string) => {
  const title = incident.title[lang]!;
  return { text: title.text, lang: title.lang, dir: isRtl(title.lang) ? 'rtl' : 'ltr' };
};

function indexPage(model: SiteModel, lang: string, toRoot: string): string {
  const tz = model.config.timezone;
  const c = common(model, lang, toRoot, (l) => sitePaths.index(l));
  const cards = model.incidents
    .filter((i) => i.entries[lang]?.length)
    .map((i) => ({
      name: i.name,
      href: `${toRoot}${sitePaths.incident(lang, i.name)}`,
      title: incidentTitle(i, lang),
      state: stateOf(i.state, lang),
      updated: { iso: i.updatedAt, text: when(i.updatedAt, lang, tz) },
      next: i.nextUpdateAt ? { iso: i.nextUpdateAt, text: when(i.nextUpdateAt, lang, tz) } : undefined,
      resolved: i.resolvedAt ? { iso: i.resolvedAt, text: when(i.resolvedAt, lang, tz) } : undefined,
    }));
  const open = cards.filter((c) => !c.resolved);
  const resolved = cards.filter((c) => c.resolved);
  const last = model.incidents.map((i) => i.updatedAt).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  return page('index', {
    ...c,
    title: `${c.org} – ${c.siteName}`,
    root: toRoot === '',
    canonical: toRoot === '' ? sitePaths.index(lang) : undefined,
    open,
    resolved,
    lastUpdated: last ? { iso: last, text: when(last, lang, tz) } : undefined,
  });
}

function incidentPage(model: SiteModel, incident: SiteIncident, lang: string): string {
  const tz = model.config.timezone;
  const c: Common = common(model, lang, '../../', (l) => (incident.entries[l]?.length ? sitePaths.incident(l, incident.name) : undefined));
  const title = incidentTitle(incident, lang);
  return page('incident', {
    ...c,
    title: `${title.text} – ${c.org}`,
    heading: title,
    state: stateOf(incident.state, lang),
    started: { iso: incident.startedAt, text: when(incident.startedAt, lang, tz) },
    resolved: incident.resolvedAt ? { iso: incident.resolvedAt, text: when(incident.resolvedAt, lang, tz) } : undefined,
    next: incident.nextUpdateAt ? { iso: incident.nextUpdateAt, text: when(incident.nextUpdateAt, lang, tz) } : undefined,
    lastUpdated: { iso: incident.updatedAt, text: when(incident.updatedAt, lang, tz) },
    entries: incident.entries[lang]!.map((e) => entryView(e, lang, tz)),
  });
}

function entryView(e: SiteEntry, lang: string, tz: string) {
  return {
    anchor: e.anchor,
    state: stateOf(e.state, lang),
    published: { iso: e.published, text: when(e.published, lang, tz) },
    // Signed off again after an edit: said, with when.
    edited: e.edited ? { iso: e.updated, text: when(e.updated, lang, tz) } : undefined,
    textLang: e.textLang,
    textDir: isRtl(e.textLang) ? 'rtl' : 'ltr',
    note: e.textLang !== lang ? wordsFor(lang).notInThisLanguage.replace('{lang}', languageName(e.textLang, lang)) : undefined,
    html: statementHtml(e.text, e.format),
  };
}

const page = (body: 'index' | 'incident', view: Record<string, unknown>) => `${renderSiteLayout('page', { ...view, [body]: true })}\n`;

// The status site as plain data: which incidents it shows, in which state, and every signed-off
// status-page statement of each, per language. Built from what the shell read (timelines, the
// playbooks' statements, the files); pure: files are read through the `read` and `hashOf` the
// caller passes, as the preview does.
import { type Approval, type HashOf, type IncidentState, signOffOf, stageContexts, type StageRecord, type TimelineEvent } from '../incident/index.js';
import { type Config, type Format, isCustomerFacing, type Stage, type Statement } from '../playbook/index.js';
import { stateAt } from './state.js';
import { titleOf } from './text.js';

export const SITE_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type SiteState = (typeof SITE_STATES)[number];

/** One incident folder as the shell read it. */
export type SiteIncidentInput = {
  /** The incident folder's name (`20260310-1000-site-outage`): its page's name and part of every entry id. */
  name: string;
  state: IncidentState;
  events: readonly TimelineEvent[];
  /** The statements of its playbook, for their channel and audience. */
  statements: readonly Statement[];
  /** The text of a file of the incident (a path relative to its folder), undefined when it cannot be read. */
  read: (path: string) => string | undefined;
  hashOf: HashOf;
};

export type SiteInput = {
  config: Config;
  /** The site's languages, the default first (the config's). */
  languages: readonly string[];
  incidents: readonly SiteIncidentInput[];
};

/** One signed-off statement in one language of the site: an entry of its feed and an update on its incident's page. */
export type SiteEntry = {
  /** Permanent: from the incident, the stage folder, the statement and the site language; never from the text. */
  id: string;
  /** The anchor of the update on the incident page. */
  anchor: string;
  folder: string;
  statement: string;
  stage: Stage;
  state: SiteState;
  /** The site language it is listed under. */
  lang: string;
  /** The language the text is in: the site language, or the incident's first one when this one was not issued. */
  textLang: string;
  format: Format;
  text: string;
  /** When the stage was issued (ISO 8601). */
  published: string;
  /** When the text as it is now was first signed off (an edit signed off again moves it). */
  updated: string;
  /** The text was changed after an earlier sign-off, and signed off again. */
  edited: boolean;
};

export type SiteIncident = {
  name: string;
  state: SiteState;
  startedAt: string;
  /** The time of the resolution, once its statement is signed off. */
  resolvedAt: string | null;
  /** The next update the latest shown statements promise; null once resolved. */
  nextUpdateAt: string | null;
  /** The latest `updated` of its entries. */
  updatedAt: string;
  /** By site language: its entries, newest first. */
  entries: Record<string, SiteEntry[]>;
  /**
   * By site language: what the incident is called, the heading of its first entry there (the first
   * announcement), so it keeps its name while updates and the resolution come in. Plain text, in `lang`.
   */
  title: Record<string, { text: string; lang: string }>;
};

export type SiteModel = {
  config: Config;
  languages: readonly string[];
  /** The authority entry ids are minted under (a host name). */
  authority: string;
  /** Open incidents first, most recently updated first; then resolved ones, most recently resolved first. */
  incidents: SiteIncident[];
};

export function siteModel(input: SiteInput): SiteModel {
  const authority = authorityOf(input.config);
  const incidents = input.incidents.map((i) => incidentOf(i, input.languages, authority)).filter((i): i is SiteIncident => i !== undefined);
  const open = incidents.filter((i) => !i.resolvedAt).sort((a, b) => later(a.updatedAt, b.updatedAt) || a.name.localeCompare(b.name));
  const resolved = incidents.filter((i) => i.resolvedAt).sort((a, b) => later(a.resolvedAt!, b.resolvedAt!) || a.name.localeCompare(b.name));
  return { config: input.config, languages: input.languages, authority, incidents: [...open, ...resolved] };
}

/** Newer first. */
const later = (a: string, b: string) => Date.parse(b) - Date.parse(a);

type Shown = { rec: StageRecord; statement: Statement; facts: Record<string, unknown>; nextUpdateAt: string | null; state: SiteState };

function incidentOf(input: SiteIncidentInput, languages: readonly string[], authority: string): SiteIncident | undefined {
  const { state } = input;
  const contexts = stageContexts(input.events);
  const shown: Shown[] = [];
  for (const rec of state.stages) {
    const ctx = contexts.get(rec.folder) ?? { facts: state.answers, nextUpdate: null };
    for (const id of [...new Set(rec.statements.map((s) => s.statement))]) {
      const statement = input.statements.find((s) => s.id === id);
      if (!statement || statement.channel !== 'status-page' || !isCustomerFacing(statement)) continue;
      // Only what its owner signed off, as the files are now.
      if (!signOffOf(state, rec, id, input.hashOf).approval) continue;
      shown.push({ rec, statement, facts: ctx.facts, nextUpdateAt: ctx.nextUpdate, state: stateAt(rec.stage, ctx.facts, rec.number === 1) });
    }
  }
  const latest = shown.at(-1);
  if (!latest) return undefined;
  const entries: Record<string, SiteEntry[]> = {};
  for (const lang of languages) {
    entries[lang] = shown
      .map((s) => entryOf(input, s, lang, authority))
      .filter((e): e is SiteEntry => e !== undefined)
      .reverse();
  }
  const all = Object.values(entries).flat();
  if (!all.length) return undefined;
  const title: SiteIncident['title'] = {};
  for (const [lang, list] of Object.entries(entries)) {
    const first = list.at(-1);
    if (first) title[lang] = { text: titleOf(first.text, first.format), lang: first.textLang };
  }
  const resolvedAt = latest.rec.stage === 'resolve' ? latest.rec.at : null;
  return {
    name: input.name,
    state: latest.state,
    startedAt: state.started_at,
    resolvedAt,
    nextUpdateAt: resolvedAt ? null : latest.nextUpdateAt,
    updatedAt: all.map((e) => e.updated).sort(later)[0]!,
    entries,
    title,
  };
}

function entryOf(input: SiteIncidentInput, s: Shown, lang: string, authority: string): SiteEntry | undefined {
  const files = s.rec.statements.filter((f) => f.statement === s.statement.id);
  // Not issued in this language: the text in the incident's first language that has it, said to be so.
  const file = files.find((f) => f.lang === lang) ?? input.state.languages.map((l) => files.find((f) => f.lang === l)).find(Boolean) ?? files[0];
  if (!file) return undefined;
  const text = input.read(file.path);
  if (text === undefined) return undefined;
  const ext = file.path.split('.').pop();
  return {
    id: entryId(authority, input.name, input.state.started_at, s.rec.folder, s.statement.id, lang),
    anchor: `${s.rec.folder}-${s.statement.id}`,
    folder: s.rec.folder,
    statement: s.statement.id,
    stage: s.rec.stage,
    state: s.state,
    lang,
    textLang: file.lang,
    format: ext === 'html' ? 'html' : ext === 'md' ? 'markdown' : 'text',
    text: text.replace(/\n+$/, ''),
    published: s.rec.at,
    ...firstSignOff(input.state.approvals, s.rec, s.statement.id, file.path, input.hashOf),
  };
}

/**
 * When the file as it is now was first signed off: the earliest approval of the statement that saw
 * this very text (one given before approvals recorded hashes counts for any). So signing the same
 * text off twice moves nothing, and an edit signed off again moves it to the new sign-off.
 */
function firstSignOff(approvals: readonly Approval[], rec: StageRecord, statement: string, path: string, hashOf: HashOf): { updated: string; edited: boolean } {
  const hash = hashOf(path);
  const times = (list: readonly Approval[]) => list.map((a) => a.at).sort((a, b) => Date.parse(a) - Date.parse(b));
  const given = approvals.filter((a) => a.folder === rec.folder && a.statement === statement);
  const first = times(given)[0];
  const sawThis = times(given.filter((a) => !a.files || a.files[path] === hash))[0] ?? first ?? rec.at;
  const updated = Date.parse(sawThis) < Date.parse(rec.at) ? rec.at : sawThis;
  return { updated, edited: first !== undefined && sawThis !== first };
}

/**
 * A `tag:` URI (RFC 4151) under the company's own domain, dated the day the incident started:
 * `tag:acme.example,2026-03-10:20260310-1000-site-outage/02-update/status-page/fr`. Nothing in it
 * comes from the text, so a rebuild, an edit or a new sign-off keeps it.
 */
export function entryId(authority: string, incident: string, startedAt: string, folder: string, statement: string, lang: string): string {
  const day = new Date(startedAt).toISOString().slice(0, 10);
  return `tag:${authority},${day}:${incident}/${folder}/${statement}/${lang}`;
}

/** A feed's permanent id: the year is the one this feed format was defined in, not a date of the feed. */
export const feedId = (authority: string, lang: string) => `tag:${authority},2026:status/${lang}`;

/**
 * The domain ids are minted under: the company's own (support.url's host, else its support email's
 * domain), so they stay when the status site moves; status_url's host when there is neither.
 */
export function authorityOf(config: Config): string {
  const host = (url?: string) => {
    try {
      return url ? new URL(url).hostname.toLowerCase() || undefined : undefined;
    } catch {
      return undefined;
    }
  };
  const mailDomain = config.support.email?.split('@')[1]?.trim().toLowerCase();
  const found = host(config.support.url) ?? (mailDomain && /^[a-z0-9.-]+$/.test(mailDomain) ? mailDomain : undefined) ?? host(config.status_url);
  if (found) return found;
  const slug =
    config.organization
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'status';
  return `${slug}.invalid`;
}

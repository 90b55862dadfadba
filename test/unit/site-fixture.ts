// An incident for the status site's unit tests, in memory: its timeline as events, its statement
// files as a map that can be edited after a sign-off, and sign-offs that record the files' hashes as
// `crisis approve` does. What the shell would read from an incident folder, without a disk.
import { createHash } from 'node:crypto';
import { replay, type TimelineEvent } from '../../src/incident/index.js';
import { type Config, parseConfig, type Statement } from '../../src/playbook/index.js';
import type { SiteIncidentInput } from '../../src/site/index.js';

export const CONFIG: Config = parseConfig(
  'crisis.config.yaml',
  [
    'organization: Acme Outdoor',
    'support: { email: help@acme.example, phone: "+33 1 23 45 67 89", url: https://acme.example/help }',
    'timezone: Europe/Paris',
    'languages: [en, fr, he]',
    'status_url: https://status.acme.example',
  ].join('\n'),
).config!;

export const STATEMENTS: Statement[] = [
  { id: 'status-page', channel: 'status-page', audience: 'public', owner: 'comms-lead', stages: ['start', 'update', 'resolve'], format: 'markdown' },
  { id: 'internal', channel: 'internal', audience: 'staff', owner: 'incident-lead', stages: ['start', 'update', 'resolve'], format: 'markdown' },
];

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** Minutes after 10:00 in Paris, as the timeline writes times. */
export const at = (minutes: number) => new Date(Date.parse('2026-03-10T09:00:00Z') + minutes * 60_000).toISOString();

type Texts = Partial<Record<string, string>>;

/** The status-page text a stage writes in each language, unless a test gives its own. */
const defaultText = (lang: string, heading: string, body: string) => `## ${heading} (${lang})\n\n${body}\n`;

export type IncidentBuilder = {
  name: string;
  files: Map<string, string>;
  events: TimelineEvent[];
  folder: string;
  start(minutes?: number, next?: number): IncidentBuilder;
  update(minutes: number, changes?: Record<string, unknown>, texts?: Texts, next?: number): IncidentBuilder;
  resolve(minutes: number, changes?: Record<string, unknown>, texts?: Texts): IncidentBuilder;
  approve(minutes: number, folder?: string, statement?: string): IncidentBuilder;
  edit(path: string, text: string): IncidentBuilder;
  input(): SiteIncidentInput;
};

export function incident(
  name: string,
  opts: { languages?: string[]; answers?: Record<string, unknown>; startedAt?: number; texts?: Texts; ext?: 'md' | 'txt' | 'html' } = {},
): IncidentBuilder {
  const languages = opts.languages ?? ['en', 'fr', 'he'];
  const files = new Map<string, string>();
  const events: TimelineEvent[] = [];
  let number = 0;

  const stageFiles = (folder: string, texts: Texts | undefined, heading: string, body: string) =>
    STATEMENTS.flatMap((s) =>
      languages.map((lang) => {
        const path = `statements/${folder}/${s.id}.${lang}.${opts.ext ?? 'md'}`;
        files.set(path, s.id === 'status-page' ? (texts?.[lang] ?? defaultText(lang, heading, body)) : `internal notes ${folder} ${lang}\n`);
        return { statement: s.id, lang, path };
      }),
    );

  const b: IncidentBuilder = {
    name,
    files,
    events,
    /** The folder of the latest stage. */
    folder: '',
    start(minutes = opts.startedAt ?? 0, next = 60) {
      const folder = `${String(++number).padStart(2, '0')}-start`;
      b.folder = folder;
      events.push({
        type: 'started',
        at: at(minutes),
        incident: name,
        folder,
        playbook: 'site-outage',
        playbook_hash: 'x',
        title: 'Site, checkout or payment outage',
        severity: 'sev2',
        languages,
        timezone: 'Europe/Paris',
        answers: opts.answers ?? {},
        statements: stageFiles(folder, opts.texts, 'Payments are failing', `Started at ${minutes}.`),
        next_update_at: at(minutes + next),
      } as TimelineEvent);
      return b;
    },
    update(minutes: number, changes: Record<string, unknown> = {}, texts?: Texts, next = 60) {
      const folder = `${String(++number).padStart(2, '0')}-update`;
      b.folder = folder;
      events.push({
        type: 'updated',
        at: at(minutes),
        number,
        folder,
        changes,
        severity: 'sev2',
        statements: stageFiles(folder, texts, `Payments are failing: update ${number - 1}`, `Update at ${minutes}.`),
        next_update_at: at(minutes + next),
      } as TimelineEvent);
      return b;
    },
    resolve(minutes: number, changes: Record<string, unknown> = {}, texts?: Texts) {
      const folder = `${String(++number).padStart(2, '0')}-resolve`;
      b.folder = folder;
      events.push({
        type: 'resolved',
        at: at(minutes),
        number,
        folder,
        changes,
        statements: stageFiles(folder, texts, 'Resolved: payments work again', `Resolved at ${minutes}.`),
        open_steps: [],
      } as TimelineEvent);
      return b;
    },
    /** Signs off a statement of a stage (the latest by default) as its files are now. */
    approve(minutes: number, folder = b.folder, statement = 'status-page') {
      const signed = [...files].filter(([path]) => path.startsWith(`statements/${folder}/${statement}.`));
      events.push({
        type: 'approved',
        at: at(minutes),
        folder,
        statements: [statement],
        role: 'comms-lead',
        person: 'Marc Dubois',
        files: Object.fromEntries(signed.map(([path, text]) => [path, sha(text)])),
      } as TimelineEvent);
      return b;
    },
    /** Changes a file after the fact, as a responder editing it by hand would. */
    edit(path: string, text: string) {
      files.set(path, text);
      return b;
    },
    input(): SiteIncidentInput {
      return {
        name,
        state: replay(events)!,
        events: [...events],
        statements: STATEMENTS,
        read: (path) => files.get(path),
        hashOf: (path) => {
          const text = files.get(path);
          return text === undefined ? undefined : sha(text);
        },
      };
    },
  };
  return b;
}

/**
 * What keeps a text from being well-formed XML 1.0, for the feeds: a stray `<` or `&`, `]]>` in
 * character data, an unquoted or unescaped attribute, an unknown entity, a tag closed out of order,
 * a character XML cannot hold, not exactly one root element. Empty when it is well-formed. A
 * checker of its own, strict where a lenient HTML parser would repair.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  // eslint-disable-next-line no-control-regex
  const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  if (NOT_XML.test(xml)) problems.push('a character XML 1.0 cannot hold');
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  const TOKEN = /<!--[^]*?-->|<\/([A-Za-z_][\w.:-]*)\s*>|<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"]*")*)\s*(\/?)>|<|[^<]+/g;
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(TOKEN)) {
    const [token, close, open, attrs, selfClosing] = m;
    if (close) {
      if (stack.pop() !== close) problems.push(`</${close}> closes what it did not open`);
    } else if (open) {
      if (!stack.length) roots++;
      for (const [, value] of (attrs ?? '').matchAll(/="([^"]*)"/g))
        if (/</.test(value!) || ENTITY.test(value!)) problems.push(`attribute of <${open}>: ${value}`);
      if (!selfClosing) stack.push(open);
    } else if (token === '<') problems.push(`a stray < at ${m.index}`);
    else if (!token.startsWith('<!--')) {
      if (ENTITY.test(token)) problems.push(`a stray & in: ${token.slice(0, 60)}`);
      if (token.includes(']]>')) problems.push(`]]> in character data: ${token.slice(0, 60)}`);
      if (!stack.length && token.trim()) problems.push(`text outside the root: ${token.slice(0, 60)}`);
    }
  }
  if (stack.length) problems.push(`not closed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** The text of an XML element's content, its five entities decoded (the feeds use no others). */
export const unxml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, n: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[n]!);

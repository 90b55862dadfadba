// The preview page's view: everything the layout (layout/*.hbs) shows, worked out from the
// preview's data as plain values: times formatted, counts made, each frame's channel chrome and
// meter chosen. The layout escapes every value; the only markup made here is a statement's own
// body (src/markup, escaped first), which the layout prints as is.
import { type Channel, type Format, formatOf, maxLengthOf, type Statement } from '../playbook/index.js';
import type { Problem } from '../problem/index.js';
import { headingAndBody, linkify, markdownToHtml } from '../markup/index.js';
import { isRtl, smsSegments } from '../text/index.js';
import { formatLocal, formatSpan } from '../time/index.js';
import { cadenceText, languageName, nativeName, stageTitle } from './names.js';
import { PREVIEW_CSP, type PreviewFrame, type PreviewInput, type PreviewRow, type PreviewStage } from './model.js';
import { renderLayout, STYLES } from './layout.js';
import { lateness, timelineView } from './timeline.js';

const CHANNEL_NAMES: Record<Channel, string> = {
  email: 'Email',
  social: 'Social post',
  sms: 'SMS',
  'web-banner': 'Site banner',
  'support-macro': 'Support macro',
  'status-page': 'Status page',
  'phone-script': 'Phone script',
  internal: 'Internal',
  press: 'Press',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const dirOf = (lang: string) => (isRtl(lang) ? 'rtl' : 'ltr');

export function pageView(input: PreviewInput) {
  const { playbook: pb, kind } = input;
  const inc = input.incident;
  const frames = input.stages.flatMap((s) => s.rows.flatMap((r) => r.frames));
  const count = (severity: Problem['severity']) => frames.reduce((n, f) => n + f.problems.filter((p) => p.severity === severity).length, 0);
  return {
    csp: PREVIEW_CSP,
    title: kind === 'incident' ? `${inc!.title} (${inc!.id})` : `${pb.title} (${pb.id})`,
    header: headerView(input, count('warning'), count('error'), frames.length),
    facts:
      kind === 'playbook' && input.facts?.length
        ? input.facts.map((f) => ({ ...f, value: factValue(f.value), answered: f.source === 'none' ? 'not answered' : f.source }))
        : undefined,
    timeline: kind === 'incident' ? timelineView(input) : undefined,
    signOff: kind === 'incident' ? signOffView(input) : undefined,
    deliveries: kind === 'incident' ? deliveriesView(input) : undefined,
    stages: input.stages.map((s, i) => stageView(input, s, i === input.stages.length - 1)),
    folded: input.stages.filter((s) => s.folded).length,
    allStages: inc ? `crisis preview ${inc.id} --stages all` : undefined,
  };
}

export type PageView = ReturnType<typeof pageView>;

function headerView(input: PreviewInput, warnings: number, errors: number, frames: number) {
  const { playbook: pb, config, timeZone } = input;
  const inc = input.incident;
  const severity = inc?.severity ?? input.stages[0]?.severity;
  const due = inc && !inc.resolvedAt && inc.nextUpdateAt ? new Date(inc.nextUpdateAt) : undefined;
  const late = due ? input.now.getTime() - due.getTime() : 0;
  return {
    kicker: inc ? 'Incident preview' : 'Playbook preview',
    id: inc ? inc.id : pb.id,
    heading: inc ? inc.title : pb.title,
    summary: pb.summary,
    organization: config.organization,
    severity: severity && { id: severity.id, label: severity.label, cadence: cadenceText(severity.cadence) },
    languages: input.languages.map((l) => ({ lang: l, name: languageName(l) })),
    started: inc && formatLocal(new Date(inc.startedAt), timeZone),
    resolved: inc?.resolvedAt ? formatLocal(new Date(inc.resolvedAt), timeZone) : undefined,
    nextDue: due && { at: formatLocal(due, timeZone), overdueBy: late > 0 ? formatSpan(late) : undefined, in: late > 0 ? undefined : formatSpan(-late) },
    renderedFor: inc ? undefined : { at: formatLocal(input.now, timeZone), zone: timeZone },
    checks: {
      frames: plural(frames, 'statement'),
      warnings: { n: warnings, text: plural(warnings, 'warning') },
      errors: { n: errors, text: plural(errors, 'error') },
    },
    toc: input.stages.map((s) => ({ key: s.key, title: stageTitle(s) })),
  };
}

function factValue(value: unknown) {
  if (value === null || value === undefined) return { none: true };
  if (Array.isArray(value)) return { list: value.map(String) };
  return { text: typeof value === 'object' ? JSON.stringify(value) : String(value) };
}

/** Shown once anything was published: unknown deliveries first, since only a person can settle them. */
function deliveriesView(input: PreviewInput) {
  const inc = input.incident!;
  const { sent, unknown, failed } = inc.deliveries;
  if (!sent && !unknown.length && !failed.length) return undefined;
  const row = (d: (typeof unknown)[number]) => ({
    what: `${d.statement} ${d.lang}`,
    dir: dirOf(d.lang),
    where: `${d.channel} ${d.target === 'slack' || d.target === 'webhook' ? d.target : `${d.target} ${d.recipient}`}`,
    folder: d.folder,
    since: formatLocal(new Date(d.since), input.timeZone),
    detail: d.detail,
  });
  return {
    sent: plural(sent, 'delivery'),
    unknown: unknown.length ? unknown.map(row) : undefined,
    failed: failed.length ? failed.map(row) : undefined,
    retry: `crisis publish ${inc.id} --retry-unknown`,
    again: `crisis publish ${inc.id}`,
  };
}

function signOffView(input: PreviewInput) {
  const latest = input.stages.at(-1);
  if (!latest) return undefined;
  const awaiting = latest.rows.filter((r) => !r.approval).map((r) => ({ id: r.statement.id, owner: r.statement.owner, person: r.person }));
  return { title: stageTitle(latest), key: latest.key, awaiting: awaiting.length ? awaiting : undefined };
}

function stageView(input: PreviewInput, s: PreviewStage, latest: boolean) {
  const tz = input.timeZone;
  const late = lateness(s);
  const due = s.dueBy ? formatLocal(new Date(s.dueBy), tz) : undefined;
  return {
    key: s.key,
    stage: s.stage,
    number: input.kind === 'incident' ? s.key.slice(0, 2) : undefined,
    title: stageTitle(s),
    langs: input.languages.length,
    when: `${input.kind === 'incident' ? 'issued' : 'as of'} ${formatLocal(new Date(s.at), tz)}`,
    severity: { id: s.severity.id, cadence: cadenceText(s.severity.cadence) },
    nextUpdate: s.nextUpdateAt ? formatLocal(new Date(s.nextUpdateAt), tz) : undefined,
    late: late !== undefined && late > 0 ? { by: formatSpan(late), due } : undefined,
    onTime: late !== undefined && late <= 0 ? { due } : undefined,
    languages: input.languages.map((l) => ({
      lang: l,
      dir: dirOf(l),
      native: nativeName(l),
      english: nativeName(l) === languageName(l) ? undefined : languageName(l),
    })),
    rows: s.rows.map((r) => rowView(input, s, r, latest)),
    folded: s.folded && {
      ...s.folded,
      text: `${plural(s.folded.statements, 'statement')} in ${plural(s.folded.files, 'file')}, as issued in`,
      folder: `statements/${s.key}/`,
      href: input.incident?.statementsHref !== undefined ? `${input.incident.statementsHref}${encodeURIComponent(s.key)}/` : undefined,
    },
  };
}

function rowView(input: PreviewInput, s: PreviewStage, r: PreviewRow, latest: boolean) {
  const st = r.statement;
  const a = r.approval;
  return {
    id: st.id,
    channel: CHANNEL_NAMES[st.channel] ?? st.channel,
    audience: st.audience,
    owner: st.owner,
    person: r.person,
    max: maxLengthOf(st),
    approval:
      r.approval === undefined
        ? undefined
        : a
          ? { approved: { person: a.person, role: a.role, at: formatLocal(new Date(a.at), input.timeZone) } }
          : latest
            ? { awaiting: true }
            : { never: true },
    frames: r.frames.map((f) => frameView(input, s, st, f)),
  };
}

function frameView(input: PreviewInput, s: PreviewStage, st: Statement, f: PreviewFrame) {
  const errors = f.problems.filter((p) => p.severity === 'error').length;
  const warnings = f.problems.length - errors;
  return {
    lang: f.lang,
    dir: dirOf(f.lang),
    id: st.id,
    stage: s.stage,
    channel: st.channel,
    channelName: CHANNEL_NAMES[st.channel] ?? st.channel,
    native: nativeName(f.lang),
    label: `${st.id}, ${languageName(f.lang)}, ${stageTitle(s)}`,
    classes: ['frame', `ch-${st.channel}`, errors ? 'has-errors' : warnings ? 'has-warnings' : ''].filter(Boolean).join(' '),
    errors: errors ? plural(errors, 'error') : undefined,
    warnings: warnings ? plural(warnings, 'warning') : undefined,
    clean: !f.problems.length && f.text !== undefined,
    problemCount: f.problems.length,
    problems: f.problems.length
      ? f.problems.map((p) => ({ ...p, mark: p.severity === 'error' ? '✖' : '⚠', where: p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : undefined }))
      : undefined,
    notes: f.notes?.length ? f.notes : undefined,
    surface: f.text === undefined ? undefined : surfaceView(input, s, st, f.lang, formatOf(st), f.text),
  };
}

/** The statement inside its channel's chrome (`layout/frame.hbs` has one partial a channel), with its meter. */
function surfaceView(input: PreviewInput, s: PreviewStage, st: Statement, lang: string, format: Format, text: string) {
  const visible =
    format === 'html'
      ? text
          .replace(/<[^>]*>/g, '')
          .replace(/\s+/g, ' ')
          .trim()
      : text;
  const max = maxLengthOf(st);
  const { config } = input;
  const common = {
    partial: CHROME[st.channel] ?? 'memo',
    id: st.id,
    stage: s.stage,
    body: bodyView(text, format, st.id, lang),
    meter: st.channel === 'sms' ? smsMeter(visible, max) : max !== undefined ? lengthMeter([...visible].length, max) : undefined,
  };
  switch (st.channel) {
    case 'social':
      return { ...common, organization: config.organization, initial: [...config.organization][0] ?? '?' };
    case 'email': {
      const { heading, body } = headingAndBody(text);
      return { ...common, body: bodyView(body, format, st.id, lang), organization: config.organization, from: config.support.email, subject: heading };
    }
    case 'web-banner':
      return { ...common, address: config.support.url ?? config.organization };
    case 'status-page':
      return { ...common, pill: { start: 'Investigating', update: 'Update', resolve: 'Resolved' }[s.stage], at: formatLocal(new Date(s.at), input.timeZone) };
    case 'phone-script': {
      const words = visible.split(/\s+/).filter(Boolean).length;
      return { ...common, words, seconds: Math.max(1, Math.round((words / 150) * 60)) };
    }
    default:
      return common;
  }
}

const CHROME: Partial<Record<Channel, string>> = {
  sms: 'phone',
  social: 'post',
  email: 'email',
  'web-banner': 'browser',
  'status-page': 'status',
  'support-macro': 'macro',
  'phone-script': 'script',
  press: 'press',
};

/** A statement's text in its format: markdown as HTML, text with its links, HTML for a sandboxed frame. */
function bodyView(text: string, format: Format, id: string, lang: string) {
  if (format === 'markdown') return { markdown: markdownToHtml(text) };
  if (format === 'html') return { html: { doc: frameDocument(text), sizer: sizerText(text), source: text, title: `${id} (${lang}) as the site shows it` } };
  return { text: linkify(text) };
}

function smsMeter(text: string, max?: number) {
  const c = smsSegments(text);
  const length = [...text].length;
  return {
    sms: true,
    length,
    segments: c.segments,
    encoding: c.encoding,
    units: c.units,
    main: `${length} characters · ${plural(c.segments, 'segment')} · ${c.encoding}`,
    detail: c.segments > 1 ? `(${c.units} units, ${c.perSegment} a segment)` : undefined,
    over: max !== undefined && length > max ? `over ${max} by ${length - max}` : undefined,
  };
}

function lengthMeter(length: number, max: number) {
  return {
    length,
    max,
    low: Math.round(max * 0.9),
    value: Math.min(length, max),
    main: `${length} / ${max} characters`,
    over: length > max ? `over by ${length - max}` : undefined,
  };
}

// A sandboxed frame (no script, no same-origin, no navigation of the page) shows an HTML
// statement's markup as a site would. Nothing can measure it (there is no script), so the frame
// lies over a hidden copy of its text in the same font and width, bold and with a spare line,
// which gives the box a height the markup fits in, on a phone, a wide screen or paper.
const frameDocument = (html: string) => renderLayout('frame-document', { csp: PREVIEW_CSP, css: STYLES.frame, html });

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of an HTML statement with a line break where a block ends, for the sizer. */
function sizerText(html: string): string {
  return html
    .replace(/\s+/g, ' ')
    .replace(/<\/?(p|div|h[1-6]|li|ul|ol|br|tr|table|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(parseInt(e[1] === 'x' || e[1] === 'X' ? e.slice(2) : e.slice(1), e[1] === 'x' || e[1] === 'X' ? 16 : 10) || 32)
        : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}

// The preview page: every statement of a playbook or an incident, stage by stage, one row a
// statement and one column a language, each in a frame shaped like its channel, with validate's
// warnings on the frame they concern. One self-contained HTML string: no script at all, inline CSS
// only, and a CSP that forbids every request, so the page is safe to open offline or attach to a
// pull request. Everything interpolated goes through `esc` (or a builder that escapes first).
import { isRtl } from '../text/bidi.js';
import type { Approval } from '../incident/timeline.js';
import type { Channel, Config, Format, Playbook, Severity, Stage, Statement } from '../playbook/model.js';
import { formatOf, maxLengthOf } from '../playbook/playbook.js';
import type { Problem } from '../problem/problem.js';
import { smsSegments } from '../text/sms.js';
import { formatLocal, formatSpan } from '../time/time.js';

/** One statement in one language, as the channel would show it. */
export type PreviewFrame = {
  lang: string;
  /** The statement's text; absent when it could not be rendered (its problems say why). */
  text?: string;
  /** Validate's problems with this statement in this language: warnings, and errors such as a failed render. */
  problems: Problem[];
  /** Plain remarks for the reader (a check that could not run, a file that is missing). */
  notes?: string[];
};

export type PreviewRow = {
  statement: Statement;
  /** The owner role's person on the roster, when there is one. */
  person?: string;
  frames: PreviewFrame[];
  /** Incidents only: the sign-off, `null` when none was given. */
  approval?: Approval | null;
};

export type PreviewStage = {
  /** The stage folder (`02-update`) of an incident, or the stage name for a playbook. */
  key: string;
  stage: Stage;
  /** The update's number at an update stage. */
  updateNumber: number;
  /** When it was issued (incident) or the clock it was rendered for (playbook); ISO 8601. */
  at: string;
  severity: Severity;
  /** The next update these statements promise; null at resolve. */
  nextUpdateAt: string | null;
  /** Incidents: the next update that was due when this stage was issued (null for the first). */
  dueBy?: string | null;
  /** Whether the stage told customers something (and so counts against the cadence). */
  customerFacing?: boolean;
  rows: PreviewRow[];
};

export type PreviewFact = { id: string; prompt: string; value: unknown; source: 'given' | 'example' | 'default' | 'none' };

export type PreviewIncident = {
  id: string;
  title: string;
  severity: Severity;
  stage: Stage;
  startedAt: string;
  nextUpdateAt: string | null;
  resolvedAt: string | null;
};

export type PreviewInput = {
  kind: 'playbook' | 'incident';
  playbook: Playbook;
  config: Config;
  languages: readonly string[];
  /** The zone every time is shown in. */
  timeZone: string;
  /** The clock: what "now" is for an incident (overdue), the example clock for a playbook. */
  now: Date;
  stages: PreviewStage[];
  /** Playbooks: the facts the statements were rendered from. */
  facts?: PreviewFact[];
  incident?: PreviewIncident;
};

/** The policy of the page: nothing may load, styles inline only, the banners' srcdoc frames allowed. */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self' about: data:";

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element or a quoted attribute. */
export const esc = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const dirOf = (lang: string) => (isRtl(lang) ? 'rtl' : 'ltr');

const STAGE_NAMES: Record<Stage, string> = { start: 'Start', update: 'Update', resolve: 'Resolve' };
const CHANNEL_NAMES: Record<Channel, string> = {
  email: 'Email', social: 'Social post', sms: 'SMS', 'web-banner': 'Site banner', 'support-macro': 'Support macro',
  'status-page': 'Status page', 'phone-script': 'Phone script', internal: 'Internal', press: 'Press',
};

export function previewPage(input: PreviewInput): string {
  const { playbook: pb, kind } = input;
  const frames = input.stages.flatMap((s) => s.rows.flatMap((r) => r.frames));
  const count = (severity: Problem['severity']) => frames.reduce((n, f) => n + f.problems.filter((p) => p.severity === severity).length, 0);
  const title = kind === 'incident' ? `${input.incident!.title} (${input.incident!.id})` : `${pb.title} (${pb.id})`;
  const body = [
    header(input, count('warning'), count('error'), frames.length),
    kind === 'incident' ? timelineSection(input) : factsSection(input),
    kind === 'incident' ? signOffSection(input) : '',
    ...input.stages.map((s, i) => stageSection(input, s, i)),
    `<footer class="page-foot"><p>Made by <code>crisis preview</code>. The page runs no script and loads nothing: banners show in sandboxed frames, every value is shown as text.</p></footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(PREVIEW_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: ${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Header, facts, sign-off

function header(input: PreviewInput, warnings: number, errors: number, frames: number): string {
  const { playbook: pb, config, timeZone } = input;
  const inc = input.incident;
  const severity = inc?.severity ?? input.stages[0]?.severity;
  const meta: [string, string][] = [
    ['Organisation', esc(config.organization)],
    ['Severity', severity ? `${esc(severity.id)}: ${esc(severity.label)} <span class="muted">(update every ${esc(cadenceText(severity.cadence))})</span>` : ''],
    ['Languages', input.languages.map((l) => `${esc(languageName(l))} <span class="muted">(${esc(l)})</span>`).join(', ')],
  ];
  if (inc) {
    meta.push(['Started', esc(formatLocal(new Date(inc.startedAt), timeZone))]);
    if (inc.resolvedAt) meta.push(['Resolved', esc(formatLocal(new Date(inc.resolvedAt), timeZone))]);
    else if (inc.nextUpdateAt) {
      const due = new Date(inc.nextUpdateAt);
      const late = input.now.getTime() > due.getTime();
      meta.push(['Next update due', `${esc(formatLocal(due, timeZone))} ${late ? `<strong class="late-tag">OVERDUE by ${esc(formatSpan(input.now.getTime() - due.getTime()))}</strong>` : `<span class="muted">(in ${esc(formatSpan(due.getTime() - input.now.getTime()))})</span>`}`]);
    }
  } else {
    meta.push(['Rendered for', `${esc(formatLocal(input.now, timeZone))} <span class="muted">(${esc(timeZone)}; the example clock validate uses)</span>`]);
  }
  meta.push(['Checks', `${frames} statement${frames === 1 ? '' : 's'} shown · ${problemCount(warnings, 'warning')} · ${problemCount(errors, 'error')}`]);
  const toc = input.stages.map((s) => `<li><a href="#stage-${esc(s.key)}">${esc(stageTitle(s))}</a></li>`).join('');
  return `<header class="page-head">
<p class="kicker">${inc ? 'Incident preview' : 'Playbook preview'} · <code>${esc(inc ? inc.id : pb.id)}</code></p>
<h1>${esc(inc ? inc.title : pb.title)}</h1>
<p class="summary">${esc(pb.summary)}</p>
<dl class="meta">${meta.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>
<nav class="toc" aria-label="Stages"><ol>${toc}</ol></nav>
</header>`;
}

const problemCount = (n: number, word: string) => `<span class="${n ? (word === 'error' ? 'count-err' : 'count-warn') : 'muted'}">${n} ${word}${n === 1 ? '' : 's'}</span>`;

function factsSection(input: PreviewInput): string {
  if (!input.facts?.length) return '';
  const items = input.facts.map((f) => `<div><dt><code>${esc(f.id)}</code> <span class="muted">${esc(f.prompt)}</span></dt><dd>${factValue(f.value)} <span class="tag">${esc(f.source === 'none' ? 'not answered' : f.source)}</span></dd></div>`);
  return `<section class="facts" aria-labelledby="facts-title">
<h2 id="facts-title">Facts used</h2>
<p class="muted">The inputs' examples, unless given with --answers or --set. Examples are only ever used here and in validate.</p>
<dl>${items.join('')}</dl>
</section>`;
}

function factValue(value: unknown): string {
  if (value === null || value === undefined) return '<span class="muted">(none)</span>';
  if (Array.isArray(value)) return value.map((v) => `<span class="chip">${esc(v)}</span>`).join(' ');
  return `<span class="value" dir="auto">${esc(typeof value === 'object' ? JSON.stringify(value) : String(value))}</span>`;
}

function signOffSection(input: PreviewInput): string {
  const latest = input.stages.at(-1);
  if (!latest) return '';
  const awaiting = latest.rows.filter((r) => !r.approval);
  const list = awaiting.map((r) => `<li><code>${esc(r.statement.id)}</code> <span class="muted">(${esc(r.statement.owner)}${r.person ? `: ${esc(r.person)}` : ''})</span></li>`).join('');
  return `<section class="signoff" aria-labelledby="signoff-title">
<h2 id="signoff-title">Sign-off of ${esc(stageTitle(latest))} <span class="muted">(${esc(latest.key)})</span></h2>
${awaiting.length ? `<p><strong class="await-tag">Awaiting sign-off:</strong></p><ul>${list}</ul>` : '<p class="ok-tag">Every statement of the latest stage is signed off.</p>'}
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Stages and frames

function stageTitle(s: PreviewStage): string {
  return s.stage === 'update' ? `${STAGE_NAMES.update} ${s.updateNumber}` : STAGE_NAMES[s.stage];
}

function stageSection(input: PreviewInput, s: PreviewStage, index: number): string {
  const tz = input.timeZone;
  const when = input.kind === 'incident' ? `issued ${formatLocal(new Date(s.at), tz)}` : `as of ${formatLocal(new Date(s.at), tz)}`;
  const late = lateness(s);
  const facts = [
    `<span>${esc(when)}</span>`,
    `<span>${esc(s.severity.id)} · every ${esc(cadenceText(s.severity.cadence))}</span>`,
    s.nextUpdateAt ? `<span>next update promised ${esc(formatLocal(new Date(s.nextUpdateAt), tz))}</span>` : '<span>no further update promised</span>',
    late !== undefined && late > 0 ? `<strong class="late-tag">LATE by ${esc(formatSpan(late))} (due ${esc(formatLocal(new Date(s.dueBy!), tz))})</strong>` : '',
    late !== undefined && late <= 0 ? `<span class="ok-tag">on time (due ${esc(formatLocal(new Date(s.dueBy!), tz))})</span>` : '',
  ].filter(Boolean);
  const langHeads = input.languages.map((l) => `<div class="lang-head" lang="${esc(l)}" dir="${dirOf(l)}"><bdi>${esc(nativeName(l))}</bdi>${nativeName(l) === languageName(l) ? '' : ` <span class="muted" lang="en" dir="ltr">${esc(languageName(l))}</span>`} <span class="muted" lang="en" dir="ltr">${esc(l)}</span></div>`).join('');
  const latest = index === input.stages.length - 1;
  return `<section class="stage" id="stage-${esc(s.key)}" data-stage="${esc(s.stage)}" data-key="${esc(s.key)}" style="--langs:${input.languages.length}">
<h2>${input.kind === 'incident' ? `<span class="muted">${esc(s.key.slice(0, 2))} ·</span> ` : ''}${esc(stageTitle(s))}</h2>
<p class="stage-facts">${facts.join(' <span class="sep">·</span> ')}</p>
<div class="grid">
<div class="row lang-row" aria-hidden="true"><div></div>${langHeads}</div>
${s.rows.map((r) => row(input, s, r, latest)).join('\n')}
</div>
</section>`;
}

/** How late the stage came against the cadence, in ms (negative: early); undefined when it does not count. */
function lateness(s: PreviewStage): number | undefined {
  if (!s.customerFacing || !s.dueBy) return undefined;
  return new Date(s.at).getTime() - new Date(s.dueBy).getTime();
}

function row(input: PreviewInput, s: PreviewStage, r: PreviewRow, latest: boolean): string {
  const st = r.statement;
  const max = maxLengthOf(st);
  const head = `<div class="row-head">
<h3><code>${esc(st.id)}</code></h3>
<p>${esc(CHANNEL_NAMES[st.channel] ?? st.channel)} · ${esc(st.audience)}</p>
<p class="muted">owner ${esc(st.owner)}${r.person ? ` (${esc(r.person)})` : ''}${max ? ` · max ${max} characters` : ''}</p>
${r.approval !== undefined ? approvalLine(r, latest, input.timeZone) : ''}
</div>`;
  return `<div class="row" data-statement="${esc(st.id)}">${head}${r.frames.map((f) => frame(input, s, st, f)).join('')}</div>`;
}

function approvalLine(r: PreviewRow, latest: boolean, tz: string): string {
  const a = r.approval;
  if (a) return `<p class="approval approved" data-approval="approved">approved by ${esc(a.person)} (${esc(a.role)}) at ${esc(formatLocal(new Date(a.at), tz))}</p>`;
  return latest
    ? `<p class="approval awaiting" data-approval="awaiting">awaiting sign-off</p>`
    : `<p class="approval never" data-approval="none">not signed off</p>`;
}

function frame(input: PreviewInput, s: PreviewStage, st: Statement, f: PreviewFrame): string {
  const format = formatOf(st);
  const errors = f.problems.filter((p) => p.severity === 'error').length;
  const warnings = f.problems.length - errors;
  const badges = [
    errors ? `<span class="badge err">✖ ${errors} error${errors === 1 ? '' : 's'}</span>` : '',
    warnings ? `<span class="badge warn">⚠ ${warnings} warning${warnings === 1 ? '' : 's'}</span>` : '',
    !f.problems.length && f.text !== undefined ? '<span class="badge ok">✓ no warnings</span>' : '',
  ].join('');
  const problems = f.problems.length
    ? `<ul class="problems" lang="en" dir="ltr">${f.problems.map((p) => `<li class="problem ${p.severity}" data-code="${esc(p.code)}"><span class="code">${p.severity === 'error' ? '✖' : '⚠'} ${esc(p.code)}</span> <span class="msg">${esc(p.message)}</span>${p.hint ? ` <span class="hint">${esc(p.hint)}</span>` : ''}${p.file ? ` <span class="where">${esc(p.file)}${p.line ? `:${p.line}` : ''}</span>` : ''}</li>`).join('')}</ul>`
    : '';
  const notes = f.notes?.length ? `<ul class="notes" lang="en" dir="ltr">${f.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const content = f.text === undefined ? '<p class="failed" lang="en" dir="ltr">Not rendered: see the problem above.</p>' : surface(input, s, st, f, format, f.text);
  const cls = ['frame', `ch-${st.channel}`, errors ? 'has-errors' : warnings ? 'has-warnings' : ''].filter(Boolean).join(' ');
  return `<article class="${cls}" lang="${esc(f.lang)}" dir="${dirOf(f.lang)}" data-statement="${esc(st.id)}" data-lang="${esc(f.lang)}" data-stage="${esc(s.stage)}" data-channel="${esc(st.channel)}" data-problems="${f.problems.length}" aria-label="${esc(`${st.id}, ${languageName(f.lang)}, ${stageTitle(s)}`)}">
<header class="frame-head" lang="en" dir="ltr"><span class="lang-tag"><bdi lang="${esc(f.lang)}">${esc(nativeName(f.lang))}</bdi> · ${esc(f.lang)}</span><span class="chan">${esc(CHANNEL_NAMES[st.channel] ?? st.channel)}</span>${badges}</header>
${problems}${notes}${content}
</article>`;
}

/** The statement inside its channel's chrome, with the meter that channel needs. */
function surface(input: PreviewInput, s: PreviewStage, st: Statement, f: PreviewFrame, format: Format, text: string): string {
  const visible = format === 'html' ? text.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim() : text;
  const length = [...visible].length;
  const max = maxLengthOf(st);
  const meter = st.channel === 'sms' ? smsMeter(visible, max) : max !== undefined ? lengthMeter(length, max) : '';
  switch (st.channel) {
    case 'sms':
      return `<div class="phone"><div class="bubble">${body(text, format)}</div></div>${meter}`;
    case 'social':
      return `<div class="post"><div class="post-head" lang="en" dir="ltr"><span class="avatar" aria-hidden="true">${esc([...input.config.organization][0] ?? '?')}</span><b>${esc(input.config.organization)}</b></div><div class="post-body">${body(text, format)}</div></div>${meter}`;
    case 'email': {
      const { subject, rest } = emailParts(text);
      const email = input.config.support.email ? ` <span class="muted">${esc(input.config.support.email)}</span>` : '';
      return `<div class="email"><dl class="email-head"><div><dt lang="en">From</dt><dd><bdi>${esc(input.config.organization)}${email}</bdi></dd></div><div><dt lang="en">Subject</dt><dd class="subject">${subject ? esc(subject) : '<span class="muted" lang="en" dir="ltr">(no subject: the first line is not a # heading)</span>'}</dd></div></dl><div class="email-body">${body(rest, format)}</div></div>${meter}`;
    }
    case 'web-banner':
      return `<div class="browser"><div class="browser-bar" lang="en" dir="ltr"><span class="dots" aria-hidden="true">● ● ●</span> <span class="muted">${esc(input.config.support.url ?? input.config.organization)}</span></div>${body(text, format, st, f.lang)}</div>${meter}`;
    case 'status-page': {
      const pill = { start: 'Investigating', update: 'Update', resolve: 'Resolved' }[s.stage];
      return `<div class="status"><div class="status-head" lang="en" dir="ltr"><span class="pill pill-${esc(s.stage)}">${pill}</span> <time>${esc(formatLocal(new Date(s.at), input.timeZone))}</time></div>${body(text, format, st, f.lang)}</div>${meter}`;
    }
    case 'support-macro':
      return `<div class="macro"><div class="macro-head" lang="en" dir="ltr">Macro: <code>${esc(st.id)}</code> <span class="muted">for agents to send</span></div>${body(text, format, st, f.lang)}</div>${meter}`;
    case 'phone-script': {
      const words = visible.split(/\s+/).filter(Boolean).length;
      return `<div class="script">${body(text, format, st, f.lang)}</div><p class="meter" lang="en" dir="ltr">${words} words · about ${Math.max(1, Math.round(words / 150 * 60))} s read aloud</p>${meter}`;
    }
    case 'press':
      return `<div class="press">${body(text, format, st, f.lang)}</div>${meter}`;
    default:
      return `<div class="memo">${body(text, format, st, f.lang)}</div>${meter}`;
  }
}

/** The statement's text in its format: markdown rendered (escaped first), text as typed, HTML in a sandboxed frame. */
function body(text: string, format: Format, st?: Statement, lang?: string): string {
  if (format === 'markdown') return `<div class="md">${markdownHtml(text)}</div>`;
  if (format === 'html') return sandboxed(text, st?.id ?? 'statement', lang ?? 'en');
  return `<div class="text">${linkify(text)}</div>`;
}

/** Subject and body of an email: the first line when it is a `# heading`, and what follows. */
export function emailParts(text: string): { subject?: string; rest: string } {
  const [first = '', ...rest] = text.split('\n');
  const subject = /^#\s+(.+)$/.exec(first)?.[1]?.trim();
  return subject ? { subject, rest: rest.join('\n').replace(/^\s*\n/, '') } : { rest: text };
}

function smsMeter(text: string, max?: number): string {
  const c = smsSegments(text);
  const length = [...text].length;
  const over = max !== undefined && length > max;
  return `<p class="meter sms-meter${over ? ' over' : ''}" lang="en" dir="ltr" data-characters="${length}" data-segments="${c.segments}" data-encoding="${c.encoding}" data-units="${c.units}"><span class="meter-main">${length} characters · ${c.segments} segment${c.segments === 1 ? '' : 's'} · ${c.encoding}</span>${c.segments > 1 ? ` <span class="muted">(${c.units} units, ${c.perSegment} a segment)</span>` : ''}${over ? ` <strong class="over-tag">over ${max} by ${length - max}</strong>` : ''}</p>`;
}

function lengthMeter(length: number, max: number): string {
  const over = length > max;
  return `<p class="meter length-meter${over ? ' over' : ''}" lang="en" dir="ltr" data-characters="${length}" data-max="${max}"><meter min="0" max="${max}" low="${Math.round(max * 0.9)}" high="${max}" optimum="0" value="${Math.min(length, max)}">${length}/${max}</meter> <span class="meter-main">${length} / ${max} characters</span>${over ? ` <strong class="over-tag">over by ${length - max}</strong>` : ''}</p>`;
}

// A sandboxed frame (no script, no same-origin, no navigation of the page) shows an HTML
// statement's markup as a site would. Nothing can measure it (there is no script), so the frame
// lies over a hidden copy of its text in the same font and width, bold and with a spare line,
// which gives the box a height the markup fits in, on a phone, a wide screen or paper.
function sandboxed(html: string, id: string, lang: string): string {
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${esc(PREVIEW_CSP)}"><style>${FRAME_CSS}</style></head><body>${html}</body></html>`;
  return `<div class="html-box"><div class="sizer" aria-hidden="true">${esc(sizerText(html))}</div><iframe class="html-frame" sandbox="" referrerpolicy="no-referrer" title="${esc(`${id} (${lang}) as the site shows it`)}" srcdoc="${esc(doc)}"></iframe></div><details class="source" lang="en" dir="ltr"><summary>HTML source</summary><pre>${esc(html)}</pre></details>`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of an HTML statement with a line break where a block ends, for the sizer. */
function sizerText(html: string): string {
  return html
    .replace(/\s+/g, ' ')
    .replace(/<\/?(p|div|h[1-6]|li|ul|ol|br|tr|table|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(parseInt(e[1] === 'x' || e[1] === 'X' ? e.slice(2) : e.slice(1), e[1] === 'x' || e[1] === 'X' ? 16 : 10) || 32) : ENTITIES[e.toLowerCase()] ?? m)
    .replace(/ *\n[\n ]*/g, '\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Markdown and links: the text is escaped before any markup is added, so a fact that contains
// markup shows as text. Headings, paragraphs, lists, quotes, rules, bold, italic, code and links.

const PLACEHOLDER = /\u0000(\d+)\u0000/g;
const SAFE_URL = /^(https?:|mailto:|tel:)/i;
// Bare URLs; FSI/PDI (bidi isolation around a value in Hebrew text) end one.
const BARE_URL = /\bhttps?:\/\/[^\s<>"\u2066-\u2069]+/g;

// Bidi isolation marks around an interpolated value are for the reader, not part of the address.
function link(url: string, label: string): string {
  return `<a href="${esc(url.replace(/[\u2066-\u2069]/g, ''))}" rel="noopener noreferrer" target="_blank">${label}</a>`;
}

/** Bare URLs as links (trailing punctuation left out), the rest escaped. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(BARE_URL)) {
    const url = m[0].replace(/[.,;:!?)\]'’]+$/, '');
    out += esc(text.slice(last, m.index)) + link(url, esc(url));
    last = m.index! + url.length;
  }
  return out + esc(text.slice(last));
}

function inline(raw: string, links = true): string {
  const kept: string[] = [];
  const keep = (html: string) => `\u0000${kept.push(html) - 1}\u0000`;
  let s = raw.replace(/\u0000/g, '');
  s = s.replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${esc(code)}</code>`));
  if (links) {
    s = s.replace(/\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?\s*\)/g, (_, label: string, url: string) =>
      keep(SAFE_URL.test(url) ? link(url, inline(label, false)) : `${inline(label, false)} (${esc(url)})`));
    s = s.replace(/<((?:https?|mailto):[^>\s]+)>/g, (_, url: string) => keep(link(url, esc(url))));
    s = s.replace(BARE_URL, (m) => {
      const url = m.replace(/[.,;:!?)\]'’]+$/, '');
      return keep(link(url, esc(url))) + m.slice(url.length);
    });
  }
  s = esc(s)
    .replace(/\*\*(?=\S)([\s\S]+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(?<![\p{L}\p{N}_])__(?=\S)([\s\S]+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '<strong>$1</strong>')
    .replace(/(?<![*\p{L}\p{N}])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\p{L}\p{N}])/gu, '<em>$1</em>')
    .replace(/(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu, '<em>$1</em>');
  // Placeholders may nest (a link label holds a code span): restore until none is left.
  while (/\u0000\d+\u0000/.test(s)) s = s.replace(PLACEHOLDER, (_, i: string) => kept[Number(i)]!);
  return s;
}

/** A small, safe markdown renderer: every character of the text is escaped before markup is added. */
export function markdownHtml(md: string): string {
  const out: string[] = [];
  let para: string[] = [];
  let quote: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flushPara = () => {
    if (para.length) out.push(`<p>${inline(para.join('\n'))}</p>`);
    para = [];
  };
  const flushQuote = () => {
    if (quote.length) out.push(`<blockquote>${markdownHtml(quote.join('\n'))}</blockquote>`);
    quote = [];
  };
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  const flush = () => (flushPara(), flushQuote(), flushList());
  for (const line of md.replace(/\r\n?/g, '\n').split('\n')) {
    let m: RegExpExecArray | null;
    if (!line.trim()) {
      flush();
    } else if ((m = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line))) {
      flush();
      out.push(`<h${m[1]!.length}>${inline(m[2]!)}</h${m[1]!.length}>`);
    } else if (/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(line)) {
      flush();
      out.push('<hr>');
    } else if ((m = /^ {0,3}>\s?(.*)$/.exec(line))) {
      flushPara(), flushList();
      quote.push(m[1]!);
    } else if ((m = /^ {0,3}([-*+])\s+(.*)$/.exec(line)) || (m = /^ {0,3}(\d{1,9}[.)])\s+(.*)$/.exec(line))) {
      flushPara(), flushQuote();
      const tag = /\d/.test(m[1]!) ? 'ol' : 'ul';
      if (list?.tag !== tag) flushList(), (list = { tag, items: [] });
      list!.items.push(m[2]!);
    } else if (list) {
      list.items[list.items.length - 1] += `\n${line.trim()}`; // continuation of the item
    } else if (quote.length) {
      quote.push(line);
    } else {
      para.push(line);
    }
  }
  flush();
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The incident's timeline: each stage on a time axis against the cadence, late ones marked with
// a shape and a word (never by colour alone), and the same facts as a list for narrow screens.

type Point = { s: PreviewStage; at: number; due?: number; late: boolean; lateBy: number };

function timelineSection(input: PreviewInput): string {
  const inc = input.incident;
  if (!inc || !input.stages.length) return '';
  const tz = input.timeZone;
  const points: Point[] = input.stages.map((s) => {
    const late = lateness(s);
    return { s, at: Date.parse(s.at), ...(s.customerFacing && s.dueBy ? { due: Date.parse(s.dueBy) } : {}), late: late !== undefined && late > 0, lateBy: late ?? 0 };
  });
  const now = input.now.getTime();
  const end = inc.resolvedAt ? Date.parse(inc.resolvedAt) : now;
  const pending = !inc.resolvedAt && inc.nextUpdateAt ? Date.parse(inc.nextUpdateAt) : undefined;
  const t0 = Date.parse(inc.startedAt);
  const times = [t0, end, ...points.map((p) => p.at), ...points.flatMap((p) => (p.due ? [p.due] : [])), ...(pending ? [pending] : [])];
  const lo = Math.min(...times);
  const hi = Math.max(...times, lo + 60_000);
  const W = 1000;
  const L = 60;
  const R = 940;
  const x = (t: number) => L + ((t - lo) / (hi - lo)) * (R - L);
  const AXIS = 120;
  const longRange = hi - lo > 20 * 3_600_000;
  const clock = (t: number) => shortTime(new Date(t), tz, longRange);
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${L}" y1="${AXIS}" x2="${R}" y2="${AXIS}"/>`);
  // The cadence: from each customer-facing stage to the next update it promised.
  const facing = points.filter((p) => p.s.customerFacing);
  for (const p of facing) {
    if (!p.s.nextUpdateAt) continue;
    const due = Date.parse(p.s.nextUpdateAt);
    parts.push(`<rect class="window" x="${x(p.at).toFixed(1)}" y="${AXIS - 9}" width="${Math.max(1, x(due) - x(p.at)).toFixed(1)}" height="18"><title>${esc(`${stageTitle(p.s)}: next update promised by ${formatLocal(new Date(due), tz)}`)}</title></rect>`);
    parts.push(`<line class="due" x1="${x(due).toFixed(1)}" y1="${AXIS - 26}" x2="${x(due).toFixed(1)}" y2="${AXIS + 20}"/><text class="due-label" x="${x(due).toFixed(1)}" y="${AXIS + 22 + 14}" text-anchor="middle">due ${esc(clock(due))}</text>`);
  }
  points.forEach((p, i) => {
    const cx = x(p.at).toFixed(1);
    const row = i % 2 === 0 ? AXIS - 40 : AXIS - 70;
    const label = `${stageTitle(p.s)} ${clock(p.at)}`;
    if (p.late && p.due !== undefined)
      parts.push(`<rect class="gap" x="${x(p.due).toFixed(1)}" y="${AXIS - 9}" width="${Math.max(2, x(p.at) - x(p.due)).toFixed(1)}" height="18"/>`);
    const mark = p.late
      ? `<path class="mark late" d="M${cx} ${AXIS - 13} l13 13 l-13 13 l-13 -13 z"/>`
      : p.s.customerFacing ? `<circle class="mark${p.s.dueBy ? ' ontime' : ''}" cx="${cx}" cy="${AXIS}" r="10"/>` : `<circle class="mark quiet" cx="${cx}" cy="${AXIS}" r="6"/>`;
    const status = p.late ? `LATE by ${formatSpan(p.lateBy)}` : p.s.customerFacing && p.s.dueBy ? 'on time' : p.s.customerFacing ? '' : 'internal only';
    parts.push(`<g class="point${p.late ? ' late' : ''}" data-key="${esc(p.s.key)}" data-late="${p.late}"><title>${esc(`${label}${status ? `: ${status}` : ''}`)}</title>${mark}<line class="stem" x1="${cx}" y1="${row + 6}" x2="${cx}" y2="${AXIS - 12}"/><text class="label${p.late ? ' late' : ''}" x="${cx}" y="${row}" text-anchor="middle">${esc(label)}${status ? ` · ${esc(status)}` : ''}</text></g>`);
  });
  if (pending !== undefined && now > pending)
    parts.push(`<rect class="gap" x="${x(pending).toFixed(1)}" y="${AXIS - 9}" width="${Math.max(2, x(now) - x(pending)).toFixed(1)}" height="18"/><text class="label late" x="${x(now).toFixed(1)}" y="${AXIS + 60}" text-anchor="end">OVERDUE by ${esc(formatSpan(now - pending))}: no update since ${esc(clock(pending))}</text>`);
  if (!inc.resolvedAt) parts.push(`<line class="now" x1="${x(now).toFixed(1)}" y1="${AXIS - 90}" x2="${x(now).toFixed(1)}" y2="${AXIS + 20}"/><text class="now-label" x="${x(now).toFixed(1)}" y="${AXIS - 94}" text-anchor="end">now ${esc(clock(now))}</text>`);
  const lateCount = points.filter((p) => p.late).length;
  const desc = `${facing.length} customer-facing stage${facing.length === 1 ? '' : 's'} against a cadence of ${cadenceText(inc.severity.cadence)}; ${lateCount ? `${lateCount} late` : 'none late'}.`;
  const items = points.map((p) => {
    const status = p.late ? `<strong class="late-tag">LATE by ${esc(formatSpan(p.lateBy))}</strong> (due ${esc(formatLocal(new Date(p.due!), tz))})`
      : p.s.customerFacing && p.due !== undefined ? `<span class="ok-tag">on time</span> (due ${esc(formatLocal(new Date(p.due), tz))})`
      : p.s.customerFacing ? '' : '<span class="muted">internal only: does not count against the cadence</span>';
    return `<li class="${p.late ? 'late' : ''}" data-key="${esc(p.s.key)}" data-late="${p.late}"><a href="#stage-${esc(p.s.key)}">${esc(stageTitle(p.s))}</a> · ${esc(formatLocal(new Date(p.at), tz))}${status ? ` · ${status}` : ''}</li>`;
  });
  if (pending !== undefined) items.push(`<li class="${now > pending ? 'late' : ''}">next update due ${esc(formatLocal(new Date(pending), tz))}${now > pending ? ` · <strong class="late-tag">OVERDUE by ${esc(formatSpan(now - pending))}</strong>` : ''}</li>`);
  return `<section class="timeline" aria-labelledby="timeline-title">
<h2 id="timeline-title">Timeline against the cadence <span class="muted">(${esc(inc.severity.id)}: every ${esc(cadenceText(inc.severity.cadence))})</span></h2>
<svg class="timeline-svg" viewBox="0 0 ${W} 200" role="img" aria-labelledby="timeline-svg-title timeline-svg-desc" xmlns="http://www.w3.org/2000/svg"><title id="timeline-svg-title">Timeline of ${esc(inc.id)}</title><desc id="timeline-svg-desc">${esc(desc)}</desc>${parts.join('')}</svg>
<p class="legend" aria-hidden="true"><span class="key window-key"></span> promised next update <span class="key gap-key"></span> late or overdue <span class="key-shape">◆</span> late stage <span class="key-shape">●</span> on time</p>
<ol class="timeline-list">${items.join('')}</ol>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Small formatting helpers

function shortTime(at: Date, timeZone: string, withDay: boolean): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withDay ? { day: 'numeric', month: 'short' } : {}) }).format(at);
}

function cadenceText(cadence: string): string {
  const m = /^(\d+)\s*([mhd])$/.exec(cadence.trim());
  if (!m) return cadence;
  const unit = { m: 'min', h: 'h', d: 'd' }[m[2] as 'm' | 'h' | 'd'];
  return `${m[1]} ${unit}`;
}

function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

function nativeName(lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

// ---------------------------------------------------------------------------------------------
// Styles: system fonts, no external resource. Grid of languages on wide screens, one column on a
// phone, two columns and a page per stage when printed; long words and URLs wrap anywhere.

const FRAME_CSS = 'html{color-scheme:light}body{margin:0;padding:10px 12px;background:#fff8db;color:#1d2330;font:14px/20px system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","DejaVu Sans",Arial,sans-serif;overflow-wrap:anywhere}p{margin:0 0 .4em}a{color:#1d4fb8}';

const CSS = `
:root{color-scheme:light;--ink:#1d2330;--muted:#5b6474;--line:#d5dbe5;--bg:#f3f5f8;--card:#fff;--warn:#7a4a00;--warn-bg:#fff1d6;--warn-line:#e0a030;--err:#a1001c;--err-bg:#fde6ea;--ok:#1d6b36;--ok-bg:#e5f5ea;--accent:#1d4fb8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","DejaVu Sans",Arial,sans-serif;overflow-wrap:anywhere}
main{max-width:1680px;margin:0 auto;padding:20px}
h1{font-size:1.7rem;line-height:1.2;margin:.1em 0 .2em}
h2{font-size:1.25rem;margin:0 0 .3em}
h3{font-size:1rem;margin:0}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.92em}
a{color:var(--accent)}
.muted{color:var(--muted);font-weight:normal}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:.8rem}
.summary{margin:0 0 .8em;max-width:70ch}
.page-head,.facts,.signoff,.timeline,.stage{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 18px}
.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,240px),1fr));gap:8px 20px;margin:0}
.meta div,.facts dl div{min-width:0}
.meta dt,.facts dt{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.facts dt{text-transform:none;letter-spacing:0;font-size:.85rem}
.meta dd,.facts dd{margin:0}
.facts dl{columns:4 16rem;column-gap:24px;margin:0}
.facts dl div{break-inside:avoid;margin:0 0 8px}
.chip,.tag{display:inline-block;border:1px solid var(--line);border-radius:99px;padding:0 .5em;font-size:.85em;background:#f7f8fb}
.tag{color:var(--muted);font-size:.75em}
.toc ol{display:flex;flex-wrap:wrap;gap:6px 14px;margin:.8em 0 0;padding:0;list-style:none}
.count-warn{color:var(--warn);font-weight:600}.count-err{color:var(--err);font-weight:600}
.late-tag,.over-tag{color:var(--err);font-weight:700}
.ok-tag{color:var(--ok);font-weight:600}
.await-tag{color:var(--warn)}
.stage-facts{margin:0 0 12px;color:var(--muted)}
.stage-facts .sep{opacity:.6}
.grid{display:flex;flex-direction:column;gap:14px}
.row{display:grid;grid-template-columns:minmax(8rem,12rem) repeat(var(--langs,1),minmax(0,1fr));gap:12px;align-items:start}
.lang-row{position:sticky;top:0;z-index:1;background:var(--card);padding:4px 0;border-bottom:1px solid var(--line)}
.lang-head{font-weight:600}
.row-head{min-width:0;padding-top:4px}
.row-head p{margin:.15em 0;font-size:.9rem}
.approval{font-weight:600}
.approval.approved{color:var(--ok)}.approval.approved::before{content:"✓ "}
.approval.awaiting{color:var(--warn)}.approval.awaiting::before{content:"○ "}
.approval.never{color:var(--muted)}
.frame{min-width:0;border:1px solid var(--line);border-radius:10px;background:#fbfcfe;padding:10px;display:flex;flex-direction:column;gap:8px}
.frame.has-warnings{border:2px solid var(--warn-line)}
.frame.has-errors{border:2px solid var(--err)}
.frame-head{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;font-size:.8rem;color:var(--muted)}
.frame-head .chan{font-weight:600;color:var(--ink)}
.badge{border-radius:99px;padding:0 .55em;font-weight:700;font-size:.78rem}
.badge.warn{background:var(--warn-bg);color:var(--warn);border:1px solid var(--warn-line)}
.badge.err{background:var(--err-bg);color:var(--err);border:1px solid var(--err)}
.badge.ok{background:var(--ok-bg);color:var(--ok)}
.problems,.notes{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:4px;font-size:.85rem}
.problem{border-radius:6px;padding:5px 8px;border-left:4px solid}
.problem.warning{background:var(--warn-bg);border-color:var(--warn-line);color:#4a2e00}
.problem.error{background:var(--err-bg);border-color:var(--err);color:#5c0010}
.problem .code{font-weight:700;font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.85em}
.problem .hint{display:block;color:var(--muted)}
.problem .where{display:block;color:var(--muted);font-size:.85em}
.notes li{background:#eef2f8;border-radius:6px;padding:4px 8px;color:var(--muted)}
.failed{color:var(--err);margin:0}
.text{white-space:pre-wrap}
.md>:first-child{margin-top:0}.md>:last-child{margin-bottom:0}
.md h1,.md h2,.md h3{font-size:1.05rem;margin:.6em 0 .3em}
.md p{margin:0 0 .6em}
.md ul,.md ol{margin:0 0 .6em;padding-inline-start:1.3em}
.md blockquote{margin:0 0 .6em;padding-inline-start:.8em;border-inline-start:3px solid var(--line);color:var(--muted)}
.meter{margin:0;font-size:.82rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}
.meter .meter-main{color:var(--ink);font-weight:600}
.meter.over .meter-main{color:var(--err)}
.meter meter{width:7rem;height:.8rem}
.phone{background:#eef1f5;border-radius:14px;padding:12px}
.bubble{background:#dff7d8;border-radius:16px;border-end-start-radius:4px;padding:8px 12px;max-width:100%;white-space:pre-wrap;width:fit-content}
.post{background:#fff;border:1px solid var(--line);border-radius:12px;padding:10px 12px}
.post-head{display:flex;gap:8px;align-items:center;margin-bottom:6px}
.avatar{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:50%;background:var(--accent);color:#fff;font-weight:700}
.post-body .text{white-space:pre-wrap}
.email{background:#fff;border:1px solid var(--line);border-radius:8px}
.email-head{margin:0;padding:8px 12px;border-bottom:1px solid var(--line);display:grid;gap:2px;font-size:.88rem}
.email-head div{display:flex;gap:8px;min-width:0}
.email-head dt{color:var(--muted);min-width:4.2em}
.email-head dd{margin:0;min-width:0}
.email-head .subject{font-weight:700}
.email-body{padding:10px 12px}
.browser{border:1px solid var(--line);border-radius:8px;overflow:hidden;background:#fff}
.browser-bar{background:#e9edf3;padding:3px 8px;font-size:.75rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dots{color:#b8c0cc;letter-spacing:-.1em}
.html-box{position:relative;min-height:56px;background:#fff8db}
.sizer{visibility:hidden;white-space:pre-line;padding:10px 12px 30px;font:600 14px/20px system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","DejaVu Sans",Arial,sans-serif;overflow-wrap:anywhere}
.html-frame{position:absolute;inset:0;display:block;width:100%;height:100%;border:0}
.source{font-size:.8rem;padding:4px 8px}
.source pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4em 0 0;font-size:.78rem}
.status{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.status-head{display:flex;gap:8px;align-items:center;margin-bottom:6px;font-size:.85rem;color:var(--muted)}
.pill{border-radius:99px;padding:0 .6em;font-weight:700;color:#fff;background:#b86e00}
.pill-update{background:#1d4fb8}.pill-resolve{background:var(--ok)}
.macro{background:#fff;border:1px dashed #9aa6b8;border-radius:8px;padding:10px 12px}
.macro-head{font-size:.8rem;color:var(--muted);margin-bottom:6px}
.script{background:#fff;border-inline-start:4px solid #7a5cc7;border-radius:6px;padding:10px 12px}
.memo{background:#fffef5;border:1px solid #e6e0b8;border-radius:8px;padding:10px 12px}
.press{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;font-family:Georgia,"Times New Roman","DejaVu Serif",serif}
.timeline-svg{display:block;width:100%;height:auto;max-height:260px}
.timeline-svg .axis{stroke:#7b8494;stroke-width:2}
.timeline-svg .window{fill:#cfe0ff}
.timeline-svg .gap{fill:#f6c2cb;stroke:#a1001c;stroke-dasharray:4 3}
.timeline-svg .due{stroke:#1d4fb8;stroke-dasharray:4 3}
.timeline-svg .due-label,.timeline-svg .now-label{font-size:15px;fill:#5b6474}
.timeline-svg .now{stroke:#1d2330;stroke-width:2;stroke-dasharray:2 3}
.timeline-svg .mark{fill:#1d6b36;stroke:#fff;stroke-width:2}
.timeline-svg .mark.quiet{fill:#9aa6b8}
.timeline-svg .mark.late{fill:#a1001c}
.timeline-svg .stem{stroke:#9aa6b8}
.timeline-svg .label{font-size:16px;font-weight:600;fill:#1d2330}
.timeline-svg .label.late{fill:#a1001c;font-weight:800}
.legend{font-size:.82rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}
.key{display:inline-block;width:22px;height:10px;border-radius:2px}
.window-key{background:#cfe0ff}.gap-key{background:#f6c2cb;border:1px dashed #a1001c}
.key-shape{font-size:.9rem}
.timeline-list{margin:.4em 0 0;padding-inline-start:1.3em}
.timeline-list li.late{color:var(--err)}
.page-foot{color:var(--muted);font-size:.8rem;text-align:center;padding:8px}
@media (max-width:760px){
  main{padding:10px}
  .page-head,.facts,.signoff,.timeline,.stage{padding:12px;border-radius:8px}
  .row{grid-template-columns:minmax(0,1fr)}
  .lang-row{display:none}
  h1{font-size:1.4rem}
}
@media print{
  @page{margin:12mm}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{background:#fff;font-size:10.5pt}
  main{max-width:none;padding:0}
  .page-head,.facts,.signoff,.timeline,.stage{border:0;padding:0;margin:0 0 10mm}
  .stage{break-before:page}
  .row{grid-template-columns:repeat(2,minmax(0,1fr))}
  .row-head{grid-column:1/-1;break-after:avoid}
  .lang-row{display:none}
  .frame,.timeline-svg,.problem{break-inside:avoid}
  .toc,.source{display:none}
  a{color:inherit;text-decoration:underline}
}
`;

// Statements from templates: parsed once per template, rendered per language and stage by walking
// the AST (template-eval.ts).
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { isolate, isRtl, needsIsolation, numberFormat, type SafeHtml, smsPlain, smsWithoutDiacritics } from '../text/index.js';
import {
  BUILTIN_HELPER_FUNCTIONS,
  BUILTIN_HELPERS,
  checkScope,
  type EvalOptions,
  evaluate,
  HELPER_NAMES,
  helpers,
  parseTemplate,
  type ParseResult,
  pluralCategories,
  type RenderEnv,
  rootShape,
} from '../template/index.js';
import {
  type Config,
  type Format,
  formatOf,
  type ParseCache,
  type Playbook,
  type Severity,
  type Stage,
  type Statement,
  type TemplateFile,
  type TemplateSet,
} from '../playbook/index.js';
import type { Problem } from '../problem/index.js';

/** What templates see as `incident` (README, "Writing playbooks and templates"); times are ISO 8601 with the zone's offset. */
export type IncidentView = {
  id: string;
  title: string;
  severity: Severity;
  stage: Stage;
  update_number: number;
  started_at: string;
  now: string;
  next_update_at: string | null;
  /** The facts this stage's answers changed (`{{#if incident.changed.fix_eta}}`); none at start. */
  changed: Record<string, boolean>;
  /** Each fact as the previous message had it, to say what moved ("was 14:00"). */
  previous: Record<string, unknown>;
};

export type RenderRequest = { statement: Statement; lang: string; facts: Record<string, unknown>; incident: IncidentView };

export type Rendered = {
  statement: Statement;
  lang: string;
  stage: Stage;
  format: Format;
  file: string;
  text: string;
  /** An email's first line when it is a markdown heading, without the `# `. */
  subject?: string;
  /** The facts the render read: input ids, `org.support.email`, `incident.next_update_at`, ... */
  reads: Set<string>;
};

export type RenderResult = { ok: true; rendered: Rendered } | { ok: false; issue: Problem };

const OUT = '__out';
const KNOWN_HELPERS = Object.fromEntries([...BUILTIN_HELPERS, ...HELPER_NAMES, OUT].map((h) => [h, true]));

/** Thrown inside a render by `__out`; carries the place in the template. */
class OutputError extends Error {
  constructor(readonly issue: Problem) {
    super(issue.message);
  }
}

/** `ast`: the tree the walk takes (outputs rewritten); `pristine`: the template as parsed, for the scope check. */
type Prepared = { ast: hbs.AST.Program; pristine: hbs.AST.Program };

/**
 * Templates many playbooks of one run share (the partials), parsed and rewritten once and never
 * changed after: `parse` gives the AST as parsed (validate's scope check), `prepare` the one a
 * render walks. Keyed by the file as read, so a run that reads a folder once parses it once.
 */
export type SharedTemplates = { parse(tf: TemplateFile): ParseResult; prepare(tf: TemplateFile): Prepared | Problem };

export function sharedTemplates(cache?: ParseCache): SharedTemplates {
  const parsed = new WeakMap<TemplateFile, ParseResult>();
  const prepared = new WeakMap<TemplateFile, Prepared | Problem>();
  const parse = (tf: TemplateFile) => {
    let r = parsed.get(tf);
    if (!r) parsed.set(tf, (r = parseTemplate(tf.file, tf.text, cache)));
    return r;
  };
  return {
    parse,
    prepare(tf) {
      let c = prepared.get(tf);
      if (!c) {
        const r = parse(tf);
        c = r.ok ? { pristine: r.template.ast, ast: rewriteOutputs(r.template.ast, tf.file) } : r.issue;
        prepared.set(tf, c);
      }
      return c;
    },
  };
}

/**
 * A renderer for one playbook: templates are parsed on first use and kept.
 * `parsed`: templates already parsed (by validate's scope check), keyed by file; the renderer
 * uses them as they are (its rewrite makes a new tree) instead of parsing each a second time.
 */
/**
 * `scopeChecked`: the caller (validate) has run the template checks already and renders only what passed.
 * `shared`: where the partials come from when many playbooks' renderers share them.
 */
declare const __CRISIS_BUILD__: string | undefined;
// The bundle's identity (scripts/build.mjs); undefined when running from the sources.
const BUILD = typeof __CRISIS_BUILD__ === 'string' ? __CRISIS_BUILD__ : undefined;

export function createRenderer(
  playbook: Playbook,
  config: Config,
  templates: TemplateSet,
  opts: { parsed?: Map<string, hbs.AST.Program>; cache?: ParseCache; scopeChecked?: boolean; shared?: SharedTemplates } = {},
) {
  // The template being rendered (a statement, or the partial it is inside), for helper errors.
  const files: string[] = [];
  const helperTable: EvalOptions['helpers'] = { ...BUILTIN_HELPER_FUNCTIONS, [OUT]: out };
  for (const [name, fn] of Object.entries(helpers)) helperTable[name] = located(fn, () => files.at(-1) ?? '');
  const prepared = new Map<string, Prepared | Problem>();
  const shared = sharedContext(playbook, config);

  /** A template's AST with its outputs rewritten, or why it cannot be read. */
  function prepare(tf: TemplateFile): Prepared | Problem {
    let c = prepared.get(tf.file);
    if (!c) {
      const given = opts.parsed?.get(tf.file);
      const parsed = given ? { ok: true as const, template: { file: tf.file, ast: given } } : parseTemplate(tf.file, tf.text, opts.cache);
      c = parsed.ok ? { pristine: parsed.template.ast, ast: rewriteOutputs(parsed.template.ast, tf.file) } : parsed.issue;
      prepared.set(tf.file, c);
    }
    return c;
  }
  const preparePartial = opts.shared ? opts.shared.prepare : prepare;

  // The checks validate makes of a template, made again before it renders: a template validate
  // would refuse (an inherited name, a recursive partial) fails with the same located message.
  const root = rootShape(playbook);
  const checked = new Map<string, Problem | null>();
  // A template that passed is kept as passed in the parse cache, under everything the check reads:
  // the code (the build), its text and every partial's, the facts' shape, the language's plural
  // forms (ICU) and the format. Only a bundle keeps them: from the sources the code may have changed.
  const passed = opts.cache && BUILD ? opts.cache : undefined;
  let passedBase: string | undefined;
  const passedKey = (statement: Statement, lang: string, tf: TemplateFile) => {
    passedBase ??= createHash('sha256')
      .update(JSON.stringify([BUILD, process.versions.icu ?? '', root, Object.entries(templates.partials).map(([n, p]) => [n, p.file, p.text])]))
      .digest('hex');
    const h = createHash('sha256').update(JSON.stringify([passedBase, lang, formatOf(statement), tf.file, tf.text]));
    return `scope passed ${h.digest('hex')}`;
  };
  function refusal(statement: Statement, lang: string, tf: TemplateFile, c: Prepared): Problem | null {
    const key = `${statement.id}.${lang}`;
    if (!checked.has(key) && passed?.get(passedKey(statement, lang, tf)) === 'yes') checked.set(key, null);
    if (!checked.has(key)) {
      const report = checkScope(
        { file: tf.file, ast: c.pristine },
        {
          // No `optional`: an unanswered fact printed bare is caught by the render itself, with the real facts.
          root,
          helpers: HELPER_NAMES,
          pluralForms: pluralCategories(lang),
          html: formatOf(statement) === 'html',
          partial: (name) => {
            const ptf = templates.partials[`${name}.${lang}`] ?? templates.partials[name];
            if (!ptf) return undefined;
            const pc = preparePartial(ptf);
            return 'ast' in pc ? { ok: true, template: { file: ptf.file, ast: pc.pristine } } : { ok: false, issue: pc };
          },
        },
      );
      const issue = report.issues.find((i) => i.severity === 'error');
      checked.set(key, issue ?? null);
      if (!issue) passed?.set(passedKey(statement, lang, tf), 'yes');
    }
    return checked.get(key)!;
  }

  function partialIn(lang: string) {
    return (name: string) => {
      const tf = templates.partials[`${name}.${lang}`] ?? templates.partials[name];
      if (!tf) return undefined; // reported by validate; the render says the partial could not be found
      const c = preparePartial(tf);
      if (!('ast' in c)) throw new OutputError(c); // a broken partial: its own file and line
      return { file: tf.file, ast: c.ast };
    };
  }

  // A statement rendered again (at its next stage) from a context that gives every value the last
  // render read the same value renders the same text: the render is a function of what it reads.
  const last = new Map<string, { context: Record<string, unknown>; rendered: Rendered }>();

  function render(req: RenderRequest): RenderResult {
    const { statement, lang } = req;
    const tf = templates.statements[`${statement.id}.${lang}`];
    const format = formatOf(statement);
    if (!tf)
      return {
        ok: false,
        issue: {
          file: `templates/${playbook.id}/${statement.id}.${lang}.hbs`,
          line: 0,
          col: 0,
          code: 'missing-template',
          severity: 'error',
          message: `no template for statement "${statement.id}" in ${lang}`,
        },
      };
    const c = prepare(tf);
    if (!('ast' in c)) return { ok: false, issue: c };
    const refused = opts.scopeChecked ? null : refusal(statement, lang, tf, c);
    if (refused) return { ok: false, issue: refused };
    const env: RenderEnv = { lang, timeZone: config.timezone, format, channel: statement.channel };
    const plain = buildContext(playbook, config, req, shared);
    const key = `${statement.id}.${lang}`;
    const before = last.get(key);
    if (before && sameReads(before.context, plain, before.rendered.reads)) return { ok: true, rendered: { ...before.rendered, stage: req.incident.stage } };
    const reads = new Set<string>();
    const context = recording(plain, reads);
    try {
      files.splice(0, files.length, tf.file);
      const raw = evaluate(c.ast, context, {
        helpers: helperTable,
        partial: partialIn(lang),
        noEscape: format !== 'html',
        data: { env },
        enter: (file) => files.push(file),
        leave: () => files.pop(),
      });
      const text = finish(raw, env, config.sms?.plain?.includes(lang) ?? false);
      const subject = statement.channel === 'email' ? /^#\s+(.+)$/.exec(text.split('\n')[0] ?? '')?.[1]?.trim() : undefined;
      const rendered: Rendered = { statement, lang, stage: req.incident.stage, format, file: tf.file, text, reads, ...(subject ? { subject } : {}) };
      last.set(key, { context: plain, rendered });
      return { ok: true, rendered };
    } catch (err) {
      if (err instanceof OutputError) return { ok: false, issue: err.issue };
      const e = err as Error & { lineNumber?: number; column?: number };
      const loc = (err as { loc?: { start?: { line: number; column: number } } }).loc?.start;
      return {
        ok: false,
        issue: {
          file: tf.file,
          line: e.lineNumber ?? loc?.line ?? 1,
          col: (e.column ?? loc?.column ?? 0) + 1,
          code: 'render-failed',
          severity: 'error',
          message: e.message.split('\n')[0]!,
        },
      };
    }
  }

  return { render };
}

/** A helper whose errors carry the place of the call (Handlebars gives helpers `options.loc`). */
function located(fn: (...args: any[]) => unknown, file: () => string) {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (err) {
      const loc = (args.at(-1) as { loc?: { start: { line: number; column: number } } } | undefined)?.loc?.start;
      if (!loc || err instanceof OutputError) throw err;
      throw new OutputError({
        file: file(),
        line: loc.line,
        col: loc.column + 1,
        code: 'render-failed',
        severity: 'error',
        message: (err as Error).message.split('\n')[0]!,
      });
    }
  };
}

/** Text as a channel shows it: blank lines from false branches folded, SMS spaces plain (and without diacritics for a `sms.plain` language), HTML tagged with its language and direction. */
function finish(raw: string, env: RenderEnv, plainSms: boolean): string {
  if (env.format === 'html') {
    const dir = isRtl(env.lang) ? 'rtl' : 'ltr';
    return `<div lang="${env.lang}" dir="${dir}">\n${safeLinks(raw.trim())}\n</div>`;
  }
  const text = raw
    .split('\n')
    .map(trimSpacesEnd)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (env.channel !== 'sms') return text;
  const sms = smsPlain(text)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
  return plainSms ? smsWithoutDiacritics(sms) : sms;
}

const LINK_ATTRIBUTE = /\b(href|src|action|formaction|xlink:href)(\s*=\s*)(["'])([^"']*)\3/gi;
const SAFE_URL = /^(https?:\/\/|mailto:|tel:)/i;
const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|amp|quot|apos|lt|gt|colon|tab|newline);?/gi;

/** A link in an HTML statement goes to http(s), mailto or tel only: a `javascript:` or `data:` value (from an answer) becomes `#`. */
function safeLinks(html: string): string {
  return html.replace(LINK_ATTRIBUTE, (whole, name: string, eq: string, quote: string, value: string) =>
    SAFE_URL.test(decodeEntities(value).replace(/[\s\u0000-\u001f]/g, '')) ? whole : `${name}${eq}${quote}#${quote}`,
  );
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', colon: ':', tab: '\t', newline: '\n' };
  return text.replace(ENTITY, (_, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16) || 0);
    if (k.startsWith('#')) return String.fromCodePoint(Number(k.slice(1)) || 0);
    return named[k] ?? '';
  });
}

// Line by line, not /[ \t]+$/gm or /\s*\n\s*/g: on a long run of spaces inside a line those
// backtrack quadratically (an answer of 100 KB of spaces took minutes to render).
function trimSpacesEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return line.slice(0, end);
}

/** What every statement of a playbook sees alike: the organisation and the owners. */
function sharedContext(pb: Playbook, config: Config) {
  return {
    org: {
      organization: config.organization,
      short_name: config.short_name ?? config.organization,
      status_url: config.status_url ?? config.support.url ?? null,
      support: { email: config.support.email ?? null, phone: config.support.phone ?? null, url: config.support.url ?? null },
      timezone: config.timezone,
      languages: config.languages,
      roster: config.roster,
      discouraged_phrases: config.discouraged_phrases,
    },
    owners: Object.fromEntries(
      Object.entries(pb.owners).map(([role, duty]) => {
        const person = config.roster[role];
        // Null, not a placeholder: a template names the role in its own language ({{#if}} ... {{else}}).
        return [role, { name: person?.name ?? null, contact: person?.contact ?? null, duty }];
      }),
    ),
  };
}

export function buildContext(pb: Playbook, config: Config, req: RenderRequest, shared = sharedContext(pb, config)): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const input of pb.inputs) context[input.id] = req.facts[input.id] ?? null;
  return { ...context, org: shared.org, incident: req.incident, owners: shared.owners, lang: req.lang };
}

/**
 * Whether every path a render read (`org.support.url`) holds the same value in both contexts. An
 * object the recording proxy handed out was seen only through its keys and the reads below it,
 * which are checked on their own; anything else is compared whole.
 */
function sameReads(a: Record<string, unknown>, b: Record<string, unknown>, reads: Set<string>): boolean {
  for (const path of reads) {
    let x: unknown = a;
    let y: unknown = b;
    const keys = path.split('.');
    for (const key of keys) {
      // A key with a dot in it cannot be followed back: render again.
      if (!isObject(x) || !Object.hasOwn(x, key) || !isObject(y) || !Object.hasOwn(y, key)) return false;
      x = x[key];
      y = y[key];
    }
    const proxied = keys.length < RECORD_DEPTH && isObject(x) && !Array.isArray(x);
    if (!proxied && !isDeepStrictEqual(x, y)) return false;
    if (proxied && (!isObject(y) || Array.isArray(y) || !isDeepStrictEqual(Object.keys(x as object), Object.keys(y)))) return false;
  }
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

// Objects this deep are wrapped to record reads; `owners.comms-lead.name` is as deep as it goes.
const RECORD_DEPTH = 3;

/** Wraps the context so a render records which facts it read (for the guidance checks). */
function recording(context: Record<string, unknown>, reads: Set<string>): Record<string, unknown> {
  // One wrapper per object read, kept by its path: a template reads org.support many times.
  const wrappers = new Map<string, { target: object; proxy: unknown }>();
  const wrap = (value: unknown, path: string, depth: number): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depth === 0) return value;
    const kept = wrappers.get(path);
    if (kept?.target === value) return kept.proxy;
    const proxy = new Proxy(value as Record<string, unknown>, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || !Object.hasOwn(target, key)) return v;
        const p = path ? `${path}.${key}` : key;
        reads.add(p);
        return wrap(v, p, depth - 1);
      },
    });
    wrappers.set(path, { target: value, proxy });
    return proxy;
  };
  return wrap(context, '', RECORD_DEPTH) as Record<string, unknown>;
}

type Loc = { start: { line: number; column: number } };
type AnyNode = { type: string; loc?: Loc; [k: string]: unknown };

/**
 * Sends every `{{value}}` through `__out`, which refuses blanks (an unanswered fact, a null
 * next_update_at), lists and booleans, formats numbers, and isolates values in RTL text.
 */
function rewriteOutputs(program: hbs.AST.Program, file: string): hbs.AST.Program {
  // Whether the text so far leaves us inside an HTML tag: a value there is an attribute, which
  // must not get a <bdi> (it is escaped all the same).
  let inTag = false;
  // A new tree, sharing every node that has no output under it with the one parsed: the scope
  // check keeps reading that one, and a partial's two trees cost little more than one.
  const visit = (node: AnyNode): AnyNode => {
    switch (node.type) {
      case 'Program': {
        const body = node.body as AnyNode[];
        const rewritten = body.map(visit);
        return rewritten.some((n, i) => n !== body[i]) ? { ...node, body: rewritten } : node;
      }
      case 'ContentStatement': {
        const text = String(node.value);
        const open = text.lastIndexOf('<');
        const close = text.lastIndexOf('>');
        if (open > close) inTag = true;
        else if (close > open) inTag = false;
        return node;
      }
      case 'BlockStatement':
      case 'PartialBlockStatement': {
        const inner = node.program ? visit(node.program as AnyNode) : node.program;
        const inverse = node.inverse ? visit(node.inverse as AnyNode) : node.inverse;
        return inner !== node.program || inverse !== node.inverse ? { ...node, program: inner, inverse } : node;
      }
      case 'MustacheStatement':
        break;
      default:
        return node;
    }
    const path = node.path as AnyNode & { original?: string; parts?: string[] };
    const params = node.params as AnyNode[];
    const hash = node.hash as { pairs: AnyNode[] } | undefined;
    const isCall =
      params.length > 0 ||
      (hash?.pairs.length ?? 0) > 0 ||
      (path.type === 'PathExpression' && KNOWN_HELPERS[path.original ?? ''] === true && !(path.original ?? '').includes('.'));
    const loc = node.loc ?? { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
    const value: AnyNode = isCall ? { type: 'SubExpression', path, params, hash, loc } : path;
    const literal = (v: string | number): AnyNode => ({ type: typeof v === 'string' ? 'StringLiteral' : 'NumberLiteral', value: v, original: v, loc });
    return {
      ...node,
      path: { type: 'PathExpression', data: false, depth: 0, parts: [OUT], original: OUT, loc },
      params: [value],
      hash: {
        type: 'Hash',
        loc,
        pairs: [
          { type: 'HashPair', key: 'src', value: literal(sourceOf(value)), loc },
          { type: 'HashPair', key: 'at', value: literal(`${file}:${loc.start.line}:${loc.start.column + 1}`), loc },
          ...(inTag ? [{ type: 'HashPair', key: 'attr', value: { type: 'BooleanLiteral', value: true, original: true, loc }, loc }] : []),
        ],
      },
    };
  };
  return visit(program as unknown as AnyNode) as unknown as hbs.AST.Program;
}

function sourceOf(node: AnyNode): string {
  if (node.type === 'PathExpression') return String(node.original);
  if (node.type === 'SubExpression') return `${String((node.path as AnyNode).original)} ...`;
  return String(node.original ?? node.value ?? '');
}

function out(value: unknown, options: { hash: { src: string; at: string; attr?: boolean }; data: { env: RenderEnv } }): string | SafeHtml {
  const { src, at, attr } = options.hash;
  const { env } = options.data;
  const fail = (code: string, message: string, hint: string): never => {
    const [file, line, col] = splitAt(at);
    throw new OutputError({ file, line, col, code, severity: 'error', message, ...(hint ? { hint } : {}) });
  };
  if (value === null || value === undefined)
    return fail('render-empty', `{{${src}}} prints nothing here (${env.lang}): the value is empty`, `guard it: {{#if ${src.split(' ')[0]}}}...{{/if}}`);
  if (typeof value === 'object' && 'toHTML' in (value as object)) return value as SafeHtml;
  if (Array.isArray(value)) return fail('render-list', `{{${src}}} prints a list as raw text`, `use {{list ${src}}} or {{#each ${src}}}`);
  if (typeof value === 'boolean') return fail('render-boolean', `{{${src}}} prints "${value}"`, `branch on it: {{#if ${src}}}...{{else}}...{{/if}}`);
  if (typeof value === 'object') return fail('render-object', `{{${src}}} prints an object`, 'print one of its fields');
  const text = typeof value === 'number' ? numberFormat(env.lang).format(value) : String(value);
  const plain = env.channel === 'sms' ? smsPlain(text) : text;
  // Helpers that isolate parts themselves (a list of Latin items in Hebrew) are left as they are:
  // wrapping the whole again would run its RTL words left to right.
  if (attr || plain.includes('\u2068') || !needsIsolation(plain, env.lang)) return plain;
  return isolate(plain, env);
}

function splitAt(at: string): [string, number, number] {
  const m = /^(.*):(\d+):(\d+)$/.exec(at);
  return m ? [m[1]!, Number(m[2]), Number(m[3])] : [at, 1, 1];
}

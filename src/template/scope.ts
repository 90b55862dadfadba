// Static checks of a template: syntax, and that every variable, helper and partial is in scope.
// Walks the Handlebars AST (which carries `loc`) against the shape of what a render will see.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars/runtime';
import type { ParseCache, Playbook } from '../playbook/index.js';
import { closest, didYouMean, type Problem } from '../problem/index.js';
import { parseHandlebarsTemplate } from './parse.js';

type Node = hbs.AST.Node;

/** What a name refers to, as far as a static check can know. */
export type Shape = { kind: 'scalar' } | { kind: 'any' } | { kind: 'list'; of: Shape } | { kind: 'object'; name: string; fields: Record<string, Shape> };

const scalar: Shape = { kind: 'scalar' };
const object = (name: string, fields: Record<string, Shape>): Shape => ({ kind: 'object', name, fields });

/** The root scope of every statement of a playbook (README, "Writing playbooks and templates"). */
export function rootShape(pb: Playbook): Shape {
  const owner = object('owner', { name: scalar, contact: scalar, duty: scalar });
  return object('template', {
    ...Object.fromEntries(pb.inputs.map((i) => [i.id, i.type === 'list' ? { kind: 'list', of: scalar } : scalar])),
    org: object('org', {
      organization: scalar,
      short_name: scalar,
      status_url: scalar,
      timezone: scalar,
      languages: { kind: 'list', of: scalar },
      support: object('org.support', { email: scalar, phone: scalar, url: scalar }),
      roster: { kind: 'any' },
      discouraged_phrases: { kind: 'list', of: scalar },
    }),
    incident: object('incident', {
      id: scalar,
      title: scalar,
      stage: scalar,
      update_number: scalar,
      started_at: scalar,
      now: scalar,
      next_update_at: scalar,
      severity: object('incident.severity', { id: scalar, label: scalar, cadence: scalar }),
      changed: object('incident.changed', Object.fromEntries(pb.inputs.map((i) => [i.id, scalar]))),
      previous: object('incident.previous', Object.fromEntries(pb.inputs.map((i) => [i.id, i.type === 'list' ? { kind: 'list', of: scalar } : scalar]))),
    }),
    owners: object('owners', Object.fromEntries(Object.keys(pb.owners).map((r) => [r, owner]))),
    lang: scalar,
  });
}

export const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
const EACH_DATA = ['index', 'key', 'first', 'last'];

// Template findings that do not stop a statement from rendering; every other one does.
export const TEMPLATE_WARNINGS: ReadonlySet<string> = new Set(['template-plural-forms', 'link-from-fact']);
export type ParsedTemplate = { file: string; ast: hbs.AST.Program };
export type ParseResult = { ok: true; template: ParsedTemplate } | { ok: false; issue: Problem };

// Parsed templates are kept (ParseCache): in a short-lived process Handlebars' parser costs more
// than everything else done with a template. A read gives a tree of its own.
// Bump when what is kept changes: old entries then no longer match.
const CACHE_VERSION = 2;

export function parseTemplate(file: string, text: string, cache?: ParseCache): ParseResult {
  const key = cache ? createHash('sha256').update(`hbs\0${CACHE_VERSION}\0${Handlebars.VERSION}\0${text}`).digest('hex') : '';
  const kept = cache?.get(key);
  if (kept !== undefined) {
    try {
      return { ok: true, template: { file, ast: JSON.parse(kept) as hbs.AST.Program } };
    } catch {
      // a damaged entry: parse again
    }
  }
  try {
    const ast = parseHandlebarsTemplate(text);
    cache?.set(key, JSON.stringify(ast));
    return { ok: true, template: { file, ast } };
  } catch (err) {
    const e = err as Error & { lineNumber?: number; column?: number };
    const m = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(e.message);
    if (m) {
      const line = Number(m[1]);
      const lineText = text.split('\n')[line - 1] ?? '';
      const col = caretColumn(lineText, m[2]!, m[3]!.length);
      const ended = / got 'EOF'$/.test(m[4]!);
      return {
        ok: false,
        issue: {
          file,
          line,
          col,
          code: 'template-syntax',
          severity: 'error',
          message: `template syntax: ${parserExpectation(m[4]!, lineText.slice(col - 1))}`,
          hint: ended ? 'close every {{#block}} with its {{/block}}' : 'check the {{ }} on this line',
        },
      };
    }
    const loc = /- (\d+):(\d+)$/.exec(e.message);
    const cause = e.message.replace(/ - \d+:\d+$/, '');
    const mismatch = /^(\S+) doesn't match (\S+)$/.exec(cause);
    return {
      ok: false,
      issue: {
        file,
        line: e.lineNumber ?? Number(loc?.[1] ?? 1),
        col: (e.column ?? Number(loc?.[2] ?? 0)) + 1,
        code: 'template-syntax',
        severity: 'error',
        message: `template syntax: ${mismatch ? `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}` : cause}`,
        ...(mismatch ? { hint: `close it with {{/${mismatch[1]}}}` } : {}),
      },
    };
  }
}

/**
 * The parser shows the (at most 20) characters before the error with line breaks removed, and
 * "..." in front when it cut them: the error sits right after them on its line, or, when the line
 * is shorter than that, after the part of them the line starts with.
 */
function caretColumn(lineText: string, snippet: string, caret: number): number {
  const cut = snippet.startsWith('...');
  const before = snippet.slice(cut ? 3 : 0, caret);
  const whole = cut ? lineText.indexOf(before) : -1;
  if (whole >= 0) return whole + before.length + 1;
  for (let j = 0; j <= before.length; j++) if (lineText.startsWith(before.slice(j))) return before.length - j + 1;
  return 1;
}

// The parser's token names, as a template author would write them.
const TOKEN_TEXT: Record<string, string | undefined> = {
  CLOSE: '}}',
  CLOSE_UNESCAPED: '}}}',
  CLOSE_SEXPR: ')',
  SEP: '.',
  EQUALS: '=',
  OPEN_ENDBLOCK: '{{/...}}',
  INVERSE: '{{else}}',
  OPEN_INVERSE_CHAIN: '{{else}}',
  OPEN: '{{',
  OPEN_BLOCK: '{{#...}}',
  EOF: 'the end of the template',
  ID: 'an argument',
  STRING: 'an argument',
  NUMBER: 'an argument',
  BOOLEAN: 'an argument',
  UNDEFINED: 'an argument',
  NULL: 'an argument',
  DATA: 'an argument',
  OPEN_SEXPR: 'an argument',
  // Rarely meant, and they would drown the useful ones.
  CLOSE_RAW_BLOCK: undefined,
  OPEN_BLOCK_PARAMS: undefined,
};

/** "Expecting 'CLOSE', 'ID', got 'INVALID'" at `}` -> `unexpected "}"; expected }} or an argument`. */
function parserExpectation(expecting: string, rest: string): string {
  const got = /got '(\w+)'$/.exec(expecting)?.[1];
  const names = [...expecting.replace(/,? got '\w+'$/, '').matchAll(/'(\w+)'/g)].map((x) => x[1]!);
  const wanted = [
    ...new Set(names.map((n) => (n in TOKEN_TEXT ? TOKEN_TEXT[n] : n.toLowerCase().replace(/_/g, ' '))).filter((t): t is string => t !== undefined)),
  ];
  const list = wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}` : wanted[0];
  // Where any text or tag may come next, the list is everything: say only what was unexpected.
  const expected = list && !names.includes('CONTENT') ? `; expected ${list}` : '';
  if (got === 'EOF' || rest === '') return `the template ends here${expected}`;
  const known = got ? TOKEN_TEXT[got] : undefined;
  const token = /^\{\{[^}]*\}*/.exec(rest)?.[0] ?? (known && !known.startsWith('an ') ? known : (/^(?:[{}()=]|[^\s{}()=]+)/.exec(rest)?.[0] ?? rest[0]!));
  return `unexpected "${token}"${expected}`;
}

export type ScopeContext = {
  root: Shape;
  helpers: readonly string[];
  /** A partial's parsed template for the statement's language, or undefined when there is none. */
  partial: (name: string) => ParsedTemplate | ParseResult | undefined;
  /** Plural categories of the template's language: a `plural` call must give each form. */
  pluralForms?: readonly string[];
  /** The statement is HTML: everything it prints must be escaped, so {{{ }}} is refused. */
  html?: boolean;
  /** Inputs that may be unanswered (null): printing one outside a block that tests it is a silent blank. */
  optional?: ReadonlySet<string>;
};

export type ScopeReport = { issues: Problem[]; references: Set<string> };

/** Every problem of reference in a template (and the partials it uses), plus the root paths it reads. */
export function checkScope(template: ParsedTemplate, ctx: ScopeContext): ScopeReport {
  const report: ScopeReport = { issues: [], references: new Set() };
  const walker = new ScopeWalker(ctx, report);
  walker.program(template.ast, template.file, [ctx.root], new Map(), []);
  return report;
}

type Locals = Map<string, Shape>;

class ScopeWalker {
  constructor(
    private ctx: ScopeContext,
    private report: ScopeReport,
  ) {}

  /** Root names tested by the blocks we are inside (`{{#if x}}`, `{{#with x}}`, `{{#if (eq x "a")}}`). */
  private guards: string[] = [];

  private issue(file: string, node: Node, code: string, message: string, hint?: string) {
    const loc = node.loc?.start;
    this.report.issues.push({
      file,
      line: loc?.line ?? 1,
      col: (loc?.column ?? 0) + 1,
      code,
      severity: TEMPLATE_WARNINGS.has(code) ? 'warning' : 'error',
      message,
      ...(hint ? { hint } : {}),
    });
  }

  program(p: hbs.AST.Program, file: string, stack: Shape[], locals: Locals, partials: string[]): void {
    p.body.forEach((node, i) => {
      const before = p.body[i - 1];
      if (this.ctx.html && node.type === 'MustacheStatement' && before?.type === 'ContentStatement')
        this.linkFromFact(node as hbs.AST.MustacheStatement, (before as hbs.AST.ContentStatement).value, file);
      this.statement(node, file, stack, locals, partials);
    });
  }

  /** `href="{{x}}"` of a fact: the render keeps only http(s), mailto and tel links, so say it here. */
  private linkFromFact(m: hbs.AST.MustacheStatement, text: string, file: string): void {
    if (!/\b(href|src|action|formaction)\s*=\s*["']?[^"'\s>]*$/i.test(text)) return;
    const path = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : '';
    if (/^(@root\.)?org\./.test(path) || path === 'url') return; // the configuration's own addresses, or checked by {{url}}
    this.issue(
      file,
      m,
      'link-from-fact',
      `a link is built from {{${sourceText(m)}}}: a value that is not an http(s), mailto or tel address renders as "#"`,
      `check it: href="{{url ${sourceText(m)}}}" (or link to org.support.url, org.status_url)`,
    );
  }

  private statement(node: hbs.AST.Statement, file: string, stack: Shape[], locals: Locals, partials: string[]): void {
    switch (node.type) {
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        this.call(m, file, stack, locals, false);
        this.unguardedOptional(m, file, stack);
        // An answer typed during a crisis must never become markup on a customer-facing page.
        if (this.ctx.html && !m.escaped) {
          const src = sourceText(m);
          this.issue(
            file,
            m,
            'template-unescaped',
            `{{{${src}}}} prints its value unescaped in an HTML statement`,
            `write {{${src}}}: HTML statements escape what they print (helpers that build markup already return it safely)`,
          );
        }
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const name = (b.path as hbs.AST.PathExpression).original;
        // The arguments are walked once: their shapes open the block's scope.
        const shapes = b.params.map((x) => this.expression(x, file, stack, locals));
        this.call(b, file, stack, locals, true, shapes);
        const first = shapes[0];
        let inner = stack;
        const innerLocals = new Map(locals);
        const blockParams = b.program?.blockParams ?? [];
        if (name === 'each') {
          // Handlebars iterates nothing over text or a number: the block would print a silent blank.
          if (first?.kind === 'scalar' && b.params[0]?.type === 'PathExpression')
            this.issue(
              file,
              b.params[0],
              'template-each-not-list',
              `#each over "${(b.params[0] as hbs.AST.PathExpression).original}", which is not a list`,
              'iterate a list input, or print the value itself',
            );
          const item: Shape = first?.kind === 'list' ? first.of : { kind: 'any' };
          inner = [...stack, item];
          if (blockParams[0]) innerLocals.set(blockParams[0], item);
          if (blockParams[1]) innerLocals.set(blockParams[1], scalar);
        } else if (name === 'with') {
          const target = first ?? { kind: 'any' };
          inner = [...stack, target];
          if (blockParams[0]) innerLocals.set(blockParams[0], target);
        }
        const tested = b.params.flatMap((x) => rootNames(x, stack.length === 1));
        this.guards.push(...tested);
        if (b.program) this.program(b.program, file, inner, innerLocals, partials);
        if (b.inverse) this.program(b.inverse, file, stack, locals, partials);
        this.guards.splice(this.guards.length - tested.length, tested.length);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const p = node as hbs.AST.PartialStatement;
        if (p.name.type !== 'PathExpression') {
          this.issue(file, p, 'template-dynamic-partial', 'dynamic partials are not supported', 'name the partial: {{> footer}}');
          return;
        }
        const name = (p.name as hbs.AST.PathExpression).original;
        for (const param of p.params) this.expression(param, file, stack, locals);
        for (const pair of p.hash?.pairs ?? []) this.expression(pair.value, file, stack, locals);
        if (partials.includes(name)) {
          this.issue(file, p, 'template-partial-cycle', `partial "${name}" includes itself`, `the chain: ${[...partials, name].join(' > ')}`);
          return;
        }
        const found = this.ctx.partial(name);
        if (!found) {
          this.issue(file, p, 'template-unknown-partial', `unknown partial "${name}"`, `create templates/partials/${name}.<lang>.hbs or ${name}.hbs`);
          return;
        }
        if ('ok' in found) {
          if (!found.ok) return void this.report.issues.push(found.issue);
          this.program(found.template.ast, found.template.file, stack, locals, [...partials, name]);
        } else {
          this.program(found.ast, found.file, stack, locals, [...partials, name]);
        }
        if (node.type === 'PartialBlockStatement') this.program((node as hbs.AST.PartialBlockStatement).program, file, stack, locals, partials);
        return;
      }
      case 'DecoratorBlock':
      case 'Decorator':
        this.issue(file, node, 'template-decorator', 'decorators are not supported');
        return;
      default:
        return; // content and comments
    }
  }

  /** A mustache or block: a helper call when it has arguments or names a helper, else a lookup. */
  private call(
    node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement,
    file: string,
    stack: Shape[],
    locals: Locals,
    block: boolean,
    shapes?: Shape[],
  ): Shape {
    const path = node.path as hbs.AST.PathExpression | hbs.AST.Literal;
    if (path.type !== 'PathExpression') return scalar;
    const p = path as hbs.AST.PathExpression;
    const isCall = block || node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0 || this.isHelperName(p);
    if (!isCall) return this.path(p, file, stack, locals);
    return this.helperCall(p, node.params, node.hash, file, stack, locals, node, shapes);
  }

  /** `{{x}}`, `{{date x}}`, ... of an optional input with no block around it that tests x. */
  private unguardedOptional(m: hbs.AST.MustacheStatement, file: string, stack: Shape[]): void {
    if (!this.ctx.optional?.size) return;
    const printed: string[] = [];
    const atRoot = stack.length === 1;
    collectRootNames(m.path as hbs.AST.Expression, atRoot, printed);
    for (const x of m.params) collectRootNames(x, atRoot, printed);
    for (const pair of m.hash?.pairs ?? []) collectRootNames(pair.value, atRoot, printed);
    for (const name of new Set(printed)) {
      if (!this.ctx.optional?.has(name) || this.guards.includes(name)) continue;
      this.issue(
        file,
        m,
        'render-empty',
        `{{${sourceText(m)}}} prints nothing when "${name}" is not answered (an optional fact)`,
        `guard it: {{#if ${name}}}...{{/if}}, or make the input required`,
      );
    }
  }

  private isHelperName(p: hbs.AST.PathExpression) {
    return !p.data && p.depth === 0 && p.parts.length === 1 && this.helperSet().has(p.parts[0]!);
  }

  // Asked for at every path and call: made once a walk.
  private helpers?: { list: string[]; set: Set<string> };
  private allHelpers() {
    return this.helperList().list;
  }
  private helperSet() {
    return this.helperList().set;
  }
  private helperList() {
    if (!this.helpers) {
      const list = [...BUILTIN_HELPERS, ...this.ctx.helpers];
      this.helpers = { list, set: new Set(list) };
    }
    return this.helpers;
  }

  private helperCall(
    p: hbs.AST.PathExpression,
    params: hbs.AST.Expression[],
    hash: hbs.AST.Hash | undefined,
    file: string,
    stack: Shape[],
    locals: Locals,
    at: Node,
    walked?: Shape[],
  ): Shape {
    const name = p.original;
    if (!this.helperSet().has(name)) {
      const helpers = this.allHelpers();
      this.issue(
        file,
        at,
        'template-unknown-helper',
        `unknown helper "${name}"`,
        didYouMean(name, helpers, `helpers: ${helpers.join(', ')}`, `helpers: ${helpers.join(', ')}`),
      );
    }
    const shapes = walked ?? params.map((x) => this.expression(x, file, stack, locals));
    if (name === 'plural' && this.ctx.pluralForms) {
      const given = (hash?.pairs ?? []).map((pair) => pair.key);
      const missing = this.ctx.pluralForms.filter((f) => !given.includes(f));
      if (missing.length)
        this.issue(
          file,
          at,
          'template-plural-forms',
          `plural lacks the ${missing.map((f) => `"${f}"`).join(', ')} form${missing.length > 1 ? 's' : ''} this language needs`,
          `this language distinguishes: ${this.ctx.pluralForms.join(', ')}; add ${missing.map((f) => `${f}="..."`).join(' ')}`,
        );
    }
    for (const pair of hash?.pairs ?? []) this.expression(pair.value, file, stack, locals);
    if (name === 'lookup' && shapes[0]?.kind === 'object' && params[1]?.type === 'StringLiteral') {
      const key = (params[1] as hbs.AST.StringLiteral).value;
      const field = fieldOf(shapes[0], key);
      if (!field) {
        this.issue(file, params[1], 'template-unknown-variable', `${shapes[0].name} has no "${key}"`, `it has: ${Object.keys(shapes[0].fields).join(', ')}`);
        return { kind: 'any' };
      }
      this.refer(shapes[0].name, key);
      return field;
    }
    return name === 'lookup' ? { kind: 'any' } : scalar;
  }

  private expression(x: hbs.AST.Expression, file: string, stack: Shape[], locals: Locals): Shape {
    if (x.type === 'PathExpression') return this.path(x as hbs.AST.PathExpression, file, stack, locals);
    if (x.type === 'SubExpression') {
      const s = x as hbs.AST.SubExpression;
      return this.helperCall(s.path as hbs.AST.PathExpression, s.params, s.hash, file, stack, locals, s);
    }
    return scalar;
  }

  private path(p: hbs.AST.PathExpression, file: string, stack: Shape[], locals: Locals): Shape {
    if (p.data) {
      const [head, ...rest] = p.parts;
      if (head === 'root') return this.walkParts(this.ctx.root, rest, p, file, true, '@root.');
      if (head && EACH_DATA.includes(head) && stack.length > 1) return scalar;
      this.issue(
        file,
        p,
        'template-unknown-variable',
        `unknown data variable "@${p.parts.join('.')}"`,
        stack.length > 1 ? `inside #each: @index, @key, @first, @last, @root` : 'only @root is available outside #each',
      );
      return { kind: 'any' };
    }
    const local = p.depth === 0 && p.parts[0] !== undefined ? locals.get(p.parts[0]) : undefined;
    if (local && !/^this\b/.test(p.original)) return this.walkParts(local, p.parts.slice(1), p, file, false, `${p.parts[0]}.`);
    const base = stack[stack.length - 1 - p.depth];
    if (!base) {
      this.issue(file, p, 'template-unknown-variable', `"${p.original}" climbs above the template's root`, 'remove a ../');
      return { kind: 'any' };
    }
    return this.walkParts(base, p.parts, p, file, base === this.ctx.root, '../'.repeat(p.depth));
  }

  /** Follows `parts` through the shapes; `lead` is what the path had before them (`../`, `@root.`, a block param), for hints. */
  private walkParts(base: Shape, parts: string[], p: hbs.AST.PathExpression, file: string, fromRoot: boolean, lead = ''): Shape {
    let shape = base;
    const seen: string[] = [];
    for (const part of parts) {
      if (shape.kind === 'any') return shape;
      if (shape.kind !== 'object') {
        // Inside {{#each list}} a bare name is read from the item: the usual slip is a root name.
        if (seen.length === 0 && !lead && fieldOf(this.ctx.root, part))
          this.issue(
            file,
            p,
            'template-unknown-variable',
            `"${p.original}" is read from the current item here, which has no fields`,
            `reach the template's names from inside a block with @root.${p.original} or ../${p.original}`,
          );
        else
          this.issue(
            file,
            p,
            'template-unknown-variable',
            `"${p.original}": ${lead}${seen.join('.') || 'this'} has no fields`,
            shape.kind === 'list' ? `use {{list ${lead}${seen.join('.')}}} or {{#each ${lead}${seen.join('.')}}}` : undefined,
          );
        return { kind: 'any' };
      }
      const next = fieldOf(shape, part);
      if (!next) {
        const names = Object.keys(shape.fields);
        const guess = closest(part, names);
        const atRoot = fromRoot && seen.length === 0;
        this.issue(
          file,
          p,
          'template-unknown-variable',
          atRoot ? `unknown variable "${part}"` : `${shape.name} has no "${part}"`,
          guess ? `did you mean "${lead}${[...seen, guess].join('.')}"?` : `${atRoot ? 'in scope' : `${shape.name} has`}: ${names.join(', ')}`,
        );
        return { kind: 'any' };
      }
      seen.push(part);
      shape = next;
    }
    if (fromRoot && seen[0]) this.refer(...(seen as [string, ...string[]]));
    return shape;
  }

  /** Records a fact the template reads: `new_ship_date`, `org.support.email`, `incident.next_update_at`. */
  private refer(...parts: string[]) {
    const [head] = parts;
    if (head === 'org' || head === 'incident' || head === 'owners') this.report.references.add(parts.slice(0, head === 'org' ? 3 : 2).join('.'));
    else if (head) this.report.references.add(head);
  }
}

/** A mustache's inside, as written: `list failing_methods "disjunction"`. */
function sourceText(x: hbs.AST.Expression | hbs.AST.MustacheStatement): string {
  if (x.type === 'StringLiteral') return JSON.stringify((x as hbs.AST.StringLiteral).value);
  if (x.type === 'MustacheStatement' || x.type === 'SubExpression') {
    const call = x as hbs.AST.MustacheStatement;
    const inner = [sourceText(call.path), ...call.params.map(sourceText), ...(call.hash?.pairs ?? []).map((p) => `${p.key}=${sourceText(p.value)}`)].join(' ');
    return x.type === 'SubExpression' ? `(${inner})` : inner;
  }
  return String((x as { original?: unknown }).original ?? '');
}

/** A field the shape declares: `constructor` or `toString` is not one, whatever objects inherit. */
const fieldOf = (shape: Shape, name: string): Shape | undefined =>
  shape.kind === 'object' && Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;

/** Root names an expression reads: `x` of `x.y`, `@root.x`, and those inside subexpressions. */
function rootNames(x: hbs.AST.Expression, atRoot: boolean): string[] {
  const out: string[] = [];
  collectRootNames(x, atRoot, out);
  return out;
}

function collectRootNames(x: hbs.AST.Expression, atRoot: boolean, out: string[]): void {
  if (x.type === 'SubExpression') {
    const sub = x as hbs.AST.SubExpression;
    for (const y of sub.params) collectRootNames(y, atRoot, out);
    for (const pair of sub.hash?.pairs ?? []) collectRootNames(pair.value, atRoot, out);
    return;
  }
  if (x.type !== 'PathExpression') return;
  const p = x as hbs.AST.PathExpression;
  if (p.data) {
    if (p.parts[0] === 'root' && p.parts[1]) out.push(p.parts[1]);
  } else if (atRoot && p.depth === 0 && p.parts[0]) out.push(p.parts[0]);
}

// Renders a parsed Handlebars template by walking its AST, with Handlebars' semantics under the
// options crisis renders with (strict, known helpers only) and its own built-in helpers, escaping
// and frames. Compiling a template to JavaScript costs a fresh process about 2 ms, mostly V8 parsing
// code that then runs two or three times; walking the AST costs a small fraction of that. The
// equivalence is tested against Handlebars' compiler (test/unit/template-eval.test.ts). One
// difference: printed raw, two numbers or booleans side by side are added by the compiled code
// ({{{n}}}{{{flag}}} gives 4) and joined here; crisis prints every value through `__out`, as text.
import Handlebars from 'handlebars/runtime';

type Node = hbs.AST.Node;
type Loc = hbs.AST.SourceLocation;
type Helper = (this: unknown, ...args: any[]) => unknown;

export type EvalPartial = { file: string; ast: hbs.AST.Program };

export type EvalOptions = {
  helpers: Record<string, Helper>;
  /** The partial of that name in the statement's language, or undefined. */
  partial: (name: string) => EvalPartial | undefined;
  /** Text and markdown statements: `{{x}}` is not HTML-escaped. */
  noEscape: boolean;
  data?: Record<string, unknown>;
  /** Told which template file runs, for helper errors inside partials. */
  enter?: (file: string) => void;
  leave?: () => void;
};

type BlockParamFrame = { names: string[] | undefined; values: unknown[] | undefined };
type Frame = { context: unknown; data: Record<string, unknown>; depths: unknown[]; blockParams: BlockParamFrame[] };

const { Exception, Utils } = Handlebars;
const builtins = Handlebars.create().helpers as Record<string, Helper>;
const noop = () => '';
// What helpers get as `this` where the context is null; a block they run on it keeps the depth.
const NULL_CONTEXT = Object.seal({});

export function evaluate(ast: hbs.AST.Program, context: unknown, opts: EvalOptions): string {
  const data = initData(context, opts.data);
  return program(ast, { context, data, depths: [context], blockParams: [] }, opts);
}

// initData: @root is the context the template was first called with (partials keep it).
function initData(context: unknown, data: Record<string, unknown> | undefined): Record<string, unknown> {
  if (data && 'root' in data) return data;
  const frame = data ? Utils.createFrame(data) : {};
  frame.root = context;
  return frame;
}

function program(p: hbs.AST.Program, frame: Frame, opts: EvalOptions): string {
  let out = '';
  for (const node of p.body) out += statement(node, frame, opts);
  return out;
}

function statement(node: hbs.AST.Statement, frame: Frame, opts: EvalOptions): string {
  switch (node.type) {
    case 'ContentStatement':
      return (node as hbs.AST.ContentStatement).value;
    case 'CommentStatement':
      return '';
    case 'MustacheStatement': {
      const m = node as hbs.AST.MustacheStatement;
      const value = sexpr(m, frame, opts);
      if (m.escaped && !opts.noEscape) return Utils.escapeExpression(value as string);
      return value == null ? '' : String(value);
    }
    case 'BlockStatement': {
      const b = node as hbs.AST.BlockStatement;
      const value = sexpr(b, frame, opts, b.program, b.inverse);
      return value == null ? '' : String(value);
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return partial(node as hbs.AST.PartialStatement, frame, opts);
    default:
      throw new Exception(`${node.type} is not supported`, node);
  }
}

/** A mustache, block or subexpression: a helper call, or a lookup (Handlebars' classifySexpr). */
function sexpr(
  node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression,
  frame: Frame,
  opts: EvalOptions,
  fn?: hbs.AST.Program,
  inverse?: hbs.AST.Program,
): unknown {
  const path = asPath(node.path);
  const simple = path.parts.length === 1 && !scoped(path) && !path.depth;
  const blockParam = simple && findBlockParam(frame, path.parts[0]!) !== undefined;
  let isHelper = !blockParam && (node.type === 'SubExpression' || node.params.length > 0 || !!node.hash);
  if (!blockParam && !isHelper && simple && Object.hasOwn(opts.helpers, path.parts[0]!)) isHelper = true;
  const block = fn !== undefined || inverse !== undefined;

  if (isHelper) {
    const name = path.parts[0]!;
    const helper = Object.hasOwn(opts.helpers, name) ? opts.helpers[name] : undefined;
    if (!helper || path.parts.length !== 1 || path.depth || path.data)
      throw new Exception(`You specified knownHelpersOnly, but used the unknown helper ${path.original}`, node);
    const params = node.params.map((x) => expression(x, frame, opts));
    return helper.call(frame.context ?? NULL_CONTEXT, ...params, helperOptions(name, node, frame, opts, fn, inverse));
  }
  const value = lookupPath(path, frame, true);
  if (!block) return value;
  // {{#name}} of a value, not a helper: Handlebars' blockHelperMissing sections.
  return builtins.blockHelperMissing!.call(frame.context, value, helperOptions(path.original, node, frame, opts, fn, inverse));
}

function helperOptions(name: string, node: Node & { hash?: hbs.AST.Hash }, frame: Frame, opts: EvalOptions, fn?: hbs.AST.Program, inverse?: hbs.AST.Program) {
  const options: Record<string, unknown> = { name, hash: hash(node.hash, frame, opts), data: frame.data, loc: node.loc, lookupProperty };
  if (fn || inverse) {
    options.fn = fn ? child(fn, frame, opts) : noop;
    options.inverse = inverse ? child(inverse, frame, opts) : noop;
  }
  return options;
}

/** A block's program as the function a helper calls (Handlebars' wrapProgram). */
function child(p: hbs.AST.Program, frame: Frame, opts: EvalOptions) {
  return (context: unknown, options: { data?: Record<string, unknown>; blockParams?: unknown[] } = {}) => {
    const same = context == frame.depths[0] || (context === NULL_CONTEXT && frame.depths[0] === null);
    const depths = same ? frame.depths : [context, ...frame.depths];
    const blockParams = [{ names: p.blockParams, values: options.blockParams }, ...frame.blockParams];
    return program(p, { context, data: options.data ?? frame.data, depths, blockParams }, opts);
  };
}

function hash(h: hbs.AST.Hash | undefined, frame: Frame, opts: EvalOptions): Record<string, unknown> {
  // Last pair first, as Handlebars' compiled code evaluates and orders them.
  const out: Record<string, unknown> = {};
  const pairs = h?.pairs ?? [];
  for (let i = pairs.length - 1; i >= 0; i--) out[pairs[i]!.key] = expression(pairs[i]!.value, frame, opts);
  return out;
}

function expression(x: hbs.AST.Expression, frame: Frame, opts: EvalOptions): unknown {
  switch (x.type) {
    case 'PathExpression':
      return lookupPath(x as hbs.AST.PathExpression, frame, false);
    case 'SubExpression':
      return sexpr(x as hbs.AST.SubExpression, frame, opts);
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return (x as hbs.AST.StringLiteral).value;
    case 'NullLiteral':
      return null;
    default:
      return undefined;
  }
}

/** `{{"text"}}` and `{{true}}` in a mustache's place look the name up (transformLiteralToPath). */
function asPath(x: hbs.AST.Expression): hbs.AST.PathExpression {
  if (x.type === 'PathExpression') return x as hbs.AST.PathExpression;
  const original = `${(x as hbs.AST.StringLiteral).value}`;
  return { type: 'PathExpression', data: false, depth: 0, parts: [original], original, loc: x.loc } as hbs.AST.PathExpression;
}

const scoped = (p: hbs.AST.PathExpression) => /^\.|this\b/.test(p.original);

function findBlockParam(frame: Frame, name: string): [number, number] | undefined {
  for (let depth = 0; depth < frame.blockParams.length; depth++) {
    const i = frame.blockParams[depth]!.names?.indexOf(name) ?? -1;
    if (i >= 0) return [depth, i];
  }
  return undefined;
}

/**
 * A path's value. `strict` (a value printed or tested on its own) throws when the last name is
 * missing, as Handlebars' strict mode does; arguments of helpers may be missing.
 */
function lookupPath(p: hbs.AST.PathExpression, frame: Frame, strict: boolean): unknown {
  const [name] = p.parts;
  const bp = !p.depth && !scoped(p) && name !== undefined && !p.data ? findBlockParam(frame, name) : undefined;
  if (bp) return walk(frame.blockParams[bp[0]]!.values?.[bp[1]], p.parts, 1, false, p.loc);
  if (name === undefined) return p.depth ? frame.depths[p.depth] : frame.context;
  if (p.data) {
    let data: unknown = frame.data;
    for (let d = p.depth; data && d > 0; d--) data = (data as { _parent?: unknown })._parent;
    return walk(data, p.parts, 0, strict, p.loc);
  }
  return walk(p.depth ? frame.depths[p.depth] : frame.context, p.parts, 0, strict, p.loc);
}

function walk(value: unknown, parts: string[], from: number, strict: boolean, loc: Loc): unknown {
  const last = strict ? parts.length - 1 : parts.length;
  let current = value;
  for (let i = from; i < last; i++) current = lookupProperty(current, parts[i]!);
  if (!strict) return current;
  const name = parts[last]!;
  if (!current || !(name in (current as object))) throw new Exception(`"${name}" not defined in ${current}`, { loc } as Node);
  return lookupProperty(current, name);
}

/** Own properties only, as Handlebars allows by default; reading through null fails as it does there. */
function lookupProperty(parent: unknown, name: string): unknown {
  const result = (parent as Record<string, unknown>)[name];
  if (result == null) return result;
  return Object.prototype.hasOwnProperty.call(parent, name) && typeof result !== 'function' ? result : undefined;
}

function partial(node: hbs.AST.PartialStatement, frame: Frame, opts: EvalOptions): string {
  if (node.name.type !== 'PathExpression') throw new Exception('dynamic partials are not supported', node);
  const name = (node.name as hbs.AST.PathExpression).original;
  if (node.params.length > 1) throw new Exception(`Unsupported number of partial arguments: ${node.params.length}`, node);
  let context = node.params[0] ? expression(node.params[0], frame, opts) : frame.context;
  if (node.hash) context = Utils.extend({}, context, hash(node.hash, frame, opts));
  const found = name.startsWith('@') ? undefined : opts.partial(name);
  let result: string;
  if (found) {
    opts.enter?.(found.file);
    try {
      result = program(found.ast, { context, data: frame.data, depths: [context], blockParams: [] }, opts);
    } finally {
      opts.leave?.();
    }
  } else if ((node as Node).type === 'PartialBlockStatement') {
    // {{#> name}}fallback{{/name}}: the block stands in for a missing partial.
    result = child((node as unknown as hbs.AST.PartialBlockStatement).program, frame, opts)(context, { data: frame.data });
  } else {
    throw new Exception(`The partial ${name} could not be found`, node);
  }
  const indent = (node as { indent?: string }).indent;
  if (!indent) return result;
  const lines = result.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i] && i + 1 === lines.length) break;
    lines[i] = indent + lines[i];
  }
  return lines.join('\n');
}

export const BUILTIN_HELPER_FUNCTIONS: Record<string, Helper> = Object.fromEntries(
  ['if', 'unless', 'each', 'with', 'lookup', 'log'].map((name) => [name, builtins[name]!]),
);

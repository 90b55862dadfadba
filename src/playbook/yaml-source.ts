// YAML text -> plain value + the position of every node, so any later check can point at it.
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, visit, type Document, type Node } from 'yaml';
import type { ParseCache, SourceFile } from './model.js';
import { type Position, problem, type Problem } from '../problem/index.js';

export const MAX_FILE_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
// Keys that would reach for Object.prototype once the value is used as a plain object.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// Errors the yaml library finds on their own. Any other error is structural: the parser goes on
// after it, and what it reports next is mostly its echo (one unclosed bracket gives a dozen
// "implicit keys" errors on the lines below), so only the first structural error is kept.
const INDEPENDENT_ERRORS = new Set(['DUPLICATE_KEY', 'TAG_RESOLVE_FAILED', 'KEY_OVER_1024_CHARS', 'NON_STRING_KEY', 'BAD_DQ_ESCAPE']);

export type ParsedYaml = { value: unknown; source: SourceFile; problems: Problem[] };

/** Normalises what editors on other systems add: a byte-order mark and CRLF line ends. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

// Bump when what is kept changes: old entries then no longer match.
const CACHE_VERSION = 1;

/** The value and positions of a file that parsed cleanly before (`cache`), or a parse now. */
export function parseYaml(file: string, raw: string, cache?: ParseCache): ParsedYaml {
  const text = normaliseText(raw);
  if (!cache) return parseNow(file, text);
  const key = createHash('sha256').update(`yaml\0${CACHE_VERSION}\0${text}`).digest('hex');
  const kept = cache.get(key);
  if (kept !== undefined) {
    try {
      const { value, values, keys } = JSON.parse(kept) as { value: unknown; values: SourceFile['values']; keys: SourceFile['keys'] };
      return { value, source: { file, text, values, keys }, problems: [] };
    } catch {
      // a damaged entry: parse again
    }
  }
  const parsed = parseNow(file, text);
  // Only clean parses are kept, and only values JSON gives back as they are (not .inf or .nan).
  if (parsed.problems.length === 0 && isJsonSafe(parsed.value))
    cache.set(key, JSON.stringify({ value: parsed.value, values: parsed.source.values, keys: parsed.source.keys }));
  return parsed;
}

function isJsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isJsonSafe);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

function parseNow(file: string, text: string): ParsedYaml {
  const source: SourceFile = { file, text, values: {}, keys: {} };
  const fail = (code: string, message: string, hint?: string, at: Position = { line: 1, col: 1 }): ParsedYaml => ({
    value: undefined,
    source,
    problems: [problem(code, message, { file, ...at }, hint)],
  });

  // Read as UTF-8, a UTF-16 byte-order mark is two replacement characters and the text is full of NULs.
  if (/^\uFFFD\uFFFD/.test(text) && text.includes('\0'))
    return fail('file-utf16', 'file is UTF-16 text; crisis reads UTF-8', 'save it as UTF-8 (most editors: Save As, Encoding: UTF-8)');
  if (text.includes('\0')) return fail('file-binary', 'not a text file (it contains NUL bytes)', 'point at a YAML file');
  if (Buffer.byteLength(text) > MAX_FILE_BYTES)
    return fail('file-too-large', `file is larger than ${MAX_FILE_BYTES / 1024} KiB`, 'a playbook or an answers file is a few hundred lines at most');
  if (!/^\s*[^\s#]/m.test(text)) return fail('file-empty', 'file is empty', 'write the playbook, or delete the file');
  const deep = tooDeepAt(text);
  if (deep) return fail('yaml-too-deep', `nested more than ${MAX_PARSE_DEPTH} levels`, 'nested far too deeply; write the values flat', deep);

  const lineCounter = new LineCounter();
  const pos = (offset: number): Position => lineCounter.linePos(offset);
  let doc;
  try {
    // `core` whatever a %YAML 1.1 directive says: no yes/no booleans, no timestamps, no merge keys.
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  } catch (err) {
    return fail('yaml-unreadable', `cannot parse: ${(err as Error).message}`);
  }
  const problems: Problem[] = [];
  let structural = false;
  for (const e of [...doc.errors, ...doc.warnings]) {
    if (!INDEPENDENT_ERRORS.has(e.code)) {
      if (structural) continue;
      structural = true;
    }
    // The parser notices an unclosed [ or { where the next line begins: point at the bracket instead.
    const open = /^Flow (sequence|map) in block collection/.test(e.message) ? unclosedFlowAt(doc, text, e.pos[0]) : undefined;
    if (open?.range) {
      const [bracket, close] = isSeq(open) ? ['[', ']'] : ['{', '}'];
      problems.push(
        problem(
          'yaml-unclosed-bracket',
          `this ${bracket} is not closed with ${close}`,
          { file, ...pos(open.range[0]) },
          `close it with ${close}, or quote the value if the ${bracket} is part of the text`,
        ),
      );
      continue;
    }
    const code = `yaml-${e.code.toLowerCase().replace(/_/g, '-')}`;
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    problems.push(problem(code, message, { file, ...pos(e.pos[0]) }, yamlHint(e.code)));
  }
  if (problems.length) return { value: undefined, source, problems };

  const walkProblems: Problem[] = [];
  walk(doc.contents, '', 0, source, pos, walkProblems);
  if (walkProblems.length) return { value: undefined, source, problems: walkProblems };

  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), source, problems };
  } catch (err) {
    const message = (err as Error).message;
    const unresolved = /^Unresolved alias.*: (.+)$/.exec(message)?.[1];
    const alias = aliasAt(doc, unresolved);
    const at = alias?.range ? pos(alias.range[0]) : undefined;
    if (unresolved !== undefined)
      return fail(
        'yaml-bad-alias',
        `alias *${unresolved} has no anchor &${unresolved} before it`,
        'define the anchor before the alias, or write the value out',
        at,
      );
    const bomb = /alias/i.test(message);
    return fail(
      bomb ? 'yaml-alias-bomb' : 'yaml-unreadable',
      bomb ? 'too many alias expansions (a YAML alias bomb?)' : message,
      bomb ? 'write the values out instead of nesting aliases' : undefined,
      at,
    );
  }
}

// The yaml parser recurses once a level. It turns a stack overflow into an error, but when V8 has to
// compile a regular expression that near the stack's end it can die outright (a fatal out-of-memory,
// exit 134), so absurd nesting is refused before parsing. No playbook comes near this depth; the
// walk below holds real files to MAX_DEPTH.
const MAX_PARSE_DEPTH = 200;

/**
 * Where a cheap upper bound of the nesting first passes MAX_PARSE_DEPTH: open [ and { (quotes are not
 * told apart: a bound may overestimate, never under), plus a line's indentation and its leading
 * `- `, `? `, `: ` indicators.
 */
function tooDeepAt(text: string): Position | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === lineStart) {
      const lead = /^( *)((?:[-?:][ \t]+)*)/.exec(text.slice(i, i + MAX_PARSE_DEPTH * 4))!;
      const depth = lead[1]!.length + (lead[2]!.match(/[-?:]/g)?.length ?? 0);
      if (flow + depth > MAX_PARSE_DEPTH) return { line, col: 1 };
    }
    if (c === 10) [line, lineStart] = [line + 1, i + 1];
    else if (c === 91 || c === 123)
      flow += 1; // [ {
    else if ((c === 93 || c === 125) && flow > 0) flow -= 1; // ] }
    if (flow > MAX_PARSE_DEPTH) return { line, col: i - lineStart + 1 };
  }
  return undefined;
}

/** The innermost flow collection ([...] or {...}) before `offset` whose text does not end with its closing bracket. */
function unclosedFlowAt(doc: Document, text: string, offset: number): Node | undefined {
  let found: Node | undefined;
  const consider = (node: Node & { flow?: boolean }) => {
    if (!node.flow || !node.range || node.range[0] >= offset || (found && node.range[0] < found.range![0])) return;
    const closed = text
      .slice(node.range[0], node.range[1])
      .trimEnd()
      .endsWith(isSeq(node) ? ']' : '}');
    if (!closed) found = node;
  };
  visit(doc, { Seq: (_, node) => consider(node), Map: (_, node) => consider(node) });
  return found;
}

/** The alias named `name`, or the first alias of the document: where an expansion problem starts. */
function aliasAt(doc: Document, name?: string): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; merge the two';
    case 'TAG_RESOLVE_FAILED':
      return 'custom tags are not supported; write a plain value';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and quoting on this line';
    // `summary: Down: checkout fails` reads as a mapping inside a value.
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'BLOCK_IN_FLOW':
      return 'quote a value that contains ": " (summary: "Down: checkout fails"), or check the indentation';
    case 'TAB_AS_INDENT':
      return 'indent with spaces';
    // Thousands of nested [ or { exhaust the parser's stack; no playbook nests that deep.
    case 'RESOURCE_EXHAUSTION':
      return 'nested far too deeply; write the values flat';
    default:
      return undefined;
  }
}

/** Records positions by JSON pointer and refuses keys that would reach for prototypes. */
function walk(node: unknown, pointer: string, depth: number, source: SourceFile, pos: (o: number) => Position, out: Problem[]): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.range) source.values[pointer] = pos(n.range[0]);
  if (depth > MAX_DEPTH) {
    out.push(problem('yaml-too-deep', `nested more than ${MAX_DEPTH} levels`, { file: source.file, ...source.values[pointer] }));
    return;
  }
  if (isMap(n)) {
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const keyNode = pair.key as Node | null;
      const keyPos = keyNode?.range ? pos(keyNode.range[0]) : source.values[pointer];
      if (key === undefined) {
        out.push(problem('yaml-complex-key', 'keys must be plain text', { file: source.file, ...keyPos }));
        continue;
      }
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (PROTOTYPE_KEYS.has(key)) {
        out.push(problem('dangerous-key', `key "${key}" is not allowed`, { file: source.file, ...keyPos }, 'rename or remove it'));
        continue;
      }
      if (keyPos) source.keys[child] = keyPos;
      if (pair.value === null && keyPos) source.values[child] = keyPos;
      walk(pair.value, child, depth + 1, source, pos, out);
    }
  } else if (isSeq(n)) {
    n.items.forEach((item, i) => walk(item, `${pointer}/${i}`, depth + 1, source, pos, out));
  }
}

/** Where a value (or, with `key`, its key) sits; falls back to the nearest parent that has a node. */
export function locate(source: SourceFile, pointer: string, opts: { key?: boolean } = {}): { file: string } & Position {
  let p = pointer;
  let first = true;
  for (;;) {
    const hit = (first && opts.key ? source.keys[p] : undefined) ?? source.values[p] ?? source.keys[p];
    if (hit) return { file: source.file, ...hit };
    if (p === '') return { file: source.file, line: 1, col: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
    first = false;
  }
}

export const pointerOf = (...parts: (string | number)[]) => parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

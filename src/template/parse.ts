// A hand-written Handlebars parser: the AST Handlebars.parse returns, several times faster than
// its generated lexer and LR parser. Nodes are built by Handlebars' own helpers and whitespace pass;
// this file only replaces the scanning and the grammar. Whatever it does not handle (raw blocks,
// decorators, partial blocks, any syntax error) goes to Handlebars' parser, which then returns or
// throws exactly what it always did.
import { parse as parseWithHandlebars } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import * as helpers from 'handlebars/dist/cjs/handlebars/compiler/helpers.js';
import type { LocInfo } from 'handlebars/dist/cjs/handlebars/compiler/helpers.js';
import WhitespaceControl from 'handlebars/dist/cjs/handlebars/compiler/whitespace-control.js';

type Program = hbs.AST.Program;
type Expression = hbs.AST.Expression;
type Hash = hbs.AST.Hash;
type StripFlags = hbs.AST.StripFlags;

/** Handlebars' parse, through the fast path when it can take it. */
export function parseHandlebarsTemplate(text: string): Program {
  return tryFastParse(text) ?? parseWithHandlebars(text);
}

/** The AST Handlebars' parse would return, or undefined when only Handlebars' parser can tell. */
export function tryFastParse(text: string): Program | undefined {
  // The generated lexer's content rules stop at NUL, and it counts columns oddly after U+2028/U+2029.
  if (UNUSUAL_CHARS.test(text)) return undefined;
  try {
    lex(text);
    const program = new Parser().root();
    return new WhitespaceControl().accept(program);
  } catch {
    // not handled here, or a syntax error: Handlebars' parser has the answer (or the message)
    return undefined;
  }
}

const UNUSUAL_CHARS = /[\0\u2028\u2029]/;

// The grammar's builders read `this.locInfo` (Handlebars' parse sets it the same way).
const yy = {
  preparePath: helpers.preparePath,
  prepareMustache: helpers.prepareMustache,
  prepareBlock: helpers.prepareBlock,
  prepareProgram: helpers.prepareProgram,
  locInfo: (info: LocInfo) => new helpers.SourceLocation(undefined, info),
};
const { id, stripFlags, stripComment } = helpers;

/** Thrown for anything left to Handlebars' parser. */
class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

// Token kinds: the generated lexer's terminals this parser handles.
const CONTENT = 1;
const COMMENT = 2;
const OPEN = 3;
const OPEN_UNESCAPED = 4;
const OPEN_BLOCK = 5;
const OPEN_INVERSE = 6;
const OPEN_INVERSE_CHAIN = 7;
const INVERSE = 8;
const OPEN_ENDBLOCK = 9;
const OPEN_PARTIAL = 10;
const CLOSE = 11;
const CLOSE_UNESCAPED = 12;
const OPEN_SEXPR = 13;
const CLOSE_SEXPR = 14;
const ID = 15;
const SEP = 16;
const EQUALS = 17;
const STRING = 18;
const NUMBER = 19;
const BOOLEAN = 20;
const UNDEFINED = 21;
const NULL = 22;
const DATA = 23;
const OPEN_BLOCK_PARAMS = 24;
const CLOSE_BLOCK_PARAMS = 25;
const EOF = 26;

// The generated lexer's rules where a plain character test would not be exactly the same
// (lookaheads, backtracking), made sticky.
const INVERSE_CARET = /\{\{~?\^\s*~?\}\}/y;
const INVERSE_ELSE = /\{\{~?\s*else\s*~?\}\}/y;
const OPEN_ELSE = /\{\{~?\s*else\b/y;
const LONG_COMMENT = /[\s\S]*?--~?\}\}/y;
const SPACE = /\s/y;
const SPACES = /\s+/y;
const NAME = /[^\s!"#%-,./;->@[-^`{-~]+(?=[=~}\s/.)|])/y;
const DOUBLE_QUOTED = /"(\\["]|[^"])*"/y;
const SINGLE_QUOTED = /'(\\[']|[^'])*'/y;
const TRUE = /true(?=[~}\s)])/y;
const FALSE = /false(?=[~}\s)])/y;
const UNDEFINED_WORD = /undefined(?=[~}\s)])/y;
const NULL_WORD = /null(?=[~}\s)])/y;
const NUMBER_WORD = /-?[0-9]+(?:\.[0-9]+)?(?=[~}\s)])/y;
const AS_PIPE = /as\s+\|/y;
const SEGMENT_LITERAL = /\[(\\\]|[^\]])*\]/y;

/** Whether the sticky `re` matches at `pos`; its lastIndex is then the end. */
function at(re: RegExp, text: string, pos: number): boolean {
  re.lastIndex = pos;
  return re.test(text);
}

// The tokens of the text being parsed, kept across parses (parsing is synchronous) so that lexing
// allocates little: kind, text, and per token its first line, first column, last line, last column
// (lines 1-based, columns 0-based, counted as the generated lexer does).
let kinds = new Uint8Array(512);
let places = new Int32Array(4 * 512);
const texts: string[] = [];

function lex(src: string): void {
  const len = src.length;
  let count = 0;
  let line = 1;
  let lineStart = 0;
  // \r\n, \r and \n each end a line (no token ends between \r and \n): the next break from `from` on.
  const hasReturns = src.indexOf('\r') >= 0;
  const breakFrom = (from: number): number => {
    const newline = src.indexOf('\n', from);
    if (!hasReturns) return newline < 0 ? len : newline;
    const ret = src.indexOf('\r', from);
    return ret < 0 ? (newline < 0 ? len : newline) : newline < 0 || ret < newline ? ret : newline;
  };
  let nextBreak = breakFrom(0);
  const advance = (to: number) => {
    while (nextBreak < to) {
      const crlf = src.charCodeAt(nextBreak) === 13 && nextBreak + 1 < to && src.charCodeAt(nextBreak + 1) === 10;
      lineStart = nextBreak + (crlf ? 2 : 1);
      line++;
      nextBreak = breakFrom(lineStart);
    }
  };
  const push = (kind: number, start: number, end: number, text: string) => {
    if (count === kinds.length) {
      const grownKinds = new Uint8Array(2 * count);
      grownKinds.set(kinds);
      kinds = grownKinds;
      const grownPlaces = new Int32Array(8 * count);
      grownPlaces.set(places);
      places = grownPlaces;
    }
    const slot = 4 * count;
    advance(start);
    places[slot] = line;
    places[slot + 1] = start - lineStart;
    advance(end);
    places[slot + 2] = line;
    places[slot + 3] = end - lineStart;
    kinds[count] = kind;
    texts[count++] = text;
  };

  // From just after a mustache's opening token to just after its closing one.
  const expression = (pos: number): number => {
    for (;;) {
      if (pos >= len) unsupported();
      const c = src.charCodeAt(pos);
      switch (c) {
        case 40: // (
          push(OPEN_SEXPR, pos, pos + 1, '(');
          pos++;
          continue;
        case 41: // )
          push(CLOSE_SEXPR, pos, pos + 1, ')');
          pos++;
          continue;
        case 125: // }
          if (src.startsWith('}}}', pos)) {
            if (src.charCodeAt(pos + 3) === 125) unsupported(); // }}}} closes a raw block
            push(CLOSE_UNESCAPED, pos, pos + 3, '}}}');
            return pos + 3;
          }
          if (src.startsWith('}~}}', pos)) {
            push(CLOSE_UNESCAPED, pos, pos + 4, '}~}}');
            return pos + 4;
          }
          if (src.charCodeAt(pos + 1) !== 125) unsupported();
          push(CLOSE, pos, pos + 2, '}}');
          return pos + 2;
        case 126: // ~
          if (!src.startsWith('}}', pos + 1)) unsupported();
          push(CLOSE, pos, pos + 3, '~}}');
          return pos + 3;
        case 61: // =
          push(EQUALS, pos, pos + 1, '=');
          pos++;
          continue;
        case 46: {
          // `..` and a lone `.` are names; any other `.` separates segments
          const next = src.charCodeAt(pos + 1);
          if (next === 46) {
            push(ID, pos, pos + 2, '..');
            pos += 2;
          } else {
            const lone = next === 61 || next === 126 || next === 125 || next === 47 || next === 46 || next === 41 || next === 124 || isSpaceAt(src, pos + 1);
            push(lone ? ID : SEP, pos, pos + 1, '.');
            pos++;
          }
          continue;
        }
        case 47: // /
          push(SEP, pos, pos + 1, '/');
          pos++;
          continue;
        case 34: // "
        case 39: {
          // '
          const re = c === 34 ? DOUBLE_QUOTED : SINGLE_QUOTED;
          if (!at(re, src, pos)) unsupported();
          const end = re.lastIndex;
          const body = src.slice(pos + 1, end - 1);
          push(STRING, pos, end, c === 34 ? body.replace(/\\"/g, '"') : body.replace(/\\'/g, "'"));
          pos = end;
          continue;
        }
        case 64: // @
          push(DATA, pos, pos + 1, '@');
          pos++;
          continue;
        case 124: // |
          push(CLOSE_BLOCK_PARAMS, pos, pos + 1, '|');
          pos++;
          continue;
        case 91: {
          // [segment literal]
          if (!at(SEGMENT_LITERAL, src, pos)) unsupported();
          const end = SEGMENT_LITERAL.lastIndex;
          push(ID, pos, end, src.slice(pos, end).replace(/\\([\\\]])/g, '$1'));
          pos = end;
          continue;
        }
      }
      if ((c === 32 || (c >= 9 && c <= 13) || c >= 128) && at(SPACES, src, pos)) {
        pos = SPACES.lastIndex;
        continue;
      }
      // the generated lexer's order: literals and `as |` before names
      const literal =
        c === 116
          ? TRUE
          : c === 102
            ? FALSE
            : c === 117
              ? UNDEFINED_WORD
              : c === 110
                ? NULL_WORD
                : c === 45 || (c >= 48 && c <= 57)
                  ? NUMBER_WORD
                  : c === 97
                    ? AS_PIPE
                    : undefined;
      if (literal && at(literal, src, pos)) {
        const end = literal.lastIndex;
        const kind =
          literal === TRUE || literal === FALSE
            ? BOOLEAN
            : literal === UNDEFINED_WORD
              ? UNDEFINED
              : literal === NULL_WORD
                ? NULL
                : literal === NUMBER_WORD
                  ? NUMBER
                  : OPEN_BLOCK_PARAMS;
        push(kind, pos, end, src.slice(pos, end));
        pos = end;
        continue;
      }
      if (!at(NAME, src, pos)) unsupported();
      const end = NAME.lastIndex;
      push(ID, pos, end, src.slice(pos, end));
      pos = end;
    }
  };

  // An opening token at start..end, then the rest of its mustache.
  const opened = (kind: number, start: number, end: number) => {
    push(kind, start, end, src.slice(start, end));
    return expression(end);
  };

  // At `{{`: the opening token, then the rest of the mustache; returns where content starts again.
  const mustache = (pos: number): number => {
    if (src.startsWith('{{{{', pos)) unsupported(); // raw block
    let p = pos + 2;
    if (src.charCodeAt(p) === 126) p++; // ~
    const c = src.charCodeAt(p);
    switch (c) {
      case 62: // >
        return opened(OPEN_PARTIAL, pos, p + 1);
      case 35: {
        // #
        const next = src.charCodeAt(p + 1);
        if (next === 62 || next === 42) unsupported(); // partial block, decorator block
        return opened(OPEN_BLOCK, pos, p + 1);
      }
      case 47: // /
        return opened(OPEN_ENDBLOCK, pos, p + 1);
      case 94: // ^
        if (at(INVERSE_CARET, src, pos)) {
          push(INVERSE, pos, INVERSE_CARET.lastIndex, src.slice(pos, INVERSE_CARET.lastIndex));
          return INVERSE_CARET.lastIndex;
        }
        return opened(OPEN_INVERSE, pos, p + 1);
      case 123: // {
        return opened(OPEN_UNESCAPED, pos, p + 1);
      case 38: // &
        return opened(OPEN, pos, p + 1);
      case 42: // * (decorator)
        return unsupported();
      case 33: {
        // !
        let end: number;
        if (src.startsWith('--', p + 1)) {
          if (!at(LONG_COMMENT, src, pos)) unsupported();
          end = LONG_COMMENT.lastIndex;
        } else {
          const close = src.indexOf('}}', p + 1);
          if (close < 0) unsupported();
          end = close + 2;
        }
        push(COMMENT, pos, end, src.slice(pos, end));
        return end;
      }
    }
    if (c === 101 || c <= 32 || c >= 128) {
      if (at(INVERSE_ELSE, src, pos)) {
        push(INVERSE, pos, INVERSE_ELSE.lastIndex, src.slice(pos, INVERSE_ELSE.lastIndex));
        return INVERSE_ELSE.lastIndex;
      }
      if (at(OPEN_ELSE, src, pos)) return opened(OPEN_INVERSE_CHAIN, pos, OPEN_ELSE.lastIndex);
    }
    return opened(OPEN, pos, p);
  };

  let pos = 0;
  while (pos < len) {
    const open = src.indexOf('{{', pos);
    if (open < 0) {
      push(CONTENT, pos, len, src.slice(pos));
      break;
    }
    // `\{{` escapes a mustache, `\\{{` escapes the backslash; the content's place covers what was dropped
    let textEnd = open;
    let escaped = false;
    if (open > pos && src.charCodeAt(open - 1) === 92) {
      textEnd = open - 1;
      escaped = !(open - 1 > pos && src.charCodeAt(open - 2) === 92);
    }
    if (textEnd > pos) push(CONTENT, pos, open, src.slice(pos, textEnd));
    if (escaped) {
      const end = escapedEnd(src, open);
      push(CONTENT, open, end, src.slice(open, end));
      pos = end;
    } else pos = mustache(open);
  }
  push(EOF, len, len, '');
}

/** Where an escaped mustache's text ends: before the next `{{`, `\{{` or `\\{{` (at least 2 characters on), or at the end. */
function escapedEnd(src: string, start: number): number {
  const next = src.indexOf('{{', start + 2);
  if (next < 0) return src.length;
  if (next - 2 >= start + 2 && src.charCodeAt(next - 1) === 92 && src.charCodeAt(next - 2) === 92) return next - 2;
  if (next - 1 >= start + 2 && src.charCodeAt(next - 1) === 92) return next - 1;
  return next;
}

/** Whether the character at `pos` is one of `\\s`. */
function isSpaceAt(src: string, pos: number): boolean {
  const c = src.charCodeAt(pos);
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c >= 128 && at(SPACE, src, pos);
}

const SPAN: LocInfo = { first_line: 0, first_column: 0, last_line: 0, last_column: 0 };

interface OpenBlock {
  open?: string;
  path: Expression;
  params: Expression[];
  hash: Hash | undefined;
  blockParams: unknown;
  strip: StripFlags;
}
interface InverseAndProgram {
  strip: StripFlags;
  program: Program;
  chain?: true;
}

/** Recursive descent over Handlebars' grammar (handlebars.yy), building what its actions build. */
class Parser {
  private i = 0;
  // the buffers as the lexer left them
  private readonly kind = kinds;
  private readonly text = texts;
  private readonly place = places;

  root(): Program {
    const program = this.program();
    if (this.kind[this.i] !== EOF) unsupported();
    return program;
  }

  /**
   * The generated parser's location of the tokens first..last. One object, refilled: Handlebars'
   * builders turn it into a SourceLocation at once.
   */
  private span(first: number, last: number): LocInfo {
    const place = this.place;
    const span = SPAN;
    span.first_line = place[4 * first]!;
    span.first_column = place[4 * first + 1]!;
    span.last_line = place[4 * last + 2]!;
    span.last_column = place[4 * last + 3]!;
    return span;
  }

  private loc(first: number, last: number): hbs.AST.SourceLocation {
    return yy.locInfo(this.span(first, last));
  }

  private expect(kind: number): string {
    if (this.kind[this.i] !== kind) unsupported();
    return this.text[this.i++]!;
  }

  private program(): Program {
    const body: hbs.AST.Statement[] = [];
    for (;;) {
      const i = this.i;
      switch (this.kind[i]) {
        case CONTENT: {
          const text = this.text[i]!;
          body.push({ type: 'ContentStatement', original: text, value: text, loc: this.loc(i, i) } as unknown as hbs.AST.ContentStatement);
          this.i++;
          break;
        }
        case COMMENT: {
          const text = this.text[i]!;
          body.push({ type: 'CommentStatement', value: stripComment(text), strip: stripFlags(text, text), loc: this.loc(i, i) } as hbs.AST.CommentStatement);
          this.i++;
          break;
        }
        case OPEN:
        case OPEN_UNESCAPED:
          body.push(this.mustache());
          break;
        case OPEN_BLOCK:
        case OPEN_INVERSE:
          body.push(this.block());
          break;
        case OPEN_PARTIAL:
          body.push(this.partial());
          break;
        default:
          return yy.prepareProgram(body);
      }
    }
  }

  private mustache(): hbs.AST.MustacheStatement {
    const first = this.i;
    const unescaped = this.kind[first] === OPEN_UNESCAPED;
    const open = this.text[this.i++]!;
    const path = this.helperName();
    const params = this.params();
    const hash = this.hash();
    const close = this.expect(unescaped ? CLOSE_UNESCAPED : CLOSE);
    return yy.prepareMustache(path, params, hash, open, stripFlags(open, close), this.span(first, this.i - 1));
  }

  private partial(): hbs.AST.PartialStatement {
    const first = this.i;
    const open = this.text[this.i++]!;
    const name = this.param();
    const params = this.params();
    const hash = this.hash();
    const close = this.expect(CLOSE);
    return {
      type: 'PartialStatement',
      name,
      params,
      hash,
      indent: '',
      strip: stripFlags(open, close),
      loc: this.loc(first, this.i - 1),
    } as unknown as hbs.AST.PartialStatement;
  }

  private block(): hbs.AST.BlockStatement {
    const first = this.i;
    const inverted = this.kind[first] === OPEN_INVERSE;
    const open = this.openBlock(!inverted);
    const program = this.program();
    const next = this.kind[this.i];
    let inverse: InverseAndProgram | undefined;
    if (next === INVERSE) inverse = this.inverseAndProgram();
    else if (next === OPEN_INVERSE_CHAIN && !inverted) inverse = this.inverseChain();
    const close = this.closeBlock();
    return yy.prepareBlock(open, program, inverse, close, inverted, this.span(first, this.i - 1));
  }

  /** `{{#x …}}`, `{{^x …}}` or `{{else x …}}`; only `{{#` keeps its opening text. */
  private openBlock(keepOpen: boolean): OpenBlock {
    const open = this.text[this.i++]!;
    const path = this.helperName();
    const params = this.params();
    const hash = this.hash();
    const blockParams = this.kind[this.i] === OPEN_BLOCK_PARAMS ? this.blockParams() : undefined;
    const strip = stripFlags(open, this.expect(CLOSE));
    return keepOpen ? { open, path, params, hash, blockParams, strip } : { path, params, hash, blockParams, strip };
  }

  private blockParams(): unknown {
    this.i++;
    const names: string[] = [];
    do names.push(this.expect(ID));
    while (this.kind[this.i] === ID);
    this.expect(CLOSE_BLOCK_PARAMS);
    return id(names); // as the grammar does (a list of one `[x]` makes Handlebars throw)
  }

  private inverseAndProgram(): InverseAndProgram {
    const inverse = this.text[this.i++]!;
    const program = this.program();
    return { strip: stripFlags(inverse, inverse), program };
  }

  private inverseChain(): InverseAndProgram {
    if (this.kind[this.i] === INVERSE) return this.inverseAndProgram();
    const first = this.i;
    const open = this.openBlock(false);
    const program = this.program();
    const next = this.kind[this.i];
    const rest = next === INVERSE || next === OPEN_INVERSE_CHAIN ? this.inverseChain() : undefined;
    // The chained block ends with the last token before what follows it (the generated parser's place).
    const inverse = yy.prepareBlock(open, program, rest, rest, false, this.span(first, this.i - 1));
    const chained = yy.prepareProgram([inverse], program.loc) as Program & { chained?: boolean };
    chained.chained = true;
    return { strip: open.strip, program: chained, chain: true };
  }

  private closeBlock(): { path: Expression; strip: StripFlags } {
    const open = this.expect(OPEN_ENDBLOCK);
    const path = this.helperName();
    return { path, strip: stripFlags(open, this.expect(CLOSE)) };
  }

  private params(): Expression[] {
    const params: Expression[] = [];
    for (;;) {
      const kind = this.kind[this.i]!;
      if (kind === ID ? this.kind[this.i + 1] === EQUALS : kind !== OPEN_SEXPR && (kind < STRING || kind > DATA)) return params;
      params.push(this.param());
    }
  }

  private hash(): Hash | undefined {
    const first = this.i;
    if (this.kind[first] !== ID || this.kind[first + 1] !== EQUALS) return undefined;
    const pairs: hbs.AST.HashPair[] = [];
    while (this.kind[this.i] === ID && this.kind[this.i + 1] === EQUALS) {
      const start = this.i;
      const key = this.text[start]!;
      this.i += 2;
      const value = this.param();
      pairs.push({ type: 'HashPair', key: id(key), value, loc: this.loc(start, this.i - 1) } as hbs.AST.HashPair);
    }
    return { type: 'Hash', pairs, loc: this.loc(first, this.i - 1) } as Hash;
  }

  private param(): Expression {
    return this.kind[this.i] === OPEN_SEXPR ? this.subExpression() : this.helperName();
  }

  private subExpression(): hbs.AST.SubExpression {
    const first = this.i++;
    const path = this.helperName();
    const params = this.params();
    const hash = this.hash();
    this.expect(CLOSE_SEXPR);
    return { type: 'SubExpression', path, params, hash, loc: this.loc(first, this.i - 1) } as unknown as hbs.AST.SubExpression;
  }

  private helperName(): Expression {
    const i = this.i;
    const text = this.text[i]!;
    switch (this.kind[i]) {
      case ID:
        return this.path(false, i);
      case DATA:
        this.i++;
        if (this.kind[this.i] !== ID) unsupported();
        return this.path(true, i);
      case STRING:
        this.i++;
        return { type: 'StringLiteral', value: text, original: text, loc: this.loc(i, i) } as hbs.AST.StringLiteral;
      case NUMBER:
        this.i++;
        return { type: 'NumberLiteral', value: Number(text), original: Number(text), loc: this.loc(i, i) } as hbs.AST.NumberLiteral;
      case BOOLEAN:
        this.i++;
        return { type: 'BooleanLiteral', value: text === 'true', original: text === 'true', loc: this.loc(i, i) } as hbs.AST.BooleanLiteral;
      case UNDEFINED:
        this.i++;
        return { type: 'UndefinedLiteral', original: undefined, value: undefined, loc: this.loc(i, i) } as unknown as hbs.AST.UndefinedLiteral;
      case NULL:
        this.i++;
        return { type: 'NullLiteral', original: null, value: null, loc: this.loc(i, i) } as unknown as hbs.AST.NullLiteral;
      default:
        return unsupported();
    }
  }

  /** Segments from the current ID on; `first` is where the path starts (its `@`, if any). */
  private path(data: boolean, first: number): hbs.AST.PathExpression {
    const kind = this.kind;
    const text = this.text;
    const head = text[this.i++]!;
    const parts: { part: unknown; original: string; separator?: string }[] = [{ part: id(head), original: head }];
    while (kind[this.i] === SEP) {
      const separator = text[this.i++]!;
      const segment = this.expect(ID);
      parts.push({ part: id(segment), original: segment, separator });
    }
    return yy.preparePath(data, parts, this.span(first, this.i - 1));
  }
}

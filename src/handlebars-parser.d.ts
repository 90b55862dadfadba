// Handlebars' parser on its own (the package's compiler, which crisis does not use, stays out of the
// bundle): `parse` is Handlebars.parse, whitespace control applied.
declare module 'handlebars/dist/cjs/handlebars/compiler/base.js' {
  export function parse(input: string): hbs.AST.Program;
}

// The node builders Handlebars' grammar calls (they read `this.locInfo`), and its whitespace pass:
// src/template/parse.ts builds the same AST with them.
declare module 'handlebars/dist/cjs/handlebars/compiler/helpers.js' {
  export interface LocInfo {
    first_line: number;
    first_column: number;
    last_line: number;
    last_column: number;
  }
  export const SourceLocation: new (source: string | undefined, locInfo: LocInfo) => hbs.AST.SourceLocation;
  export function id(token: unknown): unknown;
  export function stripFlags(open: string, close: string): hbs.AST.StripFlags;
  export function stripComment(comment: string): string;
  export function preparePath(data: boolean, parts: { part: unknown; original: string; separator?: string }[], loc: LocInfo): hbs.AST.PathExpression;
  export function prepareMustache(
    path: unknown,
    params: unknown[],
    hash: unknown,
    open: string,
    strip: hbs.AST.StripFlags,
    loc: LocInfo,
  ): hbs.AST.MustacheStatement;
  export function prepareBlock(
    open: unknown,
    program: hbs.AST.Program,
    inverse: unknown,
    close: unknown,
    inverted: boolean,
    loc: LocInfo,
  ): hbs.AST.BlockStatement;
  export function prepareProgram(statements: hbs.AST.Statement[], loc?: hbs.AST.SourceLocation): hbs.AST.Program;
}

declare module 'handlebars/dist/cjs/handlebars/compiler/whitespace-control.js' {
  export default class WhitespaceControl {
    accept(program: hbs.AST.Program): hbs.AST.Program;
  }
}

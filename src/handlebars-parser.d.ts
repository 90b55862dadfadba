// Handlebars' parser on its own (the package's compiler, which crisis does not use, stays out of the
// bundle): `parse` is Handlebars.parse, whitespace control applied.
declare module 'handlebars/dist/cjs/handlebars/compiler/base.js' {
  export function parse(input: string): hbs.AST.Program;
}

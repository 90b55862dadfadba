// template: Handlebars templates. The scope check (every name a template uses exists), the
// helpers (dates, lists, plurals, money through Intl) and the AST walk that renders them.
export { BUILTIN_HELPER_FUNCTIONS, evaluate } from './eval.js';
export type { EvalOptions } from './eval.js';
export { HELPER_NAMES, helpers, pluralCategories } from './helpers.js';
export type { RenderEnv } from './helpers.js';
export { BUILTIN_HELPERS, checkScope, parseTemplate, rootShape } from './scope.js';
export type { ParseResult } from './scope.js';

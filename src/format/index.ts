// format: validate's output formats, pure (problems) => string functions in one table, and the
// text printer every command uses for problems. The names alone are in names.ts, for the command line.
export { FORMATTERS } from './formatters.js';
export { FORMAT_NAMES, type FormatName } from './names.js';
export { problemsText } from './text.js';

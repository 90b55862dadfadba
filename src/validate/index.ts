// validate: the whole-project check behind `crisis validate`: per-file checks, then the cross-file combine.
export { fileIdOf, validateProject } from './validate.js';
export type { PlaybookFiles, TextFile } from './validate.js';

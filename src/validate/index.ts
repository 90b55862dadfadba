// validate: the whole-project check behind `crisis validate`: per-file checks, then the cross-file combine.
export { checkConfigFile, combineReports, fileIdOf, validatePlaybookFile, validateProject } from './validate.js';
export type { PlaybookFileReport, PlaybookFiles, TextFile, ValidateReport } from './validate.js';

// validate: the whole-project check behind `crisis validate`: per-file checks, then the cross-file combine.
export { checkConfigFile, combineReports, validatePlaybookFile, validateProject } from './validate.js';
export { fileIdOf } from '../playbook/index.js';
export type { PlaybookFileReport, PlaybookFiles, TextFile, ValidateReport } from './validate.js';

// playbook: the files a user writes. YAML with positions, the schema's problems at their line,
// the config, playbooks and their inputs, the cross-checks, and the types of all of it.
export { checkPlaybook, fileIdOf } from './checks.js';
export { CONFIG_FILE, FALLBACK_CONFIG, isTimeZone, parseConfig } from './config.js';
export { clockFor, coerceInput, isBlank } from './inputs.js';
export type { Clock } from './inputs.js';
export { PHASES, STAGES } from './model.js';
export type {
  Channel,
  Config,
  Format,
  Input,
  LoadedPlaybook,
  ParseCache,
  Playbook,
  PlaybookOrigin,
  Severity,
  Stage,
  Statement,
  Step,
  TemplateFile,
  TargetConfig,
  TemplateSet,
} from './model.js';
export { EXTENSION, formatOf, isCustomerFacing, languagesOf, maxLengthOf, parsePlaybook } from './playbook.js';
export { locate, MAX_FILE_BYTES, normaliseText, parseYaml, pointerOf } from './yaml-source.js';

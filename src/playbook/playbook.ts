// A playbook file -> a typed playbook with its source positions, or the problems that stop it.
import playbookSchema from '../../schema/playbook.schema.json' with { type: 'json' };
import { validatePlaybook } from '../generated/validators.js';
import type { Config, Format, LoadedPlaybook, ParseCache, Playbook, PlaybookOrigin, Statement } from './model.js';
import type { Problem } from '../problem/index.js';
import { schemaProblems } from './schema-problems.js';
import { parseYaml } from './yaml-source.js';

export { playbookSchema };

export type PlaybookResult = { loaded?: LoadedPlaybook; problems: Problem[] };

export function parsePlaybook(file: string, text: string, origin: PlaybookOrigin, cache?: ParseCache): PlaybookResult {
  const parsed = parseYaml(file, text, cache);
  if (parsed.problems.length) return { problems: parsed.problems };
  if (!validatePlaybook(parsed.value)) return { problems: schemaProblems(validatePlaybook.errors ?? [], parsed.source, playbookSchema, parsed.value) };
  const playbook = parsed.value as Playbook;
  return { loaded: { id: playbook.id, origin, source: parsed.source, playbook }, problems: [] };
}

export const languagesOf = (playbook: Playbook, config: Config) => playbook.languages ?? config.languages;

const DEFAULT_FORMAT: Record<Statement['channel'], Format> = {
  email: 'markdown',
  'status-page': 'markdown',
  internal: 'markdown',
  press: 'markdown',
  'web-banner': 'html',
  sms: 'text',
  social: 'text',
  'support-macro': 'text',
  'phone-script': 'text',
};
export const formatOf = (s: Statement): Format => s.format ?? DEFAULT_FORMAT[s.channel];

const DEFAULT_MAX_LENGTH: Partial<Record<Statement['channel'], number>> = { sms: 160, social: 280 };
export const maxLengthOf = (s: Statement): number | undefined => s.max_length ?? DEFAULT_MAX_LENGTH[s.channel];

export const EXTENSION: Record<Format, string> = { text: 'txt', markdown: 'md', html: 'html' };

/** Statements customers (or the public) read: everything but internal ones. */
export const isCustomerFacing = (s: Statement) => s.channel !== 'internal' && !/^(internal|staff)$/.test(s.audience);

// crisis.config.yaml: parsed, checked against its schema and Intl (time zone, languages).
import configSchema from '../../schema/config.schema.json' with { type: 'json' };
import { validateConfig } from '../generated/validators.js';
import type { Config, ParseCache } from './model.js';
import { problem, type Problem } from '../problem/index.js';
import { schemaProblems } from './schema-problems.js';
import { locate, parseYaml } from './yaml-source.js';

export const CONFIG_FILE = 'crisis.config.yaml';

export type ConfigResult = { config?: Config; problems: Problem[] };

export function parseConfig(file: string, text: string, cache?: ParseCache): ConfigResult {
  const parsed = parseYaml(file, text, cache);
  if (parsed.problems.length) return { problems: parsed.problems };
  if (!validateConfig(parsed.value)) return { problems: schemaProblems(validateConfig.errors ?? [], parsed.source, configSchema, parsed.value) };
  const raw = parsed.value as Omit<Config, 'source'>;
  const problems: Problem[] = [];
  if (!icuKnows(cache, 'zone', raw.timezone, isTimeZone))
    problems.push(
      problem(
        'config-bad-timezone',
        `unknown time zone "${raw.timezone}"`,
        locate(parsed.source, '/timezone'),
        'use an IANA zone name such as Europe/Paris or America/New_York',
      ),
    );
  raw.languages.forEach((lang, i) => {
    if (!icuKnows(cache, 'language', lang, isLanguage))
      problems.push(
        problem('config-bad-language', `unknown language "${lang}"`, locate(parsed.source, `/languages/${i}`), 'use a BCP 47 tag such as en, fr, pl, he'),
      );
  });
  if (problems.length) return { problems };
  return {
    config: {
      organization: raw.organization,
      support: raw.support ?? {},
      timezone: raw.timezone,
      languages: raw.languages,
      roster: raw.roster ?? {},
      discouraged_phrases: raw.discouraged_phrases ?? [],
      ...(raw.short_name ? { short_name: raw.short_name } : {}),
      ...(raw.status_url ? { status_url: raw.status_url } : {}),
      ...(raw.sms ? { sms: raw.sms } : {}),
      ...(raw.publish ? { publish: raw.publish } : {}),
      source: parsed.source,
    },
    problems,
  };
}

/** What checks use when a project has no config yet: validate still works, render commands refuse. */
export const FALLBACK_CONFIG: Config = {
  organization: 'Example Company',
  support: { email: 'help@example.com', url: 'https://example.com/help' },
  timezone: 'UTC',
  languages: ['en'],
  roster: {},
  discouraged_phrases: [],
};

/**
 * What ICU said of a zone or a language, kept in the parse cache under ICU's version: a run that
 * formats no time (a warm status) then makes no Intl object, whose first costs a fifth of it.
 */
function icuKnows(cache: ParseCache | undefined, kind: string, value: string, check: (value: string) => boolean): boolean {
  if (!cache) return check(value);
  const key = `icu ${process.versions.icu} ${process.versions.tz} ${kind} ${JSON.stringify(value)}`;
  if (cache.get(key) === 'yes') return true;
  const known = check(value);
  if (known) cache.set(key, 'yes');
  return known;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isLanguage(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && new Intl.Locale(tag).language !== 'und';
  } catch {
    return false;
  }
}

// The plain data the core works on. Loaders produce it, checks and renders read it.
import type { Position } from '../problem/index.js';

export const INPUT_TYPES = ['string', 'text', 'number', 'boolean', 'date', 'datetime', 'choice', 'list'] as const;
export type InputType = (typeof INPUT_TYPES)[number];
export const PHASES = ['detect', 'assess', 'respond', 'update', 'resolve', 'review'] as const;
export type Phase = (typeof PHASES)[number];
export const CHANNELS = ['email', 'social', 'sms', 'web-banner', 'support-macro', 'status-page', 'phone-script', 'internal', 'press'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STAGES = ['start', 'update', 'resolve'] as const;
export type Stage = (typeof STAGES)[number];
export const FORMATS = ['text', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** A file's text and where each of its YAML nodes sits, keyed by JSON pointer ("/steps/0/owner"). */
export type SourceFile = {
  file: string;
  text: string;
  /** Position of each value node. */
  values: Record<string, Position>;
  /** Position of the key of each map entry, keyed by the entry's pointer. */
  keys: Record<string, Position>;
};

export type Person = { name: string; contact?: string };

export type Config = {
  organization: string;
  support: { email?: string; phone?: string; url?: string };
  timezone: string;
  languages: string[];
  roster: Record<string, Person>;
  discouraged_phrases: string[];
  /** What SMS and social posts call the organisation; defaults to `organization`. */
  short_name?: string;
  /** Where customers follow the incident; defaults to `support.url`. */
  status_url?: string;
  sms?: { max_segments?: number; plain?: string[] };
  /** Where `crisis publish` sends each channel (src/publish/plan.ts, TargetConfig); `${NAME}` still unexpanded. */
  publish?: Record<string, TargetConfig>;
  /** Where the config was read from; absent for the built-in fallback. */
  source?: SourceFile;
};

/** One channel's entry under `publish:` (schema/config.schema.json): one target, its sender and recipients. */
export type TargetConfig = {
  smtp?: string;
  slack?: string;
  webhook?: { url: string; secret: string };
  twilio?: { url: string; account: string; token: string };
  site?: string;
  from?: string;
  /** A list for every language, or a map by language. */
  to?: string[] | Record<string, string[]>;
  /** How long to wait for the receiver's answer (`10s`, `1500ms`). */
  timeout?: string;
};

export type Severity = { id: string; label: string; cadence: string };

export type Input = {
  id: string;
  prompt: string;
  type: InputType;
  required?: boolean;
  example?: unknown;
  default?: unknown;
  choices?: string[];
  help?: string;
  /** A datetime that looks back (a start time) or ahead (an ETA). */
  when?: 'past' | 'future';
};

export type Step = {
  id: string;
  phase: Phase;
  owner: string;
  within: string;
  from?: string;
  do: string;
};

export type Statement = {
  id: string;
  channel: Channel;
  audience: string;
  owner: string;
  stages: Stage[];
  format?: Format;
  max_length?: number;
};

export type Playbook = {
  id: string;
  title: string;
  summary: string;
  languages?: string[];
  severities: Severity[];
  default_severity: string;
  owners: Record<string, string>;
  inputs: Input[];
  steps: Step[];
  statements: Statement[];
};

export type PlaybookOrigin = 'flag' | 'project' | 'shipped';

/** A playbook as found on disk: the parsed value (when it parsed) and its source. */
export type LoadedPlaybook = {
  id: string;
  origin: PlaybookOrigin;
  source: SourceFile;
  playbook: Playbook;
};

/** A template or partial as found on disk. */
export type TemplateFile = { file: string; text: string };

/** Templates of one playbook keyed "<statement>.<lang>", partials keyed "<name>.<lang>" or "<name>". */
export type TemplateSet = {
  statements: Record<string, TemplateFile>;
  partials: Record<string, TemplateFile>;
};

/**
 * Parses kept between runs (by the shell, on disk), keyed by a hash of what was parsed: a changed
 * file is never served stale. Parsing is pure, so a kept result is the result.
 */
export type ParseCache = { get(key: string): string | undefined; set(key: string, value: string): void };

import type { Problem } from '../problem/index.js';
import type { SmsReport } from '../statement/index.js';

/** What a formatter gets: the problems, the text of the files they point into, the playbooks checked. */
export type FormatInput = {
  problems: readonly Problem[];
  sources: Record<string, string>;
  playbooks: readonly { file: string; id?: string; problems: readonly Problem[] }[];
  sms: readonly SmsReport[];
  color: boolean;
  strict: boolean;
  /** crisis's version, named by the json and sarif reports. */
  version?: string;
};

/** Formatters are pure: they return the text, the shell writes it. */
export type Formatter = (input: FormatInput) => string;

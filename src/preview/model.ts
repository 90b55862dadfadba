// What the preview page shows, as plain data: the commands build it, the page lays it out.
import type { Approval, DeliveryRecord } from '../incident/index.js';
import type { Config, Playbook, Severity, Stage, Statement } from '../playbook/index.js';
import type { Problem } from '../problem/index.js';

/** One statement in one language, as the channel would show it. */
export type PreviewFrame = {
  lang: string;
  /** The statement's text; absent when it could not be rendered (its problems say why). */
  text?: string;
  /** Validate's problems with this statement in this language: warnings, and errors such as a failed render. */
  problems: Problem[];
  /** Plain remarks for the reader (a check that could not run, a file that is missing). */
  notes?: string[];
};

export type PreviewRow = {
  statement: Statement;
  /** The owner role's person on the roster, when there is one. */
  person?: string;
  frames: PreviewFrame[];
  /** Incidents only: the sign-off, `null` when none was given. */
  approval?: Approval | null;
};

export type PreviewStage = {
  /** The stage folder (`02-update`) of an incident, or the stage name for a playbook. */
  key: string;
  stage: Stage;
  /** The update's number at an update stage. */
  updateNumber: number;
  /** When it was issued (incident) or the clock it was rendered for (playbook); ISO 8601. */
  at: string;
  severity: Severity;
  /** The next update these statements promise; null at resolve. */
  nextUpdateAt: string | null;
  /** Incidents: the next update that was due when this stage was issued (null for the first). */
  dueBy?: string | null;
  /** Whether the stage told customers something (and so counts against the cadence). */
  customerFacing?: boolean;
  /** Incidents: an older stage shown as one line (its statements are in its folder), so a long incident's page stays small. */
  folded?: { statements: number; files: number };
  rows: PreviewRow[];
};

export type PreviewFact = { id: string; prompt: string; value: unknown; source: 'given' | 'example' | 'default' | 'none' };

export type PreviewIncident = {
  id: string;
  title: string;
  severity: Severity;
  stage: Stage;
  startedAt: string;
  nextUpdateAt: string | null;
  resolvedAt: string | null;
  /** Where the incident's statements/ folder is from the page (ends in /): a folded stage links to its folder there. */
  statementsHref?: string;
  /** What `crisis publish` made of the statements: unknown and failed ones need a person. */
  deliveries: { sent: number; unknown: DeliveryRecord[]; failed: DeliveryRecord[] };
};

export type PreviewInput = {
  kind: 'playbook' | 'incident';
  playbook: Playbook;
  config: Config;
  languages: readonly string[];
  /** The zone every time is shown in. */
  timeZone: string;
  /** The clock: what "now" is for an incident (overdue), the example clock for a playbook. */
  now: Date;
  stages: PreviewStage[];
  /** Playbooks: the facts the statements were rendered from. */
  facts?: PreviewFact[];
  incident?: PreviewIncident;
};

/** The policy of the page: nothing may load, styles inline only, the banners' srcdoc frames allowed. */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self' about: data:";

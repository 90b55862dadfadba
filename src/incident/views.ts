// The files an incident folder shows beside its timeline, all views of it: incident.yaml (the
// state), checklist.md (steps and deadlines) and, once resolved, review.md. Every command that
// records an event rewrites them from the state it leads to, so they never disagree with the record.
import { stringify } from 'yaml';
import type { Config, Playbook } from '../playbook/index.js';
import { checklistMarkdown } from './checklist.js';
import type { FileWrite } from './lifecycle.js';
import { reviewMarkdown } from './review.js';
import { incidentRecord, type IncidentState, type TimelineEvent } from './timeline.js';

export const RECORD = 'incident.yaml';
export const CHECKLIST = 'checklist.md';
export const REVIEW = 'review.md';

const RECORD_HEADER = '# A view of timeline.jsonl, rewritten by every crisis command. The timeline is the record.\n';
export const recordText = (state: IncidentState) => RECORD_HEADER + stringify(incidentRecord(state), { lineWidth: 0 });

/**
 * The views of an incident as of `now`. `events`, when given, adds review.md to a resolved
 * incident (written as of its resolution, so a step ticked after it shows there too).
 */
export function incidentViews(state: IncidentState, pb: Playbook, config: Config, now: Date, events?: readonly TimelineEvent[]): FileWrite[] {
  const views: FileWrite[] = [
    { path: RECORD, content: recordText(state) },
    { path: CHECKLIST, content: checklistMarkdown(pb, state, config, now) },
  ];
  if (events && state.resolved_at) views.push({ path: REVIEW, content: reviewMarkdown(pb, state, events, config, new Date(state.resolved_at)) });
  return views;
}

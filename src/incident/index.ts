// incident: the incident as a record. The timeline (events, replayed to a state), the facts a
// responder gives, what start, update and resolve write (stage plans), sign-offs tied to file
// hashes, the merge of two responders' timelines, and the views rebuilt from it all
// (incident.yaml, checklist.md, review.md, the status line).
export { stepViews } from './checklist.js';
export { missingProblems, parseFactsFile, parseSetFlags, resolveFacts } from './facts.js';
export type { FactSource, FactsResult } from './facts.js';
export { changedFacts, contentHash, incidentId, nextUpdateAt, planResolve, planStart, planUpdate, renderStage, severityOf } from './lifecycle.js';
export type { FileWrite, StagePlan } from './lifecycle.js';
export { mergeTimelines } from './merge.js';
export type { DroppedApproval, Renumbered } from './merge.js';
export { fileSignedOff, filesOf, signOffOf, signOffs } from './signoff.js';
export type { HashOf } from './signoff.js';
export { statusRecord, statusSummary, statusText, statusTextInputs, summaryRecord, updateOverdue } from './status.js';
export type { DeliverySummary, StatusRecord, StatusSummary, StatusText } from './status.js';
export { apply, nextEventId, parseTimeline, replay, stageContexts } from './timeline.js';
export type { Approval, DeliveryRecord, IncidentState, PublishEvent, StageContext, StageRecord, TimelineEvent } from './timeline.js';
export { CHECKLIST, incidentViews, RECORD, recordText } from './views.js';

// statement: one statement rendered for a channel, language and stage, and its checks against
// the guidance: next update, where to get help, discouraged phrases, language parity, budgets.
export { budgetProblems } from './budget.js';
export { checkRendered, exampleFacts, parityProblems, TEST_NOW, testIncident, testRenders } from './checks.js';
export type { SmsReport } from './checks.js';
export { createRenderer, sharedTemplates } from './render.js';
export type { IncidentView, Rendered, SharedTemplates } from './render.js';

// init: what `crisis init` writes, planned from the starter files shipped in the package.
export { planInit, shortNameOf, starterLanguages, starterPlaybook } from './plan.js';
export type { Starter } from './plan.js';

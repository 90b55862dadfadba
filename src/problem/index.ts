// problem: the one located Problem (file:line:col, code, severity, message, hint) and "did you mean".
export { closest, didYouMean, hasErrors, problem, sortProblems, warning } from './problem.js';
export type { Position, Problem } from './problem.js';

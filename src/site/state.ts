// The state the status site gives an incident, read off the stage and the facts of its latest
// signed-off status-page statement (README, "Status site"):
//   resolved       the resolution's statement is signed off;
//   a fact         a playbook may ask `status_state`: a value that names a state (investigating,
//                  identified, monitoring) says it; another (site-outage's `fixing`) leaves it to
//                  the rules below, so "monitoring" is said by a responder, never inferred;
//   the cause      else a playbook that asks `cause`: investigating while it is unanswered or
//                  `under-investigation`, identified once it names one;
//   the stage      else investigating at the first statement, identified from the first update.
// The site never says more than the statement beside it: "identified" only once a cause is given
// (or an update has been written), "monitoring" only when a responder says so.
import type { Stage } from '../playbook/index.js';
import type { SiteState } from './model.js';

const CHOSEN: readonly SiteState[] = ['investigating', 'identified', 'monitoring'];

export function stateAt(stage: Stage, facts: Record<string, unknown>, first: boolean): SiteState {
  if (stage === 'resolve') return 'resolved';
  const chosen = facts.status_state;
  if (typeof chosen === 'string' && CHOSEN.includes(chosen as SiteState)) return chosen as SiteState;
  if ('cause' in facts) {
    const cause = facts.cause;
    return cause === null || cause === undefined || cause === '' || cause === 'under-investigation' ? 'investigating' : 'identified';
  }
  return first ? 'investigating' : 'identified';
}

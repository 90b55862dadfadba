// site: the static status site (`crisis site build`): from the incidents, a model of what the
// public may read (signed-off status-page statements, each incident's state), then its pages and
// feeds as files. Pure: the shell reads the incidents and writes the folder (src/shell/site.ts).
export { authorityOf, entryId, feedId, siteModel, SITE_STATES } from './model.js';
export type { SiteEntry, SiteIncident, SiteIncidentInput, SiteInput, SiteModel, SiteState } from './model.js';
export { stateAt } from './state.js';
export { siteBase, siteFiles, sitePaths, SITE_CSP, type SiteFile } from './pages.js';
export { wordsFor, WORD_LANGUAGES } from './words.js';

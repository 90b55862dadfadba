// preview: the one page a comms lead reads and signs off from (`crisis preview`).
export type { PreviewFact, PreviewFrame, PreviewIncident, PreviewInput, PreviewRow, PreviewStage } from './model.js';
export { PREVIEW_CSP } from './model.js';
export { previewPage } from './page.js';
export { incidentPreview, playbookPreview } from './build.js';

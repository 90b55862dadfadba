// The preview page: every statement of a playbook or an incident, stage by stage, one row a
// statement and one column a language, each in a frame shaped like its channel, with validate's
// warnings on the frame they concern. One self-contained HTML file: no script at all, inline CSS
// only, and a CSP that forbids every request, so the page is safe to open offline or attach to a
// pull request. The view (view.ts) says what is shown; layout/page.hbs lays it out, escaping every value.
import { renderLayout, STYLES } from './layout.js';
import type { PreviewInput } from './model.js';
import { pageView } from './view.js';

export function previewPage(input: PreviewInput): string {
  return `${renderLayout('page', { ...pageView(input), css: STYLES.page })}\n`;
}

// The words the preview page uses for stages, cadences and languages (the page is in English).
import type { Stage } from '../playbook/index.js';
import { languageName as nameIn } from '../text/index.js';
import { durationParts, parseDuration } from '../time/index.js';
import type { PreviewStage } from './model.js';

const STAGE_NAMES: Record<Stage, string> = { start: 'Start', update: 'Update', resolve: 'Resolve' };

export const stageTitle = (s: Pick<PreviewStage, 'stage' | 'updateNumber'>) =>
  s.stage === 'update' ? `${STAGE_NAMES.update} ${s.updateNumber}` : STAGE_NAMES[s.stage];

/** "90 min", "2 h", "1 d": the cadence as the page writes it; a malformed one as it is. */
export function cadenceText(cadence: string): string {
  const ms = parseDuration(cadence.trim());
  if (ms === undefined) return cadence;
  const { value, unit } = durationParts(ms);
  return `${value} ${{ minute: 'min', hour: 'h', day: 'd' }[unit]}`;
}

/** "Hebrew" */
export const languageName = (lang: string) => nameIn(lang, 'en');
/** "עברית" */
export const nativeName = (lang: string) => nameIn(lang, lang);

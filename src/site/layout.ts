// The site's layouts: Handlebars templates in layout/, precompiled at build (src/generated), made
// into functions once, in an environment of their own, as the preview's are.
import Handlebars from 'handlebars/runtime';
import { layouts, styles } from '../generated/site-layouts.js';

type Layout = (view: unknown) => string;
let made: Map<string, Layout> | undefined;

function layoutsByName(): Map<string, Layout> {
  if (made) return made;
  const env = Handlebars.create();
  made = new Map(Object.entries(layouts).map(([name, spec]) => [name, env.template(spec)]));
  for (const [name, fn] of made) env.registerPartial(name, fn);
  return made;
}

/** Lays a view out with `layout/<name>.hbs`; values are escaped, `{{{…}}}` is markup made by src/markup. */
export function renderSiteLayout(name: string, view: unknown): string {
  const layout = layoutsByName().get(name);
  if (!layout) throw new Error(`no site layout named ${name}`);
  return layout(view);
}

export const SITE_STYLES = styles;

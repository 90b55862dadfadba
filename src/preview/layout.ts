// The page layouts: Handlebars templates in layout/, precompiled at build (src/generated), made
// into functions once, in an environment of their own so nothing a playbook registers can reach them.
import Handlebars from 'handlebars/runtime';
import { layouts, styles } from '../generated/layouts.js';

type Layout = (view: unknown) => string;
let made: Map<string, Layout> | undefined;

function layoutsByName(): Map<string, Layout> {
  if (made) return made;
  const env = Handlebars.create();
  made = new Map(Object.entries(layouts).map(([name, spec]) => [name, env.template(spec)]));
  for (const [name, fn] of made) env.registerPartial(name, fn);
  return made;
}

/** Lays a view out with the named layout (`layout/<name>.hbs`); values are escaped, `{{{…}}}` is markup made by src/markup. */
export function renderLayout(name: string, view: unknown): string {
  const layout = layoutsByName().get(name);
  if (!layout) throw new Error(`no layout named ${name}`);
  return layout(view);
}

/** The styles in layout/ by name: `page` and `frame` (the sandboxed frame of an HTML statement). */
export const STYLES = styles;

// Page layouts precompiled at build (src/generated) made into functions once, in a Handlebars
// environment of their own, so nothing a playbook registers can reach them; each layout is also a
// partial of the others.
import Handlebars from 'handlebars/runtime';

type Layout = (view: unknown) => string;

/** Lays a view out with the named layout; values are escaped, `{{{…}}}` is markup made by src/markup. */
export function layoutRenderer(specs: Record<string, unknown>, what: string): (name: string, view: unknown) => string {
  let made: Map<string, Layout> | undefined;
  return (name, view) => {
    if (!made) {
      const env = Handlebars.create();
      made = new Map(Object.entries(specs).map(([n, spec]) => [n, env.template(spec as never) as Layout]));
      for (const [n, fn] of made) env.registerPartial(n, fn);
    }
    const layout = made.get(name);
    if (!layout) throw new Error(`no ${what} named ${name}`);
    return layout(view);
  };
}

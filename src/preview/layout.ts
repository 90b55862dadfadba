// The preview page's layouts: Handlebars templates in layout/, precompiled at build (src/generated).
import { layoutRenderer } from '../markup/index.js';
import { layouts, styles } from '../generated/layouts.js';

/** Lays a view out with `layout/<name>.hbs`; values are escaped, `{{{…}}}` is markup made by src/markup. */
export const renderLayout = layoutRenderer(layouts, 'layout');

/** The styles in layout/ by name: `page` and `frame` (the sandboxed frame of an HTML statement). */
export const STYLES = styles;

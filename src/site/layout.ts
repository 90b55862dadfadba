// The status site's layouts: Handlebars templates in layout/, precompiled at build (src/generated).
import { layoutRenderer } from '../markup/index.js';
import { layouts, styles } from '../generated/site-layouts.js';

/** Lays a view out with `layout/<name>.hbs`; values are escaped, `{{{…}}}` is markup made by src/markup. */
export const renderSiteLayout = layoutRenderer(layouts, 'site layout');

export const SITE_STYLES = styles;

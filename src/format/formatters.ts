import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { FormatName } from './names.js';
import type { Formatter } from './types.js';

export const FORMATTERS: Record<FormatName, Formatter> = { text, json, github, junit, sarif };

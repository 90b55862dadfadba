// The names of validate's output formats, on their own so the command line can list them
// without loading a formatter (FORMATTERS in index.ts must have exactly these).
export const FORMAT_NAMES = ['text', 'json', 'github', 'junit', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

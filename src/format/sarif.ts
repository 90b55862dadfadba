// SARIF 2.1.0, as GitHub code scanning reads it: one run, a rule per code found (its help from
// docs/codes.md, and a link there), a result per problem at its place from the repository's root.
// https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
import { CODES } from '../generated/codes.js';
import { spanOf } from './span.js';
import type { Formatter } from './types.js';

/** Where each code is explained: the docs shipped in the package, at the version that reported it. */
export const docsUrl = (code: string, version = 'latest') => `https://unpkg.com/crisis-playbooks@${version}/docs/codes.md#${code}`;

const uri = (file: string) => file.split(/[\\/]/).map(encodeURIComponent).join('/');

export const sarif: Formatter = ({ problems, sources, version }) => {
  const codes = [...new Set(problems.map((p) => p.code))].sort();
  const rules = codes.map((code) => {
    const doc = CODES[code];
    const first = problems.find((p) => p.code === code)!;
    const summary = doc?.summary ?? first.message;
    const fix = doc?.fix ?? first.hint ?? '';
    return {
      id: code,
      name: code.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: summary.split(/(?<=\.)\s/)[0]! },
      fullDescription: { text: summary },
      help: {
        text: `${summary}${fix ? `\nFix: ${fix}` : ''}`,
        markdown: `${summary}${doc?.example ? `\n\n\`\`\`\n${doc.example}\n\`\`\`` : ''}${fix ? `\n\n**Fix:** ${fix}` : ''}\n\n[docs/codes.md](${docsUrl(code, version)})`,
      },
      helpUri: docsUrl(code, version),
      defaultConfiguration: { level: first.severity },
      properties: { tags: ['crisis'] },
    };
  });
  const results = problems.map((p) => {
    const s = spanOf(p, sources);
    // SARIF's endColumn is the column after the region; a whole-file problem is marked on its first line.
    const region = s.line > 0 ? { startLine: s.line, startColumn: s.col, endLine: s.endLine, endColumn: s.endCol + 1 } : { startLine: 1 };
    return {
      ruleId: p.code,
      ruleIndex: codes.indexOf(p.code),
      level: p.severity,
      message: { text: p.hint ? `${p.message}\n${p.hint}` : p.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: uri(p.file), uriBaseId: '%SRCROOT%' }, region } }],
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'crisis', ...(version ? { semanticVersion: version } : {}), informationUri: 'https://www.npmjs.com/package/crisis-playbooks', rules },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

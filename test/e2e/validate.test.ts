// `crisis validate` end to end, on the built bin. Each folder of test/fixtures/broken holds what
// differs from a good project (test/fixtures/validate-base) to make one thing wrong, beside
// `expected.txt`: the exact text output, after a `# exit <code>` line. The test lays the case over
// the base in a scratch folder and runs there. A new case is a new folder with only its own files.
// UPDATE_EXPECTED=1 rewrites the expected files: read every one it writes before committing it
// (the file, line, column, cause and hint must be right for a user).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepositoryRoot } from '../../src/shell/repository.js';
import { crisis } from './exec.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const BROKEN = join(FIXTURES, 'broken');
const BASE = join(FIXTURES, 'validate-base');
const GOOD = join(FIXTURES, 'good');
const UPDATE = process.env.UPDATE_EXPECTED === '1';
const CASES = readdirSync(BROKEN, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

type Located = { file: string; line: number; col: number; severity: string; code: string; message: string; hint?: string };
type JsonProblem = {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  hint: string | null;
};
type JsonReport = {
  version: number;
  summary: { ok: boolean; errors: number; warnings: number };
  problems: JsonProblem[];
  playbooks: { file: string; id: string | null; errors: number; warnings: number }[];
};

/** Machine formats name files from the repository's root; text from the current folder. */
const fromRoot = (cwd: string) => {
  const root = findRepositoryRoot(cwd);
  const prefix = root ? relative(root, cwd) : '';
  return (file: string) => (prefix ? join(prefix, file) : file);
};

const LAID = mkdtempSync(join(tmpdir(), 'crisis-broken-'));

beforeAll(() => {
  if (!existsSync(fileURLToPath(new URL('../../dist/cli.js', import.meta.url)))) throw new Error('build first: npm run build');
  // Each case: the base project, then the case's own files over it (expected.txt stays behind).
  for (const name of CASES) {
    const dir = join(LAID, name);
    cpSync(BASE, dir, { recursive: true });
    cpSync(join(BROKEN, name), dir, { recursive: true, filter: (src) => src !== join(BROKEN, name, 'expected.txt') });
  }
});
afterAll(() => rmSync(LAID, { recursive: true, force: true }));

it('has at least 24 broken projects, each with its expected output', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(24);
  for (const name of CASES) expect(existsSync(join(BROKEN, name, 'expected.txt')) || UPDATE, `${name}/expected.txt`).toBe(true);
});

describe.concurrent.each(CASES)('validate: broken/%s', (name) => {
  const cwd = join(LAID, name);

  it('prints expected.txt, exits as it says, and says nothing on stderr', async () => {
    const run = await crisis(['validate'], { cwd });
    const actual = `# exit ${run.code}\n${run.stdout}`;
    expect(run.stderr).toBe(''); // before any rewrite: a crash must never become the expectation
    if (UPDATE) writeFileSync(join(BROKEN, name, 'expected.txt'), actual);
    expect(actual).toBe(readFileSync(join(BROKEN, name, 'expected.txt'), 'utf8'));
  });

  it('says the same in json, github and junit, and fails on warnings under --strict', async () => {
    const [text, json, github, junit, strict, strictJunit] = await Promise.all([
      crisis(['validate'], { cwd }),
      crisis(['validate', '--format', 'json'], { cwd }),
      crisis(['validate', '--format', 'github'], { cwd }),
      crisis(['validate', '--format', 'junit'], { cwd }),
      crisis(['validate', '--strict'], { cwd }),
      crisis(['validate', '--format', 'junit', '--strict'], { cwd }),
    ]);
    for (const run of [json, github, junit, strict, strictJunit]) expect(run.stderr).toBe('');
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.version).toBe(1);
    const rooted = fromRoot(cwd);
    const problems: Located[] = report.problems.map(({ file, line, column, severity, code, message, hint }) => ({
      file,
      line,
      col: column,
      severity,
      code,
      message,
      ...(hint === null ? {} : { hint }),
    }));
    expect(problems.length, 'a broken project reports at least one problem').toBeGreaterThan(0);
    const errors = problems.filter((p) => p.severity === 'error').length;
    expect([report.summary.errors, report.summary.warnings, report.summary.ok]).toEqual([errors, problems.length - errors, errors === 0]);

    // Every format exits alike: 1 on an error, else 0; --strict also fails on a warning.
    for (const run of [text, json, github, junit]) expect(run.code).toBe(errors ? 1 : 0);
    expect(strict.code).toBe(1);
    expect(strictJunit.code).toBe(1);

    // text and json: the same problems, at the same places, with the same hints; json's paths from the repository's root.
    expect(problemsOfText(text.stdout).map((p) => ({ ...p, file: rooted(p.file) }))).toEqual(problems);
    const strictLines = strict.stdout.trimEnd().split('\n');
    expect(strictLines.slice(0, -1)).toEqual(text.stdout.trimEnd().split('\n').slice(0, -1));
    expect(strictLines.at(-1)!.endsWith('(--strict: warnings fail)')).toBe(errors === 0);

    // github: one annotation a problem, one line each, with the same place, its end, and message.
    const annotations = github.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.map(parseAnnotation)).toEqual(
      report.problems.map((p) => ({
        severity: p.severity,
        file: p.file,
        ...(p.line > 0 ? { line: String(p.line), col: String(p.column), endLine: String(p.endLine), endColumn: String(p.endColumn) } : {}),
        title: `crisis ${p.code}`,
        message: p.hint ? `${p.message}\n${p.hint}` : p.message,
      })),
    );

    // junit: well-formed, a testsuite a playbook (and one for the configuration when it has problems),
    // a failure for each failing problem, naming its file and line.
    const configCase = problems.some((p) => p.file.endsWith('crisis.config.yaml'));
    for (const [run, failing] of [
      [junit, (p: Located) => p.severity === 'error'],
      [strictJunit, () => true],
    ] as const) {
      const elements = parseXml(run.stdout);
      const suites = elements.filter((e) => e.name === 'testsuite');
      const failures = elements.filter((e) => e.name === 'failure');
      expect(suites.length).toBe(report.playbooks.length + (configCase ? 1 : 0));
      expect(elements.find((e) => e.name === 'testsuites')?.attrs.failures).toBe(String(failures.length));
      expect(failures.length).toBe(problems.filter(failing).length);
      for (const p of problems.filter(failing)) {
        const at = `${p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file}: ${p.severity}: ${p.message} [${p.code}]`;
        expect(
          failures.some((f) => f.text.includes(at)),
          at,
        ).toBe(true);
        const testcase = elements.find((e) => e.name === 'testcase' && e.attrs.name === `${p.code} at ${p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file}`);
        expect(testcase?.attrs.file, at).toBe(p.file);
        if (p.line > 0) expect(testcase?.attrs.line, at).toBe(String(p.line));
      }
    }
  });
});

describe('validate: projects written here or clean', () => {
  let scratch: string;
  beforeAll(() => void (scratch = mkdtempSync(join(tmpdir(), 'crisis-e2e-'))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // The good fixture's output (its SMS segment counts) is a file pair like the broken ones.
  const goodExpected = () => readFileSync(join(GOOD, 'expected.txt'), 'utf8');

  it('passes the good fixture, reporting its SMS segments', async () => {
    const run = await crisis(['validate'], { cwd: GOOD });
    expect(run.stderr).toBe('');
    if (UPDATE) writeFileSync(join(GOOD, 'expected.txt'), `# exit ${run.code}\n${run.stdout}`);
    expect(`# exit ${run.code}\n${run.stdout}`).toBe(goodExpected());
    expect(goodExpected()).toMatch(/^# exit 0\n[^]*\n1 playbook checked: no problems\n$/);
    const strict = await crisis(['validate', '--strict'], { cwd: GOOD });
    expect(`# exit ${strict.code}\n${strict.stdout}`).toBe(goodExpected());
  });

  it('passes a project saved on Windows (UTF-8 byte-order mark, CRLF line ends)', async () => {
    // Written here, not committed: git would normalise the line ends of a committed file.
    const dir = windowsCopy(GOOD, join(scratch, 'windows-good'));
    expect(readFileSync(join(dir, 'playbooks/checkout-down.yaml'), 'utf8')).toMatch(/^\uFEFFid: checkout-down\r\n/);
    const run = await crisis(['validate'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(`# exit ${run.code}\n${run.stdout}`).toBe(goodExpected());
  });

  it('points at the same line and column in a file saved on Windows', async () => {
    for (const name of ['unknown-role-in-step', 'template-syntax-error', 'discouraged-config-phrase']) {
      const dir = windowsCopy(join(LAID, name), join(scratch, `windows-${name}`));
      const run = await crisis(['validate'], { cwd: dir });
      expect(`# exit ${run.code}\n${run.stdout}`, name).toBe(readFileSync(join(BROKEN, name, 'expected.txt'), 'utf8'));
    }
  });

  it("survives playbooks nested absurdly deep (the parser's recursion could kill the process)", async () => {
    const dir = join(scratch, 'deep');
    cpSync(GOOD, dir, { recursive: true });
    writeFileSync(join(dir, 'playbooks/a.yaml'), `${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    writeFileSync(join(dir, 'playbooks/b.yaml'), `${'- '.repeat(100_000)}x\n`);
    writeFileSync(join(dir, 'playbooks/c.yaml'), `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const run = await crisis(['validate', '--format', 'json'], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([1, '']);
    expect((JSON.parse(run.stdout) as JsonReport).problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`)).toEqual([
      'playbooks/a.yaml:1:201 yaml-too-deep',
      'playbooks/b.yaml:1:1 yaml-too-deep',
      'playbooks/c.yaml:1:201 yaml-too-deep',
    ]);
  });

  it('checks again what changed since a kept report: the playbook, a template, a partial, the config', async () => {
    const dir = join(scratch, 'kept');
    cpSync(GOOD, dir, { recursive: true });
    const env = { CRISIS_CACHE_DIR: join(scratch, 'kept-cache') };
    const run = async () => {
      const r = await crisis(['validate'], { cwd: dir, env });
      expect(r.stderr).toBe('');
      return `# exit ${r.code}\n${r.stdout}`;
    };
    const edit = (file: string, change: (text: string) => string) => {
      const before = readFileSync(join(dir, file), 'utf8');
      writeFileSync(join(dir, file), change(before));
      return () => writeFileSync(join(dir, file), before);
    };
    expect(await run()).toBe(goodExpected());
    expect(await run()).toBe(goodExpected()); // from the kept report
    const edits: [string, (t: string) => string, RegExp][] = [
      ['playbooks/checkout-down.yaml', (t) => t.replace('owner: comms-lead', 'owner: ceo'), /: error: .*"ceo".*\[unknown-role\]/],
      [
        'templates/checkout-down/sms.en.hbs',
        (t) => t.replace('{{/if}}{{/if}}', '{{/if}}'),
        /^templates\/checkout-down\/sms\.en\.hbs:\d+:\d+: error: template syntax/m,
      ],
      [
        'templates/partials/help.en.hbs',
        (t) => t.replace('{{org.support.email}}', '{{org.support.mail}}'),
        /^templates\/partials\/help\.en\.hbs:1:\d+: error: /m,
      ],
      ['crisis.config.yaml', (t) => t.replace('"at your earliest convenience"', '"Help"'), /\[discouraged-phrase\]/],
    ];
    for (const [file, change, expected] of edits) {
      const undo = edit(file, change);
      expect(await run(), file).toMatch(expected);
      undo();
      expect(await run(), `${file} put back`).toBe(goodExpected());
    }
  });

  it('reports many playbooks in their order, whichever thread checked each, cold, warm and with no cache', async () => {
    const dir = join(scratch, 'many');
    cpSync(GOOD, dir, { recursive: true, filter: (src) => !src.includes('checkout-down') });
    const yaml = readFileSync(join(GOOD, 'playbooks/checkout-down.yaml'), 'utf8');
    const ids = Array.from({ length: 12 }, (_, k) => `p${String(k).padStart(2, '0')}`);
    for (const id of ids) {
      writeFileSync(join(dir, `playbooks/${id}.yaml`), yaml.replace(/^id: checkout-down$/m, `id: ${id}`));
      cpSync(join(GOOD, 'templates/checkout-down'), join(dir, 'templates', id), { recursive: true });
    }
    const broken = 'templates/checkout-down/customer-email.en.hbs';
    cpSync(join(BROKEN, 'template-syntax-error', broken), join(dir, broken.replace('checkout-down', 'p09')));
    const env = { CRISIS_CACHE_DIR: join(scratch, 'many-cache') };
    const cold = await crisis(['validate'], { cwd: dir, env });
    expect([cold.code, cold.stderr]).toEqual([1, '']);
    const error = readFileSync(join(BROKEN, 'template-syntax-error/expected.txt'), 'utf8').split('\n').slice(1, 5).join('\n');
    expect(cold.stdout).toContain(`${error.replace('checkout-down', 'p09')}\n`);
    const smsOf = cold.stdout.split('\n').flatMap((l) => /^ {2}(p\d\d)\/sms /.exec(l)?.[1] ?? []);
    expect([...new Set(smsOf)]).toEqual(ids);
    expect(smsOf).toEqual([...smsOf].sort());
    expect(cold.stdout).toMatch(/\n12 playbooks checked: 1 error, 0 warnings\n$/);
    expect(await crisis(['validate'], { cwd: dir, env })).toEqual(cold);
    expect(await crisis(['validate'], { cwd: dir, env: { CRISIS_CACHE_DIR: 'off' } })).toEqual(cold);
  });

  it('names a playbook saved as UTF-16 (a Windows "Unicode" save) rather than calling it binary', async () => {
    const dir = join(scratch, 'utf16');
    cpSync(GOOD, dir, { recursive: true });
    const text = readFileSync(join(dir, 'playbooks/checkout-down.yaml'), 'utf8');
    writeFileSync(join(dir, 'playbooks/checkout-down.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await crisis(['validate'], { cwd: dir })).toEqual({
      code: 1,
      stdout: [
        'playbooks/checkout-down.yaml:1:1: error: file is UTF-16 text; crisis reads UTF-8 [file-utf16]',
        '  hint: save it as UTF-8 (most editors: Save As, Encoding: UTF-8)',
        '1 playbook checked: 1 error, 0 warnings',
        '',
      ].join('\n'),
      stderr: '',
    });
  });
});

describe('validate: wrong invocations', () => {
  it('exits 1 with a clear message when a path does not exist', async () => {
    expect(await crisis(['validate', 'playbooks/nope.yaml'], { cwd: GOOD })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'crisis: error: playbooks/nope.yaml does not exist [file-missing]\n  hint: pass playbook files (playbooks/x.yaml) or folders\n',
    });
  });

  it('exits 2 on an unknown --format, naming the ones there are', async () => {
    expect(await crisis(['validate', '--format', 'nope'], { cwd: GOOD })).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: option '--format <format>' argument 'nope' is invalid. Allowed choices are text, json, github, junit, sarif.\n",
    });
  });

  it('checks the playbook files it is given, the same as the project', async () => {
    const run = await crisis(['validate', 'playbooks/checkout-down.yaml'], { cwd: join(LAID, 'unknown-role-in-step') });
    expect(`# exit ${run.code}\n${run.stdout}`).toBe(readFileSync(join(BROKEN, 'unknown-role-in-step', 'expected.txt'), 'utf8'));
  });
});

// ---------------------------------------------------------------------------------------------

/** Copies a project, saving every text file with a UTF-8 byte-order mark and CRLF line ends. */
function windowsCopy(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.(ya?ml|hbs)$/.test(name)) writeFileSync(path, `\uFEFF${readFileSync(path, 'utf8').replace(/\n/g, '\r\n')}`);
    }
  };
  visit(to);
  return to;
}

/** The problems of the text format: `file:line:col: severity: message [code]`, then the source and caret, then `  hint: ...`. */
function problemsOfText(stdout: string): Located[] {
  const out: Located[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\S.*?)(?::(\d+):(\d+))?: (error|warning): (.*) \[([a-z0-9-]+)\]$/.exec(line);
    if (m) out.push({ file: m[1]!, line: Number(m[2] ?? 0), col: Number(m[3] ?? 0), severity: m[4]!, code: m[6]!, message: m[5]! });
    else if (line.startsWith('  hint: ') && out.length) out.at(-1)!.hint = line.slice('  hint: '.length);
  }
  return out;
}

/** `::error file=a,line=1,col=2,title=t::message` -> its properties and message, unescaped. */
function parseAnnotation(line: string): Record<string, string> {
  const m = /^::(error|warning) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not one annotation: ${line}`);
  const unescape = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(m[2]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
  return { severity: m[1]!, ...props, message: unescape(m[3]!) };
}

type XmlElement = { name: string; attrs: Record<string, string>; text: string };

/** A small well-formedness check (one root, balanced tags, quoted attributes, known entities) that returns the elements. */
function parseXml(xml: string): XmlElement[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const unescape = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s) || s.includes('<')) throw new Error(`unescaped text: ${s.slice(0, 40)}`);
    return s.replace(/&(\w+);/g, (_, e: string) => entities[e]!);
  };
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/y;
  const elements: XmlElement[] = [];
  const open: XmlElement[] = [];
  let roots = 0;
  for (let i = 0; i < body.length;) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    if (open.length) open.at(-1)!.text += unescape(text);
    else if (text.trim() !== '') throw new Error(`text outside the root: ${text}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${body.slice(lt, lt + 40)}`);
    const [, close, name, attrText, selfClosing] = m;
    if (close) {
      if (open.pop()?.name !== name) throw new Error(`</${name}> closes nothing`);
    } else {
      const attrs = Object.fromEntries([...attrText!.matchAll(/([\w.-]+)="([^"]*)"/g)].map((a) => [a[1]!, unescape(a[2]!)]));
      const element = { name: name!, attrs, text: '' };
      elements.push(element);
      if (!open.length) roots += 1;
      if (!selfClosing) open.push(element);
    }
    i = tag.lastIndex;
  }
  if (open.length || roots !== 1) throw new Error(`not one closed root element (${roots} roots, ${open.length} left open)`);
  return elements;
}

#!/usr/bin/env node
// A piped `crisis --help` prints the page the build wrote from commander's own output
// (scripts/build.mjs), and `--version` the package's version, without loading the CLI; on a
// terminal commander fits the help to the width.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let page;
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  page = `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`;
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h') && !process.stdout.isTTY) {
  try {
    page = readFileSync(new URL('../dist/help.txt', import.meta.url), 'utf8');
  } catch {
    // not built with the page: commander prints it
  }
}
if (page === undefined) await import('../dist/cli.js');
else process.stdout.write(page);

#!/usr/bin/env node
// A piped `crisis --help` prints the page the build wrote from commander's own output
// (scripts/build.mjs), and `--version` the package's version, without loading the CLI; on a
// terminal commander fits the help to the width. CommonJS (bin/package.json): Node starts a
// CommonJS file without its ES module loader, a tenth of `node -e 0` saved on `--version`;
// the CLI itself is an ES module, imported only when it runs.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
let page;
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  page = `${require('../package.json').version}\n`;
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h') && !process.stdout.isTTY) {
  try {
    page = readFileSync(join(__dirname, '../dist/help.txt'), 'utf8');
  } catch {
    // not built with the page: commander prints it
  }
}
if (page === undefined) import('../dist/cli.js');
else process.stdout.write(page);

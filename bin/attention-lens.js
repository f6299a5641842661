#!/usr/bin/env node
// Runs the bundled command-line tool (dist/cli.cjs, built by `npm run build`, which `npm ci` runs).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('attention-lens: not built yet; run `npm run build` first\n');
  process.exit(2);
}
require(cli);

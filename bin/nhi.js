#!/usr/bin/env node
'use strict';
// Starts the bundled CLI (npm run build produces dist/cli.js).
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`nhi: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 2; }
);

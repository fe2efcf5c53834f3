#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  console.error('sla: not built yet; run `npm run build` (npm ci does it through the prepare script)');
  process.exit(1);
}
const { run } = require(main);
process.exitCode = run(process.argv.slice(2), { out: (text) => console.log(text), err: (text) => console.error(text) });

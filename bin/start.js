#!/usr/bin/env node
// `npm start`: runs the built bot, never the compiler (`npm ci` builds once). When dist/ is missing or older
// than the sources it says so in one line, with what to run, and exits 1.
// CommonJS, as bin/package.json says.
'use strict';
const { distProblem, packageRoot } = require('./dist-stamp.js');

const problem = distProblem(packageRoot());
if (problem) {
  process.stderr.write(`ecs-netbot: ${problem}\n`);
  process.exit(1);
}
import('../dist/src/main.js');

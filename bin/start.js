#!/usr/bin/env node
// `npm start`: runs the built bot, never the compiler (`npm ci` builds once). When dist/ is missing or older
// than the sources it says so in one line, with what to run, and exits 1.
import { distProblem, packageRoot } from './dist-stamp.js';

const problem = distProblem(packageRoot());
if (problem) {
  process.stderr.write(`ecs-netbot: ${problem}\n`);
  process.exit(1);
}
await import('../dist/src/main.js');

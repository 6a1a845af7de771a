#!/usr/bin/env node
// The CLI runs the compiled code (built by `npm ci` through the prepare script): the one-file bundle the build
// makes of it, from its code cache (bin/cli-bundle.js), while what it was made from is as it was then; else
// dist/src itself (after a bare `tsc`, say). CommonJS (bin/package.json), so that a call never starts Node's
// ES module loader (issue #18). NETBOT_CLI_BUNDLE=off runs dist/src.
'use strict';
const { join } = require('node:path');
const { currentBundle, runBundle, runToWriteCodeCache } = require('./cli-bundle.js');

const args = process.argv.slice(2).filter((arg) => arg !== '--json');
const command = args.find((arg, i) => !arg.startsWith('--lang') && args[i - 1] !== '--lang');
const bundle = process.env.NETBOT_CLI_BUNDLE === 'off' ? undefined : currentBundle(join(__dirname, '..'), command);
if (!bundle) import('../dist/src/cli/main.js');
else if (process.env.NETBOT_CLI_CODE_CACHE) runToWriteCodeCache(bundle, process.env.NETBOT_CLI_CODE_CACHE);
else runBundle(bundle);

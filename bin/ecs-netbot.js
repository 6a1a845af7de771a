#!/usr/bin/env node
// The CLI runs the compiled code (built by `npm ci` through the prepare script): the one-file bundle the build
// makes of it (dist/cli/, see src/app/cli-bundle.ts; issue #18), compiled from V8's code cache of it, while
// what it was made from is as it was then; else dist/src itself (after a bare `tsc`, say).
// CommonJS (bin/package.json), so that a call never starts Node's ES module loader. NETBOT_CLI_BUNDLE=off
// runs dist/src.
'use strict';
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli');

/** Whether a file has the size and time the manifest gives it. */
function unchanged([path, size, mtimeMs]) {
  const now = statSync(join(root, path), { throwIfNoEntry: false });
  return now !== undefined && now.size === size && now.mtimeMs === mtimeMs;
}

/** The bundle and its code cache when current (dist/cli/cli-bundle.json: they, and what they were made from). */
function currentBundle() {
  try {
    const manifest = JSON.parse(readFileSync(join(cli, 'cli-bundle.json'), 'utf8'));
    if (!unchanged(manifest.bundle) || !manifest.inputs.every(unchanged)) return undefined;
    return { file: join(root, manifest.bundle[0]), codeCache: manifest.codeCache && unchanged(manifest.codeCache) ? join(root, manifest.codeCache[0]) : undefined };
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle as Node runs a CommonJS module, but compiled from the code cache the build made (V8 checks
 * that it fits this V8 and these flags; if not, it compiles as usual).
 */
function runBundle({ file, codeCache }) {
  let cachedData;
  try {
    cachedData = codeCache && readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {}, filename: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { script, module };
}

/**
 * NETBOT_CLI_CODE_CACHE=<file> (the build, see src/app/cli-bundle.ts): after this call, runs `bw 5` and
 * `ask "what is an EIP"` too, then writes V8's code cache of the bundle, which then holds the code those ran.
 */
async function writeCodeCache({ script, module }, path) {
  for (const argv of [['bw', '5'], ['ask', 'what is an EIP']]) await module.exports.main(argv);
  writeFileSync(`${path}.${process.pid}.tmp`, script.createCachedData());
  renameSync(`${path}.${process.pid}.tmp`, path);
}

const bundle = process.env.NETBOT_CLI_BUNDLE === 'off' ? undefined : currentBundle();
if (!bundle) import('../dist/src/cli/main.js');
else if (process.env.NETBOT_CLI_CODE_CACHE) writeCodeCache(runBundle({ file: bundle.file }), process.env.NETBOT_CLI_CODE_CACHE);
else runBundle(bundle);

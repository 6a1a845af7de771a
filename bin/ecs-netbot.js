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

/** The bundle and its code cache for this command when current (dist/cli/cli-bundle.json: they, and what they were made from). */
function currentBundle(command) {
  try {
    const manifest = JSON.parse(readFileSync(join(cli, 'cli-bundle.json'), 'utf8'));
    if (!unchanged(manifest.bundle) || !manifest.inputs.every(unchanged)) return undefined;
    const codeCache = Object.hasOwn(manifest.codeCaches, command) ? manifest.codeCaches[command] : manifest.codeCaches.bw;
    return { file: join(root, manifest.bundle[0]), encoding: manifest.encoding, codeCache: codeCache && unchanged(codeCache) ? join(root, codeCache[0]) : undefined };
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle as Node runs a CommonJS module, but compiled from a code cache the build made (V8 checks
 * that it fits this V8 and these flags; if not, it compiles as usual).
 */
function runBundle({ file, encoding, codeCache }) {
  let cachedData;
  try {
    cachedData = codeCache && readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  // The file is the module's function (its text, as is: wrapping it here would copy it). ASCII when the build
  // could make it so, then read as Latin-1: a one-byte string, half the memory, no decoding.
  const script = new vm.Script(readFileSync(file, encoding), { filename: file, cachedData });
  const module = { exports: {}, filename: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return script;
}

const argv = process.argv.slice(2);
const bundle = process.env.NETBOT_CLI_BUNDLE === 'off' ? undefined : currentBundle(argv.find((a) => a !== '--json'));
if (!bundle) import('../dist/src/cli/main.js');
else if (process.env.NETBOT_CLI_CODE_CACHE) {
  // The build (src/app/cli-bundle.ts): this command's code cache, with the code it ran, once it is done.
  const path = process.env.NETBOT_CLI_CODE_CACHE;
  const script = runBundle({ file: bundle.file, encoding: bundle.encoding });
  process.on('exit', () => {
    writeFileSync(`${path}.${process.pid}.tmp`, script.createCachedData());
    renameSync(`${path}.${process.pid}.tmp`, path);
  });
} else runBundle(bundle);

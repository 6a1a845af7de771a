// How bin/ecs-netbot.js runs the CLI's one-file bundle (dist/cli/, made by the build: src/app/cli-bundle.ts;
// issue #18). Plain CommonJS (bin/package.json), loaded before anything else.
'use strict';
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** Whether a file (its path from the package root) has the size and time the manifest gives it. */
function unchanged(root, [path, size, mtimeMs]) {
  const now = statSync(join(root, path), { throwIfNoEntry: false });
  return now !== undefined && now.size === size && now.mtimeMs === mtimeMs;
}

/**
 * The bundle and the code cache for `command` (else `bw`'s) when current: dist/cli/cli-bundle.json lists
 * them and what they were made from, each with the size and time it had then. Undefined otherwise.
 */
function currentBundle(root, command) {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'cli-bundle.json'), 'utf8'));
    if (!unchanged(root, manifest.bundle) || !manifest.inputs.every((input) => unchanged(root, input))) return undefined;
    const codeCache = Object.hasOwn(manifest.codeCaches, command) ? manifest.codeCaches[command] : manifest.codeCaches.bw;
    return {
      file: join(root, manifest.bundle[0]),
      encoding: manifest.encoding,
      codeCache: codeCache && unchanged(root, codeCache) ? join(root, codeCache[0]) : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle as Node runs a CommonJS module, compiled from its code cache (V8 checks that the cache fits
 * this V8 and these flags, else compiles as usual). The file is the module's function, as is (wrapping it
 * here would copy it); ASCII when the build could make it so, then read as Latin-1 (one byte a character).
 */
function runBundle({ file, encoding, codeCache }) {
  let cachedData;
  try {
    cachedData = codeCache && readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(readFileSync(file, encoding), { filename: file, cachedData });
  const module = { exports: {}, filename: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return script;
}

/** The build: runs the bundle for this call, then writes the code cache of what it ran to `path`. */
function runToWriteCodeCache(bundle, path) {
  const script = runBundle({ file: bundle.file, encoding: bundle.encoding });
  process.on('exit', () => {
    writeFileSync(`${path}.${process.pid}.tmp`, script.createCachedData());
    renameSync(`${path}.${process.pid}.tmp`, path);
  });
}

module.exports = { currentBundle, runBundle, runToWriteCodeCache };

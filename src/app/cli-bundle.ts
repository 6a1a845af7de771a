import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'esbuild';
import { packageRoot } from '../knowledge/paths.js';
import { asciiBundle } from './cli-bundle-ascii.js';

/**
 * The CLI as one CommonJS file, dist/cli/ecs-netbot.cjs, made with esbuild by the build (prebuild.ts) from
 * dist/src (issue #18). A call then reads one file, with no ES module loader: through it, each of the ~60
 * modules `bw` loads (ours and cel-js's) was resolved, read and linked on its own, which cost more than the
 * command itself. Commands and packages stay loaded on first use as before (esbuild keeps a dynamic import
 * or a require lazy); what is not listed in BUNDLED stays an ordinary require of node_modules.
 *
 * Every module keeps its own location: `import.meta.url` becomes the URL of its file in dist/src, so the
 * package root, the knowledge cache's key and the search index file's key (which hash the code in dist/src)
 * are the same as without the bundle. bin/ecs-netbot.js runs the bundle (bin/cli-bundle.js) only while what
 * it was made from is as it was (cli-bundle.json: see inputsOf); otherwise it runs dist/src directly.
 *
 * The build also writes V8's code cache of the bundle for `bw` and for `ask`, each after running it once
 * (NETBOT_CLI_CODE_CACHE, bin/cli-bundle.js): a call then compiles none of the code its command ran then (V8
 * checks that the cache fits its version and flags, else compiles as usual); other commands use `bw`'s, and
 * compile what it lacks as before.
 */
export const BUNDLE_DIR = (root = packageRoot()) => join(root, 'dist', 'cli');
const BUNDLE_FILE = 'ecs-netbot.cjs';
/** The CommonJS module function's parameters, as bin/cli-bundle.js passes them. */
const MODULE_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];
const MANIFEST_FILE = 'cli-bundle.json';

/**
 * Packages inlined into the bundle: small, pure JavaScript, loaded by `bw` or `ask` (and fuse.js, which the
 * CLI imports dynamically: the bundle can import() nothing, see bundleCli).
 */
const BUNDLED = ['@marcbachmann/cel-js', 'minisearch', 'stemmer', 'ip-address', 'fuse.js'];

/** What a compiled module of ours needs to run from the bundle as it ran from its own file. */
function keepLocation(root: string, outDir: string): Plugin {
  return {
    name: 'keep-module-locations',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(join(root, 'dist', 'src'))) return undefined;
        const url = JSON.stringify(relative(outDir, args.path));
        const text = readFileSync(args.path, 'utf8')
          // A require made with createRequire is the bundle's own require: what it loads is inlined (and still
          // loaded when first called) unless it is a package left outside.
          .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
          .replace(/createRequire\(import\.meta\.url\)\(/g, 'require(')
          .replace(/import\.meta\.url/g, `new URL(${url}, __bundleUrl).href`);
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/** A file as bin/cli-bundle.js checks it: its path from the package root, size and modification time. */
type Stamp = [path: string, size: number, mtimeMs: number];
const stampOf = (root: string, path: string): Stamp => {
  const { size, mtimeMs } = statSync(join(root, path));
  return [path, size, mtimeMs];
};

/**
 * What bin/cli-bundle.js checks before it runs the bundle: dist/.tsbuildinfo, which tsc rewrites whenever it
 * writes dist/ (so a bare `tsc` after the build is seen: one stat, not one per module), and the package.json
 * of each package inlined (a reinstall). A hand edit of a file in dist/src is not seen (run `npm run build`,
 * or NETBOT_CLI_BUNDLE=off).
 */
function inputsOf(root: string, paths: string[]): Stamp[] {
  const files = new Set<string>([relative(root, join(root, 'dist', '.tsbuildinfo'))]);
  for (const path of paths) {
    const pkg = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (pkg) files.add(`${pkg[1]}/package.json`);
  }
  return [...files].sort().map((path) => stampOf(root, path));
}

/**
 * The commands a code cache is written for (bin/cli-bundle.js picks the one of the command it runs, else
 * `bw`'s: the knowledge base, the rules and the rendering every command shares), each by running it once.
 */
const CODE_CACHE_RUNS: Record<string, string[]> = { bw: ['bw', '5'], ask: ['ask', 'what is an EIP'] };

/** Runs the bundle once to write a command's code cache; undefined when that failed (the command then compiles as it runs). */
function writeCodeCache(root: string, outDir: string, command: string): string | undefined {
  const path = join(outDir, `ecs-netbot.${command}.code-cache`);
  const env: NodeJS.ProcessEnv = { ...process.env, NETBOT_CLI_CODE_CACHE: path, NETBOT_CACHE_DIR: 'off' };
  delete env.NETBOT_KNOWLEDGE_DIR;
  try {
    // From dist/cli, where no .env is read.
    execFileSync(process.execPath, [join(root, 'bin', 'ecs-netbot.js'), ...CODE_CACHE_RUNS[command]!], { cwd: outDir, env, stdio: 'ignore', timeout: 60_000 });
    return relative(root, path);
  } catch {
    rmSync(path, { force: true });
    return undefined;
  }
}

/** Makes the bundle (a line saying what was done); without esbuild (installed without devDependencies) the CLI runs unbundled. */
export async function bundleCli(root = packageRoot()): Promise<string> {
  const outDir = BUNDLE_DIR(root);
  rmSync(outDir, { recursive: true, force: true });
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return 'esbuild is not installed: the CLI runs from dist/src, unbundled';
  }
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
    outfile: join(outDir, BUNDLE_FILE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // ASCII, as far as esbuild goes (see cli-bundle-ascii.ts for the rest).
    charset: 'ascii',
    minifyWhitespace: true,
    minifySyntax: true,
    // The file is the function bin/cli-bundle.js compiles and calls as Node calls a CommonJS module (a script
    // with its code cache can only be compiled so); a wrapper added as it runs would copy the whole text.
    // "use strict" first, so that it is the function's directive (esbuild's own comes after the banner).
    banner: { js: `(function (${MODULE_PARAMETERS.join(', ')}) {"use strict";const __bundleUrl = require("node:url").pathToFileURL(__filename).href;` },
    footer: { js: '\n})' },
    external: Object.keys(dependencies).filter((name) => !BUNDLED.includes(name)),
    plugins: [keepLocation(root, outDir)],
    metafile: true,
    logLevel: 'silent',
  });
  const text = readFileSync(join(outDir, BUNDLE_FILE), 'utf8');
  // A script compiled from V8's code cache has no loader for import() in Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING):
  // a package the code imports dynamically must be bundled (BUNDLED), or the CLI runs unbundled.
  const dynamic = /\bimport\((["'][^"']+["'])\)/.exec(text);
  if (dynamic) {
    rmSync(outDir, { recursive: true, force: true });
    return `the CLI runs from dist/src, unbundled: it imports ${dynamic[1]} dynamically (list the package in BUNDLED, src/app/cli-bundle.ts)`;
  }
  const ascii = await asciiBundle(text);
  if (ascii) writeFileSync(join(outDir, BUNDLE_FILE), ascii);
  const manifest = {
    bundle: stampOf(root, relative(root, join(outDir, BUNDLE_FILE))),
    encoding: ascii ? 'latin1' : 'utf8',
    inputs: inputsOf(root, Object.keys(result.metafile.inputs)),
  };
  const write = (codeCaches: Record<string, Stamp>) => writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify({ ...manifest, codeCaches }) + '\n');
  write({});
  const codeCaches: Record<string, Stamp> = {};
  for (const command of Object.keys(CODE_CACHE_RUNS)) {
    const path = writeCodeCache(root, outDir, command);
    if (path) codeCaches[command] = stampOf(root, path);
  }
  write(codeCaches);
  const cached = Object.keys(codeCaches);
  return `CLI bundled from ${Object.keys(result.metafile.inputs).length} files: ${manifest.bundle[0]}, ${cached.length ? `with code caches for ${cached.join(', ')}` : 'no code cache (it compiles as it runs)'}`;
}

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'esbuild';
import { packageRoot } from '../knowledge/paths.js';

/**
 * The CLI as one CommonJS file, dist/cli/ecs-netbot.cjs, made with esbuild by the build (prebuild.ts) from
 * dist/src (issue #18). A call then reads one file, with no ES module loader: through it, each of the ~60
 * modules `bw` loads (ours and cel-js's) was resolved, read and linked on its own, which cost more than the
 * command itself. Commands and packages stay loaded on first use as before (esbuild keeps a dynamic import
 * or a require lazy); what is not listed in BUNDLED stays an ordinary require of node_modules.
 *
 * Every module keeps its own location: `import.meta.url` becomes the URL of its file in dist/src, so the
 * package root, the knowledge cache's key and the search index file's key (which hash the code in dist/src)
 * are the same as without the bundle. bin/ecs-netbot.js runs the bundle only while what it was made from is
 * as it was (cli-bundle.json: see inputsOf); otherwise it runs dist/src directly.
 *
 * The build also writes V8's code cache of the bundle after running `bw 5` and `ask "what is an EIP"` with it
 * (bin/ecs-netbot.js, NETBOT_CLI_CODE_CACHE): a call then compiles none of the code those ran (V8 checks that
 * the cache fits its version and flags, else compiles as usual). Other commands compile the rest as before.
 */
export const BUNDLE_DIR = (root = packageRoot()) => join(root, 'dist', 'cli');
const BUNDLE_FILE = 'ecs-netbot.cjs';
const CODE_CACHE_FILE = 'ecs-netbot.code-cache';
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

/** A file as bin/ecs-netbot.js checks it: its path from the package root, size and modification time. */
type Stamp = [path: string, size: number, mtimeMs: number];
const stampOf = (root: string, path: string): Stamp => {
  const { size, mtimeMs } = statSync(join(root, path));
  return [path, size, mtimeMs];
};

/**
 * What bin/ecs-netbot.js checks before it runs the bundle: dist/.tsbuildinfo, which tsc rewrites whenever it
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

/** Runs the bundle once to write its code cache (see above); undefined when that failed (the CLI then compiles as usual). */
function writeCodeCache(root: string, outDir: string): string | undefined {
  const path = join(outDir, CODE_CACHE_FILE);
  const env: NodeJS.ProcessEnv = { ...process.env, NETBOT_CLI_CODE_CACHE: path, NETBOT_CACHE_DIR: 'off' };
  delete env.NETBOT_KNOWLEDGE_DIR;
  try {
    // From dist/cli, where no .env is read.
    execFileSync(process.execPath, [join(root, 'bin', 'ecs-netbot.js'), '--version'], { cwd: outDir, env, stdio: 'ignore', timeout: 60_000 });
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
    charset: 'utf8',
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    external: Object.keys(dependencies).filter((name) => !BUNDLED.includes(name)),
    plugins: [keepLocation(root, outDir)],
    metafile: true,
    logLevel: 'silent',
  });
  // A script compiled from V8's code cache has no loader for import() in Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING):
  // a package the code imports dynamically must be bundled (BUNDLED), or the CLI runs unbundled.
  const dynamic = /\bimport\((["'][^"']+["'])\)/.exec(readFileSync(join(outDir, BUNDLE_FILE), 'utf8'));
  if (dynamic) {
    rmSync(outDir, { recursive: true, force: true });
    return `the CLI runs from dist/src, unbundled: it imports ${dynamic[1]} dynamically (list the package in BUNDLED, src/app/cli-bundle.ts)`;
  }
  const manifest = { bundle: stampOf(root, relative(root, join(outDir, BUNDLE_FILE))), inputs: inputsOf(root, Object.keys(result.metafile.inputs)) };
  const write = (codeCache?: Stamp) => writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify({ ...manifest, ...(codeCache ? { codeCache } : {}) }) + '\n');
  write();
  const codeCache = writeCodeCache(root, outDir);
  if (codeCache) write(stampOf(root, codeCache));
  return `CLI bundled from ${Object.keys(result.metafile.inputs).length} files: ${manifest.bundle[0]}${codeCache ? ', with its code cache' : ' (no code cache: it compiles as it runs)'}`;
}

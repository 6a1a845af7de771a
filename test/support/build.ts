/**
 * Vitest global setup: builds dist/ (what `npm run build` does) once before any test file runs, so the tests
 * that start the built CLI and `npm start` entry point always run, against the code as it is now, also when
 * vitest is started on its own (`npx vitest run test/slack/process.test.ts`). A failed build fails the run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** What `npm run build` runs: tsc, then the validated knowledge and the search index file, then the build stamp. */
function build(): void {
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    execFileSync(process.execPath, ['dist/src/app/prebuild.js'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    execFileSync(process.execPath, ['bin/dist-stamp.js'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`the build (npm run build's steps) failed, so the built CLI and entry point cannot be tested:\n${stdout}${stderr}`);
  }
}

/** Sources under src/ and bench/ whose dist/ output is missing. */
function missingOutputs(): string[] {
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const out = join(root, 'dist', relative(root, path)).replace(/\.ts$/, '.js');
        if (!existsSync(out)) missing.push(relative(root, out));
      }
    }
  };
  for (const dir of ['src', 'bench']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return missing;
}

export default function setup(): void {
  build();
  // An incremental build trusts dist/.tsbuildinfo and does not re-emit a deleted output: start it afresh then.
  if (missingOutputs().length) {
    rmSync(join(root, 'dist', '.tsbuildinfo'), { force: true });
    build();
  }
  const missing = missingOutputs();
  if (missing.length) throw new Error(`the build left outputs missing: ${missing.slice(0, 5).join(', ')}`);
}

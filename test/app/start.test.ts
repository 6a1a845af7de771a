import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/knowledge/paths.js';
import { scratchDir } from '../support/scratch.js';

/**
 * `npm start` (bin/start.js) never compiles (issue #18): it runs dist/ when the build stamp says dist/ was
 * built from the sources as they are, and otherwise says in one line what to run. Tested on a small copy of
 * the package layout (bin/, src/, tsconfig.json, dist/src/main.js), so that nothing of the real tree is touched.
 */
const root = packageRoot();

function fakePackage(): string {
  const dir = scratchDir();
  mkdirSync(join(dir, 'bin'));
  // bin/package.json: the bin scripts are CommonJS (issue #18), in a package that is otherwise ES modules.
  for (const file of ['start.js', 'dist-stamp.js', 'package.json']) copyFileSync(join(root, 'bin', file), join(dir, 'bin', file));
  mkdirSync(join(dir, 'src', 'app'), { recursive: true });
  writeFileSync(join(dir, 'src', 'main.ts'), 'export {};\n');
  writeFileSync(join(dir, 'src', 'app', 'a.ts'), 'export {};\n');
  writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  return dir;
}

const start = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin', 'start.js')], { cwd: dir, encoding: 'utf8' });
const build = (dir: string) => {
  mkdirSync(join(dir, 'dist', 'src'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'src', 'main.js'), "process.stdout.write('the bot started\\n');\n");
  const stamped = spawnSync(process.execPath, [join(dir, 'bin', 'dist-stamp.js')], { cwd: dir, encoding: 'utf8' });
  expect(stamped.status, stamped.stderr).toBe(0);
};
/** Sets a file's modification time a minute after the stamp's, as an edit after the build does. */
const touchLater = (path: string) => {
  const later = new Date(Date.now() + 60_000);
  utimesSync(path, later, later);
};

function expectOneLine(run: ReturnType<typeof start>, says: RegExp) {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(says);
  expect(lines[0]).toContain('run `npm run build`');
}

describe('npm start (bin/start.js)', () => {
  it('is what package.json starts, with no compile step before it', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('node bin/start.js');
    expect(scripts.prestart).toBeUndefined();
    expect(scripts.build).toMatch(/^tsc -p tsconfig\.build\.json && .*prebuild\.js && node bin\/dist-stamp\.js$/);
    expect(scripts.pretest).toBe('npm run build');
  });

  it('says in one line to build when dist/ is missing', () => {
    expectOneLine(start(fakePackage()), /^ecs-netbot: dist\/src\/main\.js is missing \(the code is not built\)/);
  });

  it('says so when dist/ was not built by npm run build (no stamp)', () => {
    const dir = fakePackage();
    mkdirSync(join(dir, 'dist', 'src'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'src', 'main.js'), "process.stdout.write('the bot started\\n');\n");
    expectOneLine(start(dir), /no build stamp/);
  });

  it('starts the built code when dist/ is current', () => {
    const dir = fakePackage();
    build(dir);
    const run = start(dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('the bot started\n');
  });

  it('refuses a dist/ older than an edited source, a new source file or an edited tsconfig, until rebuilt', () => {
    const cases: Array<(dir: string) => void> = [
      (dir) => touchLater(join(dir, 'src', 'app', 'a.ts')),
      (dir) => {
        writeFileSync(join(dir, 'src', 'app', 'new.ts'), 'export {};\n');
        touchLater(join(dir, 'src', 'app', 'new.ts'));
      },
      (dir) => touchLater(join(dir, 'tsconfig.json')),
    ];
    for (const change of cases) {
      const dir = fakePackage();
      build(dir);
      change(dir);
      expectOneLine(start(dir), /^ecs-netbot: dist\/ is older than the sources/);
      build(dir);
      expect(start(dir).stdout).toBe('the bot started\n');
    }
  });

  it('passes the real build: the tests run against a dist/ that npm start accepts', () => {
    const run = spawnSync(process.execPath, ['-e', "import('./bin/dist-stamp.js').then((m) => process.stdout.write(String(m.distProblem(process.cwd()) ?? 'current')))"], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toBe('current');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiBundle } from '../../src/app/cli-bundle-ascii.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { scratchDir } from '../support/scratch.js';

/**
 * The CLI's one-file bundle (issue #18): the build makes it with a code cache per command; bin/ecs-netbot.js
 * runs it only while what it was made from is unchanged, and it answers exactly as dist/src does.
 */
const root = packageRoot();
const bin = join(root, 'bin/ecs-netbot.js');
type Bundle = { file: string; encoding: string; codeCache?: string };
const { currentBundle } = createRequire(import.meta.url)('../../bin/cli-bundle.js') as { currentBundle(root: string, command?: string): Bundle | undefined };

const run = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: scratchDir(), input, encoding: 'utf8', env: { ...process.env, NETBOT_LANG: '', ...env } });

describe('the CLI bundle (built by the test setup, as by npm run build)', () => {
  it('is current, in ASCII, with a code cache for bw and for ask, and bw\'s for the other commands', () => {
    const bw = currentBundle(root, 'bw')!;
    expect(bw.file).toBe(join(root, 'dist', 'cli', 'ecs-netbot.cjs'));
    expect(bw.encoding).toBe('latin1');
    expect(bw.codeCache).toMatch(/ecs-netbot\.bw\.code-cache$/);
    expect(currentBundle(root, 'ask')!.codeCache).toMatch(/ecs-netbot\.ask\.code-cache$/);
    expect(currentBundle(root, 'subnet')!.codeCache).toBe(bw.codeCache);
    expect(currentBundle(root, 'constructor')!.codeCache).toBe(bw.codeCache);
    expect(currentBundle(root, undefined)!.codeCache).toBe(bw.codeCache);
  });

  it('answers, fails and exits exactly as dist/src does', () => {
    const calls: Array<{ args: string[]; input?: string }> = [
      { args: ['bw', '5'] },
      { args: ['bw', '200', '--json', '--lang', 'zh'] },
      { args: ['--lang', 'zh', 'bw', '5'] },
      { args: ['bw', 'abc'] },
      { args: ['ask', 'what is an EIP', '--json'] },
      { args: ['ask', '公网IP怎么换'] },
      { args: ['ask', 'tanxing wangka zuiduo jige', '--json'] },
      { args: ['ask', '红烧肉怎么做'] },
      { args: ['ask', '--batch', '--json'], input: 'what is an EIP\n{"thread":"t1","q":"vpc实例的私网ip能改吗"}\n{"thread":"t1","q":"要停机吗"}\n' },
      { args: ['subnet', '10.0.0.0/16', '--count', '4', '--json'] },
      { args: ['canswap', 'vpc', '2h', 'swaps=1', 'stopped', 'nat'] },
      { args: ['kb', 'show', 'faq-reverse-dns-one-domain-per-ip'] },
      { args: ['bww', '5'] },
      { args: ['help'] },
      { args: [] },
    ];
    for (const { args, input } of calls) {
      const bundled = run(args, {}, input);
      const unbundled = run(args, { NETBOT_CLI_BUNDLE: 'off' }, input);
      expect({ status: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr }, args.join(' ')).toEqual({ status: unbundled.status, stdout: unbundled.stdout, stderr: unbundled.stderr });
      expect(bundled.stdout.length, args.join(' ')).toBeGreaterThan(20);
    }
  }, 120_000);
});

describe('bin/cli-bundle.js', () => {
  /** A package laid out as the build leaves it, with the files the manifest names. */
  function fakeBuild() {
    const dir = scratchDir();
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    const files = ['dist/cli/ecs-netbot.cjs', 'dist/cli/ecs-netbot.bw.code-cache', 'dist/cli/ecs-netbot.ask.code-cache', 'dist/.tsbuildinfo', 'node_modules/pkg/package.json'];
    for (const file of files) writeFileSync(join(dir, file), file);
    const stamp = (path: string) => [path, statSync(join(dir, path)).size, statSync(join(dir, path)).mtimeMs];
    const manifest = {
      bundle: stamp(files[0]!),
      encoding: 'latin1',
      inputs: [stamp('dist/.tsbuildinfo'), stamp('node_modules/pkg/package.json')],
      codeCaches: { bw: stamp(files[1]!), ask: stamp(files[2]!) },
    };
    writeFileSync(join(dir, 'dist', 'cli', 'cli-bundle.json'), JSON.stringify(manifest));
    const later = (path: string) => utimesSync(join(dir, path), new Date(), new Date(Date.now() + 60_000));
    return { dir, later };
  }

  it('runs the bundle only while what it was made from is as it was: a later tsc, or a reinstalled package, means dist/src', () => {
    for (const changed of ['dist/.tsbuildinfo', 'node_modules/pkg/package.json', 'dist/cli/ecs-netbot.cjs']) {
      const build = fakeBuild();
      expect(currentBundle(build.dir, 'ask')?.codeCache).toBe(join(build.dir, 'dist/cli/ecs-netbot.ask.code-cache'));
      build.later(changed);
      expect(currentBundle(build.dir, 'ask'), changed).toBeUndefined();
    }
  });

  it('runs it without a code cache that changed or is gone, and not at all without its manifest', () => {
    const build = fakeBuild();
    build.later('dist/cli/ecs-netbot.ask.code-cache');
    expect(currentBundle(build.dir, 'ask')).toMatchObject({ file: join(build.dir, 'dist/cli/ecs-netbot.cjs'), codeCache: undefined });
    rmSync(join(build.dir, 'dist/cli/ecs-netbot.bw.code-cache'));
    expect(currentBundle(build.dir, 'bw')?.codeCache).toBeUndefined();
    rmSync(join(build.dir, 'dist/cli/cli-bundle.json'));
    expect(currentBundle(build.dir, 'bw')).toBeUndefined();
  });
});

describe('asciiBundle', () => {
  it('rewrites regular expressions and String.raw templates to the same values in ASCII', async () => {
    // As esbuild leaves it (charset: ascii): strings escaped, regular expressions and String.raw as written.
    const source = [
      'const n = 2;',
      'module.exports = {',
      '  split: "a\\uff0cb, c\\u3001d".split(/[,，、\\s]+/),',
      "  from: /(?:\\bfrom\\b|从|来自)\\s*(\\d+)/iu.exec('\\u6765\\u81ea 42')[1],",
      "  escaped: /\\，/.test('\\uff0c'),",
      "  emoji: [/😀/u.test('\\ud83d\\ude00'), /[😀]/u.test('\\ud83d\\ude00'), /😀/.test('\\ud83d\\ude00')],",
      "  raw: String.raw`\\s*(?:[,，、/&]|和|\\band\\b)\\s*`,",
      '  rawValues: String.raw`x${n}，${"y"}\\n`,',
      '  asRegExp: new RegExp(String.raw`(?:端口|\\bports?\\b)\\s*(\\d+)`).exec("\\u7aef\\u53e3 22")[1],',
      '};',
    ].join('\n');
    const evaluate = (text: string) => {
      const module = { exports: {} };
      new Function('module', text)(module);
      return module.exports;
    };
    const ascii = (await asciiBundle(source))!;
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(evaluate(ascii)).toEqual(evaluate(source));
    expect(evaluate(ascii)).toMatchObject({ split: ['a', 'b', 'c', 'd'], from: '42', escaped: true, emoji: [true, true, true], rawValues: 'x2，y\\n', asRegExp: '22' });
    // Anything else beyond ASCII is left for the caller, who then reads the bundle as UTF-8.
    expect(await asciiBundle("const s = '中';")).toBeUndefined();
  });
});

describe('a CLI call ends when its reply is written', () => {
  const output = join(root, 'dist', 'src', 'cli', 'output.js');
  const script = (body: string) => spawnSync(process.execPath, ['--input-type=module', '-e', `import { exitWhenDone } from ${JSON.stringify(output)};\n${body}`], { encoding: 'utf8' });

  it('at once with its exit code when nothing is left, and after what is still running otherwise', () => {
    const alone = script("process.stdout.write('reply\\n'); exitWhenDone(3); process.on('exit', () => process.stdout.write('exit\\n'));");
    expect(alone).toMatchObject({ status: 3, stdout: 'reply\nexit\n' });
    const late = script("process.stdout.write('reply\\n'); setTimeout(() => process.stdout.write('late\\n'), 200); exitWhenDone(0);");
    expect(late).toMatchObject({ status: 0, stdout: 'reply\nlate\n' });
  });
});

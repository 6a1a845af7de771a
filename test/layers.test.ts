import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

// The floors of src/ and no import cycles (.dependency-cruiser.cjs, docs/architecture.md "Layers").
const root = fileURLToPath(new URL('..', import.meta.url));

/** Every violation of .dependency-cruiser.cjs in `baseDir`/src, one line each: "rule: from → to". */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const { output } = await cruise(['src'], { ...options, baseDir }, undefined, { tsConfig });
  return (output as ICruiseResult).summary.violations.map(
    (v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
  );
}

describe('layers', () => {
  it('src/ has no import cycle and no floor imports a higher one', async () => {
    expect(await violations(root)).toEqual([]);
  });

  // The check itself: a small src/ tree breaking each rule once must be caught, rule by rule.
  const sandbox = mkdtempSync(join(tmpdir(), 'netbot-layers-'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(sandbox, path)), { recursive: true });
    writeFileSync(join(sandbox, path), text);
  };

  it('catches an upward import (type-only too), a cycle, siblings, a front end imported from below and a folder on no floor', async () => {
    write('src/render/doc.ts', 'export type Doc = { text: string };\n');
    write('src/commands/triage.ts', "import type { Doc } from '../render/doc.js';\nexport type D = Doc;\n");
    write('src/commands/echo.ts', "import { neutralize } from '../render/neutral.js';\nexport const echo = neutralize;\n");
    write('src/render/neutral.ts', 'export const neutralize = (s: string) => s;\n');
    write('src/app/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    write('src/app/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    write('src/cloud/ecs.ts', "import { ttl } from '../store/ttl.js';\nexport const e = ttl;\n");
    write('src/store/ttl.ts', 'export const ttl = 1;\n');
    write('src/app/reply.ts', "import { say } from '../slack/say.js';\nexport const r = say;\n");
    write('src/slack/say.ts', 'export const say = 1;\n');
    write('src/extras/x.ts', "import { ttl } from '../store/ttl.js';\nexport const x = ttl;\n");
    write('src/util/y.ts', "import { x } from '../extras/x.js';\nexport const y = x;\n");
    const found = await violations(sandbox);
    const rules = (from: string) => found.filter((v) => v.includes(`: src/${from} →`)).map((v) => v.split(':')[0]).sort();
    expect(rules('commands/triage.ts')).toEqual(['no-upward-from-commands']);
    expect(rules('commands/echo.ts')).toEqual(['no-upward-from-commands']);
    expect(found.filter((v) => v.startsWith('no-circular')).length).toBeGreaterThan(0);
    expect(rules('cloud/ecs.ts')).toEqual(['cloud-apart']);
    expect(rules('app/reply.ts')).toEqual(['front-ends-on-top', 'no-upward-from-app']);
    expect(rules('extras/x.ts')).toEqual(['on-a-floor']);
    expect(rules('util/y.ts')).toEqual(['no-upward-from-shared']);
  });
});

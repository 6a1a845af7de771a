/**
 * `npm run bench` (second part): hostile and oversized input must be answered at once, whatever its shape.
 * These are time budgets, so they live here and not in unit tests (a busy machine would make those flake);
 * the unit tests check the same inputs for correct answers. Also compares a huge split with a small one
 * side by side: paging should make their cost about equal (ratio near 1), not proportional to the size.
 * Exits 1 when a budget is exceeded.
 */
import fc from 'fast-check';
import { createServices } from '../src/app/services.js';
import { dispatch } from '../src/app/dispatch.js';
import { parsePtr } from '../src/commands/ptr.js';
import { parseCidrInput } from '../src/net/cidr-parse.js';
import { parseIp } from '../src/net/ip.js';
import { median, msOf, msOfAsync } from './measure.js';

const SEED = 20190723;
const services = createServices({});

/** Characters IP and CIDR parsers care about, plus binary noise and very long runs. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.[]%/ -x'), maxLength: 60 }),
  fc.constantFrom('', '::', ':::', '[]:', '%', '1'.repeat(100_000), ':'.repeat(10_000), '.'.repeat(10_000), '/'.repeat(10_000), '\u0000'),
);

interface Row {
  name: string;
  samples: number[];
  budgetMs: number;
}

const inputs = fc.sample(hostile, { seed: SEED, numRuns: 2000 });
const tokenLists = fc.sample(fc.array(hostile, { maxLength: 80 }), { seed: SEED, numRuns: 300 });
const ctx = { lang: 'en' as const, langExplicit: true };

const rows: Row[] = [
  { name: 'parseIp, 2000 hostile strings', samples: inputs.map((text) => msOf(() => parseIp(text))), budgetMs: 50 },
  { name: 'parseCidrInput, 2000 hostile strings', samples: inputs.map((text) => msOf(() => parseCidrInput(text))), budgetMs: 50 },
  { name: 'parsePtr, 300 hostile token lists', samples: tokenLists.map((tokens) => msOf(() => parsePtr(tokens, ctx, { env: {} }))), budgetMs: 100 },
];

const run = (command: string, ...tokens: string[]) => dispatch({ command, tokens }, services);
const hugeBw: number[] = [];
const hugeSplit: number[] = [];
const smallSplit: number[] = [];
for (let i = 0; i < 20; i++) {
  hugeBw.push(await msOfAsync(() => run('bw', '9'.repeat(100_000) + 'Mbps')));
  // Interleaved so machine noise hits both sizes alike.
  hugeSplit.push(await msOfAsync(() => run('subnet', '10.0.0.0/8', '--prefix', '30')));
  smallSplit.push(await msOfAsync(() => run('subnet', '10.0.0.0/26', '--prefix', '30')));
}
rows.push(
  { name: 'bw, a 100,000-digit figure', samples: hugeBw, budgetMs: 1000 },
  { name: 'subnet 10.0.0.0/8 --prefix 30 (4,194,304 subnets)', samples: hugeSplit, budgetMs: 200 },
  { name: 'subnet 10.0.0.0/26 --prefix 30 (16 subnets)', samples: smallSplit, budgetMs: 200 },
);

console.log('Hostile and oversized input (worst case of each set, one run):');
let failed = false;
for (const row of rows) {
  const max = Math.max(...row.samples);
  const ok = max < row.budgetMs;
  failed ||= !ok;
  console.log(`  ${ok ? 'ok  ' : 'SLOW'} ${row.name.padEnd(52)} worst ${max.toFixed(2).padStart(8)} ms  budget ${row.budgetMs} ms`);
}
console.log(`  paging: /8 split vs /26 split, median ${median(hugeSplit).toFixed(2)} vs ${median(smallSplit).toFixed(2)} ms, ratio ${(median(hugeSplit) / median(smallSplit)).toFixed(2)}×`);
if (failed) process.exitCode = 1;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitsOf, formatAddress, formatCidr, netmask, type Family } from '../../src/net/cidr.js';
import { parseCidrInput, type CidrInputResult } from '../../src/net/cidr-parse.js';

const REASONS = new Set(['empty', 'too_long', 'bad_address', 'zone_id', 'bad_prefix', 'prefix_out_of_range', 'non_contiguous_mask', 'missing_prefix']);

/** Never throws and gives either a value or one of the known reasons (its time budget: bench/inputs.ts). */
function wellBehaved(text: string): CidrInputResult {
  const result = parseCidrInput(text);
  if (!result.ok) expect(REASONS.has(result.error.reason)).toBe(true);
  return result;
}

/** Strings made of the characters CIDRs are made of, so the parser's deeper paths get exercised. */
const cidrish = fc
  .array(fc.constantFrom('0', '1', '2', '5', '9', '255', 'ff', 'a', 'F', '.', ':', '::', '/', '%', ' ', '-', 'x', '1.2.3.4', '::ffff:', '/24', '/128'), { maxLength: 30 })
  .map((parts) => parts.join(''));

const v4 = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 0, max: 32 })).map(([a, p]) => ({ family: 4 as Family, address: a, prefix: p }));
const v6 = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.integer({ min: 0, max: 128 })).map(([a, p]) => ({ family: 6 as Family, address: a, prefix: p }));

describe('parser properties', () => {
  it('random unicode never throws and stays within bounds', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => void wellBehaved(text)), { numRuns: 2000 });
  });

  it('CIDR-like garbage never throws and stays within bounds', () => {
    fc.assert(fc.property(cidrish, (text) => void wellBehaved(text)), { numRuns: 5000 });
  });

  it('hostile long input is refused fast', () => {
    for (const text of ['1'.repeat(100_000), ':'.repeat(100_000), '1.'.repeat(50_000), `10.0.0.0/${'9'.repeat(10_000)}`]) {
      const r = wellBehaved(text);
      expect(r.ok).toBe(false);
    }
  });

  it('every valid CIDR parses to its masked network, and formatting round-trips', () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6), ({ family, address, prefix }) => {
        const text = `${formatAddress(family, address)}/${prefix}`;
        const r = wellBehaved(text);
        expect(r.ok).toBe(true);
        if (!r.ok || r.value.kind !== 'cidr') throw new Error('expected a CIDR');
        expect(r.value.cidr.network).toBe(address & netmask(family, prefix));
        expect(r.value.typed).toBe(address);
        const again = parseCidrInput(formatCidr(r.value.cidr));
        expect(again.ok && again.value.kind === 'cidr' && again.value.cidr).toEqual(r.value.cidr);
      }),
      { numRuns: 3000 },
    );
  });

  it('every prefix beyond the family width is refused as out of range', () => {
    fc.assert(
      fc.property(fc.oneof(v4, v6), fc.integer({ min: 1, max: 999 }), ({ family, address }, extra) => {
        const r = wellBehaved(`${formatAddress(family, address)}/${bitsOf(family) + extra}`);
        expect(r.ok ? 'ok' : r.error.reason).toBe('prefix_out_of_range');
      }),
    );
  });

  it('dotted masks: contiguous ones are masks, the rest are refused', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), (value) => {
        const r = wellBehaved(formatAddress(4, value));
        const inverted = ~value & 0xffffffffn;
        const contiguous = (inverted & (inverted + 1n)) === 0n;
        if (contiguous) expect(r.ok && r.value.kind).toBe('mask');
        else expect(r.ok ? 'ok' : r.error.reason).toMatch(/^(non_contiguous_mask|missing_prefix)$/);
      }),
      { numRuns: 3000 },
    );
  });
});

import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePtr } from '../../src/commands/ptr.js';
import { parseServer } from '../../src/net/dns.js';
import { formatIpv6, parseIp, reverseName } from '../../src/net/ip.js';

const ctx = { lang: 'en' as const, langExplicit: true };
const noEnv = { env: {} };
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.[]%/ -x'), maxLength: 60 }),
  fc.constantFrom('', ' ', '::', ':::', '[', ']', '[]:', '%', '/', '1'.repeat(100_000), ':'.repeat(10_000), '.'.repeat(10_000), '\u0000', '🙂', '--server'),
);

// Time budgets for the same hostile input are checked by `npm run bench` (bench/inputs.ts), not here.
describe('property: hostile input never throws', () => {
  it('parseIp', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const result = parseIp(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('parseServer', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const result = parseServer(text);
        if (result.ok) expect(result.server.port).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('parsePtr: a result or a coded, bounded error message, never an exception', () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 80 }), (tokens) => {
        const result = parsePtr(tokens, ctx, noEnv);
        if (!result.ok) {
          expect(result.error.code).toMatch(/^[a-z_]+$/);
          expect(result.error.message.length).toBeGreaterThan(10);
          expect(result.error.message.length).toBeLessThan(600);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('property: parsing agrees with the address itself', () => {
  it('every dotted quad round-trips and reverses into in-addr.arpa', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (bytes) => {
        const parsed = parseIp(bytes.join('.'));
        expect(parsed.ok && parsed.ip.text).toBe(bytes.join('.'));
        if (parsed.ok) expect(reverseName(parsed.ip)).toBe(`${[...bytes].reverse().join('.')}.in-addr.arpa`);
      }),
    );
  });

  it('every IPv6 address round-trips through its RFC 5952 text and node agrees it is IPv6', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIpv6(bytes);
        expect(isIP(text)).toBe(6);
        const parsed = parseIp(text);
        expect(parsed.ok && parsed.ip.bytes).toEqual(bytes);
        if (parsed.ok) expect(reverseName(parsed.ip)).toMatch(/^([0-9a-f]\.){32}ip6\.arpa$/);
      }),
    );
  });

  it('whatever parseIp accepts, node accepts too', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.'), maxLength: 45 }), (text) => {
        const parsed = parseIp(text);
        if (parsed.ok) expect(isIP(text)).toBe(parsed.ip.version);
      }),
      { numRuns: 5000 },
    );
  });
});

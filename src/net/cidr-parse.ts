import { Address4, Address6 } from 'ip-address';
import { bitsOf, cidr, type Cidr, type Family } from './cidr.js';

/**
 * Strict reading of one network written by a user: a CIDR (IPv4 or IPv6, prefix as a number or, for
 * IPv4, a dotted mask), a bare dotted netmask ("255.255.240.0") or a bare prefix ("/20"). Never throws;
 * a problem comes back as a typed reason the command turns into a message.
 */
export type CidrInput =
  | {
      kind: 'cidr';
      cidr: Cidr;
      /** The address as typed: differs from cidr.network when host bits were set (non-canonical). */
      typed: bigint;
    }
  | { kind: 'mask'; family: Family; prefix: number; from: 'netmask' | 'prefix' };

export type CidrInputError =
  | { reason: 'empty' }
  | { reason: 'too_long'; max: number }
  | { reason: 'bad_address' }
  | { reason: 'zone_id' }
  | { reason: 'bad_prefix' }
  | { reason: 'prefix_out_of_range'; max: number }
  | { reason: 'non_contiguous_mask'; nearest: string }
  | { reason: 'missing_prefix' };

export type CidrInputResult = { ok: true; value: CidrInput } | { ok: false; error: CidrInputError };

/** Longest accepted input: a full IPv6 address with embedded IPv4 and a /128 fits well within this. */
export const MAX_CIDR_LENGTH = 64;

/** A prefix length: decimal, no leading zeros ("024" is ambiguous). Any length, so "/1000" is "out of range". */
const PREFIX = /^(?:0|[1-9]\d*)$/;
const prefixNumber = (digits: string): number => (digits.length > 4 ? Infinity : Number(digits));
const DOTTED = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;

const fail = (error: CidrInputError): CidrInputResult => ({ ok: false, error });

function parseV4(text: string): bigint | undefined {
  if (!DOTTED.test(text)) return undefined;
  try {
    return new Address4(text).bigInt(); // rejects octets > 255 and leading zeros (octal ambiguity)
  } catch {
    return undefined;
  }
}

function parseV6(text: string): bigint | undefined {
  if (!IPV6_CHARS.test(text) || !text.includes(':')) return undefined;
  try {
    return new Address6(text).bigInt();
  } catch {
    return undefined;
  }
}

/** Prefix length of a contiguous IPv4 mask (ones then zeros), or -1 when the mask is not contiguous. */
export function maskToPrefix(mask: bigint): number {
  const inverted = ~mask & 0xffffffffn;
  if ((inverted & (inverted + 1n)) !== 0n) return -1;
  let prefix = 0;
  for (let bit = 31; bit >= 0 && (mask >> BigInt(bit)) & 1n; bit--) prefix++;
  return prefix;
}

/** The contiguous mask sharing the leading ones of a broken one: what the user probably meant. */
function nearestMask(mask: bigint): string {
  let prefix = 0;
  for (let bit = 31; bit >= 0 && (mask >> BigInt(bit)) & 1n; bit--) prefix++;
  const value = (0xffffffffn << BigInt(32 - prefix)) & 0xffffffffn;
  return `${Address4.fromBigInt(value).correctForm()} (/${prefix})`;
}

function parsePrefix(text: string, family: Family): number | CidrInputError {
  if (family === 4 && DOTTED.test(text)) {
    const mask = parseV4(text);
    if (mask === undefined) return { reason: 'bad_prefix' };
    const prefix = maskToPrefix(mask);
    return prefix < 0 ? { reason: 'non_contiguous_mask', nearest: nearestMask(mask) } : prefix;
  }
  if (!PREFIX.test(text)) return { reason: 'bad_prefix' };
  const prefix = prefixNumber(text);
  return prefix > bitsOf(family) ? { reason: 'prefix_out_of_range', max: bitsOf(family) } : prefix;
}

export function parseCidrInput(raw: string): CidrInputResult {
  const text = raw.trim();
  if (!text) return fail({ reason: 'empty' });
  if (text.length > MAX_CIDR_LENGTH) return fail({ reason: 'too_long', max: MAX_CIDR_LENGTH });

  // "/20": a prefix on its own is a mask question; up to 32 it is read as IPv4, beyond as IPv6.
  if (text.startsWith('/')) {
    const digits = text.slice(1);
    if (!PREFIX.test(digits)) return fail({ reason: 'bad_prefix' });
    const prefix = prefixNumber(digits);
    if (prefix > 128) return fail({ reason: 'prefix_out_of_range', max: 128 });
    return { ok: true, value: { kind: 'mask', family: prefix <= 32 ? 4 : 6, prefix, from: 'prefix' } };
  }

  const parts = text.split('/');
  if (parts.length > 2) return fail({ reason: 'bad_prefix' });
  const [addressText, prefixText] = parts as [string, string | undefined];
  if (addressText.includes('%')) return fail({ reason: 'zone_id' });
  const family: Family = addressText.includes(':') ? 6 : 4;
  const typed = family === 4 ? parseV4(addressText) : parseV6(addressText);
  if (typed === undefined) return fail({ reason: 'bad_address' });

  if (prefixText === undefined) {
    // A bare dotted quad is read as a netmask; if it cannot be one, the user most likely forgot "/N".
    if (family === 6) return fail({ reason: 'missing_prefix' });
    const prefix = maskToPrefix(typed);
    if (prefix >= 0) return { ok: true, value: { kind: 'mask', family: 4, prefix, from: 'netmask' } };
    return fail(typed >> 24n === 255n ? { reason: 'non_contiguous_mask', nearest: nearestMask(typed) } : { reason: 'missing_prefix' });
  }
  const prefix = parsePrefix(prefixText, family);
  if (typeof prefix !== 'number') return fail(prefix);
  return { ok: true, value: { kind: 'cidr', cidr: cidr(family, typed, prefix), typed } };
}

/** Parses a CIDR only (no bare mask), for --check. */
export function parseCidrOnly(raw: string): { ok: true; cidr: Cidr; typed: bigint } | { ok: false; error: CidrInputError } {
  const result = parseCidrInput(raw);
  if (!result.ok) return result;
  if (result.value.kind !== 'cidr') return { ok: false, error: { reason: 'missing_prefix' } };
  return { ok: true, cidr: result.value.cidr, typed: result.value.typed };
}

/**
 * Strict IP address parsing, canonical forms, reverse-DNS names and special-purpose range classification.
 * Pure functions over plain values: no I/O, linear in the (bounded) input.
 */

export type IpVersion = 4 | 6;

export interface IpAddress {
  version: IpVersion;
  /** 4 or 16 bytes in network order. */
  bytes: readonly number[];
  /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6. */
  text: string;
}

/** Why a text is not one plain IP address; each reason gets its own message. */
export type IpRejection =
  | 'empty'
  | 'too_long'
  | 'multiple'
  | 'prefix'
  | 'zone'
  | 'port'
  | 'brackets'
  | 'leading_zero'
  | 'octet_range'
  | 'hostname'
  | 'not_ip';

export type IpParse = { ok: true; ip: IpAddress } | { ok: false; reason: IpRejection };

/** Longest textual IPv6 is 45 characters (with an embedded dotted quad); anything far longer is not an address. */
export const MAX_ADDRESS_TEXT = 64;

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?$/i;

function parseDottedQuad(text: string): { ok: true; bytes: number[] } | { ok: false; reason: IpRejection } | null {
  const match = DOTTED_QUAD.exec(text);
  if (!match) return null;
  const parts = match.slice(1, 5) as string[];
  // "010" means 8 to some parsers (octal) and 10 to others: refuse instead of guessing.
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return { ok: false, reason: 'leading_zero' };
  const bytes = parts.map(Number);
  if (bytes.some((b) => b > 255)) return { ok: false, reason: 'octet_range' };
  return { ok: true, bytes };
}

/** Parses IPv6 text (optionally ending in a dotted quad) into 16 bytes; null when it is not IPv6. */
function parseIpv6Bytes(text: string): number[] | { reason: IpRejection } | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string, isLast: boolean): number[] | { reason: IpRejection } | null => {
    if (half === '') return [];
    const parts = half.split(':');
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.includes('.')) {
        // An embedded IPv4 address may only end the address.
        if (i !== parts.length - 1 || !isLast) return null;
        const quad = parseDottedQuad(part);
        if (!quad) return null;
        if (!quad.ok) return { reason: quad.reason };
        out.push((quad.bytes[0]! << 8) | quad.bytes[1]!, (quad.bytes[2]! << 8) | quad.bytes[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (head === null || tail === null) return null;
  if (!Array.isArray(head)) return head;
  if (!Array.isArray(tail)) return tail;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (>= 2) of zero groups as "::". */
export function formatIpv6(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

const v4 = (bytes: number[]): IpAddress => ({ version: 4, bytes, text: bytes.join('.') });
const v6 = (bytes: number[]): IpAddress => ({ version: 6, bytes, text: formatIpv6(bytes) });

/**
 * Exactly one IPv4 or IPv6 address, nothing around it: no prefix, zone, port, brackets or leading zeros.
 * Never throws; the reason tells the caller which message to show.
 */
export function parseIp(input: string): IpParse {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.length > MAX_ADDRESS_TEXT) return { ok: false, reason: 'too_long' };
  if (/[,;\s]/.test(text)) return { ok: false, reason: 'multiple' };
  if (text.includes('/')) return { ok: false, reason: 'prefix' };
  if (text.includes('%')) return { ok: false, reason: 'zone' };
  if (/^\[[^\]]*\]:/.test(text)) return { ok: false, reason: 'port' };
  if (/^\[[^\]]*\]$/.test(text)) return { ok: false, reason: 'brackets' };
  if (/^\d{1,3}(?:\.\d{1,3}){3}:\d*$/.test(text)) return { ok: false, reason: 'port' };
  const quad = parseDottedQuad(text);
  if (quad) return quad.ok ? { ok: true, ip: v4(quad.bytes) } : quad;
  const six = parseIpv6Bytes(text);
  if (Array.isArray(six)) return { ok: true, ip: v6(six) };
  if (six) return { ok: false, reason: six.reason };
  if (/^[\d.]+$/.test(text)) return { ok: false, reason: 'not_ip' };
  if (HOSTNAME.test(text) && /[a-z]/i.test(text)) return { ok: false, reason: 'hostname' };
  return { ok: false, reason: 'not_ip' };
}

/** ::ffff:a.b.c.d stands for the IPv4 address a.b.c.d (RFC 4291 §2.5.5.2). */
export function unmapIpv4(ip: IpAddress): IpAddress | null {
  if (ip.version !== 6) return null;
  const isMapped = ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
  return isMapped ? v4(ip.bytes.slice(12) as number[]) : null;
}

/** The name a PTR lives at: 10.2.0.192.in-addr.arpa, or 32 reversed nibbles under ip6.arpa (RFC 3596). */
export function reverseName(ip: IpAddress): string {
  if (ip.version === 4) return `${[...ip.bytes].reverse().join('.')}.in-addr.arpa`;
  const nibbles = ip.bytes.flatMap((b) => [(b >> 4).toString(16), (b & 0xf).toString(16)]);
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

export function sameAddress(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.bytes.every((x, i) => x === b.bytes[i]);
}

/** Where an address sits in the special-purpose registries (RFC 6890 and successors). */
export type AddressScope =
  | 'public'
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'documentation'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'benchmarking'
  | 'broadcast'
  | 'reserved';

export interface Classification {
  scope: AddressScope;
  /** The range it falls in and the RFC that sets it aside, e.g. "10.0.0.0/8 (RFC 1918)"; null for public. */
  range: string | null;
}

interface Range {
  prefix: string;
  bits: number;
  scope: AddressScope;
  rfc: string;
}

// Most specific first; the first match wins.
const V4_RANGES: Range[] = [
  { prefix: '255.255.255.255', bits: 32, scope: 'broadcast', rfc: 'RFC 919' },
  { prefix: '0.0.0.0', bits: 8, scope: 'unspecified', rfc: 'RFC 1122' },
  { prefix: '10.0.0.0', bits: 8, scope: 'private', rfc: 'RFC 1918' },
  { prefix: '100.64.0.0', bits: 10, scope: 'cgnat', rfc: 'RFC 6598' },
  { prefix: '127.0.0.0', bits: 8, scope: 'loopback', rfc: 'RFC 1122' },
  { prefix: '169.254.0.0', bits: 16, scope: 'link-local', rfc: 'RFC 3927' },
  { prefix: '172.16.0.0', bits: 12, scope: 'private', rfc: 'RFC 1918' },
  { prefix: '192.0.0.0', bits: 24, scope: 'reserved', rfc: 'RFC 6890' },
  { prefix: '192.0.2.0', bits: 24, scope: 'documentation', rfc: 'RFC 5737' },
  { prefix: '192.88.99.0', bits: 24, scope: 'reserved', rfc: 'RFC 7526' },
  { prefix: '192.168.0.0', bits: 16, scope: 'private', rfc: 'RFC 1918' },
  { prefix: '198.18.0.0', bits: 15, scope: 'benchmarking', rfc: 'RFC 2544' },
  { prefix: '198.51.100.0', bits: 24, scope: 'documentation', rfc: 'RFC 5737' },
  { prefix: '203.0.113.0', bits: 24, scope: 'documentation', rfc: 'RFC 5737' },
  { prefix: '224.0.0.0', bits: 4, scope: 'multicast', rfc: 'RFC 5771' },
  { prefix: '240.0.0.0', bits: 4, scope: 'reserved', rfc: 'RFC 1112' },
];

const V6_RANGES: Range[] = [
  { prefix: '::', bits: 128, scope: 'unspecified', rfc: 'RFC 4291' },
  { prefix: '::1', bits: 128, scope: 'loopback', rfc: 'RFC 4291' },
  { prefix: '100::', bits: 64, scope: 'reserved', rfc: 'RFC 6666' },
  { prefix: '2001:2::', bits: 48, scope: 'benchmarking', rfc: 'RFC 5180' },
  { prefix: '2001:db8::', bits: 32, scope: 'documentation', rfc: 'RFC 3849' },
  { prefix: '3fff::', bits: 20, scope: 'documentation', rfc: 'RFC 9637' },
  { prefix: '2000::', bits: 3, scope: 'public', rfc: 'RFC 4291' },
  { prefix: 'fc00::', bits: 7, scope: 'unique-local', rfc: 'RFC 4193' },
  { prefix: 'fe80::', bits: 10, scope: 'link-local', rfc: 'RFC 4291' },
  { prefix: 'ff00::', bits: 8, scope: 'multicast', rfc: 'RFC 4291' },
];

function inRange(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[bit >> 3]! & mask) !== (prefix[bit >> 3]! & mask)) return false;
  }
  return true;
}

const compiled = (ranges: Range[]) =>
  ranges.map((r) => {
    const parsed = parseIp(r.prefix);
    if (!parsed.ok) throw new Error(`bad range ${r.prefix}`);
    return { ...r, bytes: parsed.ip.bytes };
  });
const V4 = compiled(V4_RANGES);
const V6 = compiled(V6_RANGES);

/** Public means globally routable unicast; everything else cannot have a public PTR. */
export function classify(ip: IpAddress): Classification {
  const table = ip.version === 4 ? V4 : V6;
  const hit = table.find((r) => inRange(ip.bytes, r.bytes, r.bits));
  if (!hit) return ip.version === 4 ? { scope: 'public', range: null } : { scope: 'reserved', range: 'outside 2000::/3 (RFC 4291)' };
  if (hit.scope === 'public') return { scope: 'public', range: null };
  return { scope: hit.scope, range: `${hit.prefix}/${hit.bits} (${hit.rfc})` };
}

/**
 * Whether a PTR name looks ISP-generated ("dynamic", "pool", "ip-1-2-3-4", "4.3.2.1.dsl.example"):
 * a label is one of `words`, a word is glued to digits (ip10, host-5), or the name spells the address.
 */
export function looksGeneric(name: string, ip: IpAddress, words: readonly string[]): boolean {
  const lower = name.toLowerCase().slice(0, 255);
  const labels = lower.split(/[.\-_]+/).filter(Boolean);
  const wordSet = new Set(words.map((w) => w.toLowerCase()));
  if (labels.some((label) => wordSet.has(label) || wordSet.has(label.replace(/\d+$/, '')))) return true;
  if (ip.version === 4) {
    const octets = ip.bytes.map(String);
    for (const order of [octets, [...octets].reverse()]) {
      // 1-2-3-4, 1.2.3.4, 1_2_3_4 (digits only, so the pattern is safe to build)
      if (new RegExp(`(?:^|[^0-9])${order.join('[.\\-_]')}(?:$|[^0-9])`).test(lower)) return true;
      // 001002003004
      if (lower.includes(order.map((o) => o.padStart(3, '0')).join(''))) return true;
    }
    const hex = ip.bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    return labels.some((label) => label.includes(hex));
  }
  const compact = lower.replace(/[.\-_:]/g, '');
  const nibbles = ip.bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  const dashed = ip.text.replace(/:/g, '-');
  return compact.includes(nibbles) || compact.includes([...nibbles].reverse().join('')) || lower.includes(dashed);
}

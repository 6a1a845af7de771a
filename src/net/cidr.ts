import { Address4, Address6 } from 'ip-address';

/**
 * CIDR arithmetic on typed value objects, BigInt throughout so IPv6 (and /0) never loses precision.
 * ip-address does the parsing and formatting; every number (first, last, counts, subnets) is computed
 * here, because its *Exclusive helpers are wrong on /31, /32, /127 and /128.
 */
export type Family = 4 | 6;

export interface Cidr {
  readonly family: Family;
  /** The network address (host bits zero). */
  readonly network: bigint;
  readonly prefix: number;
}

export const bitsOf = (family: Family): number => (family === 4 ? 32 : 128);

export function cidr(family: Family, address: bigint, prefix: number): Cidr {
  return { family, network: address & netmask(family, prefix), prefix };
}

/** All-ones mask of the family's width. */
const allOnes = (family: Family): bigint => (1n << BigInt(bitsOf(family))) - 1n;

export function netmask(family: Family, prefix: number): bigint {
  return allOnes(family) ^ wildcard(family, prefix);
}

export function wildcard(family: Family, prefix: number): bigint {
  return (1n << BigInt(bitsOf(family) - prefix)) - 1n;
}

/** Number of addresses in a block of this prefix: 2^(bits − prefix). */
export function blockSize(family: Family, prefix: number): bigint {
  return 1n << BigInt(bitsOf(family) - prefix);
}

export const addressCount = (c: Cidr): bigint => blockSize(c.family, c.prefix);
export const lastAddress = (c: Cidr): bigint => c.network + addressCount(c) - 1n;

/**
 * IPv4 broadcast: the last address, but only up to /30. A /31 (RFC 3021 point-to-point) and a /32 have
 * none, and IPv6 has no broadcast at all.
 */
export function broadcast(c: Cidr): bigint | null {
  return c.family === 4 && c.prefix <= 30 ? lastAddress(c) : null;
}

/**
 * First and last host address in the conventional (non-cloud) sense, the same as Python's
 * ipaddress `hosts()`: IPv4 up to /30 skips the network and broadcast addresses; IPv4 /31 uses both
 * (RFC 3021) and /32 its single address; IPv6 up to /126 skips only the Subnet-Router anycast address
 * (the network address, RFC 4291) and keeps the last; IPv6 /127 uses both and /128 its single address.
 */
export function hostRange(c: Cidr): { first: bigint; last: bigint } {
  const last = lastAddress(c);
  const bits = bitsOf(c.family);
  if (c.prefix >= bits - 1) return { first: c.network, last };
  return { first: c.network + 1n, last: c.family === 4 ? last - 1n : last };
}

/** Addresses left for instances in a vSwitch of this block: the block minus the cloud's reserved ones. */
export function vswitchUsable(c: Cidr, reserved: bigint): bigint {
  const size = addressCount(c);
  return size > reserved ? size - reserved : 0n;
}

export function formatAddress(family: Family, value: bigint): string {
  return family === 4 ? Address4.fromBigInt(value).correctForm() : Address6.fromBigInt(value).correctForm();
}

export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.family, c.network)}/${c.prefix}`;
}

/** How many /newPrefix subnets the block holds: 2^(newPrefix − prefix). */
export function subnetCount(c: Cidr, newPrefix: number): bigint {
  return 1n << BigInt(newPrefix - c.prefix);
}

/** The index-th /newPrefix subnet (0-based), computed directly: no enumeration. */
export function subnetAt(c: Cidr, newPrefix: number, index: bigint): Cidr {
  return { family: c.family, network: c.network + index * blockSize(c.family, newPrefix), prefix: newPrefix };
}

/** One page of subnets: at most `limit`, starting at `offset`; cost is the page, never the total. */
export function subnetPage(c: Cidr, newPrefix: number, offset: bigint, limit: number): Cidr[] {
  const total = subnetCount(c, newPrefix);
  const page: Cidr[] = [];
  for (let i = offset; i < total && page.length < limit; i++) page.push(subnetAt(c, newPrefix, i));
  return page;
}

export const contains = (outer: Cidr, inner: Cidr): boolean =>
  outer.family === inner.family &&
  outer.prefix <= inner.prefix &&
  (inner.network & netmask(outer.family, outer.prefix)) === outer.network;

/**
 * Two CIDR blocks are either nested or disjoint (a partial overlap is impossible), so this is the full
 * answer: equal, a contains b, a is inside b, or disjoint (always so across families).
 */
export type Relation = 'equal' | 'contains' | 'inside' | 'disjoint';

export function relation(a: Cidr, b: Cidr): Relation {
  if (contains(a, b)) return contains(b, a) ? 'equal' : 'contains';
  return contains(b, a) ? 'inside' : 'disjoint';
}

/** Smallest k with 2^k ≥ n (n ≥ 1). */
export function ceilLog2(n: bigint): number {
  let k = 0;
  while (1n << BigInt(k) < n) k++;
  return k;
}

/** Smallest block prefix whose size is at least `size` addresses; -1 when even /0 is too small. */
export function prefixForSize(family: Family, size: bigint): number {
  const k = ceilLog2(size < 1n ? 1n : size);
  return k > bitsOf(family) ? -1 : bitsOf(family) - k;
}

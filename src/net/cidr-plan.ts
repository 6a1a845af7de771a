import { addressCount, bitsOf, blockSize, prefixForSize, type Cidr } from './cidr.js';

/**
 * Choosing a split: by new prefix, by number of subnets, by hosts per subnet, or VLSM. Pure arithmetic
 * over BigInt; the cloud's reserved-address count comes in as a number so the rules file stays the
 * single place that states it.
 */
export type PlanError =
  | { reason: 'prefix_shorter'; prefix: number; network: number }
  | { reason: 'prefix_too_long'; max: number }
  | { reason: 'count_too_large'; max: bigint }
  | { reason: 'hosts_too_large'; max: bigint };

export type PlanResult<T> = { ok: true; value: T } | { ok: false; error: PlanError };

export function checkNewPrefix(c: Cidr, newPrefix: number): PlanResult<number> {
  if (newPrefix < c.prefix) return { ok: false, error: { reason: 'prefix_shorter', prefix: newPrefix, network: c.prefix } };
  if (newPrefix > bitsOf(c.family)) return { ok: false, error: { reason: 'prefix_too_long', max: bitsOf(c.family) } };
  return { ok: true, value: newPrefix };
}

/** The longest prefix that still gives at least `count` subnets: fewest, largest blocks. */
export function prefixForCount(c: Cidr, count: bigint): PlanResult<number> {
  const room = BigInt(bitsOf(c.family) - c.prefix);
  const max = 1n << room;
  if (count > max) return { ok: false, error: { reason: 'count_too_large', max } };
  let k = 0;
  while (1n << BigInt(k) < count) k++;
  return { ok: true, value: c.prefix + k };
}

/** Usable addresses of a block once `reserved` are taken out (never negative). */
export const usableOf = (size: bigint, reserved: bigint): bigint => (size > reserved ? size - reserved : 0n);

/** Largest number of usable addresses one subnet of this network can have (the network itself). */
export const maxHosts = (c: Cidr, reserved: bigint): bigint => usableOf(addressCount(c), reserved);

/** The longest prefix whose blocks still hold `hosts` usable addresses after `reserved`. */
export function prefixForHosts(c: Cidr, hosts: bigint, reserved: bigint): PlanResult<number> {
  const prefix = prefixForSize(c.family, hosts + reserved);
  if (prefix < c.prefix) return { ok: false, error: { reason: 'hosts_too_large', max: maxHosts(c, reserved) } };
  return { ok: true, value: prefix };
}

export interface VlsmAllocation {
  /** Position of the request as the user typed it (0-based). */
  index: number;
  hosts: bigint;
  /** Prefix the request needs (even when it does not fit). */
  prefix: number;
  /** The allocated block, or null when it does not fit in what is left. */
  block: Cidr | null;
}

export interface VlsmPlan {
  /** In allocation order: largest first; ties keep the order typed. */
  allocations: VlsmAllocation[];
  /** Addresses of the network not allocated to any request. */
  free: bigint;
}

/**
 * VLSM: largest request first, consecutive blocks from the network start. Every block is a power of two
 * no larger than the previous one, so the next free address is always aligned for it: no gaps, no
 * search. A request that does not fit is reported and smaller ones still get their chance.
 */
export function allocateVlsm(c: Cidr, requests: readonly bigint[], reserved: bigint): VlsmPlan {
  const order = requests.map((hosts, index) => ({ hosts, index })).sort((a, b) => (a.hosts === b.hosts ? a.index - b.index : a.hosts > b.hosts ? -1 : 1));
  const end = c.network + addressCount(c);
  let next = c.network;
  const allocations: VlsmAllocation[] = [];
  for (const { hosts, index } of order) {
    const needed = prefixForSize(c.family, hosts + reserved);
    const prefix = needed < 0 ? 0 : needed;
    const size = blockSize(c.family, prefix);
    const fits = needed >= c.prefix && next + size <= end;
    allocations.push({ index, hosts, prefix: needed < 0 ? -1 : prefix, block: fits ? { family: c.family, network: next, prefix } : null });
    if (fits) next += size;
  }
  return { allocations, free: end - next };
}

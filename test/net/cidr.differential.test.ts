import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addressCount, bitsOf, broadcast, formatAddress, formatCidr, hostRange, relation, subnetCount, subnetPage, type Family } from '../../src/net/cidr.js';
import { parseCidrOnly } from '../../src/net/cidr-parse.js';

/**
 * Differential test: our engine against Python's ipaddress module, an independent implementation.
 * One python3 process per batch (JSON in, JSON out), many random IPv4/IPv6 cases, fixed seed so a
 * failure reproduces. Numbers are compared as integers, so Python versions that print IPv4-mapped
 * IPv6 differently cannot cause false failures; our strings are checked by having Python parse them.
 */
const REFERENCE = String.raw`
import sys, json, ipaddress, itertools
cases = json.load(sys.stdin)
out = []
for c in cases:
    n = ipaddress.ip_network(c["net"], strict=False)
    small = n.num_addresses <= 4096
    if small:
        hosts = list(n.hosts())
        first, last = int(hosts[0]), int(hosts[-1])
    else:
        first = int(next(iter(n.hosts())))
        last = int(n[-2]) if n.version == 4 else int(n[-1])
    subs = list(itertools.islice(n.subnets(new_prefix=c["newPrefix"]), c["offset"], c["offset"] + c["k"]))
    o = ipaddress.ip_network(c["other"], strict=False)
    same = o.version == n.version
    out.append({
        "network": str(int(n.network_address)), "prefix": n.prefixlen,
        "broadcast": str(int(n.broadcast_address)), "num": str(n.num_addresses),
        "first": str(first), "last": str(last), "small": small,
        "netmask": str(int(n.netmask)), "hostmask": str(int(n.hostmask)),
        "total": str(n.num_addresses // (2 ** (n.max_prefixlen - c["newPrefix"]))),
        "subnets": [[str(int(s.network_address)), s.prefixlen] for s in subs],
        "overlaps": same and n.overlaps(o),
        "aInB": same and n.subnet_of(o), "bInA": same and o.subnet_of(n),
    })
json.dump(out, sys.stdout)
`;

const VERIFY_STRINGS = String.raw`
import sys, json, ipaddress
bad = []
for text, value in json.load(sys.stdin):
    try:
        got = int(ipaddress.ip_network(text).network_address) if "/" in text else int(ipaddress.ip_address(text))
        if str(got) != value: bad.append([text, value, str(got)])
    except ValueError as e:
        bad.append([text, value, str(e)])
json.dump(bad, sys.stdout)
`;

function python<T>(script: string, input: unknown): T {
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** mulberry32: a tiny seeded PRNG, so every run tests the same cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const bits = (n: number) => {
    let v = 0n;
    for (let i = 0; i < n; i += 16) v = (v << 16n) | BigInt(int(0, 0xffff));
    return v & ((1n << BigInt(n)) - 1n);
  };
  return { next, int, bits };
}

interface Case {
  family: Family;
  net: string;
  newPrefix: number;
  offset: number;
  k: number;
  other: string;
}

function makeCases(family: Family, count: number, seed: number): Case[] {
  const r = rng(seed);
  const width = bitsOf(family);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    // Favour the edges: /0, the longest prefixes, and small blocks where hosts() can be listed in full.
    const roll = r.next();
    const prefix = roll < 0.1 ? r.int(0, 2) : roll < 0.4 ? r.int(width - 12, width) : r.int(0, width);
    let address = r.bits(width);
    if (family === 6 && r.next() < 0.15) address = (0xffffn << 32n) | (address & 0xffffffffn); // IPv4-mapped
    const typed = formatAddress(family, address);
    const newPrefix = Math.min(width, prefix + r.int(0, Math.min(width - prefix, r.next() < 0.5 ? 6 : 40)));
    const total = 1n << BigInt(newPrefix - prefix);
    const offset = Number(total > 4000n ? BigInt(r.int(0, 4000)) : BigInt(r.int(0, Number(total) - 1)));
    // Other network: often near ours (so containment happens), sometimes the other family.
    const near = r.next();
    let other: string;
    if (near < 0.1) other = family === 4 ? '2001:db8::/32' : '10.0.0.0/8';
    else if (near < 0.7) other = `${formatAddress(family, address ^ r.bits(Math.max(0, width - r.int(0, width))))}/${r.int(0, width)}`;
    else other = `${formatAddress(family, r.bits(width))}/${r.int(0, width)}`;
    cases.push({ family, net: `${typed}/${prefix}`, newPrefix, offset, k: r.int(1, 16), other });
  }
  return cases;
}

function compare(cases: Case[]) {
  const reference = python<Array<Record<string, unknown>>>(REFERENCE, cases);
  const strings: Array<[string, string]> = [];
  let compared = 0;
  cases.forEach((c, i) => {
    const ref = reference[i]!;
    const parsed = parseCidrOnly(c.net);
    expect(parsed.ok, c.net).toBe(true);
    if (!parsed.ok) return;
    const n = parsed.cidr;
    const where = `${c.net} → /${c.newPrefix} offset ${c.offset}`;
    expect(n.network.toString(), where).toBe(ref.network);
    expect(n.prefix, where).toBe(ref.prefix);
    expect(addressCount(n).toString(), where).toBe(ref.num);
    const { first, last } = hostRange(n);
    expect(first.toString(), where).toBe(ref.first);
    expect(last.toString(), where).toBe(ref.last);
    // Python gives every IPv4 network a "broadcast" (the last address); we say none for /31 and /32.
    const b = broadcast(n);
    if (n.family === 4 && n.prefix <= 30) expect(b?.toString(), where).toBe(ref.broadcast);
    else expect(b, where).toBeNull();
    expect(subnetCount(n, c.newPrefix).toString(), where).toBe(ref.total);
    const page = subnetPage(n, c.newPrefix, BigInt(c.offset), c.k);
    expect(page.map((s) => [s.network.toString(), s.prefix]), where).toEqual(ref.subnets);
    const other = parseCidrOnly(c.other);
    expect(other.ok, c.other).toBe(true);
    if (other.ok) {
      const rel = relation(n, other.cidr);
      expect(rel !== 'disjoint', `${where} vs ${c.other}`).toBe(ref.overlaps);
      expect(rel === 'inside' || rel === 'equal', `${where} inside ${c.other}`).toBe(ref.aInB);
      expect(rel === 'contains' || rel === 'equal', `${where} contains ${c.other}`).toBe(ref.bInA);
    }
    strings.push([formatCidr(n), n.network.toString()], [formatAddress(n.family, first), first.toString()], [formatAddress(n.family, last), last.toString()]);
    for (const s of page) strings.push([formatCidr(s), s.network.toString()]);
    compared++;
  });
  // Our formatted strings must mean the same addresses to Python.
  expect(python<unknown[]>(VERIFY_STRINGS, strings)).toEqual([]);
  return compared;
}

describe('differential: engine vs Python ipaddress', () => {
  it('agrees on 600 random IPv4 networks, splits and overlaps', () => {
    expect(compare(makeCases(4, 600, 20240601))).toBe(600);
  });

  it('agrees on 600 random IPv6 networks, splits and overlaps', () => {
    expect(compare(makeCases(6, 600, 20240602))).toBe(600);
  });

  it('agrees on the fixed boundary cases', () => {
    const fixed: Case[] = ['0.0.0.0/0', '10.0.0.0/31', '10.0.0.1/32', '10.0.0.0/30', '::/0', '2001:db8::/127', '2001:db8::1/128', '2001:db8::/126', '::ffff:0:0/96'].map((net) => {
      const family: Family = net.includes(':') ? 6 : 4;
      const width = bitsOf(family);
      const prefix = Number(net.split('/')[1]);
      return { family, net, newPrefix: Math.min(width, prefix + 2), offset: 0, k: 4, other: net };
    });
    expect(compare(fixed)).toBe(fixed.length);
  });
});

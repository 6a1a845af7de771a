import { describe, expect, it } from 'vitest';
import {
  addressCount,
  broadcast,
  cidr,
  formatAddress,
  formatCidr,
  hostRange,
  relation,
  subnetAt,
  subnetCount,
  subnetPage,
  vswitchUsable,
  type Cidr,
} from '../../src/net/cidr.js';
import { maskToPrefix, parseCidrInput, parseCidrOnly } from '../../src/net/cidr-parse.js';
import { allocateVlsm, prefixForCount, prefixForHosts } from '../../src/net/cidr-plan.js';

function net(text: string): Cidr {
  const parsed = parseCidrOnly(text);
  if (!parsed.ok) throw new Error(`bad test CIDR ${text}: ${parsed.error.reason}`);
  return parsed.cidr;
}
const show = (c: Cidr) => {
  const { first, last } = hostRange(c);
  const b = broadcast(c);
  return { first: formatAddress(c.family, first), last: formatAddress(c.family, last), broadcast: b === null ? null : formatAddress(c.family, b) };
};

describe('host range and broadcast at the boundaries', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.1', '10.0.0.254', '10.0.0.255'],
    ['10.0.0.0/30', '10.0.0.1', '10.0.0.2', '10.0.0.3'],
    ['10.0.0.0/31', '10.0.0.0', '10.0.0.1', null], // RFC 3021: no broadcast, both usable
    ['10.0.0.7/32', '10.0.0.7', '10.0.0.7', null],
    ['0.0.0.0/0', '0.0.0.1', '255.255.255.254', '255.255.255.255'],
    ['2001:db8::/64', '2001:db8::1', '2001:db8::ffff:ffff:ffff:ffff', null],
    ['2001:db8::/126', '2001:db8::1', '2001:db8::3', null],
    ['2001:db8::/127', '2001:db8::', '2001:db8::1', null], // RFC 6164
    ['2001:db8::5/128', '2001:db8::5', '2001:db8::5', null],
    ['::/0', '::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null],
  ])('%s → %s – %s, broadcast %s', (text, first, last, bcast) => {
    expect(show(net(text))).toEqual({ first, last, broadcast: bcast });
  });

  it('counts addresses and vSwitch-usable addresses with BigInt', () => {
    expect(addressCount(net('::/0'))).toBe(2n ** 128n);
    expect(addressCount(net('0.0.0.0/0'))).toBe(2n ** 32n);
    expect(vswitchUsable(net('10.0.0.0/29'), 4n)).toBe(4n);
    expect(vswitchUsable(net('10.0.0.0/30'), 4n)).toBe(0n);
    expect(vswitchUsable(net('10.0.0.0/32'), 4n)).toBe(0n);
  });
});

describe('parser', () => {
  it.each([
    ['10.0.0.0/16', '10.0.0.0/16', false],
    ['192.168.1.77/24', '192.168.1.0/24', true],
    ['192.168.1.77/255.255.255.0', '192.168.1.0/24', true],
    [' 10.1.2.3/8 ', '10.0.0.0/8', true],
    ['2001:DB8::1/32', '2001:db8::/32', true],
    ['::ffff:10.0.0.1/120', '::ffff:a00:0/120', true],
    ['0.0.0.0/0', '0.0.0.0/0', false],
  ])('%s → %s (normalised: %s)', (text, canonical, normalised) => {
    const r = parseCidrInput(text);
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.kind !== 'cidr') return;
    expect(formatCidr(r.value.cidr)).toBe(canonical);
    expect(r.value.typed !== r.value.cidr.network).toBe(normalised);
  });

  it.each([
    ['255.255.255.0', 4, 24, 'netmask'],
    ['255.255.240.0', 4, 20, 'netmask'],
    ['0.0.0.0', 4, 0, 'netmask'],
    ['255.255.255.255', 4, 32, 'netmask'],
    ['/20', 4, 20, 'prefix'],
    ['/0', 4, 0, 'prefix'],
    ['/64', 6, 64, 'prefix'],
  ])('mask %s → IPv%d /%d', (text, family, prefix, from) => {
    expect(parseCidrInput(text)).toEqual({ ok: true, value: { kind: 'mask', family, prefix, from } });
  });

  it.each([
    ['', 'empty'],
    ['10.0.0.0/33', 'prefix_out_of_range'],
    ['::/129', 'prefix_out_of_range'],
    ['/129', 'prefix_out_of_range'],
    ['10.0.0.0/024', 'bad_prefix'],
    ['10.0.0.0/', 'bad_prefix'],
    ['10.0.0.0/8/8', 'bad_prefix'],
    ['10.0.0.0/-1', 'bad_prefix'],
    ['10.0.0.0/255.0.255.0', 'non_contiguous_mask'],
    ['255.0.255.0', 'non_contiguous_mask'],
    ['10.0.0.1', 'missing_prefix'],
    ['2001:db8::', 'missing_prefix'],
    ['256.0.0.0/8', 'bad_address'],
    ['010.0.0.0/8', 'bad_address'],
    ['10.0.0/8', 'bad_address'],
    ['0x0a.0.0.0/8', 'bad_address'],
    ['2001:db8:::/32', 'bad_address'],
    ['1:2:3:4:5:6:7:8:9/64', 'bad_address'],
    ['[::1]/128', 'bad_address'],
    ['fe80::1%eth0/64', 'zone_id'],
    ['x'.repeat(65), 'too_long'],
  ])('%j is rejected: %s', (text, reason) => {
    const r = parseCidrInput(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });

  it('suggests the nearest contiguous mask', () => {
    const r = parseCidrInput('255.255.0.255');
    expect(r).toEqual({ ok: false, error: { reason: 'non_contiguous_mask', nearest: '255.255.0.0 (/16)' } });
  });

  it('maskToPrefix accepts only ones-then-zeros', () => {
    expect(maskToPrefix(0xffffff00n)).toBe(24);
    expect(maskToPrefix(0n)).toBe(0);
    expect(maskToPrefix(0xffffffffn)).toBe(32);
    expect(maskToPrefix(0xff00ff00n)).toBe(-1);
    expect(maskToPrefix(0x7fffffffn)).toBe(-1);
  });
});

describe('splitting without enumerating', () => {
  it('pages /30s of a /8 directly', () => {
    const c = net('10.0.0.0/8');
    expect(subnetCount(c, 30)).toBe(4194304n);
    const page = subnetPage(c, 30, 4194302n, 16);
    expect(page.map(formatCidr)).toEqual(['10.255.255.248/30', '10.255.255.252/30']);
  });

  it('pages /128s of ::/0 at an offset beyond 2^53', () => {
    const c = net('::/0');
    expect(subnetCount(c, 128)).toBe(2n ** 128n);
    const page = subnetPage(c, 128, 2n ** 53n + 1n, 2);
    expect(page.map(formatCidr)).toEqual(['::20:0:0:1/128', '::20:0:0:2/128']);
    expect(formatCidr(subnetAt(c, 128, 2n ** 128n - 1n))).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128');
  });

  it.each([
    [1n, 16],
    [2n, 17],
    [3n, 18],
    [4n, 18],
    [5n, 19],
    [65536n, 32],
  ])('--count %s of a /16 → /%d', (count, prefix) => {
    expect(prefixForCount(net('10.0.0.0/16'), count)).toEqual({ ok: true, value: prefix });
  });

  it('refuses more subnets than addresses', () => {
    expect(prefixForCount(net('10.0.0.0/16'), 65537n)).toEqual({ ok: false, error: { reason: 'count_too_large', max: 65536n } });
  });

  it.each([
    [1n, 29], // 1 + 4 reserved = 5 → 8
    [4n, 29], // exactly 8
    [5n, 28],
    [28n, 27],
    [29n, 26],
    [252n, 24],
    [253n, 23],
  ])('--hosts %s with 4 reserved → /%d', (hosts, prefix) => {
    expect(prefixForHosts(net('10.0.0.0/16'), hosts, 4n)).toEqual({ ok: true, value: prefix });
  });

  it('refuses more hosts than the network holds', () => {
    expect(prefixForHosts(net('10.0.0.0/24'), 253n, 4n)).toEqual({ ok: false, error: { reason: 'hosts_too_large', max: 252n } });
  });
});

describe('VLSM', () => {
  it('allocates largest first, aligned and consecutive, and reports what does not fit', () => {
    const plan = allocateVlsm(net('192.168.0.0/24'), [20n, 100n, 50n, 200n, 10n], 4n);
    expect(plan.allocations.map((a) => Number(a.hosts))).toEqual([200, 100, 50, 20, 10]);
    // 200 → /24 takes the whole network; the rest do not fit.
    expect(plan.allocations[0]).toMatchObject({ hosts: 200n, prefix: 24 });
    expect(formatCidr(plan.allocations[0]!.block!)).toBe('192.168.0.0/24');
    expect(plan.allocations.slice(1).every((a) => a.block === null)).toBe(true);
    expect(plan.free).toBe(0n);
  });

  it('packs a classic example', () => {
    const plan = allocateVlsm(net('10.0.0.0/24'), [100n, 50n, 20n], 4n);
    expect(plan.allocations.map((a) => formatCidr(a.block!))).toEqual(['10.0.0.0/25', '10.0.0.128/26', '10.0.0.192/27']);
    expect(plan.free).toBe(32n);
  });

  it('lets smaller requests fit after a large one fails', () => {
    const plan = allocateVlsm(net('10.0.0.0/24'), [1000n, 60n], 4n);
    expect(plan.allocations.map((a) => (a.block ? formatCidr(a.block) : null))).toEqual([null, '10.0.0.0/26']);
    expect(plan.allocations[0]!.prefix).toBe(22);
  });
});

describe('relation', () => {
  it.each([
    ['10.0.0.0/16', '10.0.1.0/24', 'contains'],
    ['10.0.1.0/24', '10.0.0.0/16', 'inside'],
    ['10.0.0.0/16', '10.0.0.0/16', 'equal'],
    ['10.0.0.0/16', '10.1.0.0/16', 'disjoint'],
    ['0.0.0.0/0', '2001:db8::/32', 'disjoint'],
    ['::/0', '::/0', 'equal'],
  ])('%s vs %s → %s', (a, b, rel) => {
    expect(relation(net(a), net(b))).toBe(rel);
  });

  it('builds networks by masking host bits', () => {
    expect(formatCidr(cidr(4, 0x0a0b0c0dn, 12))).toBe('10.0.0.0/12');
  });
});

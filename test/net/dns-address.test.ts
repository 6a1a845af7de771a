import { describe, expect, it } from 'vitest';
import { classify, formatIpv6, looksGeneric, parseIp, reverseName, unmapIpv4, type IpAddress } from '../../src/net/ip.js';

const ip = (text: string): IpAddress => {
  const parsed = parseIp(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.ip;
};

describe('parseIp: accepted forms and canonical text', () => {
  it.each([
    ['192.0.2.10', '192.0.2.10', 4],
    [' 47.88.1.10 ', '47.88.1.10', 4],
    ['0.0.0.0', '0.0.0.0', 4],
    ['255.255.255.255', '255.255.255.255', 4],
    ['2001:DB8::10', '2001:db8::10', 6],
    ['2001:0db8:0000:0000:0000:0000:0000:0010', '2001:db8::10', 6],
    ['::', '::', 6],
    ['::1', '::1', 6],
    ['1::', '1::', 6],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1', 6],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
    ['::ffff:1.2.3.4', '::ffff:102:304', 6],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221', 6],
    ['1:2:3:4:5:6::8', '1:2:3:4:5:6:0:8', 6],
  ])('%s → %s (IPv%d)', (input, text, version) => {
    expect(ip(input)).toMatchObject({ text, version });
  });
});

describe('parseIp: rejections name the problem', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['010.1.1.1', 'leading_zero'],
    ['1.2.3.00', 'leading_zero'],
    ['::ffff:1.2.3.04', 'leading_zero'],
    ['256.0.0.1', 'octet_range'],
    ['1.2.3.4/32', 'prefix'],
    ['2001:db8::/64', 'prefix'],
    ['fe80::1%eth0', 'zone'],
    ['1.2.3.4:53', 'port'],
    ['[::1]:53', 'port'],
    ['[::1]', 'brackets'],
    ['1.2.3.4,5.6.7.8', 'multiple'],
    ['1.2.3.4 5.6.7.8', 'multiple'],
    ['example.com', 'hostname'],
    ['mail', 'hostname'],
    ['1.2.3', 'not_ip'],
    ['1.2.3.4.5', 'not_ip'],
    ['1:2:3:4:5:6:7:8:9', 'not_ip'],
    ['1::2::3', 'not_ip'],
    ['12345::1', 'not_ip'],
    ['1.2.3.4::1', 'not_ip'],
    ['::1.2.3.4:1', 'not_ip'],
    ['1:2:3:4:5:6:7::8', 'not_ip'],
    ['g::1', 'not_ip'],
    ['１.２.３.４', 'not_ip'],
    ['x'.repeat(65), 'too_long'],
  ])('%j → %s', (input, reason) => {
    expect(parseIp(input)).toEqual({ ok: false, reason });
  });
});

describe('reverse names', () => {
  it.each([
    ['192.0.2.10', '10.2.0.192.in-addr.arpa'],
    ['47.88.1.10', '10.1.88.47.in-addr.arpa'],
    ['0.0.0.0', '0.0.0.0.in-addr.arpa'],
    ['2001:db8::567:89ab', 'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
  ])('%s → %s', (input, name) => {
    expect(reverseName(ip(input))).toBe(name);
  });

  it('an IPv4-mapped address unmaps to IPv4 (and in-addr.arpa)', () => {
    const v4 = unmapIpv4(ip('::ffff:47.88.1.10'));
    expect(v4?.text).toBe('47.88.1.10');
    expect(reverseName(v4!)).toBe('10.1.88.47.in-addr.arpa');
    expect(unmapIpv4(ip('::ffff:2f58:10a'))?.text).toBe('47.88.1.10');
    expect(unmapIpv4(ip('::1'))).toBeNull();
    expect(unmapIpv4(ip('1.2.3.4'))).toBeNull();
  });
});

describe('classify: special-purpose ranges at their edges', () => {
  it.each([
    ['47.88.1.10', 'public'],
    ['9.255.255.255', 'public'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.64.0.0', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.0', 'public'],
    ['127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.0.2.1', 'documentation'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.20.0.0', 'public'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['2400:3200::10', 'public'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:1.2.3.4', 'reserved'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (input, scope) => {
    expect(classify(ip(input)).scope).toBe(scope);
  });

  it('names the range and its RFC for non-public addresses', () => {
    expect(classify(ip('10.1.2.3')).range).toBe('10.0.0.0/8 (RFC 1918)');
    expect(classify(ip('100.64.0.1')).range).toBe('100.64.0.0/10 (RFC 6598)');
    expect(classify(ip('47.88.1.10')).range).toBeNull();
  });
});

describe('formatIpv6 (RFC 5952)', () => {
  it.each([
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
  ])('%s → %s', (input, text) => {
    expect(formatIpv6(ip(input).bytes)).toBe(text);
  });
});

const WORDS = ['dynamic', 'dhcp', 'pool', 'static', 'ip', 'dsl', 'cust'];

describe('looksGeneric', () => {
  it.each([
    ['47-88-1-30.dynamic.isp.example', '47.88.1.30'],
    ['ip-47-88-1-31.example.com', '47.88.1.31'],
    ['31.1.88.47.broadband.example', '47.88.1.31'],
    ['host047088001031.example', '47.88.1.31'],
    ['2f58011f.example.net', '47.88.1.31'],
    ['pool12.example.net', '47.88.1.31'],
    ['dhcp-client.example.net', '47.88.1.31'],
    ['static-ip.example.net', '47.88.1.31'],
    ['2400-3200--10.v6.example', '2400:3200::10'],
  ])('%s (for %s) looks generic', (name, addr) => {
    expect(looksGeneric(name, ip(addr), WORDS)).toBe(true);
  });

  it.each([
    ['mail.example.com', '47.88.1.10'],
    ['mx1.example.com', '47.88.1.10'],
    ['smtp.example.org', '47.88.1.10'],
    ['ops.alidns.com', '121.196.255.1'],
    ['v6.example.com', '2400:3200::10'],
    ['mail147.example.com', '47.88.1.10'],
  ])('%s (for %s) is specific', (name, addr) => {
    expect(looksGeneric(name, ip(addr), WORDS)).toBe(false);
  });
});

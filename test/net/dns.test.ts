import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodableName,
  parseServer,
  presentName,
  query,
  resolve,
  systemNameserver,
  tcpExchange,
  type DnsServer,
  type QueryOptions,
} from '../../src/net/dns.js';
import { deadPort, startDnsServer, startSilentUdp, type FakeDns } from '../support/dns-server.js';

const server = (text: string): DnsServer => {
  const parsed = parseServer(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.server;
};
const opts = (timeoutMs = 300, tries = 2): QueryOptions => ({ timeoutMs, tries, deadline: Date.now() + timeoutMs * tries * 3 });

describe('parseServer', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1:53', 4],
    ['127.0.0.1:5353', '127.0.0.1:5353', 4],
    ['::1', '[::1]:53', 6],
    ['[::1]', '[::1]:53', 6],
    ['[::1]:5353', '[::1]:5353', 6],
    ['[2001:DB8::53]:65535', '[2001:db8::53]:65535', 6],
    ['::ffff:127.0.0.1', '127.0.0.1:53', 4],
    ['192.0.2.53:1', '192.0.2.53:1', 4],
  ])('%s → %s', (input, label, family) => {
    expect(server(input)).toMatchObject({ label, family });
  });

  it.each([
    ['', 'empty'],
    ['127.0.0.1:0', 'bad_port'],
    ['127.0.0.1:65536', 'bad_port'],
    ['127.0.0.1:053', 'bad_port'],
    ['127.0.0.1:', 'bad_port'],
    ['127.0.0.1:abc', 'bad_port'],
    ['[::1]:', 'bad_port'],
    ['[::1]:0', 'bad_port'],
    ['dns.example.com', 'hostname'],
    ['dns.example.com:53', 'hostname'],
    ['010.0.0.1', 'leading_zero'],
    ['300.0.0.1', 'octet_range'],
    ['fe80::1%eth0', 'zone'],
    ['127.0.0.1/8', 'prefix'],
    ['[127.0.0.1', 'not_ip'],
    ['x'.repeat(100), 'too_long'],
  ])('%j → %s', (input, reason) => {
    expect(parseServer(input)).toEqual({ ok: false, reason });
  });
});

describe('systemNameserver (resolv.conf)', () => {
  it('takes the first usable nameserver line', () => {
    const conf = '# generated\nsearch example.com\nnameserver bogus\nnameserver 10.255.255.53\nnameserver 8.8.8.8\n';
    expect(systemNameserver(conf)).toMatchObject({ host: '10.255.255.53', port: 53, label: '10.255.255.53:53' });
  });
  it('keeps an IPv6 zone, which a link-local resolver needs', () => {
    expect(systemNameserver('nameserver fe80::1%eth0')).toMatchObject({ host: 'fe80::1%eth0', family: 6, label: '[fe80::1%eth0]:53' });
  });
  it('is null when there is none', () => {
    expect(systemNameserver('search example.com\n')).toBeNull();
  });
});

describe('presentName / encodableName', () => {
  it('escapes odd bytes like dig does, and drops the trailing dot', () => {
    expect(presentName('mail.example.com.')).toBe('mail.example.com');
    expect(presentName('a b\u0007c.example')).toBe('a\\032b\\007c.example');
    expect(presentName('x\u001b[31m.example')).toBe('x\\027[31m.example');
  });
  it.each([
    ['mail.example.com', true],
    ['mail.example.com.', true],
    ['a'.repeat(63) + '.example', true],
    ['a'.repeat(64) + '.example', false],
    ['a..b', false],
    ['', false],
    [('a'.repeat(60) + '.').repeat(5), false],
  ])('%j encodable: %s', (name, ok) => {
    expect(encodableName(name)).toBe(ok);
  });
});

let dns: FakeDns;
let silentTcp: Server;
let silentPort = 0;
const openSockets = new Set<Socket>();

beforeAll(async () => {
  dns = await startDnsServer({
    zone: {
      '10.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'mail.example.com', ttl: 120 }],
      'alias.example.com': [{ type: 'CNAME', value: 'mail.example.com' }],
      'mail.example.com': [{ type: 'A', value: '192.0.2.10' }],
      'big.example.com': Array.from({ length: 40 }, (_, i) => ({ type: 'A', value: `192.0.2.${i + 1}` })),
    },
    rcodes: { 'bad.example.com': 'SERVFAIL', 'no.example.com': 'REFUSED', 'odd.example.com': 'NOTIMP' },
    noChase: true,
  });
  // A TCP server that accepts and never answers: the TCP client's own timeout must end it.
  silentTcp = createServer((socket) => {
    openSockets.add(socket);
    socket.resume(); // read (and ignore) the query, so the client's close is seen
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((r) => silentTcp.listen(0, '127.0.0.1', () => r()));
  silentPort = (silentTcp.address() as { port: number }).port;
});
afterAll(async () => {
  await dns?.close();
  await new Promise((r) => silentTcp?.close(r));
});

describe('query and resolve against a loopback server', () => {
  it('answers a PTR over UDP with its TTL', async () => {
    const res = await query(server(dns.address), '10.2.0.192.in-addr.arpa', 'PTR', opts());
    expect(res).toMatchObject({ rcode: 'NOERROR', transport: 'udp', truncated: false });
    expect(res.records).toEqual([{ name: '10.2.0.192.in-addr.arpa', ttl: 120, type: 'PTR', value: 'mail.example.com' }]);
  });

  it.each([
    ['nothing.example.com', 'NXDOMAIN'],
    ['bad.example.com', 'SERVFAIL'],
    ['no.example.com', 'REFUSED'],
    ['odd.example.com', 'NOTIMP'],
  ])('%s → %s', async (name, rcode) => {
    expect((await query(server(dns.address), name, 'A', opts())).rcode).toBe(rcode);
  });

  it('follows a CNAME by asking again when the server gives only the CNAME', async () => {
    const res = await resolve(server(dns.address), 'alias.example.com', 'A', opts());
    expect(res.chain.map((r) => `${r.type} ${r.value}`)).toEqual(['CNAME mail.example.com', 'A 192.0.2.10']);
    expect(res.values).toHaveLength(1);
  });

  it('falls back to TCP when the UDP answer is truncated', async () => {
    const res = await query(server(dns.address), 'big.example.com', 'A', opts());
    expect(res).toMatchObject({ rcode: 'NOERROR', transport: 'tcp', tcpFallback: true });
    expect(res.records).toHaveLength(40);
  });

  it('an unencodable name is refused locally, without sending', async () => {
    const before = dns.queries.length;
    expect((await query(server(dns.address), 'a'.repeat(70), 'A', opts())).rcode).toBe('BADNAME');
    expect(dns.queries.length).toBe(before);
  });

  it('a silent server times out after exactly the bounded tries', async () => {
    const silent = await startSilentUdp();
    try {
      const res = await query(server(`127.0.0.1:${silent.port}`), 'mail.example.com', 'A', opts(100, 3));
      expect(res.rcode).toBe('TIMEOUT');
      // Counted, not timed: exactly the three tries, and nothing after the call has given up. (dns2 hands the
      // datagram to the socket before its timer can fire, so every try reaches the server; a loop one short
      // or one over gives 2 or 4.)
      expect(await silent.settled(3)).toBe(3);
    } finally {
      await silent.close();
    }
  });

  it('the overall deadline caps the tries', async () => {
    const silent = await startSilentUdp();
    try {
      const res = await query(server(`127.0.0.1:${silent.port}`), 'mail.example.com', 'A', { timeoutMs: 100, tries: 10, deadline: Date.now() + 150 });
      expect(res.rcode).toBe('TIMEOUT');
      // 150 ms leaves room for one full try and part of a second, never the ten allowed. Node schedules timers
      // from its cached loop time, so on a busy loop a 100 ms timer can end sooner by the wall clock the
      // deadline uses and squeeze in a third try; nor is there a lower bound (the deadline can pass before
      // the first datagram leaves).
      expect(await silent.received()).toBeLessThanOrEqual(3);
    } finally {
      await silent.close();
    }
  });

  it('the TCP client times out on a server that never answers, and closes its socket', async () => {
    await expect(tcpExchange(server(`127.0.0.1:${silentPort}`), 'mail.example.com', 'A', 150)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await new Promise((r) => setTimeout(r, 50));
    expect(openSockets.size).toBe(0);
  });

  it('the TCP client fails fast on a closed port', async () => {
    const port = await deadPort();
    await expect(tcpExchange(server(`127.0.0.1:${port}`), 'mail.example.com', 'A', 1000)).rejects.toThrow();
  });
});

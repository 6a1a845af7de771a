import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Reply } from '../../src/app/dispatch.js';
import { exitCodeOf, formatReply } from '../../src/cli/output.js';
import { deadPort, startDnsServer, startSilentUdp, startTripwireDns, type FakeDns, type TripwireDns } from '../support/dns-server.js';
import { services } from '../support/services.js';

// Public-looking addresses (47.88.0.0/16, 2400:3200::/32) so the "not a public address" finding stays out of the
// way; every query goes to the loopback server below, never to the Internet.
const ZONE = {
  // one PTR, forward-confirmed
  '10.1.88.47.in-addr.arpa': [{ type: 'PTR', value: 'mail.example.com' }],
  'mail.example.com': [{ type: 'A', value: '47.88.1.10' }],
  // two PTRs
  '11.1.88.47.in-addr.arpa': [
    { type: 'PTR', value: 'a.example.com' },
    { type: 'PTR', value: 'b.example.com' },
  ],
  'a.example.com': [{ type: 'A', value: '47.88.1.11' }],
  'b.example.com': [{ type: 'A', value: '47.88.1.11' }],
  // forward mismatch
  '13.1.88.47.in-addr.arpa': [{ type: 'PTR', value: 'web.example.com' }],
  'web.example.com': [{ type: 'A', value: '47.88.1.99' }],
  // RFC 2317 classless delegation
  '130.2.88.47.in-addr.arpa': [{ type: 'CNAME', value: '130.128-25.2.88.47.in-addr.arpa' }],
  '130.128-25.2.88.47.in-addr.arpa': [{ type: 'PTR', value: 'mx.example.net', ttl: 3600 }],
  'mx.example.net': [{ type: 'A', value: '47.88.2.130' }],
  // IPv6
  '0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.3.0.0.4.2.ip6.arpa': [{ type: 'PTR', value: 'v6.example.com' }],
  'v6.example.com': [{ type: 'AAAA', value: '2400:3200::10' }],
  // generic-looking names
  '30.1.88.47.in-addr.arpa': [{ type: 'PTR', value: '47-88-1-30.dynamic.isp.example' }],
  '47-88-1-30.dynamic.isp.example': [{ type: 'A', value: '47.88.1.30' }],
  '31.1.88.47.in-addr.arpa': [{ type: 'PTR', value: 'ip-47-88-1-31.example.com' }],
  'ip-47-88-1-31.example.com': [{ type: 'A', value: '47.88.1.31' }],
  // very low TTL
  '32.1.88.47.in-addr.arpa': [{ type: 'PTR', value: 'smtp.example.org', ttl: 30 }],
  'smtp.example.org': [{ type: 'A', value: '47.88.1.32' }],
  // too many for one UDP datagram: the server sets TC, the client asks again over TCP
  '40.1.88.47.in-addr.arpa': Array.from({ length: 25 }, (_, i) => ({ type: 'PTR', value: `host-number-${i}.a-rather-long-domain.example` })),
  // forward lookup fails
  '41.1.88.47.in-addr.arpa': [{ type: 'PTR', value: 'broken.example.com' }],
  // CNAME loop
  '42.1.88.47.in-addr.arpa': [{ type: 'CNAME', value: 'loop.example.com' }],
  'loop.example.com': [{ type: 'CNAME', value: '42.1.88.47.in-addr.arpa' }],
  // a private address with an internal PTR
  '5.0.0.10.in-addr.arpa': [{ type: 'PTR', value: 'db.internal' }],
  'db.internal': [{ type: 'A', value: '10.0.0.5' }],
} as const;

const RCODES = {
  '20.1.88.47.in-addr.arpa': 'SERVFAIL',
  '21.1.88.47.in-addr.arpa': 'REFUSED',
  'broken.example.com': 'SERVFAIL',
} as const;

let dns: FakeDns;
let authoritative: FakeDns;
/**
 * Bad input must be refused before anything is sent. Where no --server is given, NETBOT_DNS_SERVER points
 * at this tripwire (see `guarded`): without it a parser slip would query this machine's real resolver and
 * still pass unnoticed. Any question it receives fails the test that sent it.
 */
let tripwire: TripwireDns;
const env = { NETBOT_DNS_TIMEOUT_MS: '300' };
const guarded = (extraEnv: Record<string, string> = {}) => ({ NETBOT_DNS_SERVER: tripwire.address, ...extraEnv });

beforeAll(async () => {
  dns = await startDnsServer({ zone: ZONE as never, rcodes: RCODES });
  authoritative = await startDnsServer({ zone: ZONE as never, noChase: true });
  tripwire = await startTripwireDns();
});
afterEach(() => {
  // Taken out before the check, so only the test that sent them fails.
  expect(tripwire.asked.splice(0), 'a query reached the tripwire DNS server').toEqual([]);
});
afterAll(async () => {
  await dns?.close();
  await authoritative?.close();
  await tripwire?.close();
});

type Finding = { code: string; severity: string; message: string };
type PtrJson = { ip: string; reverseName: string; server: string; rcode: string; ptr: string[]; forwardConfirmed: boolean | null; findings: Finding[] };

const ptr = (tokens: string[], extraEnv: Record<string, string> = {}): Promise<Reply> =>
  dispatch({ command: 'ptr', tokens }, services({ env: { ...env, ...extraEnv } }));
const check = async (ip: string, server = dns.address) => {
  const reply = await ptr([ip, '--server', server, '--lang', 'en']);
  expect(reply.kind).toBe('result');
  return { reply, json: reply.json as PtrJson, codes: (reply.json as PtrJson).findings.map((f) => f.code) };
};

describe('ptr: live answers from a loopback DNS server', () => {
  it('one PTR, forward-confirmed: the JSON contract', async () => {
    const { reply, json } = await check('47.88.1.10');
    expect(Object.keys(json)).toEqual(['ip', 'reverseName', 'server', 'rcode', 'ptr', 'forwardConfirmed', 'findings']);
    expect(json).toMatchObject({
      ip: '47.88.1.10',
      reverseName: '10.1.88.47.in-addr.arpa',
      server: dns.address,
      rcode: 'NOERROR',
      ptr: ['mail.example.com'],
      forwardConfirmed: true,
    });
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(['code', 'severity', 'message']);
      expect(['error', 'warning', 'info']).toContain(f.severity);
    }
    expect(json.findings.map((f) => f.code)).toEqual(['single-ptr', 'forward-confirmed', 'ttl']);
    expect(exitCodeOf(reply)).toBe(0);
  });

  it('text reads like dig, then the findings with their sources', async () => {
    const { reply } = await check('47.88.1.10');
    const text = formatReply(reply, false);
    expect(text).toContain('10.1.88.47.in-addr.arpa. 300 IN PTR mail.example.com.');
    expect(text).toContain('mail.example.com. 300 IN A 47.88.1.10');
    expect(text).toContain('✅ Exactly one PTR record: mail.example.com.');
    expect(text).toContain('§9');
  });

  it('two PTRs: an error citing §9 (one reverse DNS name per IP)', async () => {
    const { json } = await check('47.88.1.11');
    expect(json.ptr).toEqual(['a.example.com', 'b.example.com']);
    const multiple = json.findings.find((f) => f.code === 'multiple-ptr');
    expect(multiple).toMatchObject({ severity: 'error' });
    expect(multiple!.message).toMatch(/2 PTR records.*only one.*§9/);
    expect(json.forwardConfirmed).toBe(true);
  });

  it('no PTR (NXDOMAIN): how to apply and the dig command from §9', async () => {
    const { json, codes } = await check('47.88.1.12');
    expect(json).toMatchObject({ rcode: 'NXDOMAIN', ptr: [], forwardConfirmed: null });
    expect(codes).toEqual(['nxdomain', 'no-ptr', 'apply-by-ticket', 'verify-with-dig']);
    const messages = json.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('dig -x 47.88.1.12 +trace +nodnssec');
    expect(messages).toMatch(/ticket.*region.*public IP address \(47\.88\.1\.12\).*domain/);
  });

  it('the same in Chinese', async () => {
    const reply = await ptr(['47.88.1.12', '--server', dns.address, '--lang', 'zh']);
    const messages = (reply.json as PtrJson).findings.map((f) => f.message).join('\n');
    expect(messages).toContain('工单');
    expect(messages).toContain('地域');
    expect(messages).toContain('dig -x 47.88.1.12 +trace +nodnssec');
  });

  it('forward mismatch: the PTR name does not resolve back to the IP', async () => {
    const { json } = await check('47.88.1.13');
    expect(json.forwardConfirmed).toBe(false);
    expect(json.findings.find((f) => f.code === 'forward-mismatch')).toMatchObject({ severity: 'warning' });
  });

  it('follows an RFC 2317 CNAME given in the same answer', async () => {
    const { reply, json, codes } = await check('47.88.2.130');
    expect(json.ptr).toEqual(['mx.example.net']);
    expect(json.forwardConfirmed).toBe(true);
    expect(codes).toContain('classless-delegation');
    const text = formatReply(reply, false);
    expect(text).toContain('130.2.88.47.in-addr.arpa. 300 IN CNAME 130.128-25.2.88.47.in-addr.arpa.');
    expect(text).toContain('130.128-25.2.88.47.in-addr.arpa. 3600 IN PTR mx.example.net.');
  });

  it('follows an RFC 2317 CNAME by asking again when the server gives only the CNAME', async () => {
    const { json } = await check('47.88.2.130', authoritative.address);
    expect(json.ptr).toEqual(['mx.example.net']);
    expect(authoritative.queries.some((q) => q.name.toLowerCase() === '130.128-25.2.88.47.in-addr.arpa')).toBe(true);
  });

  it('IPv6: the ip6.arpa nibble name and an AAAA forward check', async () => {
    const { json } = await check('2400:3200::10');
    expect(json.reverseName).toBe('0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.3.0.0.4.2.ip6.arpa');
    expect(json.ptr).toEqual(['v6.example.com']);
    expect(json.forwardConfirmed).toBe(true);
    expect(dns.queries.some((q) => q.name === 'v6.example.com' && q.type === 28)).toBe(true);
  });

  it('SERVFAIL and REFUSED are distinct results, not usage errors', async () => {
    const servfail = await check('47.88.1.20');
    expect(servfail.json.rcode).toBe('SERVFAIL');
    expect(servfail.codes).toEqual(['servfail']);
    expect(exitCodeOf(servfail.reply)).toBe(0);
    const refused = await check('47.88.1.21');
    expect(refused.json.rcode).toBe('REFUSED');
    expect(refused.codes).toEqual(['refused']);
    expect(refused.json.findings[0]!.severity).toBe('error');
    expect(refused.json.findings[0]!.message).not.toBe(servfail.json.findings[0]!.message);
  });

  it('a silent server ends after its bounded tries, exit 0 with a timeout finding', async () => {
    const silent = await startSilentUdp();
    try {
      const reply = await ptr(['47.88.1.10', '--server', `127.0.0.1:${silent.port}`, '--lang', 'en'], { NETBOT_DNS_TIMEOUT_MS: '150' });
      const json = reply.json as PtrJson;
      expect(json.rcode).toBe('TIMEOUT');
      expect(json.findings.map((f) => f.code)).toEqual(['timeout']);
      expect(json.findings[0]!.message).toContain('2 tries of 150 ms');
      expect(json.forwardConfirmed).toBeNull();
      // Bounded by tries, not by a stopwatch: the PTR question was sent exactly twice (no forward lookup
      // without a PTR) and nothing followed.
      expect(await silent.settled(2)).toBe(2);
      expect(exitCodeOf(reply)).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it.each([
    ['47.88.1.30', '47-88-1-30.dynamic.isp.example'],
    ['47.88.1.31', 'ip-47-88-1-31.example.com'],
  ])('generic-looking name %s → %s is a warning', async (ip, name) => {
    const { json } = await check(ip);
    expect(json.ptr).toEqual([name]);
    expect(json.findings.find((f) => f.code === 'generic-name')).toMatchObject({ severity: 'warning' });
  });

  it('a specific name is not called generic', async () => {
    const { codes } = await check('47.88.1.10');
    expect(codes).not.toContain('generic-name');
  });

  it('reports the TTL; a very low TTL is an info finding', async () => {
    const normal = await check('47.88.1.10');
    expect(normal.json.findings.find((f) => f.code === 'ttl')!.message).toContain('300 s');
    const low = await check('47.88.1.32');
    expect(low.json.findings.find((f) => f.code === 'low-ttl')).toMatchObject({ severity: 'info' });
  });

  it('a truncated UDP answer is fetched again over TCP', async () => {
    const { reply, json, codes } = await check('47.88.1.40');
    expect(json.ptr).toHaveLength(25);
    expect(codes).toContain('tcp-fallback');
    expect(codes).toContain('multiple-ptr');
    expect(dns.queries.some((q) => q.name === '40.1.88.47.in-addr.arpa' && q.transport === 'tcp')).toBe(true);
    expect(formatReply(reply, false)).toContain('NOERROR, over TCP');
  });

  it('forward lookup failing leaves forwardConfirmed null with a warning', async () => {
    const { json } = await check('47.88.1.41');
    expect(json.forwardConfirmed).toBeNull();
    expect(json.findings.find((f) => f.code === 'forward-unchecked')).toMatchObject({ severity: 'warning' });
  });

  it('a CNAME loop is reported, not followed forever', async () => {
    const { json, codes } = await check('47.88.1.42');
    expect(json.ptr).toEqual([]);
    expect(codes).toContain('cname-loop');
  });

  it('a private address is still queried, with a warning that no public PTR is possible', async () => {
    const { json } = await check('10.0.0.5');
    expect(json.ptr).toEqual(['db.internal']);
    const finding = json.findings.find((f) => f.code === 'non-public-address');
    expect(finding).toMatchObject({ severity: 'warning' });
    expect(finding!.message).toContain('10.0.0.0/8 (RFC 1918)');
    expect(finding!.message).toMatch(/private IPs have no public reverse DNS/);
  });

  it('a private address without a PTR is expected: no "no-ptr" warning, no ticket advice', async () => {
    const { json, codes } = await check('192.168.1.1');
    expect(json.rcode).toBe('NXDOMAIN');
    expect(codes).toEqual(['nxdomain', 'non-public-address']);
  });

  it.each([
    ['100.64.1.1', 'RFC 6598'],
    ['127.0.0.1', 'RFC 1122'],
    ['169.254.0.1', 'RFC 3927'],
    ['192.0.2.1', 'RFC 5737'],
    ['fd00::1', 'RFC 4193'],
    ['fe80::1', 'RFC 4291'],
    ['2001:db8::1', 'RFC 3849'],
  ])('%s is not public (%s); no ticket advice for it', async (ip, rfc) => {
    const { json, codes } = await check(ip);
    expect(json.findings.find((f) => f.code === 'non-public-address')!.message).toContain(rfc);
    expect(codes).not.toContain('apply-by-ticket');
  });

  it('an IPv4-mapped IPv6 address is checked as IPv4, and says so', async () => {
    const { json, codes } = await check('::ffff:47.88.1.10');
    expect(json.ip).toBe('47.88.1.10');
    expect(json.reverseName).toBe('10.1.88.47.in-addr.arpa');
    expect(codes[0]).toBe('mapped-ipv4');
    expect(json.forwardConfirmed).toBe(true);
  });

  it('NETBOT_DNS_SERVER is used when --server is absent', async () => {
    const reply = await ptr(['47.88.1.10', '--lang', 'en'], { NETBOT_DNS_SERVER: dns.address });
    expect((reply.json as PtrJson).server).toBe(dns.address);
    expect(formatReply(reply, false)).toContain('(NETBOT_DNS_SERVER)');
  });

  it('--server wins over NETBOT_DNS_SERVER', async () => {
    const port = await deadPort();
    const reply = await ptr(['47.88.1.10', '--server', dns.address], { NETBOT_DNS_SERVER: `127.0.0.1:${port}` });
    expect((reply.json as PtrJson).rcode).toBe('NOERROR');
  });

  it('an IPv6 loopback server works too', async () => {
    const v6 = await startDnsServer({ zone: ZONE as never, host: '::1' });
    try {
      const { json } = await check('47.88.1.10', v6.address);
      expect(json).toMatchObject({ server: v6.address, ptr: ['mail.example.com'], forwardConfirmed: true });
    } finally {
      await v6.close();
    }
  });

  it('help lists usage and examples', async () => {
    const reply = await ptr(['help'], guarded());
    expect(reply.kind).toBe('help');
    expect(formatReply(reply, false)).toContain('--server');
  });
});

describe('ptr: bad input is exit 2 with a specific message', () => {
  it.each([
    [[], 'missing_ip'],
    [['47.88.1.10', '47.88.1.11'], 'too_many_ips'],
    [['010.1.1.1'], 'bad_ip_leading_zero'],
    [['47.88.1.0/24'], 'bad_ip_prefix'],
    [['fe80::1%eth0'], 'bad_ip_zone'],
    [['47.88.1.10:25'], 'bad_ip_port'],
    [['[2001:db8::1]:53'], 'bad_ip_port'],
    [['[2001:db8::1]'], 'bad_ip_brackets'],
    [['256.1.1.1'], 'bad_ip_octet_range'],
    [['mail.example.com'], 'bad_ip_hostname'],
    [['47.88.1.10,47.88.1.11'], 'bad_ip_multiple'],
    [['1.2.3'], 'bad_ip_not_ip'],
    [['2001:db8:::1'], 'bad_ip_not_ip'],
    [['x'.repeat(5000)], 'bad_ip_too_long'],
    [['47.88.1.10', '--server'], 'missing_value'],
    [['47.88.1.10', '--server', '127.0.0.1:0'], 'bad_server'],
    [['47.88.1.10', '--server', '127.0.0.1:65536'], 'bad_server'],
    [['47.88.1.10', '--server', '127.0.0.1:53x'], 'bad_server'],
    [['47.88.1.10', '--server', 'dns.example.com'], 'bad_server'],
    [['47.88.1.10', '--server', '[::1]:'], 'bad_server'],
    [['47.88.1.10', '--port', '53'], 'unknown_option'],
  ])('%j → %s', async (tokens, code) => {
    const reply = await ptr(tokens as string[], guarded());
    expect(reply.kind).toBe('error');
    expect(exitCodeOf(reply)).toBe(2);
    expect((reply.json as { error: { code: string } }).error.code).toBe(code);
  });

  it('messages say what was wrong, what is accepted, and give an example', async () => {
    const reply = await ptr(['010.1.1.1', '--lang', 'en'], guarded());
    const message = (reply.json as { error: { message: string } }).error.message;
    expect(message).toMatch(/leading zero/);
    expect(message).toMatch(/10\.1\.1\.1/);
    const server = await ptr(['47.88.1.10', '--server', '1.2.3.4:99999', '--lang', 'en'], guarded());
    expect((server.json as { error: { message: string } }).error.message).toMatch(/1 to 65535.*Accepted.*e\.g\./);
  });

  it('echoed input is truncated', async () => {
    const reply = await ptr(['a'.repeat(300) + '.example'], guarded());
    expect((reply.json as { error: { message: string } }).error.message.length).toBeLessThan(400);
  });

  it.each([
    [{ NETBOT_DNS_SERVER: 'not a server' }, 'bad_env_server'],
    [{ NETBOT_DNS_TIMEOUT_MS: '0' }, 'bad_env_timeout'],
    [{ NETBOT_DNS_TIMEOUT_MS: 'fast' }, 'bad_env_timeout'],
  ])('bad environment %j → %s', async (extra, code) => {
    const reply = await ptr(['47.88.1.10'], guarded(extra));
    expect((reply.json as { error: { code: string } }).error.code).toBe(code);
  });

  it('the tripwire is live: a query for good input does reach it', async () => {
    const reply = await ptr(['47.88.1.10', '--lang', 'en'], guarded({ NETBOT_DNS_TIMEOUT_MS: '20' }));
    expect((reply.json as PtrJson).rcode).toBe('TIMEOUT');
    await new Promise((r) => setTimeout(r, 50));
    const asked = tripwire.asked.splice(0); // taken out, so the check after each test sees none of them
    expect(asked.map((q) => `${q.transport} ${q.name}`)).toEqual(['udp 10.1.88.47.in-addr.arpa', 'udp 10.1.88.47.in-addr.arpa']);
  });
});

describe('ptr from chat', () => {
  it('refuses --server when the text comes from a chat user, and names what it uses instead', async () => {
    const reply = await dispatch({ command: 'ptr', tokens: ['1.2.3.4', '--server', '10.0.0.1:53'], remote: true }, services({ env: guarded() }));
    expect(reply.kind).toBe('error');
    if (reply.kind === 'error') {
      expect(reply.error.code).toBe('server_not_allowed');
      expect(reply.error.message).toMatch(/NETBOT_DNS_SERVER/);
    }
  });
});

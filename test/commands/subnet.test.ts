import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { parseSlash } from '../../src/app/route.js';
import { exitCodeOf, formatReply } from '../../src/cli/output.js';
import { readPolicy } from '../../src/net/cidr-policy.js';
import { formatCidr } from '../../src/net/cidr.js';
import { services } from '../support/services.js';

const svc = services();
const subnet = (...tokens: string[]) => dispatch({ command: 'subnet', tokens }, svc);

interface Row {
  cidr: string;
  first: string;
  last: string;
  addresses: number | string;
  usable: number | string;
}
interface Out {
  network: string | null;
  newPrefix: number | null;
  total: number | string;
  subnets: Row[];
  notes: string[];
  offset: number | string;
  mask: { prefix: number; netmask: string; wildcard: string; addresses: number | string; usable: number | string };
  broadcast: string | null;
  checks: Array<{ id: string; status: string; severity: string; message: string; source: string }>;
  check?: { other: string; relation: string; overlap: boolean; message: string };
  vlsm?: { allocations: Array<{ hosts: number | string; fits: boolean; cidr: string | null; needPrefix: number | null }>; free: number | string };
}

async function json(...tokens: string[]): Promise<Out> {
  const reply = await subnet(...tokens);
  if (reply.kind !== 'result') throw new Error(`expected a result for ${tokens.join(' ')}, got ${JSON.stringify(reply.json)}`);
  return reply.json as Out;
}
async function errorCode(...tokens: string[]): Promise<string> {
  const reply = await subnet(...tokens);
  if (reply.kind !== 'error') throw new Error(`expected an error for ${tokens.join(' ')}`);
  return reply.error.code;
}
const status = (out: Out, id: string) => out.checks.find((c) => c.id === id)?.status;

describe('subnet: JSON contract', () => {
  it('has exactly the contract fields, in order, and extras after them', async () => {
    const out = await json('10.0.0.0/16', '--count', '4');
    expect(Object.keys(out).slice(0, 5)).toEqual(['network', 'newPrefix', 'total', 'subnets', 'notes']);
    expect(out.network).toBe('10.0.0.0/16');
    expect(out.newPrefix).toBe(18);
    expect(out.total).toBe(4);
    expect(out.subnets[1]).toEqual({ cidr: '10.0.64.0/18', first: '10.0.64.1', last: '10.0.127.254', addresses: 16384, usable: 16380 });
    expect(Object.keys(out.subnets[0]!)).toEqual(['cidr', 'first', 'last', 'addresses', 'usable']);
  });

  it('with only a CIDR: newPrefix is its prefix and subnets is the network itself', async () => {
    const out = await json('192.168.0.0/24');
    expect(out).toMatchObject({
      network: '192.168.0.0/24',
      newPrefix: 24,
      total: 1,
      subnets: [{ cidr: '192.168.0.0/24', first: '192.168.0.1', last: '192.168.0.254', addresses: 256, usable: 252 }],
      broadcast: '192.168.0.255',
      mask: { prefix: 24, netmask: '255.255.255.0', wildcard: '0.0.0.255', addresses: 256, usable: 252 },
    });
  });

  it('normalises non-canonical input and says so', async () => {
    const out = await json('192.168.1.77/24', '--lang', 'en');
    expect(out.network).toBe('192.168.1.0/24');
    expect(out.notes.join(' ')).toMatch(/192\.168\.1\.77\/24 has host bits set: normalised to the network 192\.168\.1\.0\/24/);
  });

  it('gives huge counts as decimal strings and small ones as numbers', async () => {
    const out = await json('::/0', '--prefix', '128');
    expect(out.total).toBe('340282366920938463463374607431768211456');
    expect(out.subnets).toHaveLength(16);
    expect(out.subnets[0]).toEqual({ cidr: '::/128', first: '::', last: '::', addresses: 1, usable: 0 });
    expect((await json('::/0')).subnets[0]!.addresses).toBe('340282366920938463463374607431768211456');
    expect((await json('0.0.0.0/0')).subnets[0]!.addresses).toBe(4294967296);
    // The switch is at Number.MAX_SAFE_INTEGER: 2^52 is a number, 2^53 already a string.
    expect((await json('2001:db8::/76')).subnets[0]!.addresses).toBe(2 ** 52);
    expect((await json('2001:db8::/75')).subnets[0]!.addresses).toBe('9007199254740992');
  });
});

describe('subnet: cost grows with what is shown', () => {
  // Its cost compared with a small split is measured by bench/inputs.ts; here, that only one page is built.
  it('answers 10.0.0.0/8 --prefix 30 with the total and the first page', async () => {
    const out = await json('10.0.0.0/8', '--prefix', '30');
    expect(out.total).toBe(4194304);
    expect(out.subnets.map((s) => s.cidr).slice(0, 2)).toEqual(['10.0.0.0/30', '10.0.0.4/30']);
    expect(out.subnets).toHaveLength(16);
    expect(out.subnets[0]).toMatchObject({ first: '10.0.0.1', last: '10.0.0.2', addresses: 4, usable: 0 });
  });

  it('pages with --offset beyond 2^53 (as a huge decimal) and --limit', async () => {
    const out = await json('::/0', '--prefix', '128', '--offset', '9007199254740993', '--limit', '2');
    expect(out.offset).toBe('9007199254740993');
    expect(out.subnets.map((s) => s.cidr)).toEqual(['::20:0:0:1/128', '::20:0:0:2/128']);
    const last = await json('::/0', '--prefix', '128', '--offset', '340282366920938463463374607431768211455');
    expect(last.subnets.map((s) => s.cidr)).toEqual(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128']);
  });

  it('caps --limit at 256', async () => {
    expect((await json('10.0.0.0/8', '--prefix', '30', '--limit', '256')).subnets).toHaveLength(256);
    expect(await errorCode('10.0.0.0/8', '--prefix', '30', '--limit', '257')).toBe('bad_limit');
  });
});

describe('subnet: boundaries', () => {
  it.each([
    ['10.0.0.0/31', '10.0.0.0', '10.0.0.1', null, 2, 0],
    ['10.0.0.5/32', '10.0.0.5', '10.0.0.5', null, 1, 0],
    ['10.0.0.0/30', '10.0.0.1', '10.0.0.2', '10.0.0.3', 4, 0],
    ['10.0.0.0/29', '10.0.0.1', '10.0.0.6', '10.0.0.7', 8, 4],
    ['2001:db8::/127', '2001:db8::', '2001:db8::1', null, 2, 0],
    ['2001:db8::1/128', '2001:db8::1', '2001:db8::1', null, 1, 0],
    ['2001:db8::/64', '2001:db8::1', '2001:db8::ffff:ffff:ffff:ffff', null, '18446744073709551616', '18446744073709551606'],
  ])('%s: first %s, last %s, broadcast %s', async (cidr, first, last, broadcast, addresses, usable) => {
    const out = await json(cidr);
    expect(out.subnets[0]).toMatchObject({ first, last, addresses, usable });
    expect(out.broadcast).toBe(broadcast);
  });

  it.each([
    ['10.0.0.0/15', 'fail'],
    ['10.0.0.0/16', 'pass'],
    ['10.0.0.0/29', 'pass'],
    ['10.0.0.0/30', 'fail'],
  ])('vSwitch mask %s → %s', async (cidr, expected) => {
    expect(status(await json(cidr), 'vswitch-mask-range')).toBe(expected);
  });

  it('checks the planned subnets, not the VPC, when splitting', async () => {
    const out = await json('10.0.0.0/8', '--prefix', '30', '--lang', 'en');
    expect(status(out, 'vswitch-mask-range')).toBe('fail');
    expect(out.notes.join(' ')).toMatch(/A vSwitch mask must be \/16–\/29: \/30 cannot be used/);
    expect(status(await json('10.0.0.0/8', '--prefix', '24'), 'vswitch-mask-range')).toBe('pass');
  });

  it.each([
    ['100.64.0.0/10', 'fail', '100.64.0.0/10'],
    ['100.64.1.0/24', 'fail', '100.64.0.0/10'],
    ['100.0.0.0/8', 'fail', '100.64.0.0/10'],
    ['169.254.0.0/16', 'fail', '169.254.0.0/16'],
    ['127.0.0.0/8', 'fail', '127.0.0.0/8'],
    ['224.0.0.0/24', 'fail', '224.0.0.0/4'],
    ['11.0.0.0/16', 'pass', null],
  ])('VPC range %s → forbidden check %s', async (cidr, expected, range) => {
    const out = await json(cidr, '--lang', 'en');
    expect(status(out, 'vpc-range-not-forbidden')).toBe(expected);
    if (range) expect(out.notes.join(' ')).toContain(`overlaps ${range}`);
  });

  it('warns about custom (non-private) ranges but allows them', async () => {
    const out = await json('11.0.0.0/16');
    expect(out.checks.find((c) => c.id === 'vpc-range-private')).toMatchObject({ status: 'fail', severity: 'warning' });
    expect(status(await json('172.20.0.0/16'), 'vpc-range-private')).toBe('pass');
  });

  it('checks the IPv6 vSwitch /64 rule', async () => {
    expect(status(await json('2001:db8::/64'), 'ipv6-vswitch-prefix')).toBe('pass');
    expect(status(await json('2001:db8::/56'), 'ipv6-vswitch-prefix')).toBe('fail');
    expect(status(await json('2001:db8::/56', '--prefix', '64'), 'ipv6-vswitch-prefix')).toBe('pass');
    expect((await json('2001:db8::/56')).checks.map((c) => c.id)).toEqual(['ipv6-vswitch-prefix']);
  });

  it('cites the current VPC documentation for the cloud rules', async () => {
    const out = await json('10.0.0.0/16');
    expect(out.checks.every((c) => c.source === 'Alibaba Cloud VPC documentation (current): VPC and vSwitch CIDR planning')).toBe(true);
  });
});

describe('subnet: masks', () => {
  it.each([
    ['255.255.255.0', 24, '255.255.255.0', '0.0.0.255', 256],
    ['/20', 20, '255.255.240.0', '0.0.15.255', 4096],
    ['255.255.255.255', 32, '255.255.255.255', '0.0.0.0', 1],
    ['/0', 0, '0.0.0.0', '255.255.255.255', 4294967296],
  ])('%s → /%d, %s, wildcard %s, block %d', async (input, prefix, netmask, wildcard, addresses) => {
    const out = await json(input);
    expect(out).toMatchObject({ network: null, newPrefix: prefix, total: 0, subnets: [], mask: { prefix, netmask, wildcard, addresses } });
  });

  it('reads /64 as IPv6 and says so', async () => {
    const out = await json('/64', '--lang', 'en');
    expect(out.mask).toMatchObject({ prefix: 64, netmask: 'ffff:ffff:ffff:ffff::' });
    expect(out.notes.join(' ')).toMatch(/read as an IPv6 prefix/);
  });

  it('rejects non-contiguous masks clearly', async () => {
    const reply = await subnet('255.0.255.0', '--lang', 'en');
    expect(reply.kind).toBe('error');
    if (reply.kind === 'error') {
      expect(reply.error.code).toBe('non_contiguous_mask');
      expect(reply.error.message).toMatch(/not a contiguous netmask.*Did you mean 255\.0\.0\.0 \(\/8\)/);
    }
  });
});

describe('subnet: split options', () => {
  it('--count rounds up to a power of two and says so', async () => {
    const out = await json('10.0.0.0/16', '--count', '5', '--lang', 'en');
    expect(out.newPrefix).toBe(19);
    expect(out.total).toBe(8);
    expect(out.notes.join(' ')).toMatch(/Asked for 5 subnets/);
  });

  it('--hosts is ECS-aware (block − 4) and mentions the classic rule when it differs', async () => {
    const out = await json('10.0.0.0/24', '--hosts', '30', '--lang', 'en');
    expect(out.newPrefix).toBe(26); // 30 + 4 = 34 → 64; the classic 30 + 2 = 32 would give a /27
    expect(out.subnets[0]!.usable).toBe(60);
    const notes = out.notes.join(' ');
    expect(notes).toMatch(/--hosts 30 counts addresses usable in an Alibaba Cloud vSwitch: block size − 4 reserved/);
    expect(notes).toMatch(/By the classic rule .* a \/27 would do/);
  });

  it('--vlsm allocates largest first and reports what does not fit', async () => {
    const out = await json('172.16.0.0/22', '--vlsm', '100,500,5000,20', '--lang', 'en');
    expect(out.newPrefix).toBeNull();
    expect(out.vlsm!.allocations.map((a) => [a.hosts, a.cidr])).toEqual([
      [5000, null],
      [500, '172.16.0.0/23'],
      [100, '172.16.2.0/25'],
      [20, '172.16.2.128/27'],
    ]);
    expect(out.vlsm!.allocations[0]).toMatchObject({ fits: false, needPrefix: 19 });
    expect(out.total).toBe(3);
    expect(out.subnets.map((s) => s.cidr)).toEqual(['172.16.0.0/23', '172.16.2.0/25', '172.16.2.128/27']);
    expect(out.vlsm!.free).toBe(1024 - 512 - 128 - 32);
    expect(out.notes.join(' ')).toMatch(/5000 hosts need a \/19, which does not fit/);
    expect(out.checks.find((c) => c.id === 'vswitch-mask-range')?.message).toContain('/23–/27');
  });

  it('--check says which contains which', async () => {
    expect((await json('10.0.0.0/16', '--check', '10.0.1.0/24')).check).toMatchObject({ relation: 'contains', overlap: true });
    expect((await json('10.0.1.0/24', '--check', '10.0.0.0/16')).check).toMatchObject({ relation: 'inside', overlap: true });
    expect((await json('10.0.0.0/16', '--check', '10.0.0.0/16')).check).toMatchObject({ relation: 'equal', overlap: true });
    expect((await json('10.0.0.0/16', '--check', '10.1.0.0/16')).check).toMatchObject({ relation: 'disjoint', overlap: false });
    const cross = await json('10.0.0.0/16', '--check', '2001:db8::/32', '--lang', 'en');
    expect(cross.check).toMatchObject({ relation: 'disjoint', overlap: false });
    expect(cross.notes.join(' ')).toMatch(/never overlap/);
    const en = await json('10.0.0.0/16', '--check', '10.0.1.9/24', '--lang', 'en');
    expect(en.check!.message).toBe('10.0.0.0/16 contains 10.0.1.0/24: they overlap, 10.0.1.0/24 lies entirely inside 10.0.0.0/16.');
    expect(en.notes.join(' ')).toMatch(/--check 10\.0\.1\.9\/24 was normalised to 10\.0\.1\.0\/24/);
  });
});

describe('subnet: bad input → clear error, exit 2', () => {
  it.each([
    [[], 'missing_cidr'],
    [['10.0.0.0/33'], 'prefix_out_of_range'],
    [['10.0.0.0/8', '--prefix', '4'], 'prefix_shorter'],
    [['10.0.0.0/8', '--prefix', '33'], 'bad_new_prefix'],
    [['10.0.0.0/8', '--prefix', 'x'], 'bad_new_prefix'],
    [['10.0.0.0/8', '--count', '0'], 'bad_count'],
    [['10.0.0.0/8', '--count', '-3'], 'bad_count'],
    [['10.0.0.0/24', '--count', '257'], 'count_too_large'],
    [['10.0.0.0/24', '--hosts', '99999999'], 'hosts_too_large'],
    [['10.0.0.0/24', '--hosts', '0'], 'bad_hosts'],
    [['10.0.0.0/24', '--vlsm', '100,,20'], 'bad_vlsm'],
    [['10.0.0.0/24', '--vlsm', '100,abc'], 'bad_vlsm'],
    [['10.0.0.0/24', '--bogus'], 'unknown_option'],
    [['10.0.0.0/24', '-p', '26'], 'unknown_option'],
    [['10.0.0.0/24', '--prefix', '26', '--count', '4'], 'conflicting_split'],
    [['10.0.0.0/24', '--hosts', '10', '--vlsm', '10'], 'conflicting_split'],
    [['10.0.0.0/24', '10.0.1.0/24'], 'extra_argument'],
    [['10.0.0.0/24', '--prefix'], 'missing_value'],
    [['10.0.0.0/24', '--offset', '4', '--prefix', '26'], 'offset_beyond'],
    [['10.0.0.0/24', '--offset', '1'], 'offset_beyond'],
    [['10.0.0.0/24', '--offset', '1e3'], 'bad_offset'],
    [['10.0.0.0/24', '--check', 'nonsense'], 'bad_check'],
    [['10.0.0.0/24', '--check', '255.255.0.0'], 'bad_check'],
    [['255.255.255.0', '--prefix', '26'], 'mask_with_options'],
    [['/24', '--check', '10.0.0.0/8'], 'mask_with_options'],
    [['10.0.0.1'], 'missing_prefix'],
    [['hello'], 'bad_address'],
    [['fe80::1%eth0/64'], 'bad_address'],
  ])('%j → %s', async (tokens, code) => {
    expect(await errorCode(...tokens)).toBe(code);
  });

  it('gives what, accepted forms and an example, in both languages', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const reply = await subnet('10.0.0.0/33', '--lang', lang);
      expect(exitCodeOf(reply)).toBe(2);
      expect(formatReply(reply, false)).toMatch(lang === 'en' ? /prefix out of range: IPv4 allows \/0 to \/32\. Example/ : /前缀长度超出范围：IPv4 只能是 \/0 到 \/32。例如/);
    }
    const missing = await subnet('--lang', 'en');
    expect(formatReply(missing, false)).toMatch(/Accepted: 10\.0\.0\.0\/16.*Example: ecs-netbot subnet/);
  });

  it('does not echo unbounded input', async () => {
    const reply = await subnet(`10.0.0.0/24`, '--check', `10.0.0.0/${'9'.repeat(5000)}`);
    expect(reply.kind).toBe('error');
    expect(formatReply(reply, true).length).toBeLessThan(600);
  });
});

describe('subnet: text output (the Doc)', () => {
  it('renders aligned subnet rows, fields, checks with sources and notes', async () => {
    const text = formatReply(await subnet('10.0.0.0/28', '--prefix', '30', '--lang', 'en'), false);
    expect(text).toContain('== 10.0.0.0/28 split into 4 × /30 ==');
    expect(text).toContain('10.0.0.0/30   10.0.0.1 – 10.0.0.2    4 addresses, 0 usable in a vSwitch');
    expect(text).toContain('10.0.0.12/30  10.0.0.13 – 10.0.0.14  4 addresses, 0 usable in a vSwitch');
    expect(text).toMatch(/Wildcard\s+0\.0\.0\.15/);
    expect(text).toMatch(/❌ A vSwitch mask must be \/16–\/29.*\(Alibaba Cloud VPC documentation \(current\)/);
    expect(text).toContain('Notes:');
  });

  it('speaks Chinese with --lang zh', async () => {
    const text = formatReply(await subnet('10.0.0.0/16', '--count', '4', '--lang', 'zh'), false);
    expect(text).toContain('10.0.0.0/16 划分为 4 个 /18');
    expect(text).toContain('16,384 个地址，交换机中可用 16,380 个');
    expect(text).toContain('阿里云 VPC / 交换机规则：');
    expect(text).toContain('说明：');
  });

  it('has help with usage and examples', async () => {
    const reply = await subnet('help', '--lang', 'en');
    expect(reply.kind).toBe('help');
    const help = (reply.json as { help: string }).help;
    expect(help).toMatch(/ecs-netbot subnet <cidr-or-mask>/);
    expect(help).toMatch(/--vlsm/);
  });
});

describe('subnet: Slack/console free text', () => {
  it('/ecs-subnet gives the same tokens and answer as the CLI', async () => {
    const inv = parseSlash('/ecs-subnet 10.0.0.0/16 --count 4');
    expect(inv).toEqual({ command: 'subnet', tokens: ['10.0.0.0/16', '--count', '4'] });
    expect((await dispatch(inv!, svc)).json).toEqual(await json('10.0.0.0/16', '--count', '4'));
  });
});

describe('subnet: rules come from knowledge/rules/vswitch.yaml', () => {
  it('reads every number and range from the ruleset params', () => {
    const rules = svc.kb.rules.get('vswitch');
    expect(rules).toBeDefined();
    const policy = readPolicy(rules!.params);
    expect(policy).toMatchObject({ minVswitchPrefix: 16, maxVswitchPrefix: 29, reservedV4: 4n, reservedV6: 10n, ipv6VswitchPrefix: 64 });
    expect(policy.privateRanges.map(formatCidr)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    expect(policy.forbiddenRanges.map(formatCidr)).toEqual(['100.64.0.0/10', '224.0.0.0/4', '127.0.0.0/8', '169.254.0.0/16']);
  });
});

describe('subnet: hostile input (property)', () => {
  const token = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('--prefix', '--count', '--hosts', '--vlsm', '--limit', '--offset', '--check', '--lang', 'en', '10.0.0.0/8', '::/0', '/20', '255.255.0.0', '0', '128', '99999999999999999999999999999999999999999', '-1', '1,2,3'),
  );
  it('never throws, always a result or a clear error, in bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 8 }), async (tokens) => {
        const started = performance.now();
        const reply = await subnet(...tokens);
        expect(performance.now() - started).toBeLessThan(250);
        expect(['result', 'error', 'help']).toContain(reply.kind);
        if (reply.kind === 'error') expect(reply.error.message.length).toBeGreaterThan(10);
        if (reply.kind === 'result') expect((reply.json as Out).subnets.length).toBeLessThanOrEqual(256);
        expect(() => formatReply(reply, false)).not.toThrow();
      }),
      { numRuns: 1500 },
    );
  });
});

const BIN = join(process.cwd(), 'bin', 'ecs-netbot.js');

// dist/ is built before the tests run (test/support/build.ts).
describe('subnet: through the built CLI', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'subnet', ...args], { encoding: 'utf8', env: process.env });
  it('answers with exit 0 and JSON', () => {
    const run = cli('10.0.0.0/16', '--count', '4', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ network: '10.0.0.0/16', newPrefix: 18, total: 4 });
  });
  it('fails bad input with exit 2 and no stack trace', () => {
    const run = cli('10.0.0.0/33', '--lang', 'zh');
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/超出范围/);
    expect(run.stdout + run.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

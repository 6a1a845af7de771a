import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { services } from '../support/services.js';

const svc = services();
const bw = (...tokens: string[]) => dispatch({ command: 'bw', tokens }, svc);
const json = async (...tokens: string[]) => (await bw(...tokens)).json as Record<string, unknown>;

describe('bw: accepted forms', () => {
  it.each([
    ['5', 5],
    ['5M', 5],
    ['5m', 5],
    ['5Mbps', 5],
    ['5MBPS', 5],
    ['5 Mbit/s', 5],
    ['500Kbps', 0.5],
    ['0.2Gbps', 200],
    ['200', 200],
  ])('%s → %d Mbps outbound', async (input, mbps) => {
    const out = await json(...input.split(' '));
    expect(out.outboundMbps).toBe(mbps);
  });
});

describe('bw: inbound cap boundaries (§9)', () => {
  it.each([
    [1, 100],
    [99, 100],
    [100, 100],
    [101, 101],
    [150, 150],
    [200, 200],
  ])('outbound %d → inbound max %d', async (outbound, inbound) => {
    expect((await json(String(outbound))).inboundMaxMbps).toBe(inbound);
  });

  it('explains what 0 Mbps means for VPC and classic', async () => {
    const out = await json('0', '--lang', 'en');
    expect(out.inboundMaxMbps).toBe(0);
    const notes = (out.notes as string[]).join(' ');
    expect(notes).toMatch(/NatPublicIp\) is released/);
    expect(notes).toMatch(/classic instance keeps its public IP but has no Internet access/);
  });

  it('cites its sources and explains billing direction', async () => {
    const out = await json('5');
    expect(out.sources).toContainEqual({ section: '9', sectionTitle: '网络FAQ' });
    expect((out.notes as string[]).some((n) => /Only outbound bandwidth is billed; inbound is free/.test(n))).toBe(true);
  });

  it('explains intranet bandwidth when asked', async () => {
    const out = await json('intranet');
    expect(out.outboundMbps).toBeNull();
    expect((out.notes as string[])[0]).toMatch(/1 Gbps shared.*10 or 25 Gbps shared/);
  });

  it('answers in Chinese with --lang zh', async () => {
    const out = await json('5', '--lang', 'zh');
    expect((out.notes as string[])[0]).toMatch(/出网带宽/);
  });
});

describe('bw: errors say the allowed range', () => {
  it.each([
    [['201'], 'bandwidth_out_of_range', /0 to 200 Mbps/],
    [['0.3Gbps'], 'bandwidth_out_of_range', /0 to 200 Mbps/],
    [['-1'], 'bandwidth_negative', /0 to 200 Mbps/],
    [['NaN'], 'bad_bandwidth', /Accepted: 5, 5M/],
    [['1e9'], 'bad_bandwidth', /Accepted/],
    [['99999999999999999999'], 'bad_bandwidth', /Accepted/],
    [[], 'missing_bandwidth', /e\.g\. bw 5M/],
    [['5MB/s'], 'bandwidth_bytes', /bytes per second/],
    [['5', '6'], 'bad_bandwidth', /one bandwidth figure/],
    [['--speed', '5'], 'unknown_option', /--speed/],
  ])('%j → %s', async (tokens, code, message) => {
    const reply = await bw(...tokens);
    expect(reply.kind).toBe('error');
    if (reply.kind !== 'error') return;
    expect(reply.error.code).toBe(code);
    expect(reply.error.message).toMatch(message);
    expect(reply.json).toEqual({ error: { code, message: reply.error.message } });
  });
});

describe('bw: parser properties', () => {
  it('never throws on any input and always gives a result or a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }), async (tokens) => {
        const reply = await bw(...tokens);
        expect(['result', 'error', 'help']).toContain(reply.kind);
        if (reply.kind === 'error') expect(reply.error.message.length).toBeGreaterThan(10);
        if (reply.kind === 'result') {
          const out = reply.json as { outboundMbps: number | null };
          if (out.outboundMbps !== null) expect(out.outboundMbps).toBeGreaterThanOrEqual(0);
          if (out.outboundMbps !== null) expect(out.outboundMbps).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 300 },
    );
  });

  // How fast is bench/inputs.ts's job; a hang would still fail here by the test timeout.
  it('answers a huge hostile input with an error', async () => {
    const reply = await bw('9'.repeat(100_000) + 'Mbps');
    expect(reply.kind).toBe('error');
  });
});

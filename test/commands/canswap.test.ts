import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { renderText } from '../../src/render/text.js';
import { services } from '../support/services.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const svc = services({ now: () => NOW });
const run = (...tokens: string[]) => dispatch({ command: 'canswap', tokens }, svc);

interface CanswapJson {
  eligible: boolean;
  checks: Array<{ id: string; pass: boolean | null; message: string; source: { section?: string } }>;
  alternatives: Array<{ id: string; message: string; source: { section?: string } }>;
}
async function verdict(text: string): Promise<CanswapJson> {
  const reply = await run(...text.split(/\s+/).filter(Boolean));
  if (reply.kind !== 'result') throw new Error(`expected a result for "${text}", got ${JSON.stringify(reply.json)}`);
  return reply.json as CanswapJson;
}
const check = (v: CanswapJson, id: string) => v.checks.find((c) => c.id === id)?.pass;
const alternatives = (v: CanswapJson) => v.alternatives.map((a) => a.id);

describe('canswap rules (§3.2), boundary by boundary', () => {
  it('is eligible inside every limit', async () => {
    const v = await verdict('vpc 2h swaps=1 stopped nat');
    expect(v.eligible).toBe(true);
    expect(v.checks.every((c) => c.pass === true)).toBe(true);
    expect(v.alternatives).toEqual([]);
    expect(v.checks[0]!.source.section).toBe('3.2');
  });

  it.each([
    ['5h59m', true],
    ['359m', true],
    ['6h', false],
    ['6h01m', false],
    ['1d', false],
  ])('age %s → within 6 hours: %s', async (age, pass) => {
    expect(check(await verdict(`vpc ${age} swaps=0 stopped nat`), 'within-6-hours')).toBe(pass);
  });

  it.each([
    [0, true],
    [2, true],
    [3, false],
    [4, false],
  ])('%d swaps so far → under the limit of 3: %s', async (swaps, pass) => {
    expect(check(await verdict(`vpc 1h swaps=${swaps} stopped nat`), 'fewer-than-3-swaps')).toBe(pass);
  });

  it('needs the instance stopped', async () => {
    const v = await verdict('vpc 1h swaps=0 running nat');
    expect(v.eligible).toBe(false);
    expect(check(v, 'instance-stopped')).toBe(false);
    expect(v.checks.find((c) => c.id === 'instance-stopped')!.message).toMatch(/stop without charge/);
  });

  it('marks missing facts unknown instead of guessing, and is then not eligible', async () => {
    const v = await verdict('vpc 1h');
    expect(check(v, 'has-system-public-ip')).toBeNull();
    expect(check(v, 'fewer-than-3-swaps')).toBeNull();
    expect(check(v, 'instance-stopped')).toBeNull();
    expect(check(v, 'within-6-hours')).toBe(true);
    expect(v.eligible).toBe(false);
  });

  it('reads the age from --created against the clock', async () => {
    expect(check(await verdict('--created 2026-11-26T06:01:00Z'), 'within-6-hours')).toBe(true);
    expect(check(await verdict('--created 2026-11-26T05:59:00Z'), 'within-6-hours')).toBe(false);
  });
});

describe('canswap alternatives', () => {
  it('VPC past 6 hours: convert to EIP (§3.3, ConvertNatPublicIpToEip) then bind a new EIP', async () => {
    const v = await verdict('vpc 7h nat stopped swaps=0');
    expect(alternatives(v)).toEqual(['vpc-convert-to-eip']);
    expect(v.alternatives[0]!.message).toMatch(/ConvertNatPublicIpToEip/);
    expect(v.alternatives[0]!.source.section).toBe('3.3');
  });

  it('classic: no change possible; migrate to VPC (§7)', async () => {
    const v = await verdict('classic 7h nat');
    expect(alternatives(v)).toEqual(['classic-no-change']);
    expect(v.alternatives[0]!.message).toMatch(/§7/);
  });

  it('no public IP: prepaid raises bandwidth, pay-as-you-go binds an EIP (VPC only)', async () => {
    expect(alternatives(await verdict('--public-ip none --billing prepaid'))).toEqual(['no-ip-prepaid-raise-bandwidth']);
    expect(alternatives(await verdict('--public-ip none --billing postpaid --network vpc'))).toEqual(['no-ip-postpaid-bind-eip']);
    expect(alternatives(await verdict('--public-ip none --billing postpaid'))).toEqual(['no-ip-postpaid-unknown-network']);
    expect(alternatives(await verdict('--public-ip none'))).toEqual(['no-ip-unknown-billing']);
  });

  it('an EIP: unbind it and bind another', async () => {
    expect(alternatives(await verdict('vpc 1h eip stopped swaps=0'))).toEqual(['eip-rebind']);
  });
});

describe('canswap facts line', () => {
  it('says the facts in words of the reply\'s language, not as the tokens they were typed in', async () => {
    const zh = await dispatch({ command: 'canswap', tokens: ['vpc', '2h', 'swaps=0', 'running', 'nat', 'prepaid'], lang: 'zh' }, svc);
    const zhText = renderText(zh.doc, zh.lang);
    expect(zhText).toContain('已知事实：专有网络，已创建2小时，已更换0次，运行中，系统分配的公网IP，包年包月');
    const en = await run('classic', '30m', 'swaps=3', 'stopped', 'eip', 'postpaid');
    expect(renderText(en.doc, en.lang)).toContain('Known facts: classic network, created 30 min ago, 3 change(s) so far, stopped, an EIP bound, pay-as-you-go');
    expect(renderText(en.doc, en.lang)).not.toMatch(/swaps=|public-ip=/);
  });
});

describe('canswap parsing', () => {
  it('reads flags and free text alike', async () => {
    const a = await verdict('--network vpc --age 2h --swaps 1 --status stopped --public-ip nat --billing postpaid');
    const b = await verdict('vpc 2h swaps=1 stopped nat postpaid');
    expect(a).toEqual(b);
  });

  it('reads Chinese words', async () => {
    const v = await verdict('专有网络 2小时 换过1次 已停止 按量付费');
    expect(check(v, 'within-6-hours')).toBe(true);
    expect(check(v, 'fewer-than-3-swaps')).toBe(true);
    expect(check(v, 'instance-stopped')).toBe(true);
  });

  it.each([
    ['vpc classic', 'conflicting_facts'],
    ['banana', 'unknown_word'],
    ['--age 2x', 'bad_age'],
    ['--swaps -1', 'bad_swaps'],
    ['--network cloud', 'bad_value'],
    ['--created yesterday', 'bad_created'],
    ['--created 2026-11-26T08:00:00', 'bad_created'],
    ['--created 2027-01-01T00:00:00Z', 'created_in_future'],
    ['--age 2h --created 2026-11-26T08:00:00Z', 'age_and_created'],
  ])('%s → %s', async (text, code) => {
    const reply = await run(...text.split(' '));
    expect(reply.kind).toBe('error');
    if (reply.kind === 'error') {
      expect(reply.error.code).toBe(code);
      expect(reply.error.message).toMatch(/[a-z]/i);
    }
  });

  it('never throws on random and hostile input', async () => {
    const word = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('vpc', 'classic', '2h', 'swaps=1', 'stopped', 'nat', '--age', '--created', '=', '--'));
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 8 }), async (tokens) => {
        const reply = await run(...tokens);
        expect(['result', 'error', 'help']).toContain(reply.kind);
      }),
      { numRuns: 300 },
    );
  });
});

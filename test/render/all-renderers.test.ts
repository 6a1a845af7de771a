import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, type Invocation } from '../../src/app/dispatch.js';
import { routeMessage } from '../../src/app/routing.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { renderText } from '../../src/render/text.js';
import { services } from '../support/services.js';
import { expectValidBlocks } from './blocks.test.js';

const svc = services({ env: { NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '50' } });

/** One real reply of every kind each command gives, rendered by both renderers. */
const CASES: Invocation[] = [
  { command: 'ask', tokens: ['一个IP可以设置几个反向解析域名'] },
  { command: 'ask', tokens: ['经典网络是什么'] },
  { command: 'ask', tokens: ['红烧肉怎么做'] },
  { command: 'bw', tokens: ['5M'] },
  { command: 'bw', tokens: ['0'] },
  { command: 'bw', tokens: ['intranet'] },
  { command: 'bw', tokens: ['999'] },
  { command: 'canswap', tokens: ['vpc', '2h', 'swaps=1', 'stopped', 'nat'] },
  { command: 'canswap', tokens: ['classic', '7h', 'nat'] },
  { command: 'canswap', tokens: [] },
  { command: 'subnet', tokens: ['10.0.0.0/8', '--prefix', '30', '--limit', '256'] },
  { command: 'subnet', tokens: ['2001:db8::/32', '--vlsm', '1000,500,20'] },
  { command: 'subnet', tokens: ['255.255.240.0'] },
  { command: 'ptr', tokens: ['192.0.2.1'] },
  { command: 'ptr', tokens: ['010.1.1.1'] },
  ...['ask', 'bw', 'canswap', 'subnet', 'ptr'].map((command) => ({ command, tokens: ['help'] })),
];

describe('every command reply renders to valid Block Kit and to text, in both languages', () => {
  it.each(CASES.flatMap((c) => (['en', 'zh'] as const).map((lang) => [`${c.command} ${c.tokens.join(' ')} (${lang})`, c, lang] as const)))(
    '%s',
    async (_name, invocation, lang) => {
      const reply = await dispatch({ ...invocation, defaultLang: lang }, svc);
      const { blocks, text } = renderBlocks(reply.doc, { lang: reply.lang, ...(reply.kind === 'result' ? { shareValue: 'share' } : {}) });
      expect(blocks.length).toBeGreaterThan(0);
      expectValidBlocks(blocks);
      expect(text.length).toBeGreaterThan(0);
      expect(renderText(reply.doc).length).toBeGreaterThan(0);
    },
  );
});

describe('routing and the ask parser never throw', () => {
  it('routes any text to a known command, and dispatching it gives a reply', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const inv = routeMessage(text, svc.search).invocation;
        if (inv.command === 'ptr') return; // ptr would query DNS; its parser has its own property tests
        const reply = await dispatch(inv, svc);
        expect(['result', 'error', 'help']).toContain(reply.kind);
        // Only "/ecs-<anything>" can name an unknown command, and that is a clear error, not a crash.
        if (!['ask', 'bw', 'subnet', 'canswap'].includes(inv.command)) expect(reply.kind).toBe('error');
      }),
      { numRuns: 200 },
    );
  });
});

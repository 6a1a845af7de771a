import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { COMMANDS } from '../../src/app/registry.js';
import { renderText } from '../../src/render/text.js';
import { services } from '../support/services.js';

/** Words that name Object.prototype members: a lookup of user words in a plain object finds these. */
export const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'prototype'];
const FORMS = (word: string) => [word, `${word}=vpc`, `${word}=1`, `--${word}`, `--${word}=1`, `${word}:x`, word.toUpperCase()];

// A DNS server no test may reach: ptr must refuse these words before it asks anything.
const svc = services({ env: { NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '50' } });
const LEAK = /function |\[native code\]|\[object |undefined|NaN|TypeError/;

describe('words that name Object.prototype members, in every command', () => {
  it.each(COMMANDS.flatMap((c) => PROTOTYPE_WORDS.flatMap((w) => FORMS(w).map((form) => [c.name, form] as const))))(
    '%s %s: a clear reply, never a crash or a leaked prototype member',
    async (command, form) => {
      const reply = await dispatch({ command, tokens: [form] }, svc);
      const text = renderText(reply.doc);
      expect(text).not.toMatch(LEAK);
      // Calculators refuse the word with a specific message; ask treats it as a question (an option as unknown).
      if (command === 'ask' && !form.startsWith('--')) expect(reply.kind).toBe('result');
      else expect(reply.kind, text).toBe('error');
    },
  );

  it('mixed into otherwise valid canswap input, still refused by name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROTOTYPE_WORDS.flatMap(FORMS)), fc.constantFrom('vpc', '2h', 'stopped', 'swaps=1', 'nat'), async (bad, good) => {
        const reply = await dispatch({ command: 'canswap', tokens: [good, bad] }, svc);
        expect(reply.kind).toBe('error');
        expect(renderText(reply.doc)).not.toMatch(LEAK);
      }),
      { numRuns: 100 },
    );
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRouting, evaluateThreads } from '../../src/app/evaluate-conversation.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { services } from '../support/services.js';

/**
 * Issue #15's conversation on the blind sets, as `node dist/bench/conversation.js` measures it: floors just under
 * what each set measured, so that a regression in reading follow-ups or routing messages shows. The issue's
 * targets (later turns ≥ 0.85 / precision ≥ 0.97, ≥ 95% of messages handled right) are NOT met; these are floors.
 * Development sets are tuned on; the round-8 final sets (threads-final-3, routing-final-3) were measured once, at
 * the end of round 8 (0.707 / 0.921 and 0.860), and the round-9 ones (threads-final-4, routing-final-4) at the end
 * of round 9 (0.723 / 0.924 and 0.900), then threads-final-5 and routing-final-5, written after the last change
 * (0.679 / 0.892 and 0.900), before these floors were written.
 */
const svc = services();
const set = (name: string) => join(packageRoot(), 'test/blind', name);

describe('thread follow-ups keep their measured quality', () => {
  it.each([
    ['threads-dev.yaml', { answeredRight: 0.77, precision: 0.91 }],
    ['threads-dev-2.yaml', { answeredRight: 0.7, precision: 0.92 }],
    ['threads-dev-3.yaml', { answeredRight: 0.72, precision: 0.91 }],
    ['threads-final-3.yaml', { answeredRight: 0.69, precision: 0.9 }],
    ['threads-final-4.yaml', { answeredRight: 0.7, precision: 0.9 }],
    ['threads-final-5.yaml', { answeredRight: 0.66, precision: 0.87 }],
  ] as const)('%s: later turns answered right and precise', (name, floor) => {
    const later = evaluateThreads(set(name), svc.search).find((r) => r.kind === 'later turns')!;
    expect(later.answeredRight).toBeGreaterThanOrEqual(floor.answeredRight);
    expect(later.precision).toBeGreaterThanOrEqual(floor.precision);
  });
});

describe('chat messages keep their measured routing, and no general question gets a calculator', () => {
  it.each([
    ['routing-dev.yaml', 0.92],
    ['routing-dev-2.yaml', 0.93],
    ['routing-dev-3.yaml', 0.91],
    ['routing-final-3.yaml', 0.84],
    ['routing-final-4.yaml', 0.9],
    ['routing-final-5.yaml', 0.88],
  ] as const)('%s', (name, handled) => {
    const r = evaluateRouting(set(name), svc.search, svc.kb);
    expect(r.handled, r.misses.map((m) => `${m.want} ← ${m.got} :: ${m.q}`).join('\n')).toBeGreaterThanOrEqual(handled);
    expect(r.calculatorOnFaq).toBe(0);
  });
});

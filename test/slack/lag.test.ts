import { afterEach, describe, expect, it } from 'vitest';
import { LagSampler } from '../../src/slack/lag.js';

/** The front door's lag reading (issue #18): one pause is absorbed, a loop that keeps lagging is seen. */
const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until); // the event loop is held
};
const turn = () => new Promise((r) => setTimeout(r, 30));


describe('LagSampler', () => {
  const sampler = new LagSampler(20, 0.3);
  afterEach(() => sampler.stop());

  it('reads 0 until started', () => {
    expect(sampler.lagMs()).toBe(0);
  });

  it('counts a turn still running, before its timer can fire; one pause weighs a fraction of its length', async () => {
    sampler.start();
    await turn();
    block(300);
    // Read inside the long turn itself: the timer is overdue by about 280 ms, weighed 0.3.
    const during = sampler.lagMs();
    expect(during).toBeGreaterThan(60);
    expect(during).toBeLessThan(300);
  });

  it('rises with long turns one after another, and falls back once the loop is free', async () => {
    sampler.start();
    const readings: number[] = [];
    // Long turns with no idle time between them, as when more arrives than the bot can do.
    for (let i = 0; i < 8; i++) {
      block(200);
      await new Promise((r) => setImmediate(r));
      readings.push(sampler.lagMs());
    }
    expect(readings.at(-1)!).toBeGreaterThan(readings[0]!);
    expect(readings.at(-1)!).toBeGreaterThan(100);
    for (let i = 0; i < 30; i++) await turn();
    expect(sampler.lagMs()).toBeLessThan(readings.at(-1)! / 2);
  });
});

import type { Services } from '../commands/types.js';
import { renderBlocks } from '../render/blocks.js';
import { renderText } from '../render/text.js';
import { answerMessage } from './chat.js';

/** Questions and calculations that touch every path of search, routing and rendering once, in both languages. */
const SAMPLES = [
  '怎么申请反向解析',
  'how do I attach an ENI to my instance',
  '新建的ECS实例为什么有200Kbps左右的入网流量',
  '5M带宽入网多少',
  '10.0.0.0/16 分成 4 个子网',
  '/ecs-canswap vpc 2h stopped nat',
  'tanxing wangka zuiduo jige',
  '红烧肉怎么做',
];

/**
 * Runs each sample through routing, the commands and both renderers before the bot says it is ready, so the
 * first real requests do not pay for compiling them (the first seconds after start acked at 176–240 ms).
 * The first round does most of it (compiling: ~0.3 s of CPU, the next rounds ~0.05 s each). Between samples
 * the loop runs: requests (after ready), timers and the store's replies are never held up for the whole of it.
 */
export async function warmUp(services: Services, rounds = 3): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const text of SAMPLES) {
      await new Promise((resolve) => setImmediate(resolve));
      const { reply } = await answerMessage(text, services, { defaultLang: 'en', remote: true });
      renderBlocks(reply.doc, { lang: reply.lang, shareValue: 'share' });
      renderText(reply.doc, reply.lang);
    }
  }
}

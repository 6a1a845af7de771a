import { createHash } from 'node:crypto';
import type { ThreadMemory, ThreadRef } from '../app/chat.js';
import type { Topic } from '../search/followup.js';
import type { Recorder } from '../store/recorder.js';

/** A conversation's key as stored: a hash, so that no channel id or timestamp is kept in the clear. */
export const conversationKey = (channel: string, ts: string) => createHash('sha256').update(`${channel}:${ts}`).digest('hex').slice(0, 32);

/** Topics kept through the Recorder: in this process at once, in the store (shared by replicas) after the reply. */
export function storeThreads(recorder: Recorder): ThreadMemory {
  return {
    get: async (key) => {
      const state = await recorder.thread(key);
      if (!state) return undefined;
      try {
        return JSON.parse(state) as Topic;
      } catch {
        return undefined;
      }
    },
    keep: (key, topic) => recorder.keepThread(key, JSON.stringify(topic)),
  };
}

/**
 * The conversation a Slack message belongs to. In a thread: that thread. At the top of a DM: the DM itself
 * (people go on typing there), and the thread the answer opens under the message. At the top of a channel: only
 * the thread the answer opens, so a new mention in the channel starts afresh.
 */
export function slackThread(memory: ThreadMemory, q: { channel: string; ts: string; threadTs?: string | undefined }): ThreadRef {
  if (q.threadTs) return { memory, key: conversationKey(q.channel, q.threadTs) };
  const own = conversationKey(q.channel, q.ts);
  if (q.channel.startsWith('D')) return { memory, key: conversationKey(q.channel, 'dm'), alsoKeep: [own] };
  return { memory, key: own };
}

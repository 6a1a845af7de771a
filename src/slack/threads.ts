import { createHash } from 'node:crypto';
import type { ThreadMemory, ThreadRef } from '../app/chat.js';
import type { Topic } from '../search/followup.js';
import type { Keyring } from '../store/keyring.js';
import type { Recorder } from '../store/recorder.js';
import { scrubText } from '../store/scrub.js';

/** A conversation's key as stored: a hash, so that no channel id or timestamp is kept in the clear. */
export const conversationKey = (channel: string, ts: string) => createHash('sha256').update(`${channel}:${ts}`).digest('hex').slice(0, 32);

/** A topic as the store keeps it: its text without Slack or instance ids, the instance id sealed. */
type StoredTopic = Omit<Topic, 'instanceId'> & { instanceId?: string; sealedInstance?: string };

function forStore(topic: Topic, keys: Keyring): string {
  const { instanceId, ...rest } = topic;
  const stored: StoredTopic = { ...rest, text: scrubText(topic.text), ...(instanceId ? { sealedInstance: keys.seal(instanceId) } : {}) };
  return JSON.stringify(stored);
}

/**
 * Topics kept through the Recorder: in this process at once (as they are), in the store (shared by replicas)
 * after the reply, private (issue #16): the text scrubbed of ids, and the instance id sealed with the
 * installation's keys, so a follow-up answered by another replica still knows the instance ("要停机吗") while
 * the database alone does not tell it.
 */
export function storeThreads(recorder: Recorder): ThreadMemory {
  return {
    get: async (key) => {
      const state = await recorder.thread(key);
      if (!state) return undefined;
      try {
        const { sealedInstance, ...topic } = JSON.parse(state) as StoredTopic;
        const instanceId = sealedInstance === undefined ? topic.instanceId : recorder.unseal(sealedInstance);
        return { ...topic, ...(instanceId ? { instanceId } : {}) } as Topic;
      } catch {
        return undefined;
      }
    },
    keep: (key, topic) => recorder.keepThread(key, JSON.stringify(topic), (keys) => forStore(topic, keys)),
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeThreads } from '../../src/slack/threads.js';
import { tempRecorder } from '../support/recorder.js';
import { Recorder } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { silentLogger } from '../support/recorder.js';
import { CHANNEL, DM, Harness, USER } from './harness.js';

/**
 * Issue #15 in Slack, through the real HTTP receiver: a follow-up in a thread (a channel mention in the thread,
 * a DM) is read with the thread's topic and says how it was read; a new mention at the top of a channel starts
 * afresh; the topic is kept in the store, so another replica reads the same thread the same way.
 */
const h = new Harness();
beforeAll(async () => {
  await h.start();
}, 20_000);
afterAll(async () => {
  await h.stop();
});

let tsCounter = 0;
const nextTs = () => `1730000000.${String(++tsCounter).padStart(6, '0')}`;
const json = (value: unknown) => JSON.stringify(value);
const STOP_REQUIRED = '修改私网IP需要停机吗？什么时候生效？';

describe('threads in Slack', () => {
  it('a mention in the thread is read with the thread, and the reply says how', async () => {
    const root = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> vpc实例的私网ip能改吗', ts: root, channel: CHANNEL });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === root);
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> 要停机吗', ts: nextTs(), thread_ts: root, channel: CHANNEL });
    const reply = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === root && json(a.blocks).includes('理解为'));
    expect(json(reply.args.blocks)).toContain(STOP_REQUIRED);
  });

  it('a new mention at the top of the channel starts afresh', async () => {
    const ts = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> 要停机吗', ts, channel: CHANNEL });
    const reply = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(json(reply.args.blocks)).not.toContain('理解为');
  });

  it('in a DM, the next message at the top level follows up too', async () => {
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: 'how do I change the private ip of a vpc instance', ts: nextTs(), channel: DM });
    await h.fake.waitForCall('chat.postMessage', (a) => a.channel === DM && json(a.blocks).includes('private IP'));
    const ts = nextTs();
    await h.event({ type: 'message', channel_type: 'im', user: USER, text: 'do I need to stop it', ts, channel: DM });
    const reply = await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === ts);
    expect(json(reply.args.blocks)).toContain('Read as');
    expect(json(reply.args.blocks)).toContain('Do I have to stop the instance to change its private IP');
  });
});

describe('replicas share a thread through the store', () => {
  it('a topic kept by one replica is read by another', async () => {
    const a = await tempRecorder();
    const b = new Recorder(new SqliteStore(a.path), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, salt: a.salt });
    await b.start();
    try {
      const topic = { text: 'vpc实例的私网ip能改吗', frame: { features: ['private-ip'], aspects: [], qualifiers: { network: 'vpc' as const } }, entryId: 'ip-vpc-private-ip-modify' };
      storeThreads(a.recorder).keep('k-shared', topic);
      await a.recorder.flush();
      expect(await storeThreads(b).get('k-shared')).toEqual(topic);
      expect(await storeThreads(b).get('k-other')).toBeUndefined();
      // With an instance and a mention: the store keeps neither in the clear, the other replica gets the instance back.
      const named = { ...topic, text: '<@U012AB3CD> 说 i-bp67acfmxazb4ph7ts1q 的私网ip能改吗', instanceId: 'i-bp67acfmxazb4ph7ts1q', region: 'cn-hangzhou' };
      storeThreads(a.recorder).keep('k-named', named);
      await a.recorder.flush();
      const raw = (await a.recorder.store!.getThread('k-named', new Date()))!;
      expect(raw).not.toMatch(/U012AB3CD|bp67acfmxazb4ph7ts1q/);
      expect(await storeThreads(b).get('k-named')).toEqual({ ...named, text: '<@user> 说 i-… 的私网ip能改吗' });
    } finally {
      await b.stop();
      await a.cleanup();
    }
  });

  it('with the store down, this process still remembers its own threads', async () => {
    const rec = new Recorder(undefined, { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger });
    const threads = storeThreads(rec);
    threads.keep('k', { text: 't', frame: { features: [], aspects: [], qualifiers: {} } });
    expect(await threads.get('k')).toMatchObject({ text: 't' });
  });
});

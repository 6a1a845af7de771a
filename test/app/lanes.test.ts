import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Reply } from '../../src/app/dispatch.js';
import { Lane, LaneBusyError, workLanes } from '../../src/app/lanes.js';
import type { CloudClient } from '../../src/cloud/ecs.js';
import type { Services } from '../../src/commands/types.js';
import { renderText } from '../../src/render/text.js';
import { startSilentUdp, type SilentUdp } from '../support/dns-server.js';
import { services } from '../support/services.js';

/**
 * Issue #16: a slow dependency can only slow its own kind of work. Quick work (the FAQ, calculators) and slow
 * work (DNS, the ECS API) each have a bounded lane; a full lane says "busy" at once for its kind of work only.
 */

/** Settles a promise into a flag, so a test can tell what has finished without a time budget. */
function track<T>(p: Promise<T>) {
  const state = { done: false, value: undefined as T | undefined };
  void p.then((v) => {
    state.done = true;
    state.value = v;
  });
  return state;
}

describe('Lane', () => {
  it('runs at most `concurrency` at once, queues up to `maxWaiting`, refuses the rest at once', async () => {
    const lane = new Lane('slow', 2, 1);
    const gates: Array<() => void> = [];
    const hang = () => lane.run(() => new Promise<void>((r) => gates.push(r)));
    const a = track(hang());
    const b = track(hang());
    const c = track(hang());
    await new Promise((r) => setImmediate(r));
    expect(lane.load).toMatchObject({ running: 2, waiting: 1 });
    await expect(hang()).rejects.toBeInstanceOf(LaneBusyError);
    expect(lane.load.shed).toBe(1);
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(a.done).toBe(true);
    expect(lane.load).toMatchObject({ running: 2, waiting: 0 });
    for (const g of gates.splice(0)) g();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    gates.splice(0).forEach((g) => g());
    await new Promise((r) => setImmediate(r));
    expect([b.done, c.done]).toEqual([true, true]);
    expect(lane.load).toMatchObject({ running: 0, waiting: 0 });
  });

  it('frees its slot when the task throws', async () => {
    const lane = new Lane('quick', 1, 0);
    await expect(lane.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lane.run(async () => 42)).resolves.toBe(42);
  });
});

/** Turns of the event loop until `ok` holds: dispatch loads a command's module before its work enters a lane. */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setImmediate(r));
}

describe('dispatch through the lanes', () => {
  const hangs: Array<() => void> = [];
  const hang = <T>() => new Promise<T>((_, reject) => hangs.push(() => reject(new Error('released'))));
  const hungCloud: CloudClient = { describeInstance: hang, describeSecurityGroups: hang };
  let dns: SilentUdp;
  beforeAll(async () => {
    dns = await startSilentUdp();
  });
  afterAll(async () => {
    for (const h of hangs) h();
    await dns.close();
  });

  it('/ecs-bw is answered while four instance lookups hang, and the fifth lookup over capacity is told busy', async () => {
    const lanes = workLanes({}, { slow: { concurrency: 4, maxWaiting: 0 } });
    const svc: Services = { ...services(), cloud: hungCloud, lanes };
    const inv = (command: string, tokens: string[]) => dispatch({ command, tokens, remote: true, infrastructureAllowed: true, defaultLang: 'en' }, svc);
    const lookups = [1, 2, 3, 4].map(() => track(inv('instance', ['i-bp67acfmxazb4ph7ts1q', '--region', 'cn-hangzhou'])));
    await until(() => lanes.load.slow.running === 4);
    expect(lanes.load.slow.running).toBe(4);
    const bw = await inv('bw', ['5']);
    expect(bw.kind).toBe('result');
    expect(lookups.every((l) => !l.done)).toBe(true);
    const fifth: Reply = await inv('instance', ['i-bp67acfmxazb4ph7ts1q', '--region', 'cn-hangzhou']);
    expect(fifth.kind).toBe('error');
    expect((fifth.json as { error: { code: string } }).error.code).toBe('busy');
    expect(renderText(fifth.doc)).toContain('questions and calculations are not affected');
    // Questions too are quick work.
    expect((await inv('ask', ['what is an eip'])).kind).toBe('result');
  });

  it('/ecs-bw is answered while ptr lookups wait on a silent DNS server', async () => {
    const lanes = workLanes({}, { slow: { concurrency: 2, maxWaiting: 8 } });
    const svc: Services = { ...services({ env: { NETBOT_DNS_SERVER: `127.0.0.1:${dns.port}`, NETBOT_DNS_TIMEOUT_MS: '60000' } }), lanes };
    const inv = (command: string, tokens: string[]) => dispatch({ command, tokens, defaultLang: 'en' }, svc);
    const ptrs = Array.from({ length: 6 }, () => track(inv('ptr', ['192.0.2.10'])));
    await until(() => lanes.load.slow.running + lanes.load.slow.waiting === 6);
    expect(lanes.load.slow).toMatchObject({ running: 2, waiting: 4 });
    expect((await inv('bw', ['5'])).kind).toBe('result');
    expect(ptrs.every((p) => !p.done)).toBe(true);
  });
});

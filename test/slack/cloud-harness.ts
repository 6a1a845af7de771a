import { envFor, emptyHome, guardLoopback, startFake } from '../cloud/setup.js';
import { DNS_ZONE } from '../support/cloud-fixtures.js';
import { startDnsServer, type FakeDns } from '../support/dns-server.js';
import type { FakeInstanceRecord, FakeOpenApi } from '../support/fake-openapi.js';
import { Harness } from './harness.js';

export interface CloudHarness {
  h: Harness;
  /** The fake ECS/VPC OpenAPI the real SDK talks to. */
  fake: FakeOpenApi;
  /** The loopback DNS server the reverse-DNS checks ask (never the system's resolver). */
  dns: FakeDns;
  close(): Promise<void>;
}

/**
 * The Slack harness with live instance facts: the fake OpenAPI holding `instances`, a loopback DNS server,
 * static test keys, and a guard that fails any connection off loopback. `env` adds to the bot's environment.
 */
export async function startCloudHarness(instances: FakeInstanceRecord[], env: Record<string, string> = {}): Promise<CloudHarness> {
  const unguard = guardLoopback();
  const fake = await startFake();
  for (const record of instances) fake.addInstance(record);
  const dns = await startDnsServer({ zone: DNS_ZONE as never });
  const home = emptyHome();
  const h = new Harness(envFor(fake, home.path, { NETBOT_DNS_SERVER: dns.address, ...env }) as Record<string, string>);
  await h.start();
  return {
    h,
    fake,
    dns,
    async close() {
      await h.stop();
      await fake.close();
      await dns.close();
      home.remove();
      unguard();
    },
  };
}

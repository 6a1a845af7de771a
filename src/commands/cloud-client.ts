import type { CloudCallEvent, CloudClient } from '../cloud/ecs.js';
import type { Services } from './types.js';

const made = new WeakMap<object, Promise<CloudClient>>();

/**
 * The ECS/VPC client of these services: the injected one (tests, embedders), else one made from
 * `services.env` on first use and kept for that environment. The SDK is loaded only here (about 0.7 s), so
 * commands that never call the cloud start as fast as before, and a start without credentials never fails:
 * the first lookup answers `no_credentials` instead.
 */
export function cloudClientOf(services: Pick<Services, 'cloud' | 'env' | 'now' | 'observe'>): Promise<CloudClient> {
  if (services.cloud) return Promise.resolve(services.cloud);
  let client = made.get(services.env);
  if (!client) {
    // The first services to ask make the client for their env: in the bot, the ones its observers are in.
    const cloudCall = services.observe?.cloudCall;
    const log = cloudCall ? { log: (e: CloudCallEvent) => cloudCall(e.action, e.ok ? 'ok' : (e.code ?? 'error')) } : {};
    client = import('../cloud/ecs.js').then(({ createCloudClient }) => createCloudClient(services.env, { now: () => services.now().getTime(), ...log }));
    made.set(services.env, client);
  }
  return client;
}

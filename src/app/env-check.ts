import { MAX_TIMEOUT_MS } from '../commands/ptr.js';
import { DEFAULT_TIMEOUT_MS, parseServer } from '../net/dns.js';

/**
 * Settings every mode reads later (the ptr command's resolver and timeout), checked once at start so that a
 * bad value stops the start with one sentence naming the variable, instead of being shown to every user.
 * Returns the problem, or undefined when all is well.
 */
export function checkCommandEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const server = env.NETBOT_DNS_SERVER?.trim();
  if (server && !parseServer(server).ok) {
    return 'NETBOT_DNS_SERVER must be an IP address with an optional port, e.g. 127.0.0.1:53, 9.9.9.9 or [2001:db8::53]:53 (host names are not accepted); leave it unset to use /etc/resolv.conf.';
  }
  const timeout = env.NETBOT_DNS_TIMEOUT_MS?.trim();
  if (timeout && !(/^\d{1,6}$/.test(timeout) && Number(timeout) >= 1 && Number(timeout) <= MAX_TIMEOUT_MS)) {
    return `NETBOT_DNS_TIMEOUT_MS must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (default ${DEFAULT_TIMEOUT_MS}).`;
  }
  return undefined;
}
